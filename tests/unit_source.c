/* unit_source.c - line tables and column conversions. */
#include "lint/alloc.h"
#include "lint/source.h"
#include "tests/harness.h"

static dbl_source *S_src(const char *text)
{
    return dbl_source_new(0, "t.sql", dbl_strdup(text), (uint32_t)strlen(text));
}

int main(void)
{
    uint32_t line, col;
    dbl_source *s = S_src("ab\r\ncdé𝄞x\n\nlast");
    dbl_source_position(s, 0, DBL_COL_CHARS, &line, &col);
    INT_EQ(line, 1, "line of 0");
    INT_EQ(col, 1, "col of 0");
    dbl_source_position(s, 4, DBL_COL_CHARS, &line, &col);
    INT_EQ(line, 2, "line after CRLF");
    INT_EQ(col, 1, "col after CRLF");
    /* "cdé𝄞x": x is the 5th character, the 6th UTF-16 unit, the 10th byte */
    uint32_t x = 4 + 2 + 2 + 4;
    dbl_source_position(s, x, DBL_COL_CHARS, &line, &col);
    INT_EQ(col, 5, "code point column");
    dbl_source_position(s, x, DBL_COL_UTF16, &line, &col);
    INT_EQ(col, 6, "UTF-16 column");
    dbl_source_position(s, x, DBL_COL_BYTES, &line, &col);
    INT_EQ(col, 9, "byte column");
    INT_EQ(dbl_source_offset(s, 1, 5, DBL_COL_UTF16), x, "offset of a UTF-16 column");
    uint32_t len;
    const char *t = dbl_source_line_text(s, 0, &len);
    INT_EQ(len, 2, "CR is not part of the line");
    OK(strncmp(t, "ab", 2) == 0, "line text");
    dbl_source_position(s, s->len, DBL_COL_CHARS, &line, &col);
    INT_EQ(line, 4, "last line");
    INT_EQ(col, 5, "end of input");
    dbl_source_free(s);

    s = S_src("\xEF\xBB\xBFselect");
    OK(s->has_bom, "BOM detected");
    dbl_source_position(s, 3, DBL_COL_CHARS, &line, &col);
    INT_EQ(col, 1, "the BOM takes no column");
    dbl_source_free(s);

    INT_EQ(dbl_utf8_seq_len((const unsigned char *)"\xC0\x80", 2), 0, "overlong form");
    INT_EQ(dbl_utf8_seq_len((const unsigned char *)"\xED\xA0\x80", 3), 0, "surrogate");
    INT_EQ(dbl_utf8_seq_len((const unsigned char *)"\xE2\x82", 2), 0, "truncated");
    INT_EQ(dbl_utf8_seq_len((const unsigned char *)"\xE2\x82\xAC", 3), 3, "euro sign");
    dbl_source_free(NULL);
    return harness_summary();
}
