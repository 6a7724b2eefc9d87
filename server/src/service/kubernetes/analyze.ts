import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import type { YAMLError } from 'yaml';
import type { Finding } from '../types';
import { SOURCE } from '../types';
import { declaresKubernetesKind, isKnownManifest, ManifestDocument, mentionsKubernetesKind } from './manifest';
import { KUBERNETES_RULES } from './rules';
import { validateAgainstSchema } from './schemaValidation';
import { summarize, type ManifestSummary } from './summary';

export const YAML_CODES = {
  syntax: 'yaml/syntax',
  aliasLimit: 'yaml/alias-limit',
  notChecked: 'yaml/not-checked',
} as const;

/** What one YAML document yields: findings in the document's own coordinates (line 0 = its first line). */
export interface DocumentAnalysis {
  findings: Finding[];
  /** What the workspace index keeps of a Deployment or HPA that parsed; undefined for anything else. */
  summary?: ManifestSummary;
}

const NOTHING: DocumentAnalysis = { findings: [] };

/**
 * Only what the workspace index needs (the summary), for files that are not open: no schema validation, no rules.
 * Indexing a large workspace then costs about one parse per document.
 */
export function summarizeYamlDocument(text: string): DocumentAnalysis {
  if (!mentionsKubernetesKind(text)) return NOTHING;
  const manifest = new ManifestDocument(text);
  if (!isKnownManifest(manifest) || manifest.document.errors.length > 0) return NOTHING;
  return { findings: [], summary: summarize(manifest) };
}

/**
 * Analyses one YAML document of a file: syntax, schema and rules. Pure: the same text always gives the same result,
 * which is what lets the caller cache it by text.
 */
export function analyzeYamlDocument(text: string): DocumentAnalysis {
  if (!mentionsKubernetesKind(text)) return NOTHING;
  const manifest = new ManifestDocument(text);
  // Too large or too deeply nested to parse (issue 15): said once, as information, when it plainly is one of ours.
  if (manifest.skipped) {
    const note = finding(YAML_CODES.notChecked, manifest.skipped, manifest.rangeAt(0, manifest.lineEnd(0) - 1), DiagnosticSeverity.Information);
    return declaresKubernetesKind(text) ? { findings: [note] } : NOTHING;
  }
  const syntax = [...manifest.document.errors].map((error) => syntaxFinding(manifest, error));
  if (!isKnownManifest(manifest)) {
    // Not (recognisably) ours: report broken YAML only when the text plainly declares one of our kinds.
    return syntax.length > 0 && declaresKubernetesKind(text) ? { findings: syntax } : NOTHING;
  }
  // Schema and rules on a half-parsed document mostly repeat the syntax error in other words: wait until it parses.
  if (syntax.length > 0) return { findings: syntax };
  const plain = manifest.plain();
  if (plain.error !== undefined) {
    return {
      findings: [
        ...syntax,
        finding(YAML_CODES.aliasLimit, `This document expands too many aliases to validate (${plain.error})`, manifest.rangeAt(0, manifest.lineEnd(0) - 1), DiagnosticSeverity.Error),
      ],
    };
  }
  const ruleFindings: Finding[] = [];
  for (const rule of KUBERNETES_RULES) {
    if (!rule.kinds.includes(manifest.kind)) continue;
    for (const found of rule.check(manifest)) {
      ruleFindings.push({
        range: found.range,
        message: found.message,
        severity: found.severity ?? rule.severity,
        code: rule.id,
        source: SOURCE,
        fixes: found.fixes ?? [],
        ...(found.data ? { data: found.data } : {}),
      });
    }
  }
  // A rule that speaks about the very node a schema error points at says it better: keep the rule's finding only.
  const claimed = new Set(ruleFindings.map((found) => rangeKey(found.range)));
  const schema = validateAgainstSchema(manifest).filter((found) => !claimed.has(rangeKey(found.range)));
  return { findings: [...ruleFindings, ...schema].sort(byPosition), summary: summarize(manifest) };
}

function syntaxFinding(manifest: ManifestDocument, error: YAMLError): Finding {
  const [start, end] = error.pos;
  const message = error.message.split('\n')[0];
  return finding(YAML_CODES.syntax, message, manifest.rangeAt(start, Math.max(end, start + 1)), DiagnosticSeverity.Error);
}

function finding(code: string, message: string, range: Range, severity: DiagnosticSeverity): Finding {
  return { code, message, range, severity, source: SOURCE, fixes: [] };
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
