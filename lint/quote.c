/* quote.c - identifier quoting exactly as PostgreSQL's quote_identifier(). */
#include "postgres.h"
#include "common/keywords.h"

#include "lint/alloc.h"
#include "lint/catalog.h"

const char *dbl_quote_ident(dbl_arena *a, const char *ident)
{
    bool safe = (ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_';
    size_t quotes = 0;
    for (const char *p = ident; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            safe = false;
        quotes += ch == '"';
    }
    if (safe) {
        int kw = ScanKeywordLookup(ident, &ScanKeywords);
        if (kw >= 0 && ScanKeywordCategories[kw] != UNRESERVED_KEYWORD)
            safe = false;
    }
    if (safe)
        return ident;
    size_t n = strlen(ident);
    char *r = dbl_arena_alloc(a, n + quotes + 3), *o = r;
    *o++ = '"';
    for (const char *p = ident; *p; p++) {
        if (*p == '"')
            *o++ = '"';
        *o++ = *p;
    }
    *o++ = '"';
    *o = '\0';
    return r;
}
