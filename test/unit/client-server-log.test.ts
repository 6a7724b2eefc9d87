import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { logServerMessage } from '../../client/src/vscode/serverLog';

describe("the server's log messages in the Shipshape log channel", () => {
  it('go in at their own level (the channel stamps the time)', () => {
    const lines: string[] = [];
    const output = Object.fromEntries(
      ['error', 'warn', 'info', 'debug'].map((level) => [
        level,
        (message: string) => lines.push(`${level}: ${message}`),
      ]),
    );
    for (const [type, message] of [
      [1, 'Validation of x failed'],
      [2, 'Could not read the settings'],
      [3, 'Indexed 2 YAML files'],
      [4, 'a plain log line'],
      [5, 'a debug detail'],
    ] as const)
      logServerMessage(output as never, type, message);
    assert.deepEqual(lines, [
      'error: Validation of x failed',
      'warn: Could not read the settings',
      'info: Indexed 2 YAML files',
      'info: a plain log line',
      'debug: a debug detail',
    ]);
  });
});
