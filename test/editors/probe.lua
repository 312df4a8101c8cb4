-- Neovim (0.7+) headless probe, run by test/editors/run.mjs:
--   nvim --headless --clean -c "luafile test/editors/probe.lua" -- NOTE
-- The environment says what to load and ask:
--   PROBE_INIT     a Lua file to source first: the Neovim snippet of docs/editors.md
--   PROBE_HOVER    "line:character" (0-based) to hover
--   PROBE_COMPLETE "line:character" (0-based) to complete at, just after "[@"
-- It opens NOTE (the snippet's FileType autocommand starts and attaches the server),
-- waits for the diagnostics, asks for hover and completion through the client, and
-- writes one JSON object to stdout. Any Lua error exits 1 (headless Neovim would
-- otherwise stay up for ever).

local function position(name)
  local line, character = (os.getenv(name) or ''):match('^(%d+):(%d+)$')
  assert(line, name .. ' is not line:character')
  return { line = tonumber(line), character = tonumber(character) }
end

local function probe()
  dofile(assert(os.getenv('PROBE_INIT'), 'PROBE_INIT is not set'))
  local note = vim.fn.argv(0)
  vim.cmd('edit ' .. vim.fn.fnameescape(note))
  local bufnr = vim.api.nvim_get_current_buf()
  -- Filetype detection normally does this; the snippet's autocommand keys on it.
  if vim.bo[bufnr].filetype ~= 'markdown' then vim.bo[bufnr].filetype = 'markdown' end

  local attached = vim.wait(20000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50)
  assert(attached, 'no language server attached to the note')
  local client = vim.lsp.buf_get_clients(bufnr)[next(vim.lsp.buf_get_clients(bufnr))]

  -- The first check publishes every finding at once.
  vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(diagnostics, { line = d.lnum, character = d.col, severity = d.severity, code = code, message = d.message })
  end

  local uri = vim.uri_from_bufnr(bufnr)
  local function ask(method, params)
    local replies, err = vim.lsp.buf_request_sync(bufnr, method, params, 15000)
    assert(replies, method .. ': ' .. tostring(err))
    for _, reply in pairs(replies) do
      assert(not reply.err, method .. ': ' .. vim.inspect(reply.err))
      return reply.result
    end
  end

  local hover = ask('textDocument/hover', { textDocument = { uri = uri }, position = position('PROBE_HOVER') })
  local hover_text = ''
  if hover and hover.contents then
    hover_text = table.concat(vim.lsp.util.convert_input_to_markdown_lines(hover.contents), '\n')
  end

  local completion = ask('textDocument/completion', {
    textDocument = { uri = uri },
    position = position('PROBE_COMPLETE'),
    context = { triggerKind = 2, triggerCharacter = '@' },
  })
  local labels = {}
  for _, item in ipairs(vim.lsp.util.extract_completion_items(completion) or {}) do table.insert(labels, item.label) end

  io.stdout:write(vim.fn.json_encode({
    client = client and client.name or vim.NIL,
    diagnostics = diagnostics,
    hover = hover_text,
    completion = labels,
  }) .. '\n')
end

local ok, err = xpcall(probe, debug.traceback)
if not ok then
  io.stderr:write('probe.lua: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
-- Stop the server politely, then leave.
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd('qall!')
