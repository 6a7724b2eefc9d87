import type { RuleFinding } from '../../types';
import type { DockerfileContext } from '../context';
import type { Instruction } from '../parse/model';
import { keyValues } from '../scope';
import { unquote } from '../variables';

/** A label of a LABEL instruction (ONBUILD LABEL included): its key and value as BuildKit reads them, with offsets. */
export interface Label {
  instruction: Instruction;
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  end: number;
}

/** Every label in the file, in order, parsed once per validation. */
export function labels(context: DockerfileContext): Label[] {
  return context.memo('labels', () => {
    const result: Label[] = [];
    for (const instruction of context.instructions) {
      const effective = instruction.trigger ?? instruction;
      if (effective.keyword !== 'LABEL') continue;
      for (const pair of keyValues(context, effective)) {
        result.push({
          instruction: effective,
          key: unquote(pair.key),
          value: unquote(pair.value ?? ''),
          keyStart: pair.keyStart,
          keyEnd: pair.keyEnd,
          valueStart: pair.valueStart,
          end: pair.end,
        });
      }
    }
    return result;
  });
}

/**
 * The labels that `.hadolint.yaml`'s `label-schema` gives `type` and whose value is not valid for it: one finding on
 * the value (DL3052-DL3058). Without a schema there is nothing to check.
 */
export function invalidLabels(
  context: DockerfileContext,
  type: string,
  valid: (value: string) => boolean,
  message: (label: string) => string,
): RuleFinding[] {
  const schema = context.config.labelSchema;
  if (schema.size === 0) return [];
  const findings: RuleFinding[] = [];
  for (const label of labels(context)) {
    if (schema.get(label.key) !== type || valid(label.value)) continue;
    const start = label.valueStart < label.end ? label.valueStart : label.keyStart;
    findings.push({ range: context.range(start, label.end), message: message(label.key) });
  }
  return findings;
}
