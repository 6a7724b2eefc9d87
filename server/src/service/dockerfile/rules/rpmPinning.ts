import type { RuleFinding } from '../../types';
import type { DockerfileContext, Stage } from '../context';
import type { Instruction } from '../parse/model';
import { keyValues } from '../scope';
import { argumentsWithoutFlags, runsWith } from './commands';

const NONE: ReadonlySet<string> = new Set();

/** A version part: letters, digits and `.~^_:+` (hadolint's isVersionChar). */
const VERSION_PART = /^[A-Za-z0-9.~^_:+]*$/;

/**
 * `name-version` as rpm writes it (hadolint's packageVersionFixed in DL3033/DL3041): after the first `-`, every part
 * made of version characters and one starting with a digit (`httpd-2.4.57`, `nodejs-1:18.19.0-1.el9`); an `.rpm`
 * file; or a `${VAR}` the stage defines (ENV, or any ARG).
 */
function pinned(name: string, defined: ReadonlySet<string>): boolean {
  const parts = name.split('-');
  if (parts.length <= 1) return false;
  if (name.endsWith('.rpm')) return true;
  if (name.includes('$')) return [...defined].some((variable) => name.includes(`\${${variable}}`));
  const version = parts.slice(1);
  return version.every((part) => VERSION_PART.test(part)) && version.some((part) => /^[0-9]/.test(part));
}

/**
 * The unpinned packages of `programs install` in every RUN (ONBUILD triggers included), and of `programs module
 * install` the modules without a `:stream`. Calls with one of `grouping` (dnf's `group`, yum's and dnf's `module`)
 * install modules or groups, not packages.
 */
export function unpinnedRpms(
  context: DockerfileContext,
  programs: readonly string[],
  grouping: readonly string[],
  message: (name: string) => string,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const run of context.runs()) {
    for (const command of context.shell(run)) {
      if (!runsWith(command, programs, ['install'])) continue;
      const isModule = runsWith(command, programs, ['module']);
      if (!isModule && runsWith(command, programs, grouping)) continue;
      for (const word of argumentsWithoutFlags(command)) {
        const value = word.value;
        if (value === 'install' || value === 'module') continue;
        // The variables in scope are worked out only for a package that uses one.
        const defined = value.includes('$') ? (definedVariables(context).get(run) ?? new Set<string>()) : NONE;
        if (isModule ? value.includes(':') : pinned(value, defined)) continue;
        findings.push({ range: context.range(word.start, word.end), message: message(value) });
      }
    }
  }
  return findings;
}

/** For each RUN, the names it may use as `${VAR}`: the ENVs of its stage (and the stage it builds on), any ARG. */
function definedVariables(context: DockerfileContext): Map<Instruction, Set<string>> {
  return context.memo('rpmPinning:defined', () => {
    const result = new Map<Instruction, Set<string>>();
    const args = new Set<string>();
    const envAtEnd = new Map<Stage | undefined, Set<string>>();
    let env = new Set<string>();
    let stage: Stage | undefined;
    for (const instruction of context.instructions) {
      if (instruction.keyword === 'FROM') {
        envAtEnd.set(stage, env);
        stage = context.stages.find((candidate) => candidate.from === instruction);
        env = new Set(stage?.parent ? envAtEnd.get(stage.parent) : []);
        continue;
      }
      const effective = instruction.trigger ?? instruction;
      if (effective.keyword === 'RUN') result.set(effective, new Set([...env, ...args]));
      if (instruction.keyword === 'ENV') for (const pair of keyValues(context, instruction)) env.add(pair.key);
      if (instruction.keyword === 'ARG') for (const pair of keyValues(context, instruction)) args.add(pair.key);
    }
    envAtEnd.set(stage, env);
    return result;
  });
}
