import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { keyValues } from '../scope';
import { callSpan, hasOption, mountsCache, packageCalls } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = {
  cache: 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`',
  fixTitle: 'Add --no-cache-dir',
};

/** DL3042: pip's download cache ends up in the layer. Quiet when PIP_NO_CACHE_DIR is set or a cache mount holds it. */
export const DL3042: DockerfileRule = {
  id: 'DL3042',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Avoid use of cache directory with pip. Use pip install --no-cache-dir <package>.',
  check(context) {
    const findings: RuleFinding[] = [];
    const envOff = context.instructions.some(
      (instruction) => (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') && keyValues(context, instruction).some((pair) => pair.key === 'PIP_NO_CACHE_DIR'),
    );
    if (envOff) return [];
    for (const call of packageCalls(context, 'pip', ['install'])) {
      if (hasOption(call.command, ['--no-cache-dir']) || mountsCache(call.run, ['/root/.cache/pip', '/root/.cache'])) continue;
      if (call.command.words.some((word) => word.value === 'PIP_NO_CACHE_DIR' || word.value.startsWith('PIP_NO_CACHE_DIR='))) continue;
      const span = callSpan(call);
      findings.push({
        range: context.range(span.start, span.end),
        message: messages.cache,
        fixes: [{ title: messages.fixTitle, edits: [context.insert(call.subcommand.end, ' --no-cache-dir')], isPreferred: true }],
      });
    }
    return findings;
  },
};
