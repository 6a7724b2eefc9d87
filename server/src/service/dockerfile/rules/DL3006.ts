import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { externalImages } from './images';
import type { DockerfileRule } from './rule';

export const messages = { untagged: 'Always tag the version of an image explicitly' };

/** DL3006: `FROM node` means whatever `latest` is on the day of the build. */
export const DL3006: DockerfileRule = {
  id: 'DL3006',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Always tag the version of an image explicitly.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { stage, reference } of externalImages(context)) {
      if (reference.tag === undefined && reference.digest === undefined && stage.image) {
        findings.push({ range: context.range(stage.image.start, stage.image.end), message: messages.untagged });
      }
    }
    return findings;
  },
};
