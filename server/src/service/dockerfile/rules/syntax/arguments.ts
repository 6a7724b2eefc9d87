import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { fromParts, type DockerfileContext } from '../../context';
import type { Instruction } from '../../parse/model';
import { HOST_PART, PORT_SPEC } from '../buildkit/ExposeInvalidFormat';
import type { DockerfileRule } from '../rule';

export const messages = {
  missing: (keyword: string) => `${keyword} needs an argument`,
  copyNeedsTwo: (keyword: string) => `${keyword} needs a source and a destination`,
  copyMissingSpace: (keyword: string, argument: string) =>
    `${keyword} needs a source and a destination: a space is missing in "${argument}"`,
  splitTitle: (source: string) => `Insert a space: ${source} .`,
  fromShape: 'FROM takes an image, optionally followed by AS <name>',
  stageName: (name: string) =>
    `Invalid stage name "${name}": use letters, digits, "-", "_" and ".", starting with a letter`,
  exactlyOne: (keyword: string) => `${keyword} takes exactly one argument`,
  keyValue: (keyword: string, word: string) => `${keyword} needs a value for "${word}": write ${word}=<value>`,
  expose: (port: string) => `Invalid port "${port}": write <port>[/tcp|/udp|/sctp] or a range <from>-<to>`,
  healthcheck: 'HEALTHCHECK takes NONE, or CMD followed by the command',
  shellJson: 'SHELL must be written in JSON form: SHELL ["/bin/bash", "-c"]',
  onbuild: 'ONBUILD needs an instruction to run later',
};

/** Missing, extra or malformed arguments, checked per instruction the way BuildKit parses them. */
export const argumentsRule: DockerfileRule = {
  id: 'dockerfile/arguments',
  origin: 'syntax',
  severity: DiagnosticSeverity.Error,
  description:
    'Missing, extra or malformed instruction arguments (COPY without destination, FROM shape, EXPOSE ports, SHELL form...).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const outer of context.instructions) {
      check(context, outer, findings);
      if (outer.trigger) check(context, outer.trigger, findings);
    }
    return findings;
  },
};

function check(context: DockerfileContext, instruction: Instruction, findings: RuleFinding[]): void {
  const { args, keyword: name } = instruction;
  const keywordRange = context.range(instruction.keywordStart, instruction.keywordEnd);
  const argsRange = args.length > 0 ? context.range(args[0].start, args[args.length - 1].end) : keywordRange;
  const needsSome = [
    'RUN',
    'CMD',
    'ENTRYPOINT',
    'WORKDIR',
    'ENV',
    'LABEL',
    'ARG',
    'MAINTAINER',
    'VOLUME',
    'EXPOSE',
    'USER',
    'STOPSIGNAL',
  ];
  if (needsSome.includes(name) && args.length === 0 && instruction.heredocs.length === 0) {
    findings.push({ range: keywordRange, message: messages.missing(name) });
    return;
  }
  switch (name) {
    case 'FROM': {
      const { as } = fromParts(instruction);
      if (args.length === 0) findings.push({ range: keywordRange, message: messages.missing(name) });
      else if (!(args.length === 1 || (args.length === 3 && as)))
        findings.push({ range: argsRange, message: messages.fromShape });
      else if (args.length === 3 && !/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(args[2].value)) {
        findings.push({ range: context.range(args[2].start, args[2].end), message: messages.stageName(args[2].value) });
      }
      return;
    }
    case 'COPY':
    case 'ADD': {
      if (instruction.heredocs.length > 0) return;
      const count = instruction.json ? instruction.json.values.length : args.length;
      if (count >= 2) return;
      const only = args[0];
      const split = only && !instruction.json ? /^(.*[^./\s])\.$/.exec(only.value) : null;
      if (split) {
        const at = only.start + split[1].length;
        findings.push({
          range: context.range(only.start, only.end),
          message: messages.copyMissingSpace(name, only.value),
          fixes: [{ title: messages.splitTitle(split[1]), edits: [context.insert(at, ' ')], isPreferred: true }],
        });
      } else {
        findings.push({ range: args.length > 0 ? argsRange : keywordRange, message: messages.copyNeedsTwo(name) });
      }
      return;
    }
    case 'USER':
    case 'STOPSIGNAL':
      if (args.length > 1)
        findings.push({
          range: context.range(args[1].start, args[args.length - 1].end),
          message: messages.exactlyOne(name),
        });
      return;
    case 'ENV':
    case 'LABEL': {
      // `ENV key value` (legacy) is fine; a lone word without `=` is not.
      if (args.length === 1 && !args[0].value.includes('=')) {
        findings.push({
          range: context.range(args[0].start, args[0].end),
          message: messages.keyValue(name, args[0].value),
        });
      } else if (args[0]?.value.includes('=')) {
        for (const word of args) {
          if (!word.value.includes('='))
            findings.push({ range: context.range(word.start, word.end), message: messages.keyValue(name, word.value) });
        }
      }
      return;
    }
    case 'EXPOSE':
      for (const port of args) {
        if (port.value.includes('$')) continue;
        // BuildKit's parsePortSpec (dockerfile2llb/convert_expose.go): [ip:][hostPort:]port[-end][/tcp|udp|sctp].
        // A bad port, range or protocol fails the build: an error. A host mapping or IP still builds: that is
        // BuildKit's ExposeInvalidFormat warning (its own rule). Ports above 65535 are DL3011's.
        const spec = PORT_SPEC.exec(port.value);
        if (!spec || !HOST_PART.test(spec[1] ?? '')) {
          findings.push({ range: context.range(port.start, port.end), message: messages.expose(port.value) });
        } else {
          const range = /^(\d+)-(\d+)$/.exec(spec[2]);
          if (range && Number(range[2]) < Number(range[1]))
            findings.push({ range: context.range(port.start, port.end), message: messages.expose(port.value) });
        }
      }
      return;
    case 'HEALTHCHECK': {
      const first = args[0]?.value.toUpperCase();
      if (first === 'NONE' ? args.length !== 1 : first !== 'CMD' || args.length < 2) {
        findings.push({ range: args.length > 0 ? argsRange : keywordRange, message: messages.healthcheck });
      }
      return;
    }
    case 'SHELL':
      if (!instruction.json || instruction.json.values.length === 0)
        findings.push({ range: args.length > 0 ? argsRange : keywordRange, message: messages.shellJson });
      return;
    case 'ONBUILD':
      if (!instruction.trigger) findings.push({ range: keywordRange, message: messages.onbuild });
      return;
    default:
      return;
  }
}
