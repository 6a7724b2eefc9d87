import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  apt: 'Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead',
  fixTitle: (tool: string) => `Change to ${tool}`,
};

const APT_GET = new Set([
  'install',
  'update',
  'upgrade',
  'remove',
  'purge',
  'autoremove',
  'clean',
  'autoclean',
  'full-upgrade',
  'dist-upgrade',
  'build-dep',
  'source',
  'download',
  'satisfy',
]);
const APT_CACHE = new Set(['search', 'show', 'policy', 'depends', 'rdepends', 'showsrc']);

/** DL3027: apt's output and interface are not stable for scripts; apt-get and apt-cache are. */
export const DL3027: DockerfileRule = {
  id: 'DL3027',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Do not use apt as it is meant to be an end-user tool; use apt-get or apt-cache instead.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const run of context.runs()) {
      for (const command of context.shell(run)) {
        if (command.name !== 'apt') continue;
        const word = command.words[0];
        const subcommand = command.words.slice(1).find((candidate) => !candidate.value.startsWith('-'))?.value ?? '';
        // `full-upgrade` is apt's name for apt-get's `dist-upgrade`.
        const tool = APT_CACHE.has(subcommand) ? 'apt-cache' : APT_GET.has(subcommand) ? 'apt-get' : undefined;
        const edits = [context.edit(word.start, word.end, tool ?? 'apt-get')];
        const sub = command.words.find((candidate) => candidate.value === 'full-upgrade');
        if (tool === 'apt-get' && sub) edits.push(context.edit(sub.start, sub.end, 'dist-upgrade'));
        // `apt upgrade` also installs new dependencies, which `apt-get upgrade` only does with --with-new-pkgs.
        const upgrade = command.words.find((candidate) => candidate.value === 'upgrade');
        if (tool === 'apt-get' && subcommand === 'upgrade' && upgrade)
          edits.push(context.insert(upgrade.end, ' --with-new-pkgs'));
        findings.push({
          range: context.range(word.start, word.end),
          message: messages.apt,
          fixes: tool ? [{ title: messages.fixTitle(tool), edits, isPreferred: true }] : [],
        });
      }
    }
    return findings;
  },
};
