import { DiagnosticSeverity, type DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { Finding, RuleFinding } from '../types';
import { SOURCE } from '../types';

/** The code of the finding that stands for a rule that threw: a bug in Shipshape, not in the file. */
export const RULE_FAILED = 'shipshape/rule-failed';

/**
 * Runs one rule's check in isolation: a rule that throws gives one information finding that names it (on the
 * file's or document's first line), and the other rules of the run still report. Every family's runner goes
 * through here, so no rule can take the others down with it.
 */
export function runIsolated<T>(ruleId: string, check: () => T[], failures: Finding[]): T[] {
  try {
    return check();
  } catch (error) {
    failures.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      code: RULE_FAILED,
      source: SOURCE,
      message: `Shipshape's rule ${ruleId} failed on this file and was skipped (a bug: please report it): ${error instanceof Error ? error.message : String(error)}`,
      fixes: [],
    });
    return [];
  }
}

/**
 * What a rule found, as the service reports it: the rule's id as its code, the rule's severity unless the finding
 * says otherwise, our source, its fixes, and its facts (`data`) or links (`related`) when it has them.
 */
export function findingOf(
  rule: { id: string; severity: DiagnosticSeverity },
  found: RuleFinding & { related?: DiagnosticRelatedInformation[] },
): Finding {
  return {
    range: found.range,
    message: found.message,
    severity: found.severity ?? rule.severity,
    code: rule.id,
    source: SOURCE,
    fixes: found.fixes ?? [],
    ...(found.data ? { data: found.data } : {}),
    ...(found.related && found.related.length > 0 ? { relatedInformation: found.related } : {}),
  };
}
