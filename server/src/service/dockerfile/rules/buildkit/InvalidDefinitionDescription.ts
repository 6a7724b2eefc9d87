import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { fromParts, type DockerfileContext } from '../../context';
import type { Comment, Instruction } from '../../parse/model';
import { keyValues } from '../../scope';
import type { DockerfileRule } from '../rule';

export const messages = {
  format: (instruction: string, name: string) =>
    `Comment for ${instruction} should follow the format: \`# ${name} <description>\``,
  fixTitle: 'Separate the comment from the instruction (an empty comment line between them)',
};

/**
 * InvalidDefinitionDescription (experimental in BuildKit: on only with `# check=experimental=InvalidDefinitionDescription`
 * or `experimental=all`): the comment right above an ARG or a named FROM is its description in `docker build
 * --call=outline`, so it should start with the name it describes. BuildKit takes the comment lines since the previous
 * instruction, an empty `#` line resetting them (a blank line does not: frontend/dockerfile/parser/parser.go), and
 * checks the first word of the last one against the ARG's keys or the stage's lowercased name
 * (instructions/parse.go `validateDefinitionDescription`). The fix keeps the comment and makes it no description.
 */
export const InvalidDefinitionDescription: DockerfileRule = {
  id: 'InvalidDefinitionDescription',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  enabledByDefault: false,
  description:
    'The comment above an ARG or named FROM does not start with the name it describes (experimental in BuildKit: on with # check=experimental=InvalidDefinitionDescription).',
  check(context) {
    const findings: RuleFinding[] = [];
    const comments = context.parsed.comments;
    let next = 0;
    let previousEnd = -1;
    for (const instruction of context.instructions) {
      const above: Comment[] = [];
      while (next < comments.length && comments[next].line < instruction.line) {
        const comment = comments[next++];
        if (comment.line <= previousEnd) continue;
        if (comment.text === '') above.length = 0;
        else above.push(comment);
      }
      previousEnd = instruction.endLine;
      const keys = definedNames(context, instruction);
      const last = above[above.length - 1];
      if (!last || keys.length === 0 || keys.includes(last.text.split(' ')[0])) continue;
      const lineStart = context.lineStartOf(instruction.keywordStart);
      findings.push({
        range: context.range(instruction.keywordStart, instruction.keywordEnd),
        message: messages.format(instruction.keyword, keys.length > 1 ? '<arg_key>' : keys[0]),
        fixes: [
          {
            title: messages.fixTitle,
            edits: [context.insert(lineStart, `${context.indentOf(instruction.keywordStart)}#\n`)],
          },
        ],
      });
    }
    return findings;
  },
};

function definedNames(context: DockerfileContext, instruction: Instruction): string[] {
  if (instruction.keyword === 'ARG') return keyValues(context, instruction).map((pair) => pair.key);
  if (instruction.keyword === 'FROM') {
    const name = fromParts(instruction).name;
    return name ? [name.value.toLowerCase()] : [];
  }
  return [];
}
