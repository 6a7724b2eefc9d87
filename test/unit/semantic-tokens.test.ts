import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createLanguageService, SEMANTIC_TOKEN_LEGEND } from '../../server/src/service';
import { makeDocument } from '../helpers/service';

/** Decodes LSP's relative encoding into `line:char text type [modifiers]` for readable assertions. */
function decode(text: string, data: number[]): string[] {
  const lines = text.split('\n');
  const result: string[] = [];
  let line = 0;
  let character = 0;
  for (let index = 0; index < data.length; index += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = data.slice(index, index + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const names = SEMANTIC_TOKEN_LEGEND.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
    result.push(
      `${line}:${character} ${lines[line].slice(character, character + length)} ${SEMANTIC_TOKEN_LEGEND.tokenTypes[type]}${names.length ? ' ' + names.join(',') : ''}`,
    );
  }
  return result;
}

const tokens = (text: string, language: 'yaml' | 'dockerfile' = 'yaml') =>
  decode(text, createLanguageService().semanticTokens(makeDocument(text, language)));

describe('semantic tokens for kind and apiVersion', () => {
  it('marks the kind as a type and the apiVersion as a namespace, a removed apiVersion as deprecated', () => {
    const text =
      'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: a}\n---\nkind: "HorizontalPodAutoscaler"\napiVersion: autoscaling/v2 # ok\n';
    assert.deepEqual(tokens(text), [
      '0:12 extensions/v1beta1 namespace deprecated',
      '1:6 Deployment type',
      '4:7 HorizontalPodAutoscaler type',
      '5:12 autoscaling/v2 namespace',
    ]);
  });
  it('leaves other kinds, other YAML and nested keys alone', () => {
    assert.deepEqual(tokens('apiVersion: v1\nkind: ConfigMap\n---\nspec:\n  kind: Deployment\n'), []);
    assert.deepEqual(tokens('services:\n  web: {image: nginx}\n'), []);
    assert.deepEqual(tokens('FROM debian:12\n', 'dockerfile'), []);
  });
});
