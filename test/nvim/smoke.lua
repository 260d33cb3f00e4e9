-- Headless Neovim against the real server, set up by the README's snippet: diagnostics, code lenses
-- (refreshed by the snippet's autocmd), inlay hints, a hover, and a minified export's lens run with
-- vim.lsp.codelens.run() as the README says. Writes what it saw as JSON to $OUT.
-- Run: nvim --headless --clean -c "luafile test/nvim/smoke.lua"
-- Env: SNIPPET (the README's Neovim 0.8–0.10 snippet, its cmd set to this repository's server),
--      SNIPPET_011 (the 0.11 snippet, only loaded), EXPORT, MINIFIED, OUT.
local out = {}
local function finish()
  local f = io.open(os.getenv('OUT'), 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

-- Neovim 0.7 (Debian's) lacks what 0.8 added and the snippet uses: vim.lsp.start (the stand-in
-- starts the client once and attaches it to the current buffer), the LspAttach event (run from the
-- client's on_attach, with the same arguments), vim.fs, and Lua filetype detection on by default
-- (vim.filetype.add's patterns apply only through vim.filetype.match).
if not vim.lsp.start then
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    callback = function(args) vim.filetype.match(args.file, args.buf) end,
  })
  vim.fs = vim.fs or { dirname = function(p) return vim.fn.fnamemodify(p, ':h') end }
  local on_attach = {}
  local create_autocmd = vim.api.nvim_create_autocmd
  vim.api.nvim_create_autocmd = function(event, opts)
    if event == 'LspAttach' then
      table.insert(on_attach, opts.callback)
      return 0
    end
    return create_autocmd(event, opts)
  end
  vim.lsp.start = function(config)
    for _, c in pairs(vim.lsp.get_active_clients()) do
      if c.name == config.name then
        vim.lsp.buf_attach_client(0, c.id)
        return c.id
      end
    end
    config.on_attach = function(client, bufnr)
      for _, callback in ipairs(on_attach) do callback({ buf = bufnr, data = { client_id = client.id } }) end
    end
    local id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(0, id)
    return id
  end
end

local function read(file)
  local f = assert(io.open(file))
  local text = f:read('*a')
  f:close()
  return text
end

-- Every publishDiagnostics (empty ones too) fires DiagnosticChanged: the server has analysed
-- that buffer. The waits below wait on these events (vim.wait runs the event loop), not on sleeps.
local published = {}
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function(args) published[args.buf] = (published[args.buf] or 0) + 1 end,
})

local ok, err = pcall(function()
  out.snippet011Loads = (loadstring or load)(read(os.getenv('SNIPPET_011'))) ~= nil
  dofile(os.getenv('SNIPPET'))

  -- Opening the export runs the snippet's FileType autocmd, which starts the server.
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('EXPORT')))
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[buf].filetype
  local client
  vim.wait(30000, function()
    for _, c in pairs(vim.lsp.get_active_clients()) do
      if c.name == 'agent_cost' then client = c end
    end
    return client ~= nil
  end, 100)
  out.started = client ~= nil
  if not client then return end

  out.diagnostics = 0
  vim.wait(30000, function() return (published[buf] or 0) > 0 end, 50)
  out.diagnostics = #vim.diagnostic.get(buf)
  local caps = client.server_capabilities or client.resolved_capabilities
  out.commands = caps.executeCommandProvider and caps.executeCommandProvider.commands or {}
  out.inlayHintProvider = caps.inlayHintProvider ~= nil

  -- Lenses as a user sees them: once the server has analysed the buffer, one CursorHold (the
  -- snippet's autocmd) asks for them; the wait ends when the answer arrives.
  local function lenses_of(b)
    vim.wait(30000, function() return (published[b] or 0) > 0 end, 50)
    vim.api.nvim_exec_autocmds('CursorHold', { buffer = b })
    vim.wait(30000, function() return #vim.lsp.codelens.get(b) > 0 end, 50)
    return vim.lsp.codelens.get(b)
  end
  out.lenses = {}
  for _, l in ipairs(lenses_of(buf)) do table.insert(out.lenses, l.command and l.command.title or '') end

  local uri = vim.uri_from_bufnr(buf)
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

  -- A minified export: its one lens, run with vim.lsp.codelens.run(), formats it.
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('MINIFIED')))
  local mbuf = vim.api.nvim_get_current_buf()
  local ml = lenses_of(mbuf)
  out.minifiedLenses = #ml
  out.minifiedLens = ml[1] and ml[1].command.title or ''
  out.linesBefore = vim.api.nvim_buf_line_count(mbuf)
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  vim.lsp.codelens.run()
  vim.wait(30000, function() return vim.api.nvim_buf_line_count(mbuf) > 1 end, 100)
  out.linesAfter = vim.api.nvim_buf_line_count(mbuf)
end)
if not ok then out.error = tostring(err) end
finish()
