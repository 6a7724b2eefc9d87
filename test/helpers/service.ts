import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { resolveSettings } from '../../common/src/contract';
import { applyEdits, createLanguageService, type Finding, type ShipshapeLanguage } from '../../server/src/service';

let counter = 0;

/** A fresh document with a unique URI, so no test sees another's cache. */
export function makeDocument(text: string, language: ShipshapeLanguage = 'yaml', name = 'test.yaml'): TextDocument {
  counter++;
  return TextDocument.create(`file:///fixtures/${counter}/${name}`, language, 1, text);
}

export function validate(text: string, options: { language?: ShipshapeLanguage; name?: string; settings?: unknown } = {}): Finding[] {
  const service = createLanguageService();
  service.configure(resolveSettings(options.settings ?? {}));
  return service.validate(makeDocument(text, options.language, options.name));
}

/** The findings as `code@line:col-line:col` strings: exact ranges, compared whole. */
export function codesAndRanges(findings: readonly Finding[]): string[] {
  return findings.map(
    (found) => `${found.code}@${found.range.start.line}:${found.range.start.character}-${found.range.end.line}:${found.range.end.character}`,
  );
}

/** Applies the fix with the given title (or the preferred one) of the first finding with `code`. */
export function applyFix(text: string, code: string, title?: string, options: { language?: ShipshapeLanguage; name?: string } = {}): string {
  const findings = validate(text, options);
  const found = findings.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`no ${code} finding; got ${codesAndRanges(findings).join(', ') || 'none'}`);
  const fix = title ? found.fixes.find((candidate) => candidate.title === title) : found.fixes.find((candidate) => candidate.isPreferred);
  if (!fix) throw new Error(`no fix ${title ?? '(preferred)'} on ${code}; fixes: ${found.fixes.map((candidate) => candidate.title).join(', ') || 'none'}`);
  return applyEdits(text, fix.edits);
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
  const raw = strings.reduce((text, part, index) => text + part + (index < values.length ? String(values[index]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n').replace(/[ \t]+$/, '');
}
