/**
 * One snippet in VS Code's snippet-file shape (`prefix`, `body`, `description`): the same objects are written to
 * `snippets/*.json` for VS Code and served by the language server to every other editor.
 */
export interface Snippet {
  prefix: string;
  /** Lines of TextMate/LSP snippet syntax: `${1:default}`, `${1|a,b|}`, `$0`; a repeated tab stop is linked. */
  body: string[];
  description: string;
  /**
   * A whole file rather than a fragment. VS Code offers these in "Snippets: Fill File with Snippet" and for new empty
   * files; the language server offers them at the start of an empty file.
   */
  isFileTemplate?: boolean;
}

/** A snippet file: snippet name (shown as the completion label) to snippet. */
export type SnippetFile = Readonly<Record<string, Snippet>>;
