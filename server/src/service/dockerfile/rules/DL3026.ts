import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { externalImages } from './images';
import type { DockerfileRule } from './rule';

export const messages = { untrusted: (registry: string) => `Use only an allowed registry in the FROM image: ${registry} is not in trustedRegistries` };

/**
 * DL3026: with `trustedRegistries` in .hadolint.yaml, every FROM image must come from one of them. A policy, not a
 * build failure: a warning (hadolint says error; `override: error: [DL3026]` in .hadolint.yaml restores that).
 */
export const DL3026: DockerfileRule = {
  id: 'DL3026',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use only an allowed registry in the FROM image (trustedRegistries in .hadolint.yaml).',
  check(context) {
    const trusted = context.config.trustedRegistries;
    if (trusted.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const { stage, reference } of externalImages(context)) {
      const registry = reference.registry ?? 'docker.io';
      const allowed = trusted.some((entry) => entry === registry || (registry === 'docker.io' && (entry === 'hub.docker.com' || entry === 'index.docker.io')) || (entry.startsWith('*.') && registry.endsWith(entry.slice(1))));
      if (!allowed && stage.image) findings.push({ range: context.range(stage.image.start, stage.image.end), message: messages.untrusted(registry) });
    }
    return findings;
  },
};
