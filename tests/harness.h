/* harness.h - a tiny unit-test harness: OK, INT_EQ, STR_EQ and a summary line. */
#ifndef DBL_HARNESS_H
#define DBL_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define OK(cond, ...)                                                           \
    do {                                                                        \
        if (cond) {                                                             \
            harness_passed++;                                                   \
        } else {                                                                \
            harness_failed++;                                                   \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                        \
            printf(__VA_ARGS__);                                                \
            printf("\n");                                                       \
        }                                                                       \
    } while (0)

#define INT_EQ(got, want, what) \
    OK((long long)(got) == (long long)(want), "%s: got %lld, want %lld", (what), (long long)(got), (long long)(want))

#define STR_EQ(got, want, what)                                                            \
    do {                                                                                   \
        const char *g_ = (got), *w_ = (want);                                              \
        OK(g_ && w_ && strcmp(g_, w_) == 0, "%s: got \"%s\", want \"%s\"", (what),         \
           g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                        \
    } while (0)

static inline int harness_summary(void)
{
    printf("%d passed, %d failed\n", harness_passed, harness_failed);
    return harness_failed ? 1 : 0;
}

#endif
