import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { keyValues } from '../scope';
import { callSpan, hasOption, mountsCache, packageCalls } from './packageManagers';
import type { DockerfileContext, Stage } from '../context';
import type { Instruction } from '../parse/model';
import type { DockerfileRule } from './rule';

export const messages = {
  cache: 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`',
  fixTitle: 'Add --no-cache-dir',
};

/** The values hadolint takes as "on" for PIP_NO_CACHE_DIR (src/Hadolint/Rule/DL3042.hs, truthy). */
const TRUTHY = new Set(['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES']);
/** `PIP_NO_CACHE_DIR=<truthy>` anywhere in a RUN: as a prefix of pip, or exported before it. */
const IN_RUN = /(?:^|[\s;&|(])(?:export\s+)?PIP_NO_CACHE_DIR=["']?([A-Za-z0-9]+)/g;

/**
 * DL3042: pip's download cache ends up in the layer. Quiet, as hadolint: with `ENV PIP_NO_CACHE_DIR=<truthy>` (or an
 * ARG default) in this stage or the stage it builds FROM, with `PIP_NO_CACHE_DIR=<truthy>` in the RUN (prefix or
 * export), for pipx and pipenv, and under a cache or tmpfs mount on pip's cache. A falsy value (0, off, no, false)
 * does not count.
 */
export const DL3042: DockerfileRule = {
  id: 'DL3042',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Warning,
  description: 'Avoid use of cache directory with pip. Use pip install --no-cache-dir <package>.',
  check(context) {
    const findings: RuleFinding[] = [];
    const offAt = cacheOffAtRuns(context);
    for (const call of packageCalls(context, 'pip', ['install'])) {
      if (
        /(^|\/)(pipx|pipenv)$/.test(call.command.name) ||
        call.command.words.some((word) => word.value === 'pipx' || word.value === 'pipenv')
      )
        continue;
      if (
        hasOption(call.command, ['--no-cache-dir']) ||
        mountsCache(call.run, ['/root/.cache/pip', '/root/.cache'], '.cache/pip')
      )
        continue;
      if (offAt.get(call.run) === true) continue;
      if (runTurnsCacheOff(context.text.slice(call.run.start, call.run.end))) continue;
      const span = callSpan(call);
      findings.push({
        range: context.range(span.start, span.end),
        message: messages.cache,
        fixes: [
          {
            title: messages.fixTitle,
            edits: [context.insert(call.subcommand.end, ' --no-cache-dir')],
            isPreferred: true,
          },
        ],
      });
    }
    return findings;
  },
};

function runTurnsCacheOff(text: string): boolean {
  for (const match of text.matchAll(IN_RUN)) if (TRUTHY.has(match[1])) return true;
  return false;
}

/**
 * For each RUN: whether PIP_NO_CACHE_DIR is on when it runs (an ENV/ARG before it in its stage, or the value its FROM
 * stage ended with), in build order as hadolint keeps it.
 */
function cacheOffAtRuns(context: DockerfileContext): Map<Instruction, boolean> {
  const atRun = new Map<Instruction, boolean>();
  const atEnd = new Map<Stage, boolean>();
  for (const stage of context.stages) {
    let off = stage.parent ? atEnd.get(stage.parent) === true : false;
    for (const instruction of stage.instructions) {
      const effective = instruction.trigger ?? instruction;
      if (effective.keyword === 'RUN') atRun.set(effective, off);
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      for (const pair of keyValues(context, instruction)) {
        if (pair.key === 'PIP_NO_CACHE_DIR' && pair.value !== undefined)
          off = TRUTHY.has(pair.value.trim().replace(/^(["'])(.*)\1$/, '$2'));
      }
    }
    atEnd.set(stage, off);
  }
  return atRun;
}
