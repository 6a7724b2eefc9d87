import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import { DOCKERFILE_SNIPPETS } from './dockerfile';
import { expandSnippet } from './expand';
import { KUBERNETES_SNIPPETS } from './kubernetes';
import type { SnippetFile } from './snippetFile';

export { DOCKERFILE_SNIPPETS } from './dockerfile';
export { expandSnippet } from './expand';
export { KUBERNETES_SNIPPETS } from './kubernetes';
export type { Snippet, SnippetFile } from './snippetFile';

/**
 * The snippets of each language. The same objects are VS Code's `snippets/*.json` (a test keeps those files equal to
 * these), so the server can offer them to other editors without reading files at run time.
 */
export const SNIPPETS: Readonly<Record<'yaml' | 'dockerfile', SnippetFile>> = {
  yaml: KUBERNETES_SNIPPETS,
  dockerfile: DOCKERFILE_SNIPPETS,
};

/**
 * The whole-file snippets (`isFileTemplate`) as completion items, offered only while the user starts a file: every
 * other line is blank and the cursor line holds nothing but the word being typed (`k8s-dep|`). Anywhere else returns
 * nothing, so they never crowd schema completion; fragments stay with the editor's own snippet support.
 */
export function snippetCompletions(language: 'yaml' | 'dockerfile', text: string, position: Position): CompletionItem[] {
  // Walk the lines only until one other than the cursor's has text: in a real file that is the first or second,
  // so a 2 MB manifest costs nothing here (splitting it on every completion did).
  let line = '';
  for (let start = 0, index = 0; start <= text.length; index++) {
    const newline = text.indexOf('\n', start);
    const current = text.slice(start, newline === -1 ? text.length : newline).replace(/\r$/, '');
    if (index === position.line) line = current;
    else if (current.trim() !== '') return [];
    if (newline === -1) break;
    start = newline + 1;
  }
  if (line.slice(position.character).trim() !== '') return [];
  const before = line.slice(0, position.character);
  const typed = /[\w-]*$/.exec(before)?.[0] ?? '';
  if (before.slice(0, before.length - typed.length).trim() !== '') return [];
  const range = { start: { line: position.line, character: position.character - typed.length }, end: position };
  const fence = language === 'yaml' ? 'yaml' : 'dockerfile';
  const templates = Object.entries(SNIPPETS[language]).filter(([, snippet]) => snippet.isFileTemplate);
  return templates.map(([name, snippet], index) => {
    const body = snippet.body.join('\n');
    return {
      label: snippet.prefix,
      kind: CompletionItemKind.Snippet,
      detail: name,
      documentation: { kind: MarkupKind.Markdown, value: `${snippet.description}\n\n\`\`\`${fence}\n${expandSnippet(body)}\n\`\`\`` },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: body },
      filterText: snippet.prefix,
      // Before schema keys: at the top of an empty file a whole-file template is the likely wish.
      sortText: `0-${String(index).padStart(2, '0')}`,
    };
  });
}
