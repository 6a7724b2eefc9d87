import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileGlob } from '../../server/src/service/dockerfile/config/globMatch';
import { DockerIgnore } from '../../server/src/service/dockerfile/config/dockerignore';
import { perCallMs } from '../helpers/timing';

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

  // The regular expression backtracked: its time grew as a high power of the path's length (`*a*a*a*a*a*a*a*b` took
  // 9 ms on a 20-character path, 1.6 s on 40, and would not finish on 500). The matcher is linear in the path. Per
  // call, measured alike: from 20 to 40 characters the regular expression took 190 times as long (a loose bound, so
  // that a return of the bug fails here in seconds instead of hanging below); from 500 to 2,000 the matcher takes
  // about 4 times as long (16 would be quadratic).
  it('`*a*a*a*a*a*a*a*b`: linear in the path, and a 2,000-character path answered (the regular expression took seconds)', () => {
    const ignore = new DockerIgnore('*a'.repeat(8) + 'b\n');
    const perCall = (length: number) => perCallMs(() => ignore.ignores('a'.repeat(length)));
    const [at20, at40] = [perCall(20), perCall(40)];
    assert.ok(at40 < 20 * at20, `${at40.toFixed(4)} ms a call for 40 characters, ${at20.toFixed(4)} ms for 20`);
    const [at500, at2000] = [perCall(500), perCall(2000)];
    assert.ok(
      at2000 < 12 * at500,
      `${at2000.toFixed(3)} ms a call for 2,000 characters, ${at500.toFixed(3)} ms for 500`,
    );
    assert.equal(ignore.ignores('a'.repeat(2000)), false);
  });

  it('a reversed range (`[z-a]`) matches nothing instead of throwing (which failed the whole Dockerfile check)', () => {
    const ignore = new DockerIgnore('[z-a]\nsecret\n');
    assert.equal(ignore.ignores('b'), false);
    assert.equal(ignore.ignores('secret'), true);
  });
});
