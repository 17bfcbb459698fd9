-- dbl for Neovim's built-in LSP client (Neovim 0.7 and later).
--
--   require('dbl').setup()                          -- dbl on PATH, defaults
--   require('dbl').setup({ cmd = { '/path/to/dbl', 'lsp' }, debounce_ms = 100 })
--
-- Starts `dbl lsp` for every SQL buffer, one server per root folder (the folder holding
-- .dbl.json or .git, else the file's folder).
local M = {}

local defaults = {
  cmd = { 'dbl', 'lsp' },
  filetypes = { 'sql' },
  root_markers = { '.dbl.json', '.git' },
  debounce_ms = 150,
}

local function root_dir(fname, markers)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  for _, m in ipairs(markers) do
    local hit = vim.fn.findfile(m, dir .. ';')
    if hit == '' then hit = vim.fn.finddir(m, dir .. ';') end
    if hit ~= '' then
      local root = vim.fn.fnamemodify(hit, ':p'):gsub('/$', '')
      return (vim.fn.fnamemodify(root, ':h'))
    end
  end
  return dir
end

-- The client configuration, also usable with nvim-lspconfig's configs table.
function M.config(opts)
  opts = vim.tbl_deep_extend('force', defaults, opts or {})
  return {
    name = 'dbl',
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    init_options = { debounceMs = opts.debounce_ms },
    root_markers = opts.root_markers,
  }
end

local clients = {}

function M.setup(opts)
  local cfg = M.config(opts)
  vim.api.nvim_create_autocmd('FileType', {
    pattern = cfg.filetypes,
    group = vim.api.nvim_create_augroup('dbl_lsp', { clear = true }),
    callback = function(args)
      local root = root_dir(vim.api.nvim_buf_get_name(args.buf), cfg.root_markers)
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({
          name = cfg.name,
          cmd = cfg.cmd,
          root_dir = root,
          init_options = cfg.init_options,
        })
        clients[root] = id
      end
      if id then vim.lsp.buf_attach_client(args.buf, id) end
    end,
  })
end

return M
