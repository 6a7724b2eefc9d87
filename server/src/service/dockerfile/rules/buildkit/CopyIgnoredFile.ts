import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  ignored: (keyword: string, path: string) =>
    `Attempting to ${keyword === 'ADD' ? 'Add' : 'Copy'} file "${path}" that is excluded by .dockerignore`,
};

/** CopyIgnoredFile: a COPY/ADD source that the `.dockerignore` beside the build context leaves out: the build fails. */
export const CopyIgnoredFile: DockerfileRule = {
  id: 'CopyIgnoredFile',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'A COPY or ADD source that .dockerignore excludes from the build context.',
  check(context) {
    const ignore = context.dockerignore;
    if (!ignore) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.heredocs.length > 0)
        continue;
      if (instruction.flags.some((flag) => flag.name === 'from')) continue;
      const words = instruction.json ? instruction.json.values : instruction.args;
      for (const word of words.slice(0, -1)) {
        const path = word.value.replace(/^"|"$/g, '');
        if (/[$*?[]|^[a-z]+:\/\//i.test(path) || path.startsWith('git@')) continue;
        // The context root itself is never "ignored" path by path; it is empty when .dockerignore excludes everything.
        const excluded = /^\.?\/?$/.test(path) ? ignore.excludesEverything() : ignore.ignores(path);
        if (excluded)
          findings.push({
            range: context.range(word.start, word.end),
            message: messages.ignored(instruction.keyword, path),
          });
      }
    }
    return findings;
  },
};
