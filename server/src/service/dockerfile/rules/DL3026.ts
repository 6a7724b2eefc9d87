import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Stage } from '../context';
import { externalImages, parseImage } from './images';
import type { DockerfileRule } from './rule';

export const messages = {
  untrusted: (registry: string) =>
    `Use only an allowed registry in the FROM image: ${registry} is not in trustedRegistries`,
};

/**
 * DL3026: with `trustedRegistries` in .hadolint.yaml, every image the build pulls must come from one of them: FROM,
 * `COPY --from=<image>` and `RUN --mount=from=<image>`, as hadolint checks (src/Hadolint/Rule/DL3026.hs). Entries
 * match as hadolint's matchRegistry: `*` allows all, `*.example.com` a suffix, `registry.example.*` a prefix; an
 * image without a registry is Docker Hub (`docker.io` or `hub.docker.com`). A policy, not a build failure: a warning
 * (hadolint says error; `override: error: [DL3026]` in .hadolint.yaml restores that).
 */
export const DL3026: DockerfileRule = {
  id: 'DL3026',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description:
    'Use only an allowed registry in the FROM image, COPY --from and RUN --mount=from (trustedRegistries in .hadolint.yaml).',
  check(context) {
    const trusted = context.config.trustedRegistries;
    if (trusted.length === 0) return [];
    const findings: RuleFinding[] = [];
    const report = (image: string, start: number, end: number) => {
      if (image.includes('$') || image.toLowerCase() === 'scratch' || /^\d+$/.test(image)) return;
      const registry = parseImage(image).registry;
      const names = registry === undefined ? ['docker.io', 'hub.docker.com'] : [registry];
      const allowed = trusted.some((entry) => names.some((name) => matches(entry, name)));
      if (!allowed)
        findings.push({ range: context.range(start, end), message: messages.untrusted(registry ?? 'docker.io') });
    };
    for (const { stage } of externalImages(context))
      if (stage.image) report(stage.image.value, stage.image.start, stage.image.end);
    for (const outer of context.instructions) {
      const instruction = outer.trigger ?? outer;
      const stage = context.stageOf(outer);
      for (const flag of instruction.flags) {
        if (flag.value === undefined) continue;
        if (instruction.keyword === 'COPY' && flag.name === 'from') {
          if (!stageName(context, flag.value, stage)) report(flag.value, flag.valueStart, flag.end);
        } else if (instruction.keyword === 'RUN' && flag.name === 'mount') {
          const from = /(?:^|,)from=([^,]+)/.exec(flag.value);
          if (from && !stageName(context, from[1], stage)) {
            const start = flag.valueStart + from.index + from[0].indexOf('=') + 1;
            report(from[1], start, start + from[1].length);
          }
        }
      }
    }
    return findings;
  },
};

function stageName(context: Parameters<DockerfileRule['check']>[0], name: string, stage: Stage | undefined): boolean {
  return (
    context.stageNamed(name, stage) !== undefined ||
    (stage !== undefined && stage.name?.value.toLowerCase() === name.toLowerCase())
  );
}

/** hadolint's matchRegistry. */
function matches(entry: string, registry: string): boolean {
  if (entry === '*') return true;
  if (entry.startsWith('*')) return registry.endsWith(entry.slice(1));
  if (entry.endsWith('*')) return registry.startsWith(entry.slice(0, -1));
  return registry === entry || (registry === 'docker.io' && entry === 'index.docker.io');
}
