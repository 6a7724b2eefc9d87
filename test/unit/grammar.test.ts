import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { DOCKERFILE_SNIPPETS, expandSnippet } from '../../server/src/service/snippets';

const ROOT = join(__dirname, '..', '..', '..');
const GRAMMAR = 'syntaxes/dockerfile.tmLanguage.json';

interface Token {
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.dockerfile'
        ? textmate.parseRawGrammar(readFileSync(join(ROOT, GRAMMAR), 'utf8'), GRAMMAR)
        : null,
  });
  const loaded = await registry.loadGrammar('source.dockerfile');
  if (!loaded) throw new Error(`${GRAMMAR} did not load`);
  grammar = loaded;
});

/** Each line's tokens, with the text they cover and their scopes (the root scope left out). */
function tokenize(text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({
      text: line.slice(token.startIndex, token.endIndex),
      scopes: token.scopes.slice(1),
    }));
  });
}

function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'grammar', name), 'utf8');
}

/**
 * Expectations on one token: the fixture line it is on (the whole line, which is unique in its fixture), the token's
 * text (the first token with that text on the line, or the `nth`), and a scope it must have (or must not have).
 */
interface Expectation {
  line: string;
  token: string;
  scope: string;
  nth?: number;
  absent?: boolean;
}

function check(file: string, expectations: readonly Expectation[]): void {
  const text = fixture(file);
  const lines = text.split('\n');
  const tokens = tokenize(text);
  for (const expected of expectations) {
    const index = lines.indexOf(expected.line);
    assert.notEqual(index, -1, `${file} has no line ${JSON.stringify(expected.line)}`);
    assert.equal(lines.lastIndexOf(expected.line), index, `${JSON.stringify(expected.line)} is not unique in ${file}`);
    const matches = tokens[index].filter((token) => token.text === expected.token);
    const token = matches[expected.nth ?? 0];
    const shown = tokens[index]
      .map((candidate) => `${JSON.stringify(candidate.text)} ${candidate.scopes.join(' ')}`)
      .join('\n');
    assert.ok(
      token,
      `no token ${JSON.stringify(expected.token)} on ${JSON.stringify(expected.line)}; tokens:\n${shown}`,
    );
    assert.equal(
      token.scopes.includes(expected.scope),
      !expected.absent,
      `${JSON.stringify(expected.token)} on ${JSON.stringify(expected.line)} ${expected.absent ? 'has' : 'lacks'} ${expected.scope}; tokens:\n${shown}`,
    );
  }
}

describe('Dockerfile grammar: heredoc.Dockerfile', () => {
  it('parser directives: name, =, value', () => {
    check('heredoc.Dockerfile', [
      { line: '# syntax=docker/dockerfile:1.7', token: 'syntax', scope: 'keyword.other.directive.dockerfile' },
      { line: '# syntax=docker/dockerfile:1.7', token: '=', scope: 'keyword.operator.assignment.dockerfile' },
      {
        line: '# syntax=docker/dockerfile:1.7',
        token: 'docker/dockerfile:1.7',
        scope: 'string.unquoted.directive-value.dockerfile',
      },
      {
        line: '# syntax=docker/dockerfile:1.7',
        token: '#',
        scope: 'comment.line.number-sign.dockerfile',
        absent: true,
      },
      { line: '# escape=\\', token: 'escape', scope: 'keyword.other.directive.dockerfile' },
      { line: '# escape=\\', token: '\\', scope: 'string.unquoted.directive-value.dockerfile' },
      {
        line: '# check=skip=JSONArgsRecommended;error=true',
        token: 'check',
        scope: 'keyword.other.directive.dockerfile',
      },
      {
        line: '# check=skip=JSONArgsRecommended;error=true',
        token: 'skip=JSONArgsRecommended;error=true',
        scope: 'string.unquoted.directive-value.dockerfile',
      },
    ]);
  });

  it('instructions, comments, FROM image, tag, digest, AS and the stage name', () => {
    check('heredoc.Dockerfile', [
      { line: 'FROM golang:1.23-bookworm AS build', token: 'FROM', scope: 'keyword.other.special-method.dockerfile' },
      { line: 'FROM golang:1.23-bookworm AS build', token: 'golang', scope: 'entity.name.type.image.dockerfile' },
      {
        line: 'FROM golang:1.23-bookworm AS build',
        token: '1.23-bookworm',
        scope: 'constant.other.image-tag.dockerfile',
      },
      { line: 'FROM golang:1.23-bookworm AS build', token: 'AS', scope: 'keyword.control.as.dockerfile' },
      { line: 'FROM golang:1.23-bookworm AS build', token: 'build', scope: 'entity.name.function.stage.dockerfile' },
      {
        line: 'FROM gcr.io/distroless/static-debian12:nonroot@sha256:abc123',
        token: 'gcr.io/distroless/static-debian12',
        scope: 'entity.name.type.image.dockerfile',
      },
      {
        line: 'FROM gcr.io/distroless/static-debian12:nonroot@sha256:abc123',
        token: 'nonroot',
        scope: 'constant.other.image-tag.dockerfile',
      },
      {
        line: 'FROM gcr.io/distroless/static-debian12:nonroot@sha256:abc123',
        token: 'sha256:abc123',
        scope: 'constant.other.image-digest.dockerfile',
      },
      { line: '# a comment between instructions', token: '#', scope: 'punctuation.definition.comment.dockerfile' },
      {
        line: '# a comment between instructions',
        token: ' a comment between instructions',
        scope: 'comment.line.number-sign.dockerfile',
      },
      { line: 'WORKDIR /src', token: 'WORKDIR', scope: 'keyword.other.special-method.dockerfile' },
      { line: 'USER nonroot', token: 'USER', scope: 'keyword.other.special-method.dockerfile' },
      { line: 'ARG APP=server', token: 'APP', scope: 'variable.other.definition.dockerfile' },
    ]);
  });

  it('RUN --mount flags: the flag, its options and their values, across continuation lines', () => {
    const first = 'RUN --mount=type=cache,target=/go/pkg/mod,sharing=locked \\';
    const second = '    --mount=type=bind,source=go.mod,target=go.mod \\';
    check('heredoc.Dockerfile', [
      { line: first, token: '--mount', scope: 'entity.other.attribute-name.flag.dockerfile' },
      { line: first, token: 'type', scope: 'variable.parameter.mount-option.dockerfile' },
      { line: first, token: 'cache', scope: 'string.unquoted.mount-value.dockerfile' },
      { line: first, token: 'target', scope: 'variable.parameter.mount-option.dockerfile' },
      { line: first, token: '/go/pkg/mod', scope: 'string.unquoted.mount-value.dockerfile' },
      { line: first, token: ',', scope: 'punctuation.separator.mount-options.dockerfile' },
      { line: first, token: '\\', scope: 'constant.character.escape.line-continuation.dockerfile' },
      { line: second, token: '--mount', scope: 'entity.other.attribute-name.flag.dockerfile' },
      { line: second, token: 'bind', scope: 'string.unquoted.mount-value.dockerfile' },
      { line: '    go mod download', token: '    go mod download', scope: 'meta.instruction.dockerfile' },
      {
        line: 'COPY --from=build --chown=nonroot:nonroot /out/app /usr/local/bin/app',
        token: '--from',
        scope: 'entity.other.attribute-name.flag.dockerfile',
      },
      {
        line: 'COPY --from=build --chown=nonroot:nonroot /out/app /usr/local/bin/app',
        token: 'build',
        scope: 'string.unquoted.flag-value.dockerfile',
      },
      {
        line: 'HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "healthcheck"]',
        token: '--interval',
        scope: 'entity.other.attribute-name.flag.dockerfile',
      },
    ]);
  });

  it('heredocs: operator, delimiters, body, and the instruction after the closing delimiter', () => {
    check('heredoc.Dockerfile', [
      { line: 'RUN <<EOF', token: '<<', scope: 'keyword.operator.heredoc.dockerfile' },
      { line: 'RUN <<EOF', token: 'EOF', scope: 'entity.name.tag.heredoc-delimiter.dockerfile' },
      { line: 'set -eu', token: 'set -eu', scope: 'string.unquoted.heredoc.dockerfile' },
      { line: 'echo "building ${APP:-server}" > /tmp/log', token: 'APP', scope: 'variable.other.dockerfile' },
      {
        line: 'echo "building ${APP:-server}" > /tmp/log',
        token: 'echo "building ',
        scope: 'string.unquoted.heredoc.dockerfile',
      },
      { line: 'EOF', token: 'EOF', scope: 'entity.name.tag.heredoc-delimiter.dockerfile' },
      { line: 'EOF', token: 'EOF', scope: 'string.unquoted.heredoc.dockerfile', absent: true },
      { line: 'COPY <<-"CONF" /etc/app/app.conf', token: '<<-', scope: 'keyword.operator.heredoc.dockerfile' },
      {
        line: 'COPY <<-"CONF" /etc/app/app.conf',
        token: 'CONF',
        scope: 'entity.name.tag.heredoc-delimiter.dockerfile',
      },
      {
        line: 'COPY <<-"CONF" /etc/app/app.conf',
        token: ' /etc/app/app.conf',
        scope: 'meta.heredoc.header.dockerfile',
      },
      {
        line: 'COPY <<-"CONF" /etc/app/app.conf',
        token: ' /etc/app/app.conf',
        scope: 'string.unquoted.heredoc.dockerfile',
        absent: true,
      },
      { line: '\tlisten = $PORT', token: 'PORT', scope: 'variable.other.dockerfile' },
      { line: '\tCONF', token: 'CONF', scope: 'entity.name.tag.heredoc-delimiter.dockerfile' },
      {
        line: 'RUN ["go", "build", "-o", "/out/app", "./cmd/app"]',
        token: 'RUN',
        scope: 'keyword.other.special-method.dockerfile',
      },
    ]);
  });

  it('JSON-form arguments: brackets, strings, separators', () => {
    const run = 'RUN ["go", "build", "-o", "/out/app", "./cmd/app"]';
    check('heredoc.Dockerfile', [
      { line: run, token: '[', scope: 'punctuation.definition.array.begin.dockerfile' },
      { line: run, token: 'go', scope: 'string.quoted.double.json.dockerfile' },
      { line: run, token: ',', scope: 'punctuation.separator.array.dockerfile' },
      { line: run, token: ']', scope: 'punctuation.definition.array.end.dockerfile' },
      {
        line: 'ENTRYPOINT ["/usr/local/bin/app"]',
        token: '/usr/local/bin/app',
        scope: 'string.quoted.double.json.dockerfile',
      },
      {
        line: 'HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "healthcheck"]',
        token: 'CMD',
        scope: 'keyword.other.special-method.dockerfile',
      },
      {
        line: 'HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "healthcheck"]',
        token: 'healthcheck',
        scope: 'string.quoted.double.json.dockerfile',
      },
    ]);
  });

  it('line continuations and a comment inside a continued RUN keep the instruction going', () => {
    check('heredoc.Dockerfile', [
      { line: 'ENV CGO_ENABLED=0 \\', token: '\\', scope: 'constant.character.escape.line-continuation.dockerfile' },
      { line: '    GOFLAGS="-trimpath"', token: 'GOFLAGS', scope: 'variable.other.definition.dockerfile' },
      { line: '    # a comment inside a continued RUN', token: '#', scope: 'comment.line.number-sign.dockerfile' },
      {
        line: '    && rm -rf /var/lib/apt/lists/*',
        token: '    && rm -rf /var/lib/apt/lists/*',
        scope: 'meta.instruction.dockerfile',
      },
    ]);
  });
});

describe('Dockerfile grammar: variables.Dockerfile', () => {
  it('$VAR and ${VAR:-default}, escapes, and no expansion in single quotes', () => {
    const from = 'FROM ${BASE_IMAGE:-node:22} AS base';
    const run = 'RUN echo "$HOME and ${HOME}" && echo \'$NOT_EXPANDED\' && echo \\$LITERAL';
    check('variables.Dockerfile', [
      { line: from, token: '${', scope: 'punctuation.definition.variable.begin.dockerfile' },
      { line: from, token: 'BASE_IMAGE', scope: 'variable.other.dockerfile' },
      { line: from, token: ':-', scope: 'keyword.operator.expansion.dockerfile' },
      { line: from, token: 'node:22', scope: 'string.unquoted.expansion-word.dockerfile' },
      { line: from, token: '}', scope: 'punctuation.definition.variable.end.dockerfile' },
      { line: from, token: 'base', scope: 'entity.name.function.stage.dockerfile' },
      {
        line: 'ENV PATH="/opt/venv/bin:$PATH" HOME=/home/app',
        token: 'PATH',
        nth: 1,
        scope: 'variable.other.dockerfile',
      },
      {
        line: 'ENV PATH="/opt/venv/bin:$PATH" HOME=/home/app',
        token: 'PATH',
        nth: 1,
        scope: 'string.quoted.double.dockerfile',
      },
      {
        line: 'ENV PATH="/opt/venv/bin:$PATH" HOME=/home/app',
        token: 'HOME',
        scope: 'variable.other.definition.dockerfile',
      },
      { line: run, token: '$', scope: 'punctuation.definition.variable.dockerfile' },
      { line: run, token: 'HOME', scope: 'variable.other.dockerfile' },
      { line: run, token: 'HOME', nth: 1, scope: 'variable.other.dockerfile' },
      { line: run, token: '$NOT_EXPANDED', scope: 'string.quoted.single.dockerfile' },
      { line: run, token: '$NOT_EXPANDED', scope: 'variable.other.dockerfile', absent: true },
      { line: run, token: '\\$', scope: 'constant.character.escape.dockerfile' },
      { line: 'CMD echo "shell form" $PORT', token: 'PORT', scope: 'variable.other.dockerfile' },
    ]);
  });

  it('a shell test is not JSON form; SHELL is; lowercase and ONBUILD instructions are keywords; a late directive is a comment', () => {
    const test = 'RUN if [ "$CI" = "true" ]; then echo ci; fi';
    check('variables.Dockerfile', [
      { line: test, token: ' if [ ', scope: 'meta.structure.array.json.dockerfile', absent: true },
      { line: test, token: 'true', scope: 'string.quoted.double.dockerfile' },
      {
        line: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        token: 'pipefail',
        scope: 'string.quoted.double.json.dockerfile',
      },
      { line: 'onbuild run make', token: 'onbuild', scope: 'keyword.control.onbuild.dockerfile' },
      { line: 'onbuild run make', token: 'run', scope: 'keyword.other.special-method.dockerfile' },
      {
        line: '# syntax=docker/dockerfile:1',
        token: ' syntax=docker/dockerfile:1',
        scope: 'comment.line.number-sign.dockerfile',
      },
    ]);
    check('late-directive.Dockerfile', [
      {
        line: '# syntax=docker/dockerfile:1',
        token: ' syntax=docker/dockerfile:1',
        scope: 'comment.line.number-sign.dockerfile',
      },
      { line: 'FROM scratch', token: 'scratch', scope: 'entity.name.type.image.dockerfile' },
    ]);
  });
});

describe('Dockerfile grammar: our own snippets', () => {
  for (const snippet of Object.values(DOCKERFILE_SNIPPETS)) {
    it(`${snippet.prefix}: every line is a directive, a comment or part of an instruction; builds end in JSON form`, () => {
      const text = expandSnippet(snippet.body.join('\n'));
      const lines = text.split('\n');
      tokenize(text).forEach((tokens, index) => {
        if (lines[index].trim() === '') return;
        const scopes = new Set(tokens.flatMap((token) => token.scopes));
        assert.ok(
          ['meta.directive.dockerfile', 'comment.line.number-sign.dockerfile', 'meta.instruction.dockerfile'].some(
            (scope) => scopes.has(scope),
          ),
          `line ${index + 1} ${JSON.stringify(lines[index])} is outside every instruction`,
        );
      });
      if (!snippet.isFileTemplate) return; // a fragment, not a whole build
      const last = tokenize(lines.filter((line) => line.trim() !== '').at(-1) ?? '')[0];
      assert.ok(
        last.some((token) => token.scopes.includes('meta.structure.array.json.dockerfile')),
        `${snippet.prefix} ends in JSON form`,
      );
    });
  }
});

describe('Dockerfile grammar contribution', () => {
  it('replaces the built-in grammar: same scopeName, for the dockerfile language', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars?: Array<{ language?: string; scopeName: string; path: string }> };
    };
    assert.deepEqual(manifest.contributes.grammars, [
      { language: 'dockerfile', scopeName: 'source.dockerfile', path: `./${GRAMMAR}` },
    ]);
    assert.equal(
      (JSON.parse(readFileSync(join(ROOT, GRAMMAR), 'utf8')) as { scopeName: string }).scopeName,
      'source.dockerfile',
    );
  });
});
