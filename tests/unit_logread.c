/* unit_logread.c - the log reader: formats, prefixes, messages, malformed input. */
#include "analyzer/logread.h"
#include "tests/harness.h"

int main(void)
{
    return harness_summary();
}
