/* inputs.c - turning PATH arguments into an ordered list of files, and reading them. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lint/lint.h"

static const size_t DBL_MAX_INPUT = (size_t)1 << 31;

int dbl_natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la]))
                la++;
            while (isdigit((unsigned char)b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

/* Down (rollback) migrations undo the up ones: applied in name order they would
 * tear the schema down again. golang-migrate and sqlx: NAME.down.sql; diesel:
 * DIR/down.sql; others: NAME_down.sql, NAME-down.sql; Flyway undo: U<version>__NAME.sql. */
static bool S_is_down_migration(const char *name)
{
    size_t n = strlen(name);
    static const char *const suffixes[] = {".down.sql", "_down.sql", "-down.sql"};
    if (strcasecmp(name, "down.sql") == 0)
        return true;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && strcasecmp(name + n - k, suffixes[i]) == 0)
            return true;
    }
    if ((name[0] == 'U' || name[0] == 'u') && isdigit((unsigned char)name[1])) {
        const char *p = name + 1;
        while (isdigit((unsigned char)*p) || *p == '.' || *p == '_')
            p++;
        return p > name + 2 && strstr(name, "__") != NULL && strstr(name, "__") < p;
    }
    return false;
}

static int S_cmp(const void *x, const void *y)
{
    return dbl_natural_cmp(*(char *const *)x, *(char *const *)y);
}

static char *S_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = dbl_malloc(n);
    size_t dl = strlen(dir);
    snprintf(p, n, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
    return p;
}

static bool S_excluded(const dbl_config *cfg, const char *path)
{
    for (uint32_t i = 0; cfg && i < cfg->exclude.size; i++)
        if (fnmatch(cfg->exclude.items[i], path, 0) == 0 ||
            fnmatch(cfg->exclude.items[i], path, FNM_LEADING_DIR) == 0)
            return true;
    return false;
}

static void S_err(dbl_strv *errors, const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + (b ? strlen(b) : 0) + 1;
    char *m = dbl_malloc(n);
    snprintf(m, n, fmt, a, b ? b : "");
    dbl_array_push(errors, m);
}

/* Appends the .sql files under dir, sorted naturally by their path below it. */
static bool S_walk(const char *dir, const dbl_config *cfg, dbl_strv *out, dbl_strv *errors, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        S_err(errors, "%s: cannot read folder: %s", dir, strerror(errno));
        return false;
    }
    dbl_strv names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        dbl_array_push(&names, dbl_strdup(e->d_name));
    }
    closedir(d);
    if (names.size > 1)
        qsort(names.items, names.size, sizeof(char *), S_cmp);
    bool ok = true;
    for (uint32_t i = 0; i < names.size; i++) {
        char *p = S_join(dir, names.items[i]);
        struct stat st;
        if (stat(p, &st) != 0 || S_excluded(cfg, p)) {
            dbl_free(p);
        } else if (S_ISDIR(st.st_mode)) {
            if (depth < 32)
                ok &= S_walk(p, cfg, out, errors, depth + 1);
            dbl_free(p);
        } else {
            size_t n = strlen(p);
            if (n > 4 && strcasecmp(p + n - 4, ".sql") == 0 && !S_is_down_migration(names.items[i]))
                dbl_array_push(out, p);
            else
                dbl_free(p);
        }
        dbl_free(names.items[i]);
    }
    dbl_array_free(&names);
    return ok;
}

bool dbl_inputs_expand(const char *const *paths, uint32_t n, const dbl_config *cfg, dbl_strv *out,
                       dbl_strv *errors)
{
    bool ok = true;
    for (uint32_t i = 0; i < n; i++) {
        const char *p = paths[i];
        if (strcmp(p, "-") == 0) {
            dbl_array_push(out, dbl_strdup(p));
            continue;
        }
        struct stat st;
        if (stat(p, &st) != 0) {
            S_err(errors, "%s: %s", p, strerror(errno));
            ok = false;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            uint32_t before = out->size;
            ok &= S_walk(p, cfg, out, errors, 0);
            if (out->size == before) {
                S_err(errors, "%s: no .sql files in this folder%s", p, "");
                ok = false;
            }
            continue;
        }
        dbl_array_push(out, dbl_strdup(p));
    }
    return ok;
}

/* A file's identity for matching context: its real path, or the path as given. */
static char *S_real(const char *path)
{
    char *r = strcmp(path, "-") == 0 ? NULL : realpath(path, NULL);
    if (!r)
        return dbl_strdup(path);
    char *copy = dbl_strdup(r);
    free(r); /* realpath() allocates with malloc */
    return copy;
}

void dbl_inputs_with_context(dbl_strv *context, dbl_strv *files, dbl_inputv *out)
{
    uint32_t nc = context->size, nf = files->size;
    char **creal = dbl_malloc(sizeof(char *) * (nc + 1));
    int64_t *taken = dbl_malloc(sizeof(int64_t) * (nc + 1)); /* the file that takes a context place, or -1 */
    for (uint32_t i = 0; i < nc; i++) {
        creal[i] = S_real(context->items[i]);
        taken[i] = -1;
    }
    int64_t last = -1;
    for (uint32_t f = 0; f < nf; f++) {
        char *real = S_real(files->items[f]);
        for (uint32_t i = 0; i < nc && strcmp(files->items[f], "-") != 0; i++)
            if (taken[i] < 0 && strcmp(creal[i], real) == 0) {
                taken[i] = f;
                last = (int64_t)i > last ? (int64_t)i : last;
                break;
            }
        dbl_free(real);
    }
    int64_t upto = last >= 0 ? last : (int64_t)nc - 1;
    for (uint32_t i = 0; i < nc; i++) {
        if (taken[i] >= 0) {
            dbl_array_push(out, ((dbl_input){files->items[taken[i]], false}));
            files->items[taken[i]] = NULL;
            dbl_free(context->items[i]);
        } else if ((int64_t)i <= upto) {
            dbl_array_push(out, ((dbl_input){context->items[i], true}));
        } else {
            dbl_free(context->items[i]);
        }
        dbl_free(creal[i]);
    }
    for (uint32_t f = 0; f < nf; f++)
        if (files->items[f])
            dbl_array_push(out, ((dbl_input){files->items[f], false}));
    context->size = files->size = 0;
    dbl_free(creal);
    dbl_free(taken);
}

bool dbl_read_file(const char *path, char **bytes, uint32_t *len, dbl_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        dbl_error_set(err, "%s: %s", path, strerror(errno));
        return false;
    }
    if (!is_stdin) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            dbl_error_set(err, "%s: is a folder", path);
            return false;
        }
    }
    size_t cap = 1 << 16, n = 0;
    struct stat fst;
    if (!is_stdin && fstat(fileno(f), &fst) == 0 && S_ISREG(fst.st_mode) && (size_t)fst.st_size < DBL_MAX_INPUT)
        cap = (size_t)fst.st_size + 1; /* one read, no regrowth; the +1 sees EOF */
    char *buf = dbl_malloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap >= DBL_MAX_INPUT) {
                dbl_free(buf);
                if (!is_stdin)
                    fclose(f);
                dbl_error_set(err, "%s: larger than 2 GiB", path);
                return false;
            }
            cap *= 2;
            buf = dbl_realloc(buf, cap + 1);
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    bool failed = ferror(f);
    int e = errno;
    if (!is_stdin)
        fclose(f);
    if (failed) {
        dbl_free(buf);
        dbl_error_set(err, "%s: read error: %s", path, strerror(e));
        return false;
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = (uint32_t)n;
    return true;
}

void dbl_strv_free(dbl_strv *v)
{
    for (uint32_t i = 0; i < v->size; i++)
        dbl_free(v->items[i]);
    dbl_array_free(v);
}
