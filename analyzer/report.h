/* report.h - `dbl analyze` findings as text, JSON, SARIF and GitHub annotations. */
#ifndef DBL_REPORT_H
#define DBL_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/analyze.h"
#include "lint/output.h"

/* Appends the findings and the read summary in the format to out. Text is worst
 * first, each finding with its statements. */
void dbl_report_analysis(const dbl_analysis *a, dbl_format fmt, bool color, dbl_buf *out);
/* Counts findings at each severity. */
void dbl_report_counts(const dbl_analysis *a, uint32_t counts[4]);

#endif
