import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  slash: 'COPY with more than 2 arguments requires the last argument to end with /',
  fixTitle: (destination: string) => `Change to ${destination}/`,
};

/**
 * DL3021: several sources need a folder destination, written with a trailing slash (quotes around it allowed, as
 * hadolint's dropQuotes does). An error: the classic builder refuses the file, and BuildKit copies each source onto the
 * same path, so only the last one is left. The exception is `.` (and `..`): BuildKit takes those as folders and builds
 * `COPY a b .` as meant, so only the classic builder fails: a warning.
 */
export const DL3021: DockerfileRule = {
  id: 'DL3021',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Error,
  description: 'COPY with more than 2 arguments requires the last argument to end with /.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'COPY' || instruction.heredocs.length > 0) continue;
      const words = instruction.json ? instruction.json.values : instruction.args;
      if (words.length <= 2) continue;
      const destination = words[words.length - 1];
      const path = destination.value.replace(/^(["'])(.*)\1$/s, '$2');
      if (path.endsWith('/') || path.includes('$')) continue;
      const quoted = path !== destination.value || instruction.json !== undefined;
      const insertAt = quoted ? destination.end - 1 : destination.end;
      findings.push({
        range: context.range(destination.start, destination.end),
        ...(path === '.' || path === '..' ? { severity: DiagnosticSeverity.Warning } : {}),
        message: messages.slash,
        fixes: [{ title: messages.fixTitle(path), edits: [context.insert(insertAt, '/')], isPreferred: true }],
      });
    }
    return findings;
  },
};
