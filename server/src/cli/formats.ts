import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Finding } from '../service';
import { catalogueEntry, docsUrl } from '../service/catalogue';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface FileReport {
  path: string;
  findings: Finding[];
  /** hadolint's `failure-threshold` for this file, when its config sets one. */
  failureThreshold?: string;
}

/** The severities that fail a run at each hadolint `failure-threshold`; without one, errors fail. */
const FAILING: Record<string, ReadonlyArray<ReturnType<typeof severityWord>>> = {
  error: ['error'],
  warning: ['error', 'warning'],
  info: ['error', 'warning', 'information'],
  style: ['error', 'warning', 'information', 'hint'],
  ignore: [],
  none: [],
};

export function fails(report: FileReport): boolean {
  const failing = FAILING[report.failureThreshold ?? 'error'] ?? FAILING.error;
  return report.findings.some((found) => failing.includes(severityWord(found)));
}

const SEVERITY_WORD: Record<DiagnosticSeverity, 'error' | 'warning' | 'information' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function severityWord(found: Finding): 'error' | 'warning' | 'information' | 'hint' {
  return SEVERITY_WORD[found.severity ?? DiagnosticSeverity.Error];
}

/**
 * The fixes that are only suggestions: they write placeholder values or change what a running workload does, so
 * `--fix` and fix-all never apply them; the editor offers them, and the CLI lists them under their finding.
 */
function suggestions(found: Finding): string[] {
  // "Ignore X here" (a pragma or comment) is offered on every Dockerfile finding: not a suggestion worth a line.
  return found.fixes.filter((fix) => !fix.isPreferred && !/^Ignore \S+ here\b/.test(fix.title)).map((fix) => fix.title);
}

/** `file:line:col: severity message [code]`, one line per finding, 1-based like compilers print. */
export function formatText(reports: readonly FileReport[], cwd: string): string {
  const lines: string[] = [];
  let errors = 0;
  let others = 0;
  for (const report of reports) {
    for (const found of report.findings) {
      const { line, character } = found.range.start;
      lines.push(
        `${relative(cwd, report.path) || report.path}:${line + 1}:${character + 1}: ${severityWord(found)} ${found.message} [${found.code}]`,
      );
      for (const title of suggestions(found)) lines.push(`    suggestion (not applied by --fix): ${title}`);
      if (severityWord(found) === 'error') errors++;
      else others++;
    }
  }
  const files = reports.filter((report) => report.findings.length > 0).length;
  lines.push(
    errors + others === 0
      ? `No problems in ${reports.length} file${reports.length === 1 ? '' : 's'}.`
      : `${errors} error${errors === 1 ? '' : 's'}, ${others} other finding${others === 1 ? '' : 's'} in ${files} of ${reports.length} file${reports.length === 1 ? '' : 's'}.`,
  );
  return lines.join('\n') + '\n';
}

/** One object per file: `file` and `diagnostics` (range, severity as a word, code, message, fixes by title). */
export function formatJson(reports: readonly FileReport[], cwd: string): string {
  const output = reports.map((report) => ({
    file: relative(cwd, report.path) || report.path,
    diagnostics: report.findings.map((found) => ({
      range: found.range,
      severity: severityWord(found),
      code: found.code,
      message: found.message,
      fixes: found.fixes.map((fix) => fix.title),
      ...(suggestions(found).length > 0 ? { suggestions: suggestions(found) } : {}),
    })),
  }));
  return JSON.stringify(output, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it. */
export function formatSarif(
  reports: readonly FileReport[],
  cwd: string,
  version: string,
  ruleDescriptions: ReadonlyMap<string, string>,
): string {
  const ruleIds = [...new Set(reports.flatMap((report) => report.findings.map((found) => found.code)))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shipshape',
            version,
            rules: ruleIds.map((id) => {
              const entry = catalogueEntry(id);
              return {
                id,
                shortDescription: { text: ruleDescriptions.get(id) ?? id },
                ...(entry?.reference
                  ? { fullDescription: { text: `${entry.description} (mirrors: ${entry.reference})` } }
                  : {}),
                ...(entry ? { helpUri: docsUrl(entry) } : {}),
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + '/').href } },
        results: reports.flatMap((report) =>
          report.findings.map((found) => ({
            ruleId: found.code,
            level: SARIF_LEVEL[severityWord(found)],
            message: { text: found.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: relative(cwd, report.path).split('\\').join('/'), uriBaseId: 'SRCROOT' },
                  region: {
                    startLine: found.range.start.line + 1,
                    startColumn: found.range.start.character + 1,
                    endLine: found.range.end.line + 1,
                    endColumn: found.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
