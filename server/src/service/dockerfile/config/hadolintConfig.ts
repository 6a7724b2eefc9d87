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
  /** `label-schema:` label name -> type (`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`): DL3049-DL3058. */
  labelSchema: ReadonlyMap<string, string>;
  /** `strict-labels:` only the labels of the schema are allowed (DL3050). */
  strictLabels: boolean;
}

export const EMPTY_CONFIG: HadolintConfig = {
  ignored: new Set(),
  override: new Map(),
  trustedRegistries: [],
  failureThreshold: undefined,
  labelSchema: new Map(),
  strictLabels: false,
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
  const schema = record['label-schema'];
  const labelSchema = new Map<string, string>();
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema))
    for (const [label, type] of Object.entries(schema as Record<string, unknown>))
      // hadolint reads an empty type as `text` (src/Hadolint/Rule.hs, readEitherLabelType).
      if (typeof type === 'string' || type === null) labelSchema.set(label, type || 'text');
  return {
    ignored: new Set(strings(record.ignored)),
    override,
    trustedRegistries: strings(record.trustedRegistries),
    failureThreshold: typeof threshold === 'string' ? threshold : undefined,
    labelSchema,
    strictLabels: record['strict-labels'] === true,
  };
}
