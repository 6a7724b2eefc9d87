import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  deprecated: 'MAINTAINER is deprecated',
  fixTitle: 'Change to LABEL org.opencontainers.image.authors=...',
};

/** DL4000: MAINTAINER is deprecated; the OCI annotation for authors replaces it. A warning: BuildKit still builds it. */
export const DL4000: DockerfileRule = {
  id: 'DL4000',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      const args = instruction.args;
      const fixes = [];
      if (args.length > 0) {
        const author = context.text.slice(args[0].start, args[args.length - 1].end).replace(/^"(.*)"$/, '$1');
        fixes.push({
          title: messages.fixTitle,
          edits: [
            context.edit(
              instruction.keywordStart,
              args[args.length - 1].end,
              `LABEL org.opencontainers.image.authors=${JSON.stringify(author)}`,
            ),
          ],
          isPreferred: true,
        });
      }
      findings.push({
        range: context.range(instruction.keywordStart, instruction.keywordEnd),
        message: messages.deprecated,
        fixes,
      });
    }
    return findings;
  },
};
