import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { ShellWord } from '../parse/shell';
import { programOf, runCommands } from './commands';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) =>
    `Pin versions in npm. Instead of \`npm install ${name}\` use \`npm install ${name}@<version>\``,
};

const GIT = /^(git|git\+ssh|git\+http|git\+https):\/\//;
const TARBALL = /\.(tar|tar\.gz|tgz)$/;
const FOLDER = /^(\/|\.\/|\.\.\/|~\/)/;
/** Flags whose value is a separate word that is not a package (hadolint's ignoreFlags). */
const VALUE_FLAGS = new Set(['--loglevel', '--registry']);

/** A version, tag, range or commit is given: `pkg@1.2`, `@scope/pkg@next`, `git+https://host/repo#v1`, a tarball, a folder. */
function pinned(name: string): boolean {
  if (name.includes('$')) return true;
  if (GIT.test(name)) return name.includes('#');
  if (TARBALL.test(name) || FOLDER.test(name)) return true;
  return (name.startsWith('@') ? name.slice(1) : name).includes('@');
}

/**
 * DL3016 (off by default, as Shipshape's other pinning rules: most teams pin with a lockfile and `npm ci`): `npm
 * install <package>` without a version takes whatever is newest at build time. As hadolint
 * (src/Hadolint/Rule/DL3016.hs): only when `install` is npm's first word after its flags, and a bare `npm install`
 * (from package.json) is fine. No fix: only the author knows the version.
 */
export const DL3016: DockerfileRule = {
  id: 'DL3016',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Pin versions in npm install (off by default).',
  reference: 'hadolint src/Hadolint/Rule/DL3016.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { commands } of runCommands(context)) {
      for (const command of commands) {
        if (programOf(command) !== 'npm') continue;
        const args: ShellWord[] = [];
        const words = command.words;
        for (let index = 1; index < words.length; index++) {
          const value = words[index].value;
          if (VALUE_FLAGS.has(value)) index++;
          else if (!value.startsWith('-') || value === '-' || value === '--') args.push(words[index]);
        }
        if (args[0]?.value !== 'install') continue;
        for (const word of args.slice(1)) {
          if (word.value === 'install' || pinned(word.value)) continue;
          findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(word.value) });
        }
      }
    }
    return findings;
  },
};
