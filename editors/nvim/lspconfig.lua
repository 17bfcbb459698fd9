-- dbl as an nvim-lspconfig server: put this where your config runs, before setup().
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.dbl then
  configs.dbl = {
    default_config = {
      cmd = { 'dbl', 'lsp' },
      filetypes = { 'sql' },
      root_dir = function(fname)
        return util.root_pattern('.dbl.json', '.git')(fname) or util.path.dirname(fname)
      end,
      init_options = { debounceMs = 150 },
      single_file_support = true,
    },
    docs = { description = 'dbl: PostgreSQL schema linter (`dbl lsp`).' },
  }
end

require('lspconfig').dbl.setup({})
