import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  duplicate: (name: string) => `FROM aliases (stage names) must be unique: "${name}" is already defined`,
};

/**
 * DL3024: two stages with one name. hadolint says error; BuildKit builds the file and reports it as its check
 * DuplicateStageName (frontend/dockerfile/dockerfile2llb/convert.go, validateStageNames), a warning: so is this.
 */
export const DL3024: DockerfileRule = {
  id: 'DL3024',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'FROM aliases (stage names) must be unique.',
  check(context) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const stage of context.stages) {
      if (!stage.name) continue;
      const name = stage.name.value.toLowerCase();
      if (seen.has(name))
        findings.push({
          range: context.range(stage.name.start, stage.name.end),
          message: messages.duplicate(stage.name.value),
        });
      seen.add(name);
    }
    return findings;
  },
};
