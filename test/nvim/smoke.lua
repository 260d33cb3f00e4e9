-- Headless Neovim (0.7+) against the real server: diagnostics, code lenses, inlay hints, hover, and
-- a lens command run through workspace/executeCommand. Writes what it saw as JSON to $OUT.
-- Run: nvim --headless --clean -c "luafile test/nvim/smoke.lua"  (env: SERVER_CMD, EXPORT, MINIFIED, OUT)
local out = {}
local function finish()
  local f = io.open(os.getenv('OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end
local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(os.getenv('SERVER_CMD'))
  local client_id = vim.lsp.start_client({ name = 'agent_cost', cmd = cmd, root_dir = vim.fn.getcwd() })
  out.started = client_id ~= nil

  local function open(file)
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local buf = vim.api.nvim_get_current_buf()
    vim.bo[buf].filetype = 'voiceflow'
    vim.lsp.buf_attach_client(buf, client_id)
    return buf
  end

  local buf = open(os.getenv('EXPORT'))
  out.diagnostics = 0
  vim.wait(30000, function()
    out.diagnostics = #vim.diagnostic.get(buf)
    return out.diagnostics > 0
  end, 100)
  local client = vim.lsp.get_client_by_id(client_id)
  local caps = client.server_capabilities or client.resolved_capabilities
  out.commands = caps.executeCommandProvider and caps.executeCommandProvider.commands or {}
  out.inlayHintProvider = caps.inlayHintProvider ~= nil

  local uri = vim.uri_from_bufnr(buf)
  local lenses = vim.lsp.buf_request_sync(buf, 'textDocument/codeLens', { textDocument = { uri = uri } }, 30000)
  out.lenses = {}
  for _, r in pairs(lenses or {}) do
    for _, l in ipairs(r.result or {}) do table.insert(out.lenses, l.command and l.command.title or '') end
  end
  local lines = vim.api.nvim_buf_line_count(buf)
  local hints = vim.lsp.buf_request_sync(buf, 'textDocument/inlayHint', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = lines, character = 0 } },
  }, 30000)
  out.hints = {}
  for _, r in pairs(hints or {}) do
    for _, h in ipairs(r.result or {}) do table.insert(out.hints, h.label) end
  end
  -- Hover the first "model" line.
  local model_line = vim.fn.search('"model":') - 1
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = model_line, character = 10 },
  }, 30000)
  for _, r in pairs(hover or {}) do
    if r.result then out.hover = r.result.contents.value end
  end

  -- A minified export: its one lens formats it through workspace/executeCommand.
  local mbuf = open(os.getenv('MINIFIED'))
  local murl = vim.uri_from_bufnr(mbuf)
  local ml = vim.lsp.buf_request_sync(mbuf, 'textDocument/codeLens', { textDocument = { uri = murl } }, 30000)
  local lens
  for _, r in pairs(ml or {}) do lens = (r.result or {})[1] end
  out.minifiedLens = lens and lens.command.title or ''
  out.linesBefore = vim.api.nvim_buf_line_count(mbuf)
  if lens then
    vim.lsp.buf_request_sync(mbuf, 'workspace/executeCommand', lens.command, 30000)
  end
  out.linesAfter = vim.api.nvim_buf_line_count(mbuf)
end)
if not ok then out.error = tostring(err) end
finish()
