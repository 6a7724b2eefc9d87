/**
 * Expands TextMate/LSP snippet syntax to plain text, the way an editor shows a snippet before the user edits it:
 * `$1` and `${1:default}` (a repeated tab stop takes the default given at any of its places), `${1|a,b|}` takes its
 * first choice, `$0` vanishes, `$VAR`/`${VAR:default}` take the given variable or the default, `\$ \} \\` are
 * escapes. Used for the completion preview and by the tests that check every snippet against our own rules.
 * Transforms (`${1/re/fmt/}`) are not supported: Shipshape's snippets do not use them (not every client has them).
 */
export function expandSnippet(
  body: string,
  options: { values?: Readonly<Record<number, string>>; variables?: Readonly<Record<string, string>> } = {},
): string {
  const nodes = new Parser(body).parse();
  const defaults = new Map<number, SnippetNode[]>();
  collectDefaults(nodes, defaults);
  const render = (list: readonly SnippetNode[]): string =>
    list
      .map((node) => {
        switch (node.kind) {
          case 'text':
            return node.value;
          case 'tabstop': {
            const value = options.values?.[node.index];
            if (value !== undefined) return value;
            if (node.children.length > 0) return render(node.children);
            return render(defaults.get(node.index) ?? []);
          }
          case 'choice':
            return options.values?.[node.index] ?? node.options[0];
          case 'variable':
            return options.variables?.[node.name] ?? render(node.children);
        }
      })
      .join('');
  return render(nodes);
}

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: SnippetNode[] };

function collectDefaults(nodes: readonly SnippetNode[], defaults: Map<number, SnippetNode[]>): void {
  for (const node of nodes) {
    if (node.kind === 'tabstop' && node.children.length > 0) {
      if (!defaults.has(node.index)) defaults.set(node.index, node.children);
      collectDefaults(node.children, defaults);
    } else if (node.kind === 'choice' && !defaults.has(node.index)) {
      defaults.set(node.index, [{ kind: 'text', value: node.options[0] }]);
    } else if (node.kind === 'variable') {
      collectDefaults(node.children, defaults);
    }
  }
}

/** A recursive-descent parser; anything that is not valid snippet syntax stays literal text, as in VS Code. */
class Parser {
  private position = 0;

  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    return this.sequence(false);
  }

  /** Nodes up to the end, or (inside a placeholder) up to its unescaped `}`, which is left for the caller. */
  private sequence(nested: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === '\\' && '$}\\'.includes(this.source[this.position + 1] ?? '')) {
        text += this.source[this.position + 1];
        this.position += 2;
      } else if (char === '}' && nested) {
        break;
      } else if (char === '$') {
        const start = this.position;
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          this.position = start + 1;
          text += '$';
        }
      } else {
        text += char;
        this.position++;
      }
    }
    flush();
    return nodes;
  }

  private dollar(): SnippetNode | undefined {
    this.position++; // $
    const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.position));
    if (simple) {
      this.position += simple[0].length;
      return /^\d/.test(simple[0]) ? { kind: 'tabstop', index: Number(simple[0]), children: [] } : { kind: 'variable', name: simple[0], children: [] };
    }
    if (this.source[this.position] !== '{') return undefined;
    this.position++;
    const head = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.position));
    if (!head) return undefined;
    this.position += head[0].length;
    const isTabstop = /^\d/.test(head[0]);
    const next = this.source[this.position];
    if (next === '}') {
      this.position++;
      return isTabstop ? { kind: 'tabstop', index: Number(head[0]), children: [] } : { kind: 'variable', name: head[0], children: [] };
    }
    if (next === ':') {
      this.position++;
      const children = this.sequence(true);
      if (this.source[this.position] !== '}') return undefined;
      this.position++;
      return isTabstop ? { kind: 'tabstop', index: Number(head[0]), children } : { kind: 'variable', name: head[0], children };
    }
    if (next === '|' && isTabstop) {
      this.position++;
      const options = this.choiceOptions();
      return options && { kind: 'choice', index: Number(head[0]), options };
    }
    return undefined;
  }

  /** `a,b\,c|}`: the options of a choice, with `\,` `\|` `\\` `\$` `\}` escapes. */
  private choiceOptions(): string[] | undefined {
    const options: string[] = [];
    let option = '';
    while (this.position < this.source.length) {
      const char = this.source[this.position];
      if (char === '\\' && ',|\\$}'.includes(this.source[this.position + 1] ?? '')) {
        option += this.source[this.position + 1];
        this.position += 2;
      } else if (char === ',') {
        options.push(option);
        option = '';
        this.position++;
      } else if (char === '|' && this.source[this.position + 1] === '}') {
        options.push(option);
        this.position += 2;
        return options;
      } else {
        option += char;
        this.position++;
      }
    }
    return undefined;
  }
}
