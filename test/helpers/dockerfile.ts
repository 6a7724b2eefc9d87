import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../../common/src/contract';
import { applyEdits, createLanguageService, type Finding } from '../../server/src/service';
import { codesAndRanges } from './service';

let counter = 0;

export interface DockerfileOptions {
  /** Files beside the Dockerfile, by name (`.hadolint.yaml`, `.dockerignore`), or by absolute path. */
  files?: Record<string, string>;
  settings?: unknown;
  name?: string;
}

/** A fresh Dockerfile document in its own folder (`/work/<n>/Dockerfile`), so nearby files never leak between tests. */
export function makeDockerfile(
  text: string,
  options: DockerfileOptions = {},
): { document: TextDocument; folder: string } {
  counter++;
  const folder = `/work/case${counter}`;
  return {
    document: TextDocument.create(`file://${folder}/${options.name ?? 'Dockerfile'}`, 'dockerfile', 1, text),
    folder,
  };
}

export function serviceFor(folder: string, options: DockerfileOptions = {}) {
  const files = new Map<string, string>();
  for (const [name, content] of Object.entries(options.files ?? {}))
    files.set(name.startsWith('/') ? name : `${folder}/${name}`, content);
  const service = createLanguageService({ fileSystem: { readFile: (path) => files.get(path.replace(/\\/g, '/')) } });
  service.configure(resolveSettings(options.settings ?? {}));
  return service;
}

export function check(text: string, options: DockerfileOptions = {}): Finding[] {
  const { document, folder } = makeDockerfile(text, options);
  return serviceFor(folder, options).validate(document);
}

/** `code@line:col-line:col` for the findings with this code. */
export function rangesOf(text: string, code: string, options: DockerfileOptions = {}): string[] {
  return codesAndRanges(check(text, options)).filter((entry) => entry.startsWith(`${code}@`));
}

/** Applies the preferred fix (or the one titled `title`) of the first finding with `code`. */
export function fix(text: string, code: string, title?: string, options: DockerfileOptions = {}): string {
  const findings = check(text, options);
  const found = findings.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code} finding; got ${codesAndRanges(findings).join(', ') || 'none'}`);
  const chosen = title
    ? found.fixes.find((candidate) => candidate.title === title)
    : found.fixes.find((candidate) => candidate.isPreferred);
  if (!chosen)
    throw new Error(
      `no fix ${title ?? '(preferred)'} on ${code}; fixes: ${found.fixes.map((candidate) => candidate.title).join(', ') || 'none'}`,
    );
  return applyEdits(text, chosen.edits);
}

/** Strips the common indentation of a template so Dockerfiles can be written indented in the test. */
export function df(strings: TemplateStringsArray, ...values: unknown[]): string {
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
