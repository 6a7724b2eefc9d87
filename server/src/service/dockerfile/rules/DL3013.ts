import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { hasOption, packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = {
  unpinned: (name: string) =>
    `Pin versions in pip. Instead of \`pip install ${name}\` use \`pip install ${name}==<version>\` or \`pip install --requirement <requirements file>\``,
};

/** pip's VCS schemes (https://pip.pypa.io/en/stable/topics/vcs-support/, hadolint's vcsSchemes). */
const VCS = /^(git|hg|svn|bzr)(\+[a-z]+)?:/;
/** The scheme and the `user@` of the host, whose `@` is not a version. */
const VCS_HOST = /^[a-z+]+:\/\/([^/@]*@)?/;

/**
 * DL3013 (off by default): a pip (or pipx) package without a version specifier. Paths, URLs and VCS sources are left
 * alone, and so is a call with a constraints file (`-c`, `--constraint`), which pins the versions, as in hadolint.
 */
export const DL3013: DockerfileRule = {
  id: 'DL3013',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description: 'Pin versions in pip install (off by default).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const call of [...packageCalls(context, 'pip', ['install']), ...packageCalls(context, 'pipx', ['install'])]) {
      if (hasOption(call.command, ['-c', '--constraint'])) continue;
      for (const word of call.packages) {
        const value = word.value;
        // A VCS source is pinned by `@ref` (hadolint's isVersionedVcs), not by being a URL: `git+https://host/repo.git`
        // installs whatever the default branch holds today.
        if (VCS.test(value)) {
          if (value.replace(VCS_HOST, '').includes('@')) continue;
          findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(value) });
          continue;
        }
        if (
          /[=<>~!@]/.test(value) ||
          value.includes('$') ||
          value.includes('/') ||
          value.startsWith('.') ||
          /\.(whl|tar\.gz|zip)$/.test(value)
        )
          continue;
        findings.push({ range: context.range(word.start, word.end), message: messages.unpinned(value) });
      }
    }
    return findings;
  },
};
