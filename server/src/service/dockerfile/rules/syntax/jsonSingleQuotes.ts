import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  singleQuotes: (keyword: string) =>
    `${keyword} looks like JSON form but uses single quotes: it will run as shell form. JSON needs double quotes`,
  fixTitle: 'Use double quotes',
};

const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'COPY', 'ADD', 'HEALTHCHECK']);
const SINGLE_QUOTED_ARRAY = /^\[\s*'[^'"]*'(\s*,\s*'[^'"]*')*\s*\]$/;

/** `CMD ['node', 'app.js']` is not JSON: BuildKit runs it through a shell, brackets and all. */
export const jsonSingleQuotesRule: DockerfileRule = {
  id: 'dockerfile/json-single-quotes',
  origin: 'syntax',
  severity: DiagnosticSeverity.Warning,
  description: "A JSON-form argument list written with single quotes (['a']), which BuildKit runs as shell form.",
  check(context) {
    const findings: RuleFinding[] = [];
    for (const outer of context.instructions) {
      const instruction = outer.trigger ?? outer;
      if (!JSON_KEYWORDS.has(instruction.keyword) || instruction.json) continue;
      const text = instruction.body.text.slice(instruction.argsAt).trim();
      if (!SINGLE_QUOTED_ARRAY.test(text)) continue;
      const first = instruction.args[0];
      const last = instruction.args[instruction.args.length - 1];
      const written = context.text.slice(first.start, last.end);
      findings.push({
        range: context.range(first.start, last.end),
        message: messages.singleQuotes(instruction.keyword),
        fixes: [
          {
            title: messages.fixTitle,
            edits: [context.edit(first.start, last.end, written.replace(/'/g, '"'))],
            isPreferred: true,
          },
        ],
      });
    }
    return findings;
  },
};
