/* raw_parse.c - time libpg_query's native parse (pg_query_raw_parse) over one file.
 *
 * This is the floor for any linter built on libpg_query: the PostgreSQL
 * grammar producing its own node trees, with no JSON or protobuf step.
 * The whole file is parsed as one string, RUNS times; each run gets a fresh
 * libpg_query memory context so runs do not share allocations.
 *
 * Usage: raw_parse FILE [RUNS]
 * Prints one line:
 *   median_s=0.105123 min_s=0.101002 runs=5 statements=12000 bytes=1912345
 * Exit status: 0 on success, 1 on a parse error (message on stderr), 2 on usage or I/O error.
 *
 * Only pg_query_* entry points touch libpg_query's state: its
 * CurrentMemoryContext is thread-local, so PostgreSQL's own memory-context
 * globals and macros (MemoryContextSwitchTo, makeNode, ...) must not be used here.
 *
 * Build: cc -O2 -I/usr/include/postgresql/15/server raw_parse.c -lpg_query -o raw_parse
 */
#include <pg_query.h>
#include <pg_query/pg_query_internal.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads a whole file into a NUL-terminated malloc'd buffer; NULL on error.
 * The caller frees it with free(). */
static char *read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			char *grown;

			cap = cap ? cap * 2 : 1 << 20;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
		}
		size_t n = fread(buf + len, 1, cap - len, f);

		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	*len_out = len;
	return buf;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Parses sql once. Returns the number of top-level statements, or -1 on a
 * parse error (reported on stderr). *seconds gets the wall time of the parse. */
static int parse_once(const char *sql, double *seconds)
{
	MemoryContext ctx = pg_query_enter_memory_context();
	double start = now_seconds();
	PgQueryInternalParsetreeAndError result = pg_query_raw_parse(sql);
	double end = now_seconds();
	int statements = -1;

	if (result.error) {
		fprintf(stderr, "raw_parse: parse error: %s (at character %d)\n",
			result.error->message, result.error->cursorpos);
		pg_query_free_error(result.error);
	} else {
		statements = list_length(result.tree);
	}
	free(result.stderr_buffer);
	pg_query_exit_memory_context(ctx);
	*seconds = end - start;
	return statements;
}

int main(int argc, char **argv)
{
	size_t len = 0;
	char *sql;
	double *times;
	int runs = 1, statements = 0, status = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: raw_parse FILE [RUNS]\n");
		return 2;
	}
	if (argc == 3) {
		runs = atoi(argv[2]);
		if (runs < 1) {
			fprintf(stderr, "raw_parse: RUNS must be a positive integer\n");
			return 2;
		}
	}
	sql = read_file(argv[1], &len);
	if (!sql) {
		perror(argv[1]);
		return 2;
	}
	times = calloc((size_t)runs, sizeof *times);
	if (!times) {
		free(sql);
		return 2;
	}
	for (int i = 0; i < runs; i++) {
		statements = parse_once(sql, &times[i]);
		if (statements < 0) {
			status = 1;
			goto out;
		}
	}
	qsort(times, (size_t)runs, sizeof *times, cmp_double);
	double median = runs % 2 ? times[runs / 2]
				 : (times[runs / 2 - 1] + times[runs / 2]) / 2;
	printf("median_s=%.6f min_s=%.6f runs=%d statements=%d bytes=%zu\n",
	       median, times[0], runs, statements, len);
out:
	free(times);
	free(sql);
	pg_query_exit();
	return status;
}
