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
  /**
   * `label-schema:` label name to type (`text`, `url`, `rfc3339`, `spdx`, `hash`, `semver`, `email`; an empty type is
   * `text`), for the label rules DL3049-DL3058. A type hadolint does not know makes hadolint reject the whole file;
   * here that label is left out.
   */
  labelSchema: ReadonlyMap<string, LabelType>;
  /** `strict-labels:` labels outside the schema are reported (DL3050). */
  strictLabels: boolean;
  /** `disable-ignore-pragma:` the `# hadolint ignore=` pragmas (inline, stage and global) are not honoured. */
  disableIgnorePragma: boolean;
}

/** hadolint's label types (src/Hadolint/Rule.hs `readEitherLabelType`). */
export type LabelType = 'text' | 'url' | 'rfc3339' | 'spdx' | 'hash' | 'semver' | 'email';
const LABEL_TYPES: ReadonlySet<string> = new Set<LabelType>([
  'text',
  'url',
  'rfc3339',
  'spdx',
  'hash',
  'semver',
  'email',
]);

export const EMPTY_CONFIG: HadolintConfig = {
  ignored: new Set(),
  override: new Map(),
  trustedRegistries: [],
  failureThreshold: undefined,
  labelSchema: new Map(),
  strictLabels: false,
  disableIgnorePragma: false,
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
  const labelSchema = new Map<string, LabelType>();
  const schema = record['label-schema'];
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) {
    for (const [label, type] of Object.entries(schema as Record<string, unknown>)) {
      const name = type === null || type === '' ? 'text' : type;
      if (typeof name === 'string' && LABEL_TYPES.has(name)) labelSchema.set(label, name as LabelType);
    }
  }
  return {
    ignored: new Set(strings(record.ignored)),
    override,
    trustedRegistries: strings(record.trustedRegistries),
    failureThreshold: typeof threshold === 'string' ? threshold : undefined,
    labelSchema,
    strictLabels: record['strict-labels'] === true,
    disableIgnorePragma: record['disable-ignore-pragma'] === true,
  };
}
