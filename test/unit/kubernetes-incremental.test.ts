import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService, toDiagnostic, type Finding } from '../../server/src/service';
import { summarizeYamlDocument } from '../../server/src/service/kubernetes/analyze';
import type { ManifestSummary } from '../../server/src/service/kubernetes/summary';
import {
  LOOKUP_FIELDS,
  WorkspaceIndex,
  type IndexedManifest,
} from '../../server/src/service/kubernetes/workspaceIndex';
import { WORKSPACE_RULES } from '../../server/src/service/kubernetes/workspaceRules';
import { YamlFileAnalyzer } from '../../server/src/service/kubernetes/yamlFile';

/**
 * The caches of an edit (documents found again by comparison, the index's entries taking new summaries in place,
 * workspace-rule findings reused while the index's shape holds, diagnostics made once per finding) must give what a
 * fresh service gives on the same text, edit after edit, in the edited file and in the other open file.
 */

/** One group of cross-document relations: a Deployment with its Service, PDB and HPA, a StatefulSet and its headless Service. */
function group(index: number): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${index}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-${index}
  template:
    metadata:
      labels:
        app: web-${index}
    spec:
      containers:
        - name: web
          image: registry.example.com/web-${index}:1.0
          ports:
            - name: http
              containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web-${index}
spec:
  selector:
    app: web-${index}
  ports:
    - port: 80
      targetPort: http
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-${index}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web-${index}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web-${index}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web-${index}
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-${index}
spec:
  serviceName: db-${index}
  replicas: 1
  selector:
    matchLabels:
      app: db-${index}
  template:
    metadata:
      labels:
        app: db-${index}
    spec:
      containers:
        - name: db
          image: registry.example.com/db-${index}:1.0
---
apiVersion: v1
kind: Service
metadata:
  name: db-${index}
spec:
  clusterIP: None
  selector:
    app: db-${index}
  ports:
    - port: 5432
`;
}

/** Edits that change what rules across documents see: replica counts, requests, labels, names, targets, lines. */
const EDITS: Array<(text: string, pick: (count: number) => number) => string> = [
  (text, pick) => replaceNth(text, /replicas: \d+/g, pick, () => `replicas: ${pick(4)}`),
  (text, pick) => replaceNth(text, / {14}cpu: 100m\n/g, pick, () => ''),
  (text, pick) => replaceNth(text, / {10}memory: 64Mi/g, pick, () => '          cpu: 100m'),
  (text, pick) => replaceNth(text, /app: (web|db)-\d+/g, pick, (found) => `${found}x`),
  (text, pick) => replaceNth(text, /name: (web|db)-\d+/g, pick, (found) => `${found}y`),
  (text, pick) => replaceNth(text, /targetPort: http/g, pick, () => 'targetPort: htp'),
  (text, pick) => replaceNth(text, /minAvailable: 1/g, pick, () => 'minAvailable: 2'),
  (text, pick) => replaceNth(text, /serviceName: db-\d+/g, pick, () => 'serviceName: nowhere'),
  (text, pick) => replaceNth(text, /clusterIP: None\n/g, pick, () => ''),
  (text, pick) => replaceNth(text, /metadata:\n/g, pick, () => 'metadata:\n  namespace: other\n'),
  (text, pick) => replaceNth(text, /\n/g, pick, () => '\n\n'),
  (text, pick) => replaceNth(text, /---\n/g, pick, () => ''),
  (text, pick) => {
    const documents = text.split(/^(?=---\n)/m);
    const from = pick(documents.length);
    documents.splice(pick(documents.length), 0, documents[from]);
    return documents.join('');
  },
];

function replaceNth(
  text: string,
  pattern: RegExp,
  pick: (count: number) => number,
  replacement: (found: string) => string,
): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const match = matches[pick(matches.length)];
  return text.slice(0, match.index) + replacement(match[0]) + text.slice(match.index! + match[0].length);
}

function random(seed: number): (count: number) => number {
  let state = seed;
  return (count) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * count);
  };
}

/** Findings and their diagnostics, as the server publishes them, as JSON (fixes included). */
function published(findings: readonly Finding[]): string {
  return JSON.stringify({ findings, diagnostics: findings.map(toDiagnostic) });
}

describe('an edited file is checked as a fresh service checks it (caches across edits)', () => {
  it('the edited file and another open file of the same folder, after each of 120 random edits', () => {
    const pick = random(11);
    const service = createLanguageService();
    service.configure(resolveSettings({}));
    const edited = 'file:///ws/app/all.yaml';
    const other = 'file:///ws/app/hpa.yaml';
    let text = [0, 1, 2, 3].map(group).join('');
    const otherText = group(1).split(/^(?=---\n)/m)[3] + group(9).split(/^(?=---\n)/m)[3];
    let version = 1;
    service.validate(TextDocument.create(other, 'yaml', version, otherText));
    for (let round = 0; round < 120; round++) {
      text = EDITS[pick(EDITS.length)](text, pick);
      version++;
      const editedFindings = service.validate(TextDocument.create(edited, 'yaml', version, text));
      const otherFindings = service.validate(TextDocument.create(other, 'yaml', version, otherText));
      const fresh = createLanguageService();
      fresh.configure(resolveSettings({}));
      fresh.validate(TextDocument.create(other, 'yaml', 1, otherText));
      const expected = fresh.validate(TextDocument.create(edited, 'yaml', 1, text));
      const expectedOther = fresh.validate(TextDocument.create(other, 'yaml', 1, otherText));
      assert.equal(published(editedFindings), published(expected), `round ${round}`);
      assert.equal(published(otherFindings), published(expectedOther), `round ${round} (other file)`);
    }
  });

  it("an edit that keeps every lookup (a request removed) still updates the other file's findings", () => {
    const service = createLanguageService();
    service.configure(resolveSettings({}));
    const deployment = group(0).split(/^(?=---\n)/m)[0];
    const hpa = group(0).split(/^(?=---\n)/m)[3];
    const validate = (uri: string, version: number, text: string) =>
      service.validate(TextDocument.create(`file:///ws/app/${uri}`, 'yaml', version, text));
    validate('deploy.yaml', 1, deployment);
    assert.deepEqual(
      validate('hpa.yaml', 1, hpa).filter((found) => found.code === 'k8s/hpa-target-no-requests'),
      [],
    );
    validate('deploy.yaml', 2, deployment.replace('              cpu: 100m\n', ''));
    const onHpa = validate('hpa.yaml', 2, hpa).filter((found) => found.code === 'k8s/hpa-target-no-requests');
    assert.equal(onHpa.length, 1);
    assert.match(onHpa[0].message, /has no cpu request/);
    validate('deploy.yaml', 3, deployment);
    assert.deepEqual(
      validate('hpa.yaml', 3, hpa).filter((found) => found.code === 'k8s/hpa-target-no-requests'),
      [],
    );
  });
});

describe("what the workspace rules' related() read of other entries (WorkspaceIndex keeps its tables while it holds)", () => {
  it('every rule, on every kind it reports on, reads only the LOOKUP_FIELDS of the entries it did not start from', () => {
    const files: Record<string, string> = {
      'file:///ws/app/all.yaml': [0, 1].map(group).join('') + group(2).replaceAll('app: web-2', 'app: web-0'),
      'file:///ws/other/more.yaml':
        group(0) + '---\napiVersion: db.example.com/v1\nkind: Cluster\nmetadata:\n  name: c\n',
    };
    const summaries = new Map<string, Array<{ line: number; summary: ManifestSummary }>>();
    for (const [uri, text] of Object.entries(files))
      summaries.set(
        uri,
        new YamlFileAnalyzer(summarizeYamlDocument)
          .analyze(text)
          .documents.filter((document) => document.analysis.summary)
          .map((document) => ({ line: document.chunk.line, summary: document.analysis.summary! })),
      );
    const read = new Set<string>();
    const recording = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(object, property, receiver) {
          if (typeof property === 'string') read.add(property);
          return Reflect.get(object, property, receiver) as unknown;
        },
      });
    let checked = 0;
    for (const [uri, own] of summaries) {
      for (const { line, summary } of own) {
        for (const rule of WORKSPACE_RULES) {
          if (!(rule.kinds as readonly string[]).includes(summary.kind)) continue;
          // A fresh index per question, every summary but the one asked about recording what is read of it.
          const index = new WorkspaceIndex();
          let entry: IndexedManifest | undefined;
          for (const [otherUri, others] of summaries) {
            const entries = others.map((other) => {
              const indexed = { uri: otherUri, line: other.line, unit: otherUri.slice(0, otherUri.lastIndexOf('/')) };
              if (otherUri === uri && other.line === line) return (entry = { ...indexed, summary: other.summary });
              return { ...indexed, summary: recording(other.summary) };
            });
            index.set(otherUri, entries);
          }
          const context = {
            uri,
            own: index.entries(uri),
            index,
            strictTargets: true,
            builds: { builtBy: () => undefined },
          };
          rule.related(entry!, context);
          checked++;
        }
      }
    }
    assert.ok(checked > 30, `asked ${checked} times`);
    assert.ok(read.has('podLabels') && read.has('kind'), 'the proxies record reads');
    const allowed = new Set<string>([...LOOKUP_FIELDS, 'constructor', 'toJSON', 'then']);
    assert.deepEqual(
      [...read].filter((field) => !allowed.has(field)),
      [],
      'related() read these of other entries: add them to LOOKUP_FIELDS',
    );
  });
});

describe('warming the analysis up on this thread (KubernetesService.warmUp)', () => {
  it('analyses one document per call, a bounded number in all, and leaves the file as validated', () => {
    const service = createLanguageService();
    service.configure(resolveSettings({}));
    const document = TextDocument.create('file:///ws/warm/all.yaml', 'yaml', 1, [0, 1, 2].map(group).join(''));
    const before = service.validate(document);
    const dockerfile = TextDocument.create('file:///ws/warm/Dockerfile', 'dockerfile', 1, 'FROM alpine:3.20\n');
    assert.equal(service.warmUp(dockerfile), false, 'YAML only');
    let calls = 1;
    while (service.warmUp(document)) calls++;
    assert.ok(calls > 1 && calls <= 30, `${calls} calls`);
    assert.equal(service.warmUp(document), false);
    const after = service.validate(document);
    assert.equal(after.length, before.length);
    assert.ok(
      after.every((found, index) => found === before[index]),
      'the same findings, from the cache',
    );
  });
});

describe('suppression comments known per document (PlacedDocument.mentionsIgnore)', () => {
  it('an edit that adds or removes a comment in one document of many is seen, as by a fresh service', () => {
    const service = createLanguageService();
    service.configure(resolveSettings({}));
    const plain = [0, 1, 2].map(group).join('');
    const commented = plain.replace('  replicas: 2\n', '  # shipshape-ignore\n  replicas: 2\n');
    const fileWide = `${plain}# shipshape-ignore-file\n`;
    let document = TextDocument.create('file:///ws/suppress/all.yaml', 'yaml', 1, plain);
    let version = 1;
    for (const text of [plain, commented, plain, fileWide, plain]) {
      document = TextDocument.update(document, [{ text }], ++version);
      const fresh = createLanguageService();
      fresh.configure(resolveSettings({}));
      const expected = fresh.validate(TextDocument.create(document.uri, 'yaml', version, text)).map(toDiagnostic);
      assert.deepEqual(service.validate(document).map(toDiagnostic), expected);
    }
    assert.ok(
      service.validate(TextDocument.create('file:///ws/suppress/other.yaml', 'yaml', 1, fileWide)).length <
        service.validate(TextDocument.create('file:///ws/suppress/other2.yaml', 'yaml', 1, plain)).length,
      'the file-wide comment suppresses findings',
    );
  });
});
