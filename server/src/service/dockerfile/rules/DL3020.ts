import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileRule } from './rule';

export const messages = {
  add: 'Use COPY instead of ADD for files and folders',
  fixTitle: 'Change ADD to COPY',
};

const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
/** hadolint's archive extensions (src/Hadolint/Rule.hs, archiveFileFormatExtensions), and zstd, which BuildKit unpacks too. */
const ARCHIVE = /\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz|zst)$/i;

/**
 * DL3020: ADD of a local file or folder does what COPY does, plus surprises (it unpacks a local tar archive). hadolint
 * fires on every ADD whose sources are not all URLs or archives (src/Hadolint/Rule/DL3020.hs), `ADD . /app` included,
 * and calls it an error; but BuildKit builds it and `ADD . /app` copies the context exactly as COPY does: a warning.
 */
export const DL3020: DockerfileRule = {
  id: 'DL3020',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Use COPY instead of ADD for files and folders.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      if (instruction.keyword !== 'ADD' || instruction.heredocs.length > 0) continue;
      const words = instruction.json ? instruction.json.values : instruction.args;
      const sources = words.slice(0, -1);
      if (sources.length === 0) continue;
      if (
        sources.some(
          (word) =>
            REMOTE.test(word.value.replace(/^"/, '')) ||
            ARCHIVE.test(word.value.replace(/"$/, '')) ||
            word.value.includes('$'),
        )
      )
        continue;
      // ADD-only flags have no COPY twin: then changing the keyword alone is not a fix.
      const addOnly = instruction.flags.some((flag) => flag.name === 'checksum' || flag.name === 'keep-git-dir');
      findings.push({
        range: context.range(instruction.keywordStart, instruction.keywordEnd),
        message: messages.add,
        fixes: addOnly
          ? []
          : [
              {
                title: messages.fixTitle,
                edits: [context.edit(instruction.keywordStart, instruction.keywordEnd, 'COPY')],
                isPreferred: true,
              },
            ],
      });
    }
    return findings;
  },
};
