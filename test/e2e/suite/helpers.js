// Shared helpers for the extension-host tests: they wait on VS Code events with a deadline, never on a fixed sleep.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'shipshape.shipshape';
const SOURCE = 'shipshape';

function workspaceRoot() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the test window has a workspace folder');
  return folder.uri;
}

function workspaceUri(relativePath) {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

async function activate() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  await extension.activate();
  return extension;
}

/** Opens a workspace file in an editor (which makes VS Code send didOpen to the server). */
async function openEditor(relativePath) {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Writes a workspace file, then opens it. */
async function writeAndOpen(relativePath, text) {
  const uri = workspaceUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(diagnostic) {
  return typeof diagnostic.code === 'object' && diagnostic.code !== null
    ? String(diagnostic.code.value)
    : String(diagnostic.code);
}

function describeDiagnostics(list) {
  return (
    list
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${d.message}`)
      .join('\n  ') || '(none)'
  );
}

/**
 * Resolves with Shipshape's diagnostics for `uri` once `predicate` holds for them. With `afterEvent`, only a
 * diagnostics event for `uri` that arrives after the call counts (so "clean" means "the server re-checked it and
 * found nothing", not "nothing published yet").
 */
function waitForDiagnostics(
  uri,
  predicate,
  { timeout = 20_000, what = 'the expected diagnostics', afterEvent = false } = {},
) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const list = ours(uri);
      if (predicate(list)) {
        finish();
        resolve(list);
        return true;
      }
      return false;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          `timed out after ${timeout} ms waiting for ${what} on ${uri.path}; last diagnostics:\n  ${describeDiagnostics(ours(uri))}`,
        ),
      );
    }, timeout);
    function finish() {
      clearTimeout(timer);
      subscription.dispose();
    }
    if (!afterEvent) check();
  });
}

function hasCodes(...codes) {
  return (list) => codes.every((code) => list.some((d) => codeOf(d) === code));
}

function lacksCodes(...codes) {
  return (list) => list.every((d) => !codes.includes(codeOf(d)));
}

/**
 * The quick fixes VS Code's code-action API returns at a diagnostic's range (the markers there become the
 * request's context, as for the lightbulb). The API does not hand back each action's `diagnostics`, so tests pick
 * by `isPreferred` or title.
 */
async function quickFixesAt(uri, diagnostic) {
  const actions = /** @type {vscode.CodeAction[]} */ (
    await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    )
  );
  return (actions || []).filter((action) => action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind));
}

function titles(actions) {
  return actions.map((action) => `${action.isPreferred ? '* ' : ''}${action.title}`).join(' | ') || '(none)';
}

/** Applies a code action the way the lightbulb does: its edit, then its command. */
async function applyCodeAction(action) {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" applies`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments || []));
}

/** Text with one `|` marking the cursor -> { text, offset }. */
function cursor(textWithBar) {
  const offset = textWithBar.indexOf('|');
  assert.ok(offset >= 0, 'fixture has a | cursor');
  return { text: textWithBar.slice(0, offset) + textWithBar.slice(offset + 1), offset };
}

async function closeAllEditors() {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

module.exports = {
  EXTENSION_ID,
  SOURCE,
  activate,
  applyCodeAction,
  closeAllEditors,
  codeOf,
  cursor,
  describeDiagnostics,
  hasCodes,
  lacksCodes,
  openEditor,
  ours,
  quickFixesAt,
  titles,
  waitForDiagnostics,
  workspaceRoot,
  workspaceUri,
  writeAndOpen,
};
