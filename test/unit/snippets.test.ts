import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, InsertTextFormat, CompletionItemKind, type TextEdit } from 'vscode-languageserver-types';
import { parseAllDocuments } from 'yaml';
import {
  DOCKERFILE_SNIPPETS,
  expandSnippet,
  KUBERNETES_SNIPPETS,
  snippetCompletions,
  type SnippetFile,
} from '../../server/src/service/snippets';
import { codesAndRanges, validate, withCursor, yaml } from '../helpers/service';

const ROOT = join(__dirname, '..', '..', '..');

/** VS Code's snippet files, written from the server's snippets: `SHIPSHAPE_UPDATE_SNIPPETS=1` rewrites them. */
const FILES: ReadonlyArray<{ path: string; language: string; snippets: SnippetFile }> = [
  { path: 'snippets/kubernetes.json', language: 'yaml', snippets: KUBERNETES_SNIPPETS },
  { path: 'snippets/dockerfile.json', language: 'dockerfile', snippets: DOCKERFILE_SNIPPETS },
];

/** What the editor does on accepting a snippet: its lines after the first take the cursor line's indentation. */
function insertAt(marked: string, snippet: string): string {
  const { text, position } = withCursor(marked);
  const lines = text.split('\n');
  const line = lines[position.line];
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const inserted = snippet
    .split('\n')
    .map((part, index) => (index === 0 || part === '' ? part : indent + part))
    .join('\n');
  lines[position.line] = line.slice(0, position.character) + inserted + line.slice(position.character);
  return lines.join('\n');
}

function body(snippets: SnippetFile, prefix: string): string {
  const found = Object.values(snippets).find((snippet) => snippet.prefix === prefix);
  if (!found) throw new Error(`no snippet ${prefix}`);
  return found.body.join('\n');
}

/** Every choice of a body: `${n|a,b|}` -> n and its options. */
function choices(text: string): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const match of text.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) found.set(Number(match[1]), match[2].split(','));
  return found;
}

function serious(findings: ReturnType<typeof validate>): string[] {
  return codesAndRanges(
    findings.filter(
      (found) => found.severity === DiagnosticSeverity.Error || found.severity === DiagnosticSeverity.Warning,
    ),
  );
}

// A hardened Deployment (every rule accepts it) whose port name and number do not collide with the fragments'.
const CONTAINER_HOST = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: host
  spec:
    selector:
      matchLabels:
        app: host
    template:
      metadata:
        labels:
          app: host
      spec:
        containers:
          - name: host
            image: registry.example.com/host:1.0.0
            ports:
              - name: admin
                containerPort: 9090
            readinessProbe:
              tcpSocket:
                port: admin
            livenessProbe:
              tcpSocket:
                port: admin
            securityContext:
              runAsNonRoot: true
              allowPrivilegeEscalation: false
              readOnlyRootFilesystem: true
            resources:
              requests:
                cpu: 50m
                memory: 64Mi
            env:
              - name: A
                value: "a"
`;

/** Where each fragment goes in a real Deployment, the cursor marked with `|`. */
const without = (text: string, block: RegExp): string => {
  assert.match(text, block);
  return text.replace(block, '\n');
};
// The probe fragment's default port is `http`: here the host's one port has that name (k8s/probe-port checks it).
const NO_PROBES = without(CONTAINER_HOST, /\n {10}readinessProbe:\n[^]*?(?=\n {10}securityContext:)\n/).replace(
  '- name: admin',
  '- name: http',
);
const KUBERNETES_HOSTS: Record<string, string> = {
  'k8s-container': `${CONTAINER_HOST}\n        |`,
  'k8s-probe': `${NO_PROBES}\n          |`,
  'k8s-resources': `${without(CONTAINER_HOST, /\n {10}resources:\n {12}requests:\n {14}cpu: 50m\n {14}memory: 64Mi\n/)}\n          |`,
  'k8s-env': `${CONTAINER_HOST.replace(/\n {10}env:[^]*$/, '')}\n          |`,
  'k8s-env-secret': `${CONTAINER_HOST}\n            |`,
};

/**
 * The probe fragment adds one probe (its choice) to a container that has none, so the container still lacks the
 * other: k8s/probes (information) is off for that one check, every other rule stays on.
 */
const HOST_SETTINGS: Record<string, unknown> = { 'k8s-probe': { rules: { 'k8s/probes': 'off' } } };

const DOCKERFILE_HOST = yaml`
  # syntax=docker/dockerfile:1
  FROM node:22-bookworm-slim
  WORKDIR /app
  COPY package.json package-lock.json ./
  |
  COPY . .
  USER node
  CMD ["node", "server.js"]
`;

const WHOLE_FILES = Object.values(KUBERNETES_SNIPPETS)
  .filter((snippet) => snippet.isFileTemplate)
  .map((snippet) => snippet.prefix);

describe('snippet files', () => {
  for (const file of FILES) {
    it(`${file.path} is the server's ${file.language} snippets`, () => {
      const expected = `${JSON.stringify(file.snippets, null, 2)}\n`;
      if (process.env.SHIPSHAPE_UPDATE_SNIPPETS === '1') writeFileSync(join(ROOT, file.path), expected);
      const actual = readFileSync(join(ROOT, file.path), 'utf8');
      assert.equal(
        actual,
        expected,
        `${file.path} is out of date: edit server/src/service/snippets/, then run the tests with SHIPSHAPE_UPDATE_SNIPPETS=1`,
      );
    });
  }

  it('package.json contributes them to VS Code for their languages', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { snippets?: Array<{ language: string; path: string }> };
    };
    assert.deepEqual(
      manifest.contributes.snippets,
      FILES.map((file) => ({ language: file.language, path: `./${file.path}` })),
    );
  });

  it('have unique prefixes', () => {
    const prefixes = FILES.flatMap((file) => Object.values(file.snippets).map((snippet) => snippet.prefix));
    assert.deepEqual(prefixes, [...new Set(prefixes)]);
  });
});

describe('Kubernetes snippets pass our own checker', () => {
  it('every fragment has a host to be checked in', () => {
    const fragments = Object.values(KUBERNETES_SNIPPETS)
      .map((snippet) => snippet.prefix)
      .filter((prefix) => !WHOLE_FILES.includes(prefix));
    assert.deepEqual(fragments.sort(), Object.keys(KUBERNETES_HOSTS).sort());
  });

  for (const snippet of Object.values(KUBERNETES_SNIPPETS)) {
    const text = snippet.body.join('\n');
    const place = (expanded: string): string =>
      WHOLE_FILES.includes(snippet.prefix) ? expanded : insertAt(KUBERNETES_HOSTS[snippet.prefix], expanded);

    it(`${snippet.prefix}, expanded with its defaults, has no diagnostics at all`, () => {
      const expanded = place(expandSnippet(text));
      assert.deepEqual(codesAndRanges(validate(expanded, { settings: HOST_SETTINGS[snippet.prefix] })), [], expanded);
      assert.ok(!expanded.includes('$'), `nothing left unexpanded:\n${expanded}`);
    });

    const options = choices(text);
    if (options.size > 0) {
      it(`${snippet.prefix} is clean with every choice (choices taken in step)`, () => {
        const widest = Math.max(...[...options.values()].map((list) => list.length));
        for (let step = 0; step < widest; step++) {
          const values = Object.fromEntries(
            [...options].map(([index, list]) => [index, list[Math.min(step, list.length - 1)]]),
          );
          const expanded = place(expandSnippet(text, { values }));
          assert.deepEqual(
            codesAndRanges(validate(expanded, { settings: HOST_SETTINGS[snippet.prefix] })),
            [],
            expanded,
          );
        }
      });
    }
  }

  it('the fragments are real: the host Deployment gains what they add', () => {
    const container = insertAt(
      KUBERNETES_HOSTS['k8s-container'],
      expandSnippet(body(KUBERNETES_SNIPPETS, 'k8s-container')),
    );
    const containers = parseAllDocuments(container)[0].toJS().spec.template.spec.containers;
    assert.deepEqual(
      containers.map((entry: { name: string }) => entry.name),
      ['host', 'app'],
    );
    const probe = insertAt(KUBERNETES_HOSTS['k8s-probe'], expandSnippet(body(KUBERNETES_SNIPPETS, 'k8s-probe')));
    assert.deepEqual(parseAllDocuments(probe)[0].toJS().spec.template.spec.containers[0].readinessProbe.httpGet, {
      path: '/healthz',
      port: 'http',
    });
    const secret = insertAt(
      KUBERNETES_HOSTS['k8s-env-secret'],
      expandSnippet(body(KUBERNETES_SNIPPETS, 'k8s-env-secret')),
    );
    assert.equal(
      parseAllDocuments(secret)[0].toJS().spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key,
      'database-password',
    );
  });
});

describe('the app name is one linked tab stop', () => {
  const NAME = 'linked-name';
  const expand = (prefix: string) =>
    parseAllDocuments(expandSnippet(body(KUBERNETES_SNIPPETS, prefix), { values: { 1: NAME } })).map((document) =>
      document.toJS(),
    );

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed manifest, read field by field below
  function assertDeploymentLinked(deployment: any): void {
    assert.equal(deployment.metadata.name, NAME);
    assert.equal(deployment.metadata.labels['app.kubernetes.io/name'], NAME);
    assert.equal(deployment.spec.selector.matchLabels['app.kubernetes.io/name'], NAME);
    assert.equal(deployment.spec.template.metadata.labels['app.kubernetes.io/name'], NAME);
    assert.equal(deployment.spec.template.spec.containers[0].name, NAME);
  }

  it('k8s-deployment: name, labels, selector, pod labels and container name', () => {
    assertDeploymentLinked(expand('k8s-deployment')[0]);
  });

  it('k8s-hpa: name and scaleTargetRef', () => {
    const [hpa] = expand('k8s-hpa');
    assert.equal(hpa.metadata.name, NAME);
    assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: NAME });
  });

  it('k8s-app: the Deployment, the Service selector and the HPA target all follow', () => {
    const [deployment, service, hpa] = expand('k8s-app');
    assertDeploymentLinked(deployment);
    assert.equal(service.metadata.name, NAME);
    assert.deepEqual(service.spec.selector, { 'app.kubernetes.io/name': NAME });
    assert.equal(hpa.spec.scaleTargetRef.name, NAME);
  });

  it('the app name is tab stop 1 in the whole-file snippets, so it is the first thing typed', () => {
    for (const prefix of WHOLE_FILES)
      assert.match(body(KUBERNETES_SNIPPETS, prefix), /^(?:(?!\$\{\d).)*\$\{1:my-app\}/s, prefix);
  });
});

describe('Dockerfile snippets pass our own checker', () => {
  for (const snippet of Object.values(DOCKERFILE_SNIPPETS)) {
    it(`${snippet.prefix}, expanded with its defaults, has no errors or warnings`, () => {
      const text = expandSnippet(snippet.body.join('\n'));
      const expanded = snippet.isFileTemplate ? text : insertAt(DOCKERFILE_HOST, text);
      assert.deepEqual(serious(validate(expanded, { language: 'dockerfile', name: 'Dockerfile' })), [], expanded);
    });
  }

  it('the multi-stage builds follow our rules by construction', () => {
    for (const snippet of Object.values(DOCKERFILE_SNIPPETS).filter((candidate) => candidate.isFileTemplate)) {
      const text = expandSnippet(snippet.body.join('\n'));
      const instructions = text.split('\n').filter((line) => /^[A-Z]+ /.test(line));
      assert.ok(
        instructions.filter((line) => line.startsWith('FROM ')).length >= 2,
        `${snippet.prefix} is multi-stage`,
      );
      for (const from of instructions.filter((line) => line.startsWith('FROM ')))
        assert.match(from, /^FROM [^\s:]+:(?!latest)\S+/, `${snippet.prefix} pins ${from}`);
      assert.match(
        instructions.filter((line) => line.startsWith('USER ')).at(-1) ?? '',
        /^USER (?!root|0\b)\S+/,
        `${snippet.prefix} ends as non-root`,
      );
      assert.match(
        instructions.at(-1) ?? '',
        /^(CMD|ENTRYPOINT) \[/,
        `${snippet.prefix} ends with a JSON-form CMD/ENTRYPOINT`,
      );
      assert.ok(!/^ADD /m.test(text) && !/:latest\b/.test(text), snippet.prefix);
      for (const workdir of instructions.filter((line) => line.startsWith('WORKDIR ')))
        assert.match(workdir, /^WORKDIR \//);
    }
  });
});

describe('snippet completion at the start of a file', () => {
  function complete(language: 'yaml' | 'dockerfile', marked: string) {
    const { text, position } = withCursor(marked);
    return snippetCompletions(language, text, position);
  }

  it('offers the whole-file Kubernetes snippets in an empty YAML document, as LSP snippets', () => {
    const items = complete('yaml', '|');
    assert.deepEqual(
      items.map((item) => item.label),
      ['k8s-deployment', 'k8s-hpa', 'k8s-app'],
    );
    const deployment = items.find((item) => item.label === 'k8s-deployment');
    assert.equal(deployment?.kind, CompletionItemKind.Snippet);
    assert.equal(deployment?.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((deployment?.textEdit as TextEdit).newText, body(KUBERNETES_SNIPPETS, 'k8s-deployment'));
  });

  it('replaces the word being typed, blank lines around it or not', () => {
    const items = complete('yaml', '\n  k8s-de|\n\n');
    assert.deepEqual((items[0].textEdit as TextEdit).range, {
      start: { line: 1, character: 2 },
      end: { line: 1, character: 8 },
    });
  });

  it('offers the whole-file Dockerfile snippets in an empty Dockerfile', () => {
    assert.deepEqual(
      complete('dockerfile', 'dock|').map((item) => item.label),
      ['docker-node', 'docker-python', 'docker-go', 'docker-java'],
    );
  });

  it('shows the snippet expanded with its defaults in the documentation', () => {
    const documentation = complete('dockerfile', '|').find((item) => item.label === 'docker-go')?.documentation;
    assert.ok(
      typeof documentation === 'object' && documentation.value.includes('FROM golang:1.23 AS build\n'),
      JSON.stringify(documentation),
    );
  });

  for (const [name, marked] of [
    ['another line has content', 'apiVersion: v1\n|'],
    ['the line holds more than a word', 'kind: |'],
    ['text follows the cursor', 'k8s|-app'],
    ['a comment is above', '# my deployment\n|'],
  ]) {
    it(`offers nothing when ${name}`, () => {
      assert.deepEqual(complete('yaml', marked), []);
    });
  }
});

describe('snippet expansion', () => {
  for (const [source, expected] of [
    ['a $1 b', 'a  b'],
    ['${1:x} and $1', 'x and x'],
    ['$1 then ${1:late}', 'late then late'],
    ['${2|one,two|}$0', 'one'],
    ['${1:outer ${2:inner}}', 'outer inner'],
    ['\\$HOME \\} \\\\', '$HOME } \\'],
    ['${TM_FILENAME_BASE:app}', 'app'],
    ['$UNKNOWN.', '.'],
    ['cost: $ 5 and ${', 'cost: $ 5 and ${'],
  ]) {
    it(`${JSON.stringify(source)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(expandSnippet(source), expected);
    });
  }

  it('takes given values and variables', () => {
    assert.equal(
      expandSnippet('${1:a}-${2|x,y|}-${TM_FILENAME_BASE:f}', {
        values: { 1: 'b', 2: 'y' },
        variables: { TM_FILENAME_BASE: 'web' },
      }),
      'b-y-web',
    );
  });
});
