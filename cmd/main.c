/* main.c - the dbl command line: the only code that prints or exits. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lint/config.h"
#include "lint/lint.h"
#include "lint/output.h"
#include "lint/pgfront.h"
#include "rules/rule.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char *const S_usage =
    "usage: dbl <command> [options]\n"
    "\n"
    "commands:\n"
    "  lint [OPTIONS] PATH...     lint schema files and migration folders (- reads stdin)\n"
    "  catalog [OPTIONS] PATH...  print the schema model dbl builds (JSON)\n"
    "  rules                      list the rules\n"
    "  explain RULE               a rule's documentation\n"
    "  version                    print the version\n"
    "\n"
    "options (lint, catalog):\n"
    "  -f, --format FORMAT        text (default), json, sarif, github\n"
    "  -c, --config FILE          read this configuration instead of the nearest .dbl.json\n"
    "      --no-config            ignore .dbl.json files\n"
    "      --search-path A,B      the search_path each file starts with (default: public); its\n"
    "                             schemas are taken to exist unless --complete\n"
    "      --complete             the inputs are the whole schema: a statement naming an object\n"
    "                             they never create fails, as in PostgreSQL, and is reported\n"
    "                             (default: such objects are taken to be defined elsewhere)\n"
    "      --fail-on SEVERITY     exit 1 on findings at or above: error, warning (default), info, none\n"
    "      --color WHEN           auto (default), always, never; NO_COLOR in the environment means never\n"
    "\n"
    "A folder is read as migrations: its .sql files in natural name order (2_ before 10_),\n"
    "applied in turn. Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage,\n"
    "configuration or I/O error.\n";

typedef struct {
    dbl_format format;
    const char *config_path;
    bool no_config, complete;
    const char *search_path;
    const char *fail_on;
    const char *color;
    DBL_ARRAY(const char *) paths;
} S_opts;

static bool S_opt(const char *arg, const char *s, const char *l)
{
    return (s && strcmp(arg, s) == 0) || strcmp(arg, l) == 0;
}

/* Parses lint/catalog options; returns false (after a message) on a usage error. */
static bool S_parse(int argc, char **argv, S_opts *o)
{
    bool only_paths = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            dbl_array_push(&o->paths, a);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = true;
            continue;
        }
        /* --opt=value */
        char name[64];
        const char *eq = strchr(a, '=');
        if (eq && a[1] == '-' && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            val = eq + 1;
            a = name;
        }
        bool takes = S_opt(a, "-f", "--format") || S_opt(a, "-c", "--config") || S_opt(a, NULL, "--search-path") ||
                     S_opt(a, NULL, "--fail-on") || S_opt(a, NULL, "--color");
        if (takes && !val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dbl: option %s needs a value\n", a);
                return false;
            }
            val = argv[++i];
        }
        if (S_opt(a, "-f", "--format")) {
            if (!dbl_format_parse(val, &o->format)) {
                fprintf(stderr, "dbl: unknown format \"%s\" (expected text, json, sarif or github)\n", val);
                return false;
            }
        } else if (S_opt(a, "-c", "--config")) {
            o->config_path = val;
        } else if (S_opt(a, NULL, "--no-config")) {
            o->no_config = true;
        } else if (S_opt(a, NULL, "--complete")) {
            o->complete = true;
        } else if (S_opt(a, NULL, "--search-path")) {
            o->search_path = val;
        } else if (S_opt(a, NULL, "--fail-on")) {
            o->fail_on = val;
        } else if (S_opt(a, NULL, "--color")) {
            o->color = val;
        } else {
            fprintf(stderr, "dbl: unknown option %s (see dbl --help)\n", argv[i]);
            return false;
        }
    }
    return true;
}

static bool S_load_config(const S_opts *o, dbl_config *cfg)
{
    dbl_error err = {0};
    char *found = NULL;
    const char *path = o->config_path;
    if (!path && !o->no_config) {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd))
            path = found = dbl_config_find(cwd);
    }
    bool ok = !path || dbl_config_load(cfg, path, &err);
    if (!ok)
        fprintf(stderr, "dbl: %s\n", err.message);
    dbl_error_clear(&err);
    dbl_free(found);
    if (!ok)
        return false;
    if (o->search_path) {
        dbl_array_clear(&cfg->search_path);
        const char *p = o->search_path;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            while (n && (*p == ' ')) {
                p++;
                n--;
            }
            while (n && p[n - 1] == ' ')
                n--;
            if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
                /* a quoted name, as in SET search_path: "$user", "My Schema" */
                char *q = dbl_arena_strndup(cfg->arena, p + 1, n - 2), *w = q;
                for (const char *r = q; *r; r++) {
                    *w++ = *r;
                    if (r[0] == '"' && r[1] == '"')
                        r++; /* "" stands for one " */
                }
                *w = '\0';
                dbl_array_push(&cfg->search_path, q);
            } else if (n) {
                dbl_array_push(&cfg->search_path, dbl_arena_strndup(cfg->arena, p, n));
            }
            p += n;
            while (*p == ',' || *p == ' ')
                p++;
        }
    }
    cfg->complete |= o->complete;
    if (o->fail_on && !dbl_severity_parse(o->fail_on, &cfg->fail_on)) {
        fprintf(stderr, "dbl: --fail-on takes error, warning, info or none, not \"%s\"\n", o->fail_on);
        return false;
    }
    return true;
}

static void S_write(void *ud, const char *s, size_t n)
{
    (void)ud;
    fwrite(s, 1, n, stdout);
}

/* lint and catalog share everything but what they print. */
static int S_lint(int argc, char **argv, bool catalog)
{
    S_opts o = {0};
    dbl_config cfg;
    dbl_config_init(&cfg);
    dbl_strv files = {0}, errors = {0};
    dbl_run *run = NULL;
    dbl_buf out = {0};
    int ret = EXIT_USAGE;
    if (!S_parse(argc, argv, &o))
        goto out;
    if (o.paths.size == 0) {
        fprintf(stderr, "dbl: no input: name schema files, migration folders, or - for stdin\n");
        goto out;
    }
    if (catalog && o.format != DBL_FMT_JSON && o.format != DBL_FMT_TEXT) {
        fprintf(stderr, "dbl: catalog prints JSON only\n");
        goto out;
    }
    if (o.color && strcmp(o.color, "auto") != 0 && strcmp(o.color, "always") != 0 && strcmp(o.color, "never") != 0) {
        fprintf(stderr, "dbl: --color takes auto, always or never, not \"%s\"\n", o.color);
        goto out;
    }
    if (!S_load_config(&o, &cfg))
        goto out;
    bool io_ok = dbl_inputs_expand(o.paths.items, o.paths.size, &cfg, &files, &errors);
    for (uint32_t i = 0; i < errors.size; i++)
        fprintf(stderr, "dbl: %s\n", errors.items[i]);
    run = dbl_run_new(&cfg);
    for (uint32_t i = 0; i < files.size; i++) {
        char *bytes;
        uint32_t len;
        dbl_error err = {0};
        if (!dbl_read_file(files.items[i], &bytes, &len, &err)) {
            fprintf(stderr, "dbl: %s\n", err.message);
            dbl_error_clear(&err);
            io_ok = false;
            continue;
        }
        dbl_run_add_source(run, files.items[i], bytes, len);
    }
    dbl_run_finish(run);
    /* color: on a terminal unless NO_COLOR says otherwise (no-color.org: any non-empty value) */
    const char *no_color = getenv("NO_COLOR");
    const char *when = o.color ? o.color : "auto";
    bool color = strcmp(when, "always") == 0 || (strcmp(when, "auto") == 0 && isatty(STDOUT_FILENO));
    if (no_color && *no_color)
        color = false;
    out.flush = S_write; /* stream: output never sits whole in memory */
    if (catalog)
        dbl_output_catalog_json(run, &out);
    else
        dbl_output_diags(run, o.format, color, &out);
    dbl_buf_flush(&out);
    uint32_t counts[4];
    dbl_output_counts(run, counts);
    if (!catalog && o.format == DBL_FMT_TEXT) {
        uint32_t total = counts[1] + counts[2] + counts[3];
        dbl_run_stats st = dbl_run_get_stats(run);
        fprintf(stderr, "%u finding%s (%u error%s, %u warning%s, %u info) in %u file%s, %u statement%s\n", total,
                total == 1 ? "" : "s", counts[3], counts[3] == 1 ? "" : "s", counts[2], counts[2] == 1 ? "" : "s",
                counts[1], st.files, st.files == 1 ? "" : "s", st.statements, st.statements == 1 ? "" : "s");
    }
    ret = EXIT_CLEAN;
    if (!catalog && cfg.fail_on != DBL_SEV_OFF)
        for (int s = cfg.fail_on; s <= DBL_SEV_ERROR; s++)
            if (counts[s])
                ret = EXIT_FINDINGS;
    if (!io_ok)
        ret = EXIT_USAGE;
out:
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "dbl: cannot write output: %s\n", strerror(errno));
        ret = EXIT_USAGE;
    }
    dbl_buf_free(&out);
    dbl_run_free(run);
    for (uint32_t i = 0; i < files.size; i++)
        dbl_free(files.items[i]);
    for (uint32_t i = 0; i < errors.size; i++)
        dbl_free(errors.items[i]);
    dbl_array_free(&files);
    dbl_array_free(&errors);
    dbl_array_free(&o.paths);
    dbl_config_free(&cfg);
    return ret;
}

static int S_rules(void)
{
    uint32_t n;
    const dbl_rule *const *rules = dbl_rules_all(&n);
    for (uint32_t i = 0; i < n; i++)
        printf("%-18s %-8s %s\n", rules[i]->name, dbl_severity_name(rules[i]->severity), rules[i]->summary);
    return EXIT_CLEAN;
}

static int S_explain(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: dbl explain RULE (see dbl rules)\n");
        return EXIT_USAGE;
    }
    const dbl_rule *r = dbl_rule_find(argv[0]);
    if (!r) {
        fprintf(stderr, "dbl: unknown rule \"%s\" (see dbl rules)\n", argv[0]);
        return EXIT_USAGE;
    }
    printf("# %s\n\n", r->name);
    printf("Default severity: %s\n\n", dbl_severity_name(r->severity));
    if (r->complete_only)
        printf("Reported only when the inputs are the whole schema (`--complete`, or `\"complete\": true`).\n\n");
    printf("## What it does\n\nFlags %s.\n\n", r->summary);
    printf("## Why is this bad?\n\n%s\n\n", r->rationale);
    printf("## Example\n\n```sql\n%s\n```\n\nUse instead:\n\n```sql\n%s\n```\n\n", r->bad, r->good);
    printf("## Fix\n\n%s.\n", r->fix);
    if (r->object_keys && *r->object_keys)
        printf("\n## JSON\n\n`object` keys: %s.\n", r->object_keys);
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    int ret;
    if (argc < 2) {
        fputs(S_usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "lint") == 0)
        ret = S_lint(argc - 2, argv + 2, false);
    else if (strcmp(cmd, "catalog") == 0)
        ret = S_lint(argc - 2, argv + 2, true);
    else if (strcmp(cmd, "rules") == 0)
        ret = S_rules();
    else if (strcmp(cmd, "explain") == 0)
        ret = S_explain(argc - 2, argv + 2);
    else if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("dbl %s\n", DBL_VERSION);
        ret = EXIT_CLEAN;
    } else if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(S_usage, stdout);
        ret = EXIT_CLEAN;
    } else {
        fprintf(stderr, "dbl: unknown command \"%s\"\n\n%s", cmd, S_usage);
        ret = EXIT_USAGE;
    }
    dbl_front_shutdown();
    return ret;
}
