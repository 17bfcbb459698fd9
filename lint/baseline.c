/* baseline.c - finding identities, fingerprints and baseline files. */
#include "lint/baseline.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *S_path(const dbl_source *src)
{
    return strcmp(src->path, "-") == 0 ? "<stdin>" : src->path;
}

const char *dbl_diag_identity(dbl_arena *a, const dbl_diag *d, const char *path)
{
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(d->rule));
    if (d->n_object) {
        json_t *obj = json_object();
        for (uint32_t i = 0; i < d->n_object; i++) {
            const dbl_obj_field *f = &d->object[i];
            if (f->list) {
                json_t *arr = json_array();
                for (uint32_t k = 0; k < f->n; k++)
                    json_array_append_new(arr, json_string(f->list[k]));
                json_object_set_new(obj, f->key, arr);
            } else {
                json_object_set_new(obj, f->key, json_string(f->str));
            }
        }
        json_object_set_new(o, "object", obj);
    } else {
        json_object_set_new(o, "file", json_string(path));
        json_object_set_new(o, "message", json_string(d->message));
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    json_decref(o);
    const char *r = dbl_arena_strdup(a, s ? s : "{}");
    free(s);
    return r;
}

/* FNV-1a, 128 bits */
__extension__ typedef unsigned __int128 S_u128;

static S_u128 S_fnv(S_u128 h, const char *s)
{
    const S_u128 prime = ((S_u128)1 << 88) | 0x13b;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= prime;
    }
    return h;
}

void dbl_fingerprint(const char *identity, uint32_t occurrence, char out[33])
{
    char occ[16];
    snprintf(occ, sizeof occ, "#%u", occurrence);
    S_u128 h = S_fnv(((S_u128)0x6c62272e07bb0142ull << 64) | 0x62b821756295c58dull, identity);
    h = S_fnv(h, occ);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)(h >> 64), (unsigned long long)h);
}

dbl_identity *dbl_run_identities(const dbl_run *run, dbl_arena *a)
{
    const dbl_diag_list *l = dbl_run_diags(run);
    dbl_identity *ids = dbl_malloc(sizeof(dbl_identity) * (l->items.size + 1));
    dbl_hmap seen = {0}; /* identity -> occurrences so far, as a count in the pointer */
    for (uint32_t i = 0; i < l->items.size; i++) {
        const dbl_diag *d = &l->items.items[i];
        const char *id = dbl_diag_identity(a, d, S_path(dbl_run_source(run, d->loc.file)));
        void **slot = dbl_hmap_slot(&seen, id);
        uintptr_t n = slot ? (uintptr_t)*slot : 0;
        ids[i] = (dbl_identity){id, (uint32_t)n};
        if (slot)
            *slot = (void *)(n + 1);
        else
            dbl_hmap_put(&seen, id, (void *)(uintptr_t)1);
    }
    dbl_hmap_free(&seen);
    return ids;
}

static int S_cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bool dbl_baseline_write(const dbl_run *run, const char *path, dbl_error *err)
{
    const dbl_diag_list *l = dbl_run_diags(run);
    dbl_arena *a = dbl_arena_new();
    dbl_identity *ids = dbl_run_identities(run, a);
    const char **lines = dbl_malloc(sizeof(char *) * (l->items.size + 1));
    for (uint32_t i = 0; i < l->items.size; i++)
        lines[i] = ids[i].identity;
    qsort(lines, l->items.size, sizeof(char *), S_cmp_str);
    dbl_buf b = {0};
    dbl_buf_puts(&b, "{\"version\": 1, \"tool\": \"dbl\", \"findings\": [");
    for (uint32_t i = 0; i < l->items.size; i++)
        dbl_buf_printf(&b, "%s\n  %s", i ? "," : "", lines[i]);
    dbl_buf_puts(&b, l->items.size ? "\n]}\n" : "]}\n");
    dbl_free(lines);
    dbl_free(ids);
    dbl_arena_free(a);

    /* a temporary file in the same folder, renamed over the old one: readers see the old or the new file */
    size_t n = strlen(path);
    char *tmp = dbl_malloc(n + 16);
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    bool ok = false;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        dbl_error_set(err, "%s: cannot write the baseline: %s", path, strerror(errno));
        goto out;
    }
    struct stat st;
    fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644);
    const char *p = dbl_buf_str(&b);
    size_t left = b.len;
    while (left) {
        ssize_t k = write(fd, p, left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        p += k;
        left -= (size_t)k;
    }
    int e = errno;
    if (left || fsync(fd) != 0 || close(fd) != 0) {
        if (left || e == 0)
            e = errno ? errno : EIO;
        dbl_error_set(err, "%s: cannot write the baseline: %s", path, strerror(e));
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        dbl_error_set(err, "%s: cannot write the baseline: %s", path, strerror(errno));
        unlink(tmp);
        goto out;
    }
    ok = true;
out:
    dbl_free(tmp);
    dbl_buf_free(&b);
    return ok;
}

struct dbl_baseline {
    char **entries; /* identities, sorted (heap) */
    bool *used;
    uint32_t n;
};

dbl_baseline *dbl_baseline_load(const char *path, dbl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        dbl_error_set(err, "%s: cannot read the baseline: %s", path, strerror(errno));
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    if (!root) {
        if (je.line > 0)
            dbl_error_set(err, "%s:%d:%d: invalid baseline: %s", path, je.line, je.column, je.text);
        else
            dbl_error_set(err, "%s: %s", path, je.text);
        return NULL;
    }
    json_t *findings = json_object_get(root, "findings");
    json_t *version = json_object_get(root, "version");
    if (!json_is_object(root) || !json_is_array(findings) || !json_is_integer(version) ||
        json_integer_value(version) != 1) {
        dbl_error_set(err, "%s: not a dbl baseline (expected {\"version\": 1, \"findings\": [...]}; write one with "
                           "--write-baseline)",
                      path);
        json_decref(root);
        return NULL;
    }
    dbl_baseline *b = dbl_calloc(1, sizeof *b);
    size_t n = json_array_size(findings);
    b->entries = dbl_malloc(sizeof(char *) * (n + 1));
    b->used = dbl_calloc(n + 1, sizeof(bool));
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(findings, i);
        if (!json_is_object(f) || !json_is_string(json_object_get(f, "rule"))) {
            dbl_error_set(err, "%s: finding %zu is not an object with a \"rule\"", path, i + 1);
            json_decref(root);
            dbl_baseline_free(b);
            return NULL;
        }
        char *s = json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
        b->entries[b->n++] = dbl_strdup(s ? s : "{}");
        free(s);
    }
    json_decref(root);
    qsort(b->entries, b->n, sizeof(char *), S_cmp_str);
    return b;
}

void dbl_baseline_free(dbl_baseline *b)
{
    if (!b)
        return;
    for (uint32_t i = 0; i < b->n; i++)
        dbl_free(b->entries[i]);
    dbl_free(b->entries);
    dbl_free(b->used);
    dbl_free(b);
}

uint32_t dbl_baseline_size(const dbl_baseline *b) { return b->n; }

/* Consumes an unused entry equal to id; false if there is none left. */
static bool S_take(dbl_baseline *b, const char *id)
{
    uint32_t lo = 0, hi = b->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (strcmp(b->entries[mid], id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < b->n && strcmp(b->entries[i], id) == 0; i++)
        if (!b->used[i]) {
            b->used[i] = true;
            return true;
        }
    return false;
}

uint32_t dbl_baseline_apply(dbl_baseline *b, dbl_run *run)
{
    dbl_diag_list *l = dbl_run_diags_mut(run);
    dbl_arena *a = dbl_arena_new();
    uint32_t w = 0;
    for (uint32_t i = 0; i < l->items.size; i++) {
        dbl_diag *d = &l->items.items[i];
        const char *id = dbl_diag_identity(a, d, S_path(dbl_run_source(run, d->loc.file)));
        if (!S_take(b, id))
            l->items.items[w++] = *d;
    }
    l->items.size = w;
    dbl_arena_free(a);
    uint32_t fixed = 0;
    for (uint32_t i = 0; i < b->n; i++)
        fixed += !b->used[i];
    return fixed;
}
