import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileGlob } from '../../server/src/service/dockerfile/config/globMatch';
import { DockerIgnore } from '../../server/src/service/dockerfile/config/dockerignore';

/** The regular expression the matcher replaces (as dockerignore.ts built it), to check that both agree. */
function reference(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        index++;
        if (pattern[index + 1] === '/') {
          index++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '[' && pattern.indexOf(']', index + 1) !== -1) {
      const close = pattern.indexOf(']', index + 1);
      source += `[${pattern.slice(index + 1, close).replace(/^!/, '^')}]`;
      index = close;
    } else if (char === '\\' && index + 1 < pattern.length)
      source += pattern[++index].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

describe('reliability: .dockerignore patterns never backtrack and never throw (issue 15, item 3)', () => {
  it('agrees with the regular expression it replaced', () => {
    const patterns = [
      '*.log',
      '**/*.log',
      'src/**/test',
      '**',
      'a?c',
      '[a-c]x',
      '[!a-c]x',
      'node_modules',
      'x/*/y',
      '**/',
      'a\\*b',
      'docs/**/*.md',
      '*',
    ];
    const paths = [
      'a.log',
      'x/y/z.log',
      'src/test',
      'src/a/b/test',
      'abc',
      'bx',
      'dx',
      'node_modules',
      'x/q/y',
      'x/q/r/y',
      'a*b',
      'docs/a.md',
      'docs/a/b.md',
      '',
      'a/',
    ];
    for (const pattern of patterns) {
      const matcher = compileGlob(pattern);
      const expected = reference(pattern);
      for (const path of paths)
        assert.equal(matcher.test(path), expected.test(path), `${pattern} on ${JSON.stringify(path)}`);
    }
  });

  it('`*a*a*a*a*a*a*a*b` on a 2,000-character path answers at once (the regular expression took seconds)', () => {
    const ignore = new DockerIgnore('*a'.repeat(8) + 'b\n');
    const started = Date.now();
    assert.equal(ignore.ignores('a'.repeat(2000)), false);
    assert.ok(Date.now() - started < 500, `${Date.now() - started} ms`);
  });

  it('a reversed range (`[z-a]`) matches nothing instead of throwing (which failed the whole Dockerfile check)', () => {
    const ignore = new DockerIgnore('[z-a]\nsecret\n');
    assert.equal(ignore.ignores('b'), false);
    assert.equal(ignore.ignores('secret'), true);
  });
});
