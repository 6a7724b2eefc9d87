import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { maskTemplate } from '../../server/src/service/helm/mask';
import { perCallMs } from '../helpers/timing';

/**
 * Masking runs on every keystroke in a template, so it must cost the same per line whatever the template's shape.
 * Each case masks a template whose shape made an earlier masking walk many lines per action (quadratic in the lines
 * up to a window of 200, or without bound), against a control of the same size and the same lines in a shape that
 * costs one step per line. Both are measured alike in the same test (the fastest of a few runs), so a loaded machine
 * slows both: a ratio, never milliseconds. Linear masking keeps the ratio near 1; the walks made it 3 to 15 (up to 400 lines walked per action).
 */
const CASES: Array<{ name: string; shape: string; control: string }> = [
  {
    // Each output line's style was found by walking up and down past every deeper line and every other output line
    // (up to 200 each way) to the nearest line at or left of its column: a map whose include|nindent lines sit
    // between nested values.
    name: 'include|nindent lines between deeper lines (vs between siblings)',
    shape: 'a:\n' + ('    {{- include "x" . | nindent 4 }}\n' + '      k: v\n').repeat(1_000),
    control: 'a:\n' + ('    {{- include "x" . | nindent 4 }}\n' + '    k:   v\n').repeat(1_000),
  },
  {
    // The same in a sequence item: the output's sibling is the `- name: c` above all the deeper lines.
    name: 'include|nindent lines in a sequence item, between deeper lines (vs between siblings)',
    shape: ('    - name: c\n' + ('      {{- include "r" . | nindent 6 }}\n' + '          k: v\n').repeat(100)).repeat(
      20,
    ),
    control: ('    - name: c\n' + ('      {{- include "r" . | nindent 6 }}\n' + '      k:     v\n').repeat(100)).repeat(
      20,
    ),
  },
  {
    // A key written in each branch of an else-if chain was compared with its writing in every earlier branch.
    name: 'an else-if chain writing one key (vs a different key in each branch)',
    shape: 'a:\n{{ if .a }}\n  tttt: 1\n' + '{{ else if .b }}\n  tttt: 2\n'.repeat(4_000) + '{{ end }}\n',
    control:
      'a:\n{{ if .a }}\n  tttt: 1\n' +
      Array.from(
        { length: 4_000 },
        (_, index) => `{{ else if .b }}\n  ${index.toString(36).padStart(4, 't')}: 2\n`,
      ).join('') +
      '{{ end }}\n',
  },
  {
    // Each branch of an else-if chain copied the conditions of the branches before it (what an else holds under).
    name: 'an else-if chain of 4000 branches (vs chains of 50)',
    shape:
      'a:\n{{ if .a }}\n  tttt: 1\n' +
      Array.from(
        { length: 4_000 },
        (_, index) => `{{ else if .b${index} }}\n  ${index.toString(36).padStart(4, 't')}: 2\n`,
      ).join('') +
      '{{ end }}\n',
    control:
      'a:\n{{ if .a }}\n  tttt: 1\n' +
      Array.from(
        { length: 4_000 },
        (_, index) =>
          `${index % 50 === 0 ? '{{ end }}{{ if' : '{{ else if'} .b${index} }}\n  ${index.toString(36).padStart(4, 't')}: 2\n`,
      ).join('') +
      '{{ end }}\n',
  },
  {
    // An if/else's first branch was walked line by line for each block: nested blocks hold each other's lines.
    name: 'if/else nested 1500 deep (vs 1500 in a row)',
    shape: '{{ if .a }}\n  - x\n'.repeat(1_500) + 'x: 1\n' + '{{ else }}\n  - y\n{{ end }}\n'.repeat(1_500),
    control: '{{ if .a }}\n  - x\n{{ else }}\n  - y\n{{ end }}\n'.repeat(1_500) + 'x: 1\n',
  },
];

describe('maskTemplate is linear in the template whatever its shape', () => {
  for (const { name, shape, control } of CASES) {
    it(name, () => {
      assert.equal(shape.split('\n').length, control.split('\n').length, 'the control has as many lines');
      assert.equal(maskTemplate(shape).length, shape.length);
      // Warm both up first: the first calls run before the compiler has optimised masking.
      for (let round = 0; round < 5; round++) {
        maskTemplate(shape);
        maskTemplate(control);
      }
      const controlled = perCallMs(() => maskTemplate(control));
      const shaped = perCallMs(() => maskTemplate(shape));
      assert.ok(
        shaped < 2.5 * controlled,
        `${shaped.toFixed(2)} ms for the shape, ${controlled.toFixed(2)} ms for the control of the same size`,
      );
    });
  }
});
