import { parse } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';

/** What Shipshape honours of a `.hadolint.yaml`: the same keys hadolint reads. */
export interface HadolintConfig {
  /** Rule ids never reported (`ignored:`). */
  ignored: ReadonlySet<string>;
  /** Severity per rule id (`override: {error: [...], warning: [...], info: [...], style: [...]}`). */
  override: ReadonlyMap<string, DiagnosticSeverity>;
  /** Registries FROM may pull from (`trustedRegistries:`); empty means any (DL3026 stays quiet). */
  trustedRegistries: readonly string[];
  /** `failure-threshold:` for the command line: `error`, `warning`, `info`, `style`, `ignore` or `none`. */
  failureThreshold: string | undefined;
}

export const EMPTY_CONFIG: HadolintConfig = {
  ignored: new Set(),
  override: new Map(),
  trustedRegistries: [],
  failureThreshold: undefined,
};

export const CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'] as const;

const LEVELS: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

/** Reads a `.hadolint.yaml` text; anything it cannot understand is left out rather than guessed at. */
export function parseHadolintConfig(text: string): HadolintConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    // A broken config file must not break the checks: hadolint too falls back to its defaults.
    return EMPTY_CONFIG;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return EMPTY_CONFIG;
  const record = document as Record<string, unknown>;
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const override = new Map<string, DiagnosticSeverity>();
  if (typeof record.override === 'object' && record.override !== null) {
    for (const [level, ids] of Object.entries(record.override as Record<string, unknown>)) {
      const severity = LEVELS[level];
      if (severity !== undefined) for (const id of strings(ids)) override.set(id, severity);
    }
  }
  const threshold = record['failure-threshold'];
  return {
    ignored: new Set(strings(record.ignored)),
    override,
    trustedRegistries: strings(record.trustedRegistries),
    failureThreshold: typeof threshold === 'string' ? threshold : undefined,
  };
}
