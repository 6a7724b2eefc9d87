import { compileGlob, type GlobMatcher } from './globMatch';

/**
 * A `.dockerignore`, matched as BuildKit does: patterns relative to the context root, `*`, `?`, `**` and character
 * classes, `!` exceptions, the last matching pattern wins, and a pattern that matches a folder excludes what is in it.
 */
export class DockerIgnore {
  private readonly patterns: Array<{ matcher: GlobMatcher; exclude: boolean }> = [];

  constructor(text: string) {
    for (const rawLine of text.split(/\r?\n/)) {
      let line = rawLine.trim();
      if (line === '' || line.startsWith('#')) continue;
      const exception = line.startsWith('!');
      if (exception) line = line.slice(1).trim();
      const cleaned = cleanPath(line);
      if (cleaned === '') continue;
      this.patterns.push({ matcher: compileGlob(cleaned), exclude: !exception });
    }
  }

  /**
   * True when nothing of the context is left: an exclude pattern that matches any name (`*`, `**`, `/*`) and no
   * `!` exception. Then `COPY . .` copies nothing; with an exception (`*` then `!src`) it copies what is let back in.
   */
  excludesEverything(): boolean {
    if (this.patterns.some((pattern) => !pattern.exclude)) return false;
    return this.patterns.some((pattern) =>
      ['a', 'Dockerfile', '.hidden', 'src'].every((name) => pattern.matcher.test(name)),
    );
  }

  /** True when the context path (`./src/app.js`, `src`, `/tmp`) is excluded from the build context. */
  ignores(path: string): boolean {
    const cleaned = cleanPath(path);
    if (cleaned === '' || cleaned === '.') return false;
    const parts = cleaned.split('/');
    let excluded = false;
    for (const pattern of this.patterns) {
      // A pattern matches the path itself or any folder above it.
      let matched = false;
      for (let depth = 1; depth <= parts.length && !matched; depth++)
        matched = pattern.matcher.test(parts.slice(0, depth).join('/'));
      if (matched) excluded = pattern.exclude;
    }
    return excluded;
  }
}

function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
