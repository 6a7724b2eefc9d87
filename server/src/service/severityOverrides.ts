import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { SeverityName } from '../../../common/src/contract';
import type { Finding } from './types';

const SEVERITY: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The settings' `shipshape.rules` applied: a rule set `off` is dropped, one given a severity gets it. */
export function applySeverityOverrides(
  findings: Finding[],
  overrides: Readonly<Record<string, SeverityName>>,
): Finding[] {
  if (Object.keys(overrides).length === 0) return findings;
  const result: Finding[] = [];
  for (const found of findings) {
    const override = overrides[found.code];
    if (override === 'off') continue;
    result.push(override ? withSeverity(found, SEVERITY[override]) : found);
  }
  return result;
}

/** Each finding with a changed severity, made once: the same finding gives the same object at every validation. */
const overridden = new WeakMap<Finding, Finding>();

function withSeverity(found: Finding, severity: DiagnosticSeverity): Finding {
  if (found.severity === severity) return found;
  let changed = overridden.get(found);
  if (changed?.severity !== severity) {
    changed = { ...found, severity };
    overridden.set(found, changed);
  }
  return changed;
}
