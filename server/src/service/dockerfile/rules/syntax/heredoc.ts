import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  unterminated: (name: string) => `The here-document <<${name} is never closed: add a line with just ${name}`,
  fixTitle: (name: string) => `Close the here-document with ${name}`,
};

/** A `<<EOF` here-document with no closing `EOF` line: everything after it would be swallowed. */
export const heredocRule: DockerfileRule = {
  id: 'dockerfile/heredoc-unterminated',
  origin: 'syntax',
  severity: DiagnosticSeverity.Error,
  description: 'A here-document (<<EOF) that is never closed.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const outer of context.instructions) {
      for (const heredoc of (outer.trigger ?? outer).heredocs) {
        // A bare `<<` names no here-document (BuildKit needs a word after it): no finding, and no fix that adds an
        // empty "terminator" line on every round of fix-all (found by the fuzzer, issue 15).
        if (heredoc.terminated || heredoc.name === '') continue;
        // A terminator line is there, but the parser joined it to a body line ending in `\` (BuildKit reads a body
        // raw, continuations and all): not unterminated; and the fix, adding one more, never ended fix-all.
        if (hasTerminatorLine(context.text, heredoc.end, heredoc.name)) continue;
        const atEnd = context.text.length;
        const newline = context.text.endsWith('\n') || atEnd === 0 ? '' : '\n';
        findings.push({
          range: context.range(heredoc.start, heredoc.end),
          message: messages.unterminated(heredoc.name),
          fixes: [
            {
              title: messages.fixTitle(heredoc.name),
              edits: [context.insert(atEnd, `${newline}${heredoc.name}\n`)],
              isPreferred: true,
            },
          ],
        });
      }
    }
    return findings;
  },
};

function hasTerminatorLine(text: string, markerEnd: number, name: string): boolean {
  const lines = text.slice(markerEnd).split(/\r\n|\r|\n/);
  return lines.slice(1).some((line) => line.replace(/^\t+/, '') === name);
}
