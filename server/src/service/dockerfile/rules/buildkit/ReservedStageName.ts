import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  reserved: (name: string) => `Stage name should not use the same name as reserved stage "${name}"`,
};

/**
 * ReservedStageName: `scratch` and `context` already mean something in FROM and COPY --from (the empty image, the
 * build context), so a stage of that name is never the one they refer to. BuildKit compares the name lowercased
 * (frontend/dockerfile/dockerfile2llb/validations.go `validateStageNames`, instructions/parse.go
 * `parseBuildStageName`). No fix: the new name is the author's choice.
 */
export const ReservedStageName: DockerfileRule = {
  id: 'ReservedStageName',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'A stage named scratch or context, names BuildKit reserves.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const name = stage.name?.value.toLowerCase();
      if (!stage.name || (name !== 'scratch' && name !== 'context')) continue;
      findings.push({ range: context.range(stage.name.start, stage.name.end), message: messages.reserved(name) });
    }
    return findings;
  },
};
