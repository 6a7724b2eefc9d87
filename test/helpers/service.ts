import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { resolveSettings } from '../../common/src/contract';
import {
  applyEdits,
  createLanguageService,
  toDiagnostic,
  type Finding,
  type ShipshapeLanguage,
} from '../../server/src/service';

let counter = 0;

/** A fresh document with a unique URI, so no test sees another's cache. */
export function makeDocument(text: string, language: ShipshapeLanguage = 'yaml', name = 'test.yaml'): TextDocument {
  counter++;
  return TextDocument.create(`file:///fixtures/${counter}/${name}`, language, 1, text);
}

export function validate(
  text: string,
  options: { language?: ShipshapeLanguage; name?: string; settings?: unknown } = {},
): Finding[] {
  const service = createLanguageService();
  service.configure(resolveSettings(options.settings ?? {}));
  return service.validate(makeDocument(text, options.language, options.name));
}

/** The findings as `code@line:col-line:col` strings: exact ranges, compared whole. */
export function codesAndRanges(findings: readonly Finding[]): string[] {
  return findings.map(
    (found) =>
      `${found.code}@${found.range.start.line}:${found.range.start.character}-${found.range.end.line}:${found.range.end.character}`,
  );
}

/**
 * Settings for tests of one rule: the advisory rules that fire on any minimal manifest (requests, probes, hardening
 * hints, image tags) are switched off, through the same per-rule setting users have. Known-good tests keep all on.
 */
export const ADVISORY_OFF = {
  rules: {
    'k8s/resources-requests': 'off',
    'k8s/probes': 'off',
    'k8s/run-as-non-root': 'off',
    'k8s/privilege-escalation': 'off',
    'k8s/read-only-root-fs': 'off',
    'k8s/image-tag': 'off',
  },
};

/** The titles of a finding's fixes, without the "Ignore ... here" one that every ignorable finding has. */
export function fixTitles(found: Finding | undefined): string[] {
  return (found?.fixes ?? []).map((fix) => fix.title).filter((title) => !/^Ignore \S+ here$/.test(title));
}

/**
 * Applies the fix with the given title (or the preferred one) of the first finding with `code`, taken from the
 * code actions the service offers for that diagnostic: the path an editor's quick fix takes.
 */
export function applyFix(
  text: string,
  code: string,
  title?: string,
  options: { language?: ShipshapeLanguage; name?: string; settings?: unknown } = {},
): string {
  const service = createLanguageService();
  service.configure(resolveSettings(options.settings ?? {}));
  const document = makeDocument(text, options.language, options.name);
  const findings = service.validate(document);
  const found = findings.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code} finding; got ${codesAndRanges(findings).join(', ') || 'none'}`);
  const actions = service.codeActions(document, found.range, [toDiagnostic(found)]);
  const action = title
    ? actions.find((candidate) => candidate.title === title)
    : actions.find((candidate) => candidate.isPreferred);
  const edits = action?.edit?.changes?.[document.uri];
  if (!edits)
    throw new Error(
      `no fix ${title ?? '(preferred)'} on ${code}; fixes: ${actions.map((candidate) => candidate.title).join(', ') || 'none'}`,
    );
  return applyEdits(text, edits);
}

/**
 * Text with one `|` marking a cursor: returns the text without it and the cursor's position. Tests read like the
 * editor state they describe instead of carrying magic line and column numbers.
 */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  if (offset === -1) throw new Error('no | cursor in the fixture');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** Strips a common leading indentation so fixtures can be indented with the test code. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce(
    (text, part, index) => text + part + (index < values.length ? String(values[index]) : ''),
    '',
  );
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length),
  );
  return lines
    .map((line) => line.slice(indent))
    .join('\n')
    .replace(/[ \t]+$/, '');
}

/**
 * The range of the n-th occurrence of `needle` in `text`, as `line:col-line:col` (the form codesAndRanges uses), so
 * exact-range assertions name the text they point at instead of magic numbers.
 */
export function spanOf(text: string, needle: string, occurrence = 1): string {
  const offset = nthIndexOf(text, needle, occurrence);
  return span(text, offset, offset + needle.length);
}

/** The span of the value written after the n-th `key: `, up to the end of its line. */
export function spanOfValue(text: string, key: string, occurrence = 1): string {
  const start = nthIndexOf(text, `${key}: `, occurrence) + key.length + 2;
  const lineEnd = text.indexOf('\n', start);
  return span(text, start, lineEnd === -1 ? text.length : lineEnd);
}

function nthIndexOf(text: string, needle: string, occurrence: number): number {
  let offset = -1;
  for (let count = 0; count < occurrence; count++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  return offset;
}

function span(text: string, start: number, end: number): string {
  const position = (at: number) => {
    const before = text.slice(0, at).split('\n');
    return `${before.length - 1}:${before[before.length - 1].length}`;
  };
  return `${position(start)}-${position(end)}`;
}

/** A Deployment that every rule accepts: the base that rule tests break one thing in. */
export const HARDENED_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: MODE
              value: production
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
          readinessProbe:
            tcpSocket:
              port: http
          livenessProbe:
            tcpSocket:
              port: http
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
`;

export const HPA_FOR_WEB = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;
