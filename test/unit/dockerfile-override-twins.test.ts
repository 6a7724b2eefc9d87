import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { check } from '../helpers/dockerfile';

const NAMES = new Map<DiagnosticSeverity | undefined, string>([
  [DiagnosticSeverity.Error, 'Error'],
  [DiagnosticSeverity.Warning, 'Warning'],
  [DiagnosticSeverity.Information, 'Information'],
  [DiagnosticSeverity.Hint, 'Hint'],
]);

/** `rule@severity` of the findings of the given rules, with `override:` (a YAML flow map) in `.hadolint.yaml`. */
function severities(text: string, ids: string[], override?: string): string[] {
  const files: Record<string, string> = override === undefined ? {} : { '.hadolint.yaml': `override: ${override}\n` };
  return check(text, { files })
    .filter((found) => ids.includes(String(found.code)))
    .map((found) => `${found.code}@${NAMES.get(found.severity)}`);
}

const CONSTANT_PLATFORM = 'FROM --platform=linux/amd64 debian:12\n';
const NAMED_FOR_PLATFORM = 'FROM --platform=linux/amd64 debian:12 AS build-amd64\n';
const PLATFORM = ['DL3029', 'FromPlatformFlagConstDisallowed'];
const RESERVED = 'FROM debian:12 AS scratch\nRUN true\n';

describe('.hadolint.yaml override: follows the twin names, as ignored: and the pragmas do', () => {
  it('override DL3029 sets the severity of the BuildKit finding it is twinned with', () => {
    assert.deepEqual(severities(CONSTANT_PLATFORM, PLATFORM), ['FromPlatformFlagConstDisallowed@Warning']);
    assert.deepEqual(severities(CONSTANT_PLATFORM, PLATFORM, '{error: [DL3029]}'), [
      'FromPlatformFlagConstDisallowed@Error',
    ]);
  });

  it("override FromPlatformFlagConstDisallowed sets DL3029's severity where only hadolint's fires", () => {
    assert.deepEqual(severities(NAMED_FOR_PLATFORM, PLATFORM), ['DL3029@Warning']);
    assert.deepEqual(severities(NAMED_FOR_PLATFORM, PLATFORM, '{error: [FromPlatformFlagConstDisallowed]}'), [
      'DL3029@Error',
    ]);
  });

  it('the own id wins over the twin', () => {
    assert.deepEqual(
      severities(CONSTANT_PLATFORM, PLATFORM, '{error: [DL3029], info: [FromPlatformFlagConstDisallowed]}'),
      ['FromPlatformFlagConstDisallowed@Information'],
    );
  });

  it('DL3063 follows BuildKit’s ReservedStageName, and its own id', () => {
    assert.deepEqual(severities(RESERVED, ['DL3063']), ['DL3063@Warning']);
    assert.deepEqual(severities(RESERVED, ['DL3063'], '{error: [ReservedStageName]}'), ['DL3063@Error']);
    assert.deepEqual(severities(RESERVED, ['DL3063'], '{info: [DL3063]}'), ['DL3063@Information']);
  });

  it('an unrelated id changes nothing', () => {
    assert.deepEqual(severities(RESERVED, ['DL3063'], '{error: [DuplicateStageName, DL3029]}'), ['DL3063@Warning']);
  });
});
