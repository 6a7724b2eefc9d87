// The README's first commands are the user's path in: the first runs Shipshape, the second is the test command CI runs
// (.ci/run reads that line), the third packages. And a clean `npm ci` prints no EBADENGINE warning on the Node the
// project supports: every package in the lockfile accepts this Node.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

function firstShellBlock(readme: string): string[] {
  const match = /^```sh\n([\s\S]*?)^```$/m.exec(readme);
  assert.ok(match, 'the README has a ```sh block');
  return match[1]
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.replace(/\s+#.*$/, '').trim());
}

describe("the README's first commands", () => {
  const lines = firstShellBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

  it('the first installs and starts Shipshape, the second is the test command, the third packages', () => {
    assert.equal(lines[0], 'npm ci && npm start');
    assert.equal(lines[1], 'npm ci && npm run test:setup && npm run lint && npm test && npm run test:e2e');
    assert.equal(lines[2], 'npm ci && npm run package');
  });

  it('every npm script they name exists', () => {
    for (const line of lines) {
      for (const [, name] of line.matchAll(/npm (?:run )?([\w:-]+)/g)) {
        if (name === 'ci') continue;
        assert.ok(scripts[name === 'test' ? 'test' : name], `npm script ${name}`);
      }
    }
  });
});

describe('npm ci', () => {
  it('installs no package whose engines exclude this Node (no EBADENGINE warning)', () => {
    // semver is in the tree through @vscode/vsce (a pinned devDependency); npm uses the same library for this check.
    const semver = createRequire(join(ROOT, 'package.json'))('semver') as {
      satisfies(version: string, range: string): boolean;
    };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(process.versions.node, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name}@${entry.version} wants node ${(entry.engines as { node: string }).node}`);
    assert.deepEqual(refusing, []);
  });

  it('decides every dependency install script (npm 11 warns about each one not in allowScripts)', () => {
    // Optional packages with an undecided script (keytar, under @vscode/vsce) are left out silently: leave them so.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      allowScripts?: Record<string, boolean>;
    };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean; optional?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && entry.hasInstallScript && !entry.optional)
      .map(([name]) => name.slice(name.lastIndexOf('node_modules/') + 'node_modules/'.length));
    const undecided = withScripts.filter((name) => manifest.allowScripts?.[name] === undefined);
    assert.deepEqual(undecided, []);
  });
});
