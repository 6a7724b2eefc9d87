-- Drives the real Neovim (0.7, headless) through what a user does with Shipshape's language server, using Neovim's own
-- LSP client and nothing of its own for the protocol, started by the init.lua the README documents (the test passes
-- it with -u, its cmd pointed at the bundle): open a manifest and a Dockerfile, wait for the diagnostics,
-- ask for the code actions on a line (vim.lsp.buf.code_action, with vim.ui.select answered by title as a user would)
-- and let Neovim apply the chosen one, then wait for the re-validated diagnostics; type a partial key and complete it.
-- Everything it saw goes to $SHIPSHAPE_NVIM_OUT as JSON for test/lsp/neovim.test.ts to check; it always quits.
--
-- Run: SHIPSHAPE_WORKSPACE=dir SHIPSHAPE_NVIM_OUT=out.json nvim --headless --clean -u init.lua -c 'luafile driver.lua'
-- The workspace must hold web.yaml and Dockerfile as the test writes them.
local function env(name)
  return assert(os.getenv(name), '$' .. name .. ' is not set')
end

local workspace, out = env('SHIPSHAPE_WORKSPACE'), env('SHIPSHAPE_NVIM_OUT')
local TIMEOUT = 20000
local result = { files = {} }

local function save()
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
end

--- What vim.diagnostic holds for a buffer, in LSP terms (0-based lines and UTF-16 columns as the server sent them).
local function diagnostics_of(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { line = d.lnum, character = d.col, endLine = d.end_lnum, endCharacter = d.end_col, code = d.code,
      source = d.source, severity = d.severity, message = d.message })
  end
  return list
end

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return true end
  end
  return false
end

--- Waits until `predicate()` holds; fails the run with `what` if it never does.
local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT, predicate, 20) then error('timed out waiting for ' .. what, 2) end
end

--- Code actions on `row` (1-based) the way a user asks for them: cursor on the line, vim.lsp.buf.code_action().
--- vim.ui.select is answered with the action titled `title`; Neovim applies its edit. Returns every title offered.
local function code_action(row, col, title)
  vim.api.nvim_win_set_cursor(0, { row, col })
  local offered
  local original_select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    local chosen
    for _, item in ipairs(items) do
      local text = opts.format_item and opts.format_item(item) or tostring(item)
      table.insert(offered, text)
      if text == title then chosen = item end
    end
    on_choice(chosen)
  end
  vim.lsp.buf.code_action()
  wait_for('the code actions on line ' .. row, function() return offered ~= nil end)
  vim.ui.select = original_select
  return offered
end

local function lines_of(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local ok, failure = xpcall(function()
  local client_id
  --- Opens a file as a user does (:edit); the init.lua's FileType autocommand attaches the shipshape client.
  local function open(name)
    vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/' .. name))
    local buf = vim.api.nvim_get_current_buf()
    wait_for('the shipshape client on ' .. name, function()
      for id, client in pairs(vim.lsp.buf_get_clients(buf)) do
        if client.name == 'shipshape' then client_id = id return true end
      end
      return false
    end)
    return buf
  end

  -- The manifest: diagnostics, the quick fix of `replicas: "3"`, then a key completed.
  local manifest = open('web.yaml')
  local seen = { filetype = vim.bo[manifest].filetype }
  result.files['web.yaml'] = seen
  wait_for('the manifest\'s diagnostics', function() return has_code(manifest, 'k8s/schema-type') end)
  seen.diagnostics = diagnostics_of(manifest)
  seen.actions = code_action(6, 13, 'Write 3 as a number')
  wait_for('the fixed manifest re-validated', function() return not has_code(manifest, 'k8s/schema-type') end)
  seen.afterFix = { line = lines_of(manifest)[6], diagnostics = diagnostics_of(manifest) }

  -- A partial key typed under the container (a real edit: Neovim sends didChange), then completion at its end.
  vim.api.nvim_buf_set_lines(manifest, 17, 17, false, { '          imagePul' })
  local params = { textDocument = { uri = vim.uri_from_bufnr(manifest) }, position = { line = 17, character = 18 } }
  local responses = vim.lsp.buf_request_sync(manifest, 'textDocument/completion', params, TIMEOUT)
  local response = responses and responses[client_id]
  assert(response and response.result, 'no completion answer')
  local items = response.result.items or response.result
  seen.completion = {}
  local picked
  for _, item in ipairs(items) do
    table.insert(seen.completion, item.label)
    if item.label == 'imagePullPolicy' then picked = item end
  end
  if picked then
    -- Accepting the item, as Neovim's completion does: its textEdit (a snippet is expanded to its plain text).
    local edit = picked.textEdit or { range = { start = { line = 17, character = 10 }, ['end'] = { line = 17, character = 18 } }, newText = picked.insertText or picked.label }
    edit = vim.deepcopy(edit)
    if edit.insert then edit.range = edit.insert end
    if picked.insertTextFormat == 2 then edit.newText = vim.lsp.util.parse_snippet(edit.newText) end
    vim.lsp.util.apply_text_edits({ { range = edit.range, newText = edit.newText } }, manifest, 'utf-16')
    seen.completed = lines_of(manifest)[18]
  end

  -- The Dockerfile: diagnostics, then CMD converted to the JSON form by its quick fix.
  local dockerfile = open('Dockerfile')
  seen = { filetype = vim.bo[dockerfile].filetype }
  result.files['Dockerfile'] = seen
  wait_for('the Dockerfile\'s diagnostics', function() return has_code(dockerfile, 'DL3025') end)
  seen.diagnostics = diagnostics_of(dockerfile)
  seen.actions = code_action(4, 5, 'Convert to JSON form')
  wait_for('the fixed Dockerfile re-validated', function() return not has_code(dockerfile, 'DL3025') end)
  seen.afterFix = { line = lines_of(dockerfile)[4], diagnostics = diagnostics_of(dockerfile) }

  local client = vim.lsp.get_client_by_id(client_id)
  result.codeActionProvider = client.server_capabilities ~= nil and client.server_capabilities.codeActionProvider ~= nil
  client.stop()
  wait_for('the server to stop', function() return vim.lsp.client_is_stopped(client_id) end)
  result.stopped = true
end, debug.traceback)

if not ok then result.error = tostring(failure) end
save()
vim.cmd('qa!')
