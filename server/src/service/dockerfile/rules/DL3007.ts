import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { externalImages } from './images';
import type { DockerfileRule } from './rule';

export const messages = {
  latest: 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag',
};

/** DL3007: `:latest` moves; the build is not reproducible. No fix: only the author knows which version they mean. */
export const DL3007: DockerfileRule = {
  id: 'DL3007',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description:
    'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { stage, reference } of externalImages(context)) {
      if (reference.tag === 'latest' && reference.digest === undefined && stage.image) {
        const tagStart = stage.image.start + stage.image.value.lastIndexOf(':latest') + 1;
        findings.push({ range: context.range(tagStart, tagStart + 'latest'.length), message: messages.latest });
      }
    }
    return findings;
  },
};
