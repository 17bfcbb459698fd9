/* source.h - one input file's bytes, its line table and position conversions.
 *
 * Positions inside dbl are byte offsets into the original buffer. This module
 * turns them into 1-based lines and columns (code points, UTF-16 units or bytes).
 */
#ifndef DBL_SOURCE_H
#define DBL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A half-open byte range [start, end) in one source. */
typedef struct dbl_span {
    uint32_t start, end;
} dbl_span;

typedef struct dbl_source {
    uint32_t id;         /* index in the run's file list */
    char *path;          /* as the user named it ("-" for stdin); owned */
    char *text;          /* the bytes, NUL-terminated; owned */
    uint32_t len;
    uint32_t *line_starts; /* byte offset of each line; owned */
    uint32_t n_lines;
    bool has_bom;
} dbl_source;

typedef enum { DBL_COL_CHARS, DBL_COL_UTF16, DBL_COL_BYTES } dbl_col_unit;

/* Takes ownership of text (len bytes, plus a NUL the caller placed at
 * text[len]) and builds the line table. The caller frees it with
 * dbl_source_free(). */
dbl_source *dbl_source_new(uint32_t id, const char *path, char *text, uint32_t len);
/* Frees the source; NULL is a no-op. */
void dbl_source_free(dbl_source *s);

/* 0-based line index of a byte offset (offsets past the end clamp). */
uint32_t dbl_source_line_of(const dbl_source *s, uint32_t offset);
/* 1-based line and column of a byte offset; columns in the given unit. */
void dbl_source_position(const dbl_source *s, uint32_t offset, dbl_col_unit unit,
                         uint32_t *line, uint32_t *col);
/* Byte offset of a 0-based line and a 0-based column in the given unit
 * (clamped to the line's end). */
uint32_t dbl_source_offset(const dbl_source *s, uint32_t line, uint32_t col, dbl_col_unit unit);
/* The text of a 0-based line without its line ending. */
const char *dbl_source_line_text(const dbl_source *s, uint32_t line, uint32_t *len);

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if the bytes at p
 * are not valid UTF-8 (overlong forms and surrogates are invalid). */
int dbl_utf8_seq_len(const unsigned char *p, size_t avail);

#endif
