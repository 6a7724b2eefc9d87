import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = { reserved: (name: string) => `Stage name should not be a reserved word (\`${name}\`)` };

/**
 * DL3063: `scratch` and `context` mean something else to BuildKit (the empty image; the build context in
 * `COPY --from=context`), so a stage named so is ambiguous. BuildKit builds it and warns (its ReservedStageName check,
 * whose name `# check=skip=` accepts for this finding); stage names are case-insensitive there. No fix: other
 * instructions refer to the stage by its name.
 */
export const DL3063: DockerfileRule = {
  id: 'DL3063',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Stage name should not be a reserved word (scratch, context).',
  reference: 'hadolint src/Hadolint/Rule/DL3063.hs; BuildKit ReservedStageName',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const name = stage.name;
      if (name === undefined || !['scratch', 'context'].includes(name.value.toLowerCase())) continue;
      findings.push({ range: context.range(name.start, name.end), message: messages.reserved(name.value) });
    }
    return findings;
  },
};
