import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { argumentsWithoutFlags, programOf } from './commands';
import type { DockerfileRule } from './rule';

export const messages = { extract: 'Use `ADD` for extracting archives into an image' };

/** hadolint's archive extensions (src/Hadolint/Rule.hs, archiveFileFormatExtensions). */
const ARCHIVE = /\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz)$/;
const UNPACKERS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat']);

/** The last path segment, `/` or `\` separated (Windows paths too), without surrounding quotes. */
function basename(path: string): string {
  const bare = path.replace(/^["']+|["']+$/g, '');
  return bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1);
}

/** `tar -x...`, `tar --extract`/`--get`, or one of the unpackers (hadolint's isTarExtractCommand, isUnzipCommand). */
function extracts(command: ShellCommand): boolean {
  const name = programOf(command);
  if (UNPACKERS.has(name)) return true;
  if (name !== 'tar') return false;
  return command.words
    .slice(1)
    .some((word) => word.value === '--extract' || word.value === '--get' || /^-[^-]*x/.test(word.value));
}

/**
 * DL3010: a local archive COPYed into the image and then unpacked by a RUN stays in the image twice (the archive in
 * the COPY layer); ADD unpacks a local archive in one step. As hadolint (src/Hadolint/Rule/DL3010.hs): the archive
 * is the COPY's destination when that names an archive, else its archive sources; a RUN of the same stage unpacks
 * it when tar (-x) or an unpacker names it (by its last path segment). COPY --from is not from the context: left out.
 */
export const DL3010: DockerfileRule = {
  id: 'DL3010',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'Use ADD for extracting archives into an image.',
  reference: 'hadolint src/Hadolint/Rule/DL3010.hs',
  check(context) {
    const findings: RuleFinding[] = [];
    let archives = new Map<string, Instruction>();
    const reported = new Set<Instruction>();
    for (const instruction of context.instructions) {
      if (instruction.keyword === 'FROM') archives = new Map();
      else if (instruction.keyword === 'COPY' && !instruction.flags.some((flag) => flag.name === 'from')) {
        const words = instruction.json ? instruction.json.values : instruction.args;
        if (words.length < 2 || instruction.heredocs.length > 0) continue;
        const raw = (start: number, end: number) => context.text.slice(start, end);
        const target = words[words.length - 1];
        const names = ARCHIVE.test(basename(raw(target.start, target.end)))
          ? [basename(raw(target.start, target.end))]
          : words
              .slice(0, -1)
              .map((word) => basename(raw(word.start, word.end)))
              .filter((name) => ARCHIVE.test(name));
        for (const name of names) archives.set(name, instruction);
      } else if (instruction.keyword === 'RUN' && archives.size > 0) {
        for (const command of context.shell(instruction)) {
          if (!extracts(command)) continue;
          for (const word of argumentsWithoutFlags(command)) {
            const copy = archives.get(basename(context.text.slice(word.start, word.end)));
            if (copy === undefined || reported.has(copy)) continue;
            reported.add(copy);
            findings.push({ range: context.range(copy.keywordStart, copy.keywordEnd), message: messages.extract });
          }
        }
      }
    }
    return findings;
  },
};
