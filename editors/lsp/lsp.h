/* lsp.h - `dbl lsp`: the Language Server (LSP 3.17, JSON-RPC over a pair of files).
 *
 * The server reads messages from in_fd and writes only protocol to out_fd;
 * its own log lines go to log_fd (or -1 for none). Linting runs on a worker
 * thread, so reading never waits for a lint.
 */
#ifndef DBL_LSP_H
#define DBL_LSP_H

/* Serves until the client's exit notification or the end of the input.
 * Returns the exit code the specification names: 0 when exit follows a
 * shutdown request, 1 otherwise (also at the end of the input without one). */
int dbl_lsp_serve(int in_fd, int out_fd, int log_fd);

#endif
