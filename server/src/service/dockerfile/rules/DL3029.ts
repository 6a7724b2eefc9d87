import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { platform: 'Do not use --platform flag with FROM' };

/**
 * DL3029: `FROM --platform=linux/amd64` pins the base image's platform, so the image no longer follows the build's
 * target platform (an arm64 build quietly gets amd64 binaries). As hadolint (src/Hadolint/Rule/DL3029.hs), a value
 * that names $BUILDPLATFORM or $TARGETPLATFORM is fine: that is what the flag is for in cross-builds. BuildKit's
 * FromPlatformFlagConstDisallowed is the same finding for constant values: where both fire, BuildKit's is the one
 * diagnostic and either tool's pragma silences it (pragmas.ts TWINS); on a stage named for its platform BuildKit is
 * quiet and hadolint, which knows nothing of stage names, still reports this. No fix: removing the flag changes
 * which image is pulled.
 */
export const DL3029: DockerfileRule = {
  id: 'DL3029',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Do not use --platform flag with FROM (unless it names $BUILDPLATFORM or $TARGETPLATFORM).',
  reference: 'hadolint src/Hadolint/Rule/DL3029.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'FROM') continue;
      for (const flag of instruction.flags) {
        if (flag.name !== 'platform' || flag.value === undefined) continue;
        if (flag.value.includes('BUILDPLATFORM') || flag.value.includes('TARGETPLATFORM')) continue;
        findings.push({ range: context.range(flag.start, flag.end), message: messages.platform });
      }
    }
    return findings;
  },
};
