/* man.h - the manual page, generated from the rule declarations. */
#ifndef DBL_CMD_MAN_H
#define DBL_CMD_MAN_H

#include <stdio.h>

/* Writes dbl(1) in roff to out. */
void dbl_man_page(FILE *out, const char *version);

#endif
