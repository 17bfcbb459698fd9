-- lsp_nvim.lua - end-to-end test of `dbl lsp` in a real headless Neovim (built-in client).
--
-- Run: DBL=path/to/dbl DBL_LSP_FILE=copy/of/orders.sql nvim --headless --clean -c "luafile tests/lsp_nvim.lua"
-- Opens the file with dbl as its language server, waits for diagnostics, checks their ranges and
-- codes, edits a line and sees the diagnostics follow, applies a code action and checks the buffer.
-- Exits 0 when every check passed, 1 otherwise; prints 'N passed, N failed'.

local dbl = assert(os.getenv('DBL'), 'DBL is not set')
local file = assert(os.getenv('DBL_LSP_FILE'), 'DBL_LSP_FILE is not set')
local timeout = 20000
local passed, failed = 0, 0

local function say(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    say('ok   ' .. name)
  else
    failed = failed + 1
    say('FAIL ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

local function finish()
  say(string.format('%d passed, %d failed', passed, failed))
  vim.cmd((failed == 0 and passed > 0) and 'qall!' or 'cquit! 1')
end

local function diags()
  local d = vim.diagnostic.get(0)
  table.sort(d, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return d
end

local function describe(d)
  local out = {}
  for _, x in ipairs(d) do
    table.insert(out, string.format('%s@%d:%d-%d:%d', tostring(x.code), x.lnum, x.col, x.end_lnum, x.end_col))
  end
  return table.concat(out, ' ')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'sql'
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'dbl',
    cmd = { dbl, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    init_options = { debounceMs = 50 },
  })
  check('client started', client_id ~= nil)
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. diagnostics arrive, with the rule as code and the finding's range
  vim.wait(timeout, function() return #diags() > 0 end, 20)
  local d = diags()
  check('diagnostics published', #d == 1, describe(d))
  check('fk-without-index at REFERENCES', d[1] and d[1].code == 'fk-without-index' and d[1].lnum == 4
    and d[1].col == 19 and d[1].end_lnum == 4 and d[1].end_col == 29, describe(d))
  check('severity warning', d[1] and d[1].severity == vim.diagnostic.severity.WARN)

  -- 2. edit a line: two lines inserted above, the diagnostic moves down
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { '-- orders and their users', '' })
  vim.wait(timeout, function() local x = diags(); return #x == 1 and x[1].lnum == 6 end, 20)
  d = diags()
  check('diagnostic follows the edit', #d == 1 and d[1].lnum == 6 and d[1].col == 19, describe(d))

  -- an edit inside the line: rename the column, the range shifts right
  local line = vim.api.nvim_buf_get_lines(bufnr, 6, 7, false)[1]
  local s = line:find('user_id', 1, true)
  vim.api.nvim_buf_set_text(bufnr, 6, s - 1, 6, s - 1 + #'user_id', { 'customer_id' })
  vim.wait(timeout, function() local x = diags(); return #x == 1 and x[1].col == 23 end, 20)
  d = diags()
  check('range follows an edit inside the line', #d == 1 and d[1].lnum == 6 and d[1].col == 23 and d[1].end_col == 33,
    describe(d))

  -- 3. the code action inserts the fix after the statement
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 6, character = 25 }, ['end'] = { line = 6, character = 25 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, 6) },
  }
  local res = client.request_sync('textDocument/codeAction', params, timeout, bufnr)
  local actions = res and res.result or {}
  local fix
  for _, a in ipairs(actions) do
    if a.kind == 'quickfix' and a.isPreferred then fix = a end
  end
  check('code actions offered', fix ~= nil and #actions >= 3, vim.inspect(actions):sub(1, 400))
  if fix then
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')
    local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
    local expect = {
      '-- orders and their users',
      '',
      'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);',
      '',
      'CREATE TABLE orders (',
      '    id bigint PRIMARY KEY,',
      '    customer_id bigint REFERENCES users (id),',
      '    note text',
      ');',
      'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public.orders (customer_id);',
      '',
      'CREATE INDEX orders_note_idx ON orders (note);',
    }
    check('buffer after the code action', vim.deep_equal(lines, expect), table.concat(lines, '\\n'))
    vim.wait(timeout, function() return #diags() == 0 end, 20)
    check('diagnostics cleared by the fix', #diags() == 0, describe(diags()))
  end

  -- 4. hover on a table name shows its definition from the catalog
  res = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 6, character = 35 },
  }, timeout, bufnr)
  local value = res and res.result and res.result.contents and res.result.contents.value or ''
  check('hover on a table', value:find('table public.users', 1, true) ~= nil, value)

  vim.lsp.stop_client(client_id)
  vim.wait(timeout, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end)
if not ok then check('no Lua error', false, tostring(err)) end
finish()
