/* uri.c - file: URIs to local paths and back (RFC 8089, percent-encoding). */
#include "editors/lsp/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>

static int S_hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *dbl_lsp__uri_to_path(const char *uri)
{
    if (!uri || strncasecmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (strncasecmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/')
        return NULL; /* a remote host */
    size_t n = strlen(p);
    char *out = dbl_malloc(n + 1), *o = out;
    for (; *p && *p != '?' && *p != '#'; p++) {
        int h, l;
        if (*p == '%' && (h = S_hex((unsigned char)p[1])) >= 0 && (l = S_hex((unsigned char)p[2])) >= 0) {
            char c = (char)(h * 16 + l);
            if (c == 0) {
                dbl_free(out);
                return NULL;
            }
            *o++ = c;
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return out;
}

char *dbl_lsp__path_to_uri(const char *path)
{
    dbl_buf b = {0};
    dbl_buf_puts(&b, "file://");
    char *abs = NULL;
    if (path[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            size_t n = strlen(cwd) + strlen(path) + 2;
            abs = dbl_malloc(n);
            snprintf(abs, n, "%s/%s", cwd, path);
            path = abs;
        }
    }
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("/-._~!$&'()*+,;=:@", *p)) {
            dbl_buf_putc(&b, (char)*p);
        } else {
            dbl_buf_putc(&b, '%');
            dbl_buf_putc(&b, hex[*p >> 4]);
            dbl_buf_putc(&b, hex[*p & 15]);
        }
    }
    dbl_free(abs);
    char *s = dbl_strdup(dbl_buf_str(&b));
    dbl_buf_free(&b);
    return s;
}
