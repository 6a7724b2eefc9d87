import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  redundant: (value: string) =>
    `Setting platform to predefined ${value} in FROM is redundant as this is the default behavior`,
  fixTitle: 'Remove --platform',
};

/** RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM` says what FROM does anyway. */
export const RedundantTargetPlatform: DockerfileRule = {
  id: 'RedundantTargetPlatform',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Information,
  description: 'FROM --platform=$TARGETPLATFORM, which is the default.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      for (const flag of stage.from?.flags ?? []) {
        if (flag.name !== 'platform' || !/^\$(TARGETPLATFORM|\{TARGETPLATFORM\})$/.test(flag.value ?? '')) continue;
        let end = flag.end;
        while (context.text[end] === ' ' || context.text[end] === '\t') end++;
        findings.push({
          range: context.range(flag.start, flag.end),
          message: messages.redundant(flag.value ?? ''),
          fixes: [{ title: messages.fixTitle, edits: [context.edit(flag.start, end, '')], isPreferred: true }],
        });
      }
    }
    return findings;
  },
};
