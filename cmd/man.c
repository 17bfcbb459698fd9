/* man.c - the manual page, dbl(1), generated from the rule declarations (as docs/rules/ and `dbl explain` are). */
#include "cmd/man.h"

#include <string.h>

#include "lint/diag.h"
#include "rules/rule.h"

/* Text as roff: backslashes and hyphens escaped, a control character at a line start defused. */
static void S_text(FILE *out, const char *s)
{
    bool line_start = true;
    for (; *s; s++) {
        if (line_start && (*s == '.' || *s == '\''))
            fputs("\\&", out);
        line_start = *s == '\n';
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

/* A SQL example, verbatim and unfilled. */
static void S_example(FILE *out, const char *label, const char *sql)
{
    fprintf(out, ".PP\n%s\n.RS 4\n.nf\n", label);
    S_text(out, sql);
    fputs("\n.fi\n.RE\n", out);
}

void dbl_man_page(FILE *out, const char *version)
{
    fprintf(out, ".TH DBL 1 \"\" \"dbl %s\" \"User Commands\"\n", version);
    fputs(".SH NAME\ndbl \\- a static PostgreSQL schema linter and query\\-log analyzer\n"
          ".SH SYNOPSIS\n"
          ".B dbl lint\n[\\fIOPTIONS\\fR] \\fIPATH\\fR...\n.br\n"
          ".B dbl catalog\n[\\fIOPTIONS\\fR] \\fIPATH\\fR...\n.br\n"
          ".B dbl analyze\n[\\fIOPTIONS\\fR] [\\fB\\-\\-schema\\fR \\fIPATH\\fR]... \\fILOG\\fR...\n.br\n"
          ".B dbl rules\n.br\n.B dbl explain\n\\fIRULE\\fR\n"
          ".SH DESCRIPTION\n"
          "dbl reads schema files and migration folders with PostgreSQL's own parser, applies them in order "
          "to a model of the catalog, and reports foreign keys without an index, redundant indexes, money "
          "columns that allow NULL or are stored in floating point, and more. A folder is read as migrations: "
          "its .sql files in natural name order (2_ before 10_). \\fB\\-\\fR reads standard input.\n"
          ".SH OPTIONS\n"
          ".TP\n\\fB\\-f\\fR, \\fB\\-\\-format\\fR \\fIFORMAT\\fR\ntext (default), json, sarif (2.1.0), github "
          "(workflow commands) or gitlab (Code Quality).\n"
          ".TP\n\\fB\\-c\\fR, \\fB\\-\\-config\\fR \\fIFILE\\fR\nread this configuration instead of the nearest "
          ".dbl.json; \\fB\\-\\-no\\-config\\fR ignores it.\n"
          ".TP\n\\fB\\-\\-context\\fR \\fIPATH\\fR\nread PATH into the catalog first without reporting on it; a "
          "named file inside it is judged against the files before it (repeatable).\n"
          ".TP\n\\fB\\-\\-baseline\\fR \\fIFILE\\fR\nreport only findings not recorded in FILE, and count the "
          "recorded ones that no longer occur.\n"
          ".TP\n\\fB\\-\\-write\\-baseline\\fR \\fIFILE\\fR\nrecord the current findings in FILE (sorted JSON, "
          "written atomically).\n"
          ".TP\n\\fB\\-\\-print\\-config\\fR\nprint the effective configuration and where each value came from.\n"
          ".TP\n\\fB\\-\\-search\\-path\\fR \\fIA,B\\fR, \\fB\\-\\-complete\\fR, \\fB\\-\\-fail\\-on\\fR "
          "\\fISEVERITY\\fR, \\fB\\-\\-color\\fR \\fIWHEN\\fR\nsee \\fBdbl \\-\\-help\\fR.\n"
          ".SH CONFIGURATION\n"
          "A .dbl.json found by walking up from the current folder: \\fBrules\\fR, \\fBfail_on\\fR, "
          "\\fBmoney\\fR (\\fBwords\\fR, \\fBextra_words\\fR, \\fBexclude_words\\fR), \\fBexclude\\fR, "
          "\\fBsearch_path\\fR, \\fBcomplete\\fR, \\fBcontext\\fR, \\fBrequire_reason\\fR. In SQL, "
          "\\fB\\-\\- dbl\\-ignore rule\\-a, rule\\-b: reason\\fR on the line before a statement or at the end "
          "of its last line, and \\fB\\-\\- dbl\\-ignore\\-file rule\\fR anywhere in a file.\n"
          ".SH EXIT STATUS\n0: no findings at or above the failing severity; 1: findings; 2: usage, "
          "configuration or I/O error.\n"
          ".SH RULES\n",
          out);
    uint32_t n;
    const dbl_rule *const *rules = dbl_rules_all(&n);
    for (uint32_t i = 0; i < n; i++) {
        const dbl_rule *r = rules[i];
        fputs(".SS ", out);
        S_text(out, r->name);
        fprintf(out, "\n.PP\nDefault severity: %s%s. Flags ", dbl_severity_name(r->severity),
                r->logs ? " (dbl analyze, in query logs)" : "");
        S_text(out, r->summary);
        fputs(".\n.PP\n", out);
        S_text(out, r->rationale);
        fputc('\n', out);
        S_example(out, "Example:", r->bad);
        S_example(out, "Use instead:", r->good);
        fputs(".PP\nFix: ", out);
        S_text(out, r->fix);
        fputs(".\n", out);
    }
    fputs(".SH SEE ALSO\nThe rule pages in docs/rules/ (the same text), \\fBdbl explain\\fR \\fIRULE\\fR.\n", out);
}
