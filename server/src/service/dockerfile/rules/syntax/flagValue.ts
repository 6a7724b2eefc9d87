import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { closestMatch } from '../../../common/closest';
import type { RuleFinding } from '../../../types';
import {
  flagsOf,
  MOUNT_OPTIONS,
  MOUNT_TYPES,
  NETWORK_VALUES,
  SECURITY_VALUES,
  SHARING_VALUES,
  type FlagInfo,
} from '../../catalog';
import type { DockerfileContext } from '../../context';
import type { Flag, Instruction } from '../../parse/model';
import type { DockerfileRule } from '../rule';

export const messages = {
  missingValue: (flag: string) => `--${flag} needs a value`,
  notBoolean: (flag: string, value: string) => `--${flag} takes true or false, not "${value}"`,
  notDuration: (flag: string, value: string) =>
    `--${flag} takes a duration such as 30s, 1m30s or 500ms, not "${value}"`,
  notInteger: (flag: string, value: string) => `--${flag} takes a whole number, not "${value}"`,
  notOneOf: (flag: string, value: string, allowed: readonly string[]) =>
    `--${flag}: "${value}" is not one of ${allowed.join(', ')}`,
  duplicate: (flag: string) => `--${flag} is given more than once`,
  mountType: (value: string) => `Unknown mount type "${value}": use ${MOUNT_TYPES.join(', ')}`,
  mountOption: (option: string, type: string) => `A ${type} mount has no option "${option}"`,
  mountTarget: (type: string) =>
    `A ${type} mount needs target=<path>: without one it goes on the working directory, and BuildKit refuses /`,
  mountTargetDefault: (type: string) =>
    `This ${type} mount has no target=<path>: it goes on the working directory, and BuildKit refuses it if that is / (no WORKDIR is set before it in this file)`,
  mountValue: (option: string, value: string, allowed: readonly string[]) =>
    `Mount option ${option}="${value}" is not one of ${allowed.join(', ')}`,
  rename: (meant: string) => `Change to ${meant}`,
};

const DURATION = /^(?:\d+(?:\.\d+)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$|^0$/;

/** A known flag with a value BuildKit refuses: a bad duration, boolean, network, `--mount` type or option. */
export const flagValueRule: DockerfileRule = {
  id: 'dockerfile/flag-value',
  origin: 'syntax',
  severity: DiagnosticSeverity.Error,
  description:
    'A flag value BuildKit refuses: --mount type and options, --network, --security, durations, booleans, missing values, duplicates.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const outer of context.instructions) {
      for (const instruction of outer.trigger ? [outer, outer.trigger] : [outer]) {
        const known = flagsOf(instruction.keyword);
        const seen = new Set<string>();
        for (const flag of instruction.flags) {
          const info = known[flag.name];
          if (!info) continue;
          if (seen.has(flag.name) && !info.repeatable) {
            findings.push({ range: context.range(flag.start, flag.end), message: messages.duplicate(flag.name) });
          }
          seen.add(flag.name);
          checkValue(context, instruction, flag, info, findings);
        }
      }
    }
    return findings;
  },
};

function checkValue(
  context: DockerfileContext,
  instruction: Instruction,
  flag: Flag,
  info: FlagInfo,
  findings: RuleFinding[],
): void {
  const value = flag.value;
  const valueRange = context.range(flag.valueStart, flag.end);
  if (info.kind === 'boolean') {
    if (value !== undefined && !/^(true|false)$/i.test(value))
      findings.push({ range: valueRange, message: messages.notBoolean(flag.name, value) });
    return;
  }
  if (value === undefined || value === '') {
    findings.push({ range: context.range(flag.start, flag.end), message: messages.missingValue(flag.name) });
    return;
  }
  if (value.includes('$')) return; // expanded at build time
  switch (info.kind) {
    case 'duration':
      if (!DURATION.test(value)) findings.push({ range: valueRange, message: messages.notDuration(flag.name, value) });
      return;
    case 'integer':
      if (!/^\d+$/.test(value)) findings.push({ range: valueRange, message: messages.notInteger(flag.name, value) });
      return;
    case 'network':
    case 'security': {
      const allowed = info.kind === 'network' ? NETWORK_VALUES : SECURITY_VALUES;
      if (!(allowed as readonly string[]).includes(value))
        findings.push(
          oneOf(context, flag.valueStart, flag.end, value, allowed, messages.notOneOf(flag.name, value, allowed)),
        );
      return;
    }
    case 'mount':
      checkMount(context, instruction, flag, value, findings);
      return;
    default:
      return;
  }
}

function oneOf(
  context: DockerfileContext,
  start: number,
  end: number,
  value: string,
  allowed: readonly string[],
  message: string,
): RuleFinding {
  const meant = closestMatch(value, allowed);
  return {
    range: context.range(start, end),
    message,
    fixes: meant
      ? [{ title: messages.rename(meant), edits: [context.edit(start, end, meant)], isPreferred: true }]
      : [],
  };
}

function checkMount(
  context: DockerfileContext,
  instruction: Instruction,
  flag: Flag,
  value: string,
  findings: RuleFinding[],
): void {
  const options: Array<{ key: string; value: string | undefined; start: number; keyEnd: number; end: number }> = [];
  let at = flag.valueStart;
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    const key = (equals === -1 ? part : part.slice(0, equals)).trim().toLowerCase();
    options.push({
      key,
      value: equals === -1 ? undefined : part.slice(equals + 1),
      start: at,
      keyEnd: at + (equals === -1 ? part.length : equals),
      end: at + part.length,
    });
    at += part.length + 1;
  }
  const typeOption = options.find((option) => option.key === 'type');
  const type = typeOption?.value ?? 'bind';
  if (!(MOUNT_TYPES as readonly string[]).includes(type)) {
    if (typeOption)
      findings.push(oneOf(context, typeOption.keyEnd + 1, typeOption.end, type, MOUNT_TYPES, messages.mountType(type)));
    return;
  }
  const allowed = MOUNT_OPTIONS[type];
  let misspelt = false;
  for (const option of options) {
    if (option.key === '') continue;
    if (!allowed.includes(option.key)) {
      misspelt = true;
      findings.push(
        oneOf(context, option.start, option.keyEnd, option.key, allowed, messages.mountOption(option.key, type)),
      );
      continue;
    }
    if (
      option.key === 'sharing' &&
      option.value !== undefined &&
      !(SHARING_VALUES as readonly string[]).includes(option.value)
    ) {
      findings.push(
        oneOf(
          context,
          option.keyEnd + 1,
          option.end,
          option.value,
          SHARING_VALUES,
          messages.mountValue('sharing', option.value, SHARING_VALUES),
        ),
      );
    }
  }
  const hasTarget = options.some(
    (option) => option.key === 'target' || option.key === 'dst' || option.key === 'destination',
  );
  // Without a target BuildKit mounts on the working directory (dockerfile2llb/convert_runmount.go: the target is
  // joined to the stage's dir) and refuses only when that is `/`. After a WORKDIR other than `/` it is fine; without
  // one it depends on the base image's WORKDIR: a warning.
  if (!hasTarget && !misspelt && (type === 'bind' || type === 'cache' || type === 'tmpfs')) {
    const workdir = workdirBefore(context, instruction);
    if (workdir === undefined) {
      findings.push({
        range: context.range(flag.start, flag.end),
        severity: DiagnosticSeverity.Warning,
        message: messages.mountTargetDefault(type),
      });
    } else if (/^["']?\/+["']?$/.test(workdir)) {
      findings.push({ range: context.range(flag.start, flag.end), message: messages.mountTarget(type) });
    }
  }
}

/** The last WORKDIR written before `instruction` in its stage or the stages it builds FROM (undefined: none). */
function workdirBefore(context: DockerfileContext, instruction: Instruction): string | undefined {
  let stage = context.stageOf(instruction);
  let before = instruction.start;
  while (stage) {
    const workdirs = stage.instructions.filter(
      (candidate) => candidate.keyword === 'WORKDIR' && candidate.start < before && candidate.args.length > 0,
    );
    if (workdirs.length > 0) return workdirs[workdirs.length - 1].args[0].value;
    before = Number.POSITIVE_INFINITY;
    stage = stage.parent;
  }
  return undefined;
}
