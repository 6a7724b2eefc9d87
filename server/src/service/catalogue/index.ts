import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ALL_RULES as DOCKERFILE_RULE_OBJECTS } from '../dockerfile/rules';
import { KUBERNETES_RULES } from '../kubernetes/rules';
import { WORKSPACE_RULES } from '../kubernetes/workspaceRules';
import { KUSTOMIZE_RULE_DESCRIPTIONS } from '../kustomize/build';
import type { RuleFamily, RuleMeta } from './ruleMeta';
import { RULE_FAILED } from './runner';

export type { RuleFamily, RuleMeta, RuleOrigin } from './ruleMeta';

/** Finding codes that no rule object produces: the schema, the YAML parser, helm, the file-size guard. */
const FINDING_CODES: readonly RuleMeta[] = [
  {
    id: 'yaml/not-checked',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Information,
    description:
      'one YAML document over 128 KB, or nested deeper than 256 levels: noted once, not parsed (it would stall the server)',
  },
  {
    id: 'k8s/schema-required',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description: 'a required field is missing (`containers`, `selector`, `scaleTargetRef`, `maxReplicas`, ...)',
  },
  {
    id: 'k8s/schema-unknown-field',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description: 'a key the schema does not have',
    fix: 'rename to the near miss ("did you mean")',
  },
  {
    id: 'k8s/schema-type',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description: 'a value of the wrong type',
    fix: '`replicas: "3"` -> `3`; env `value: 8080` -> `"8080"`',
  },
  {
    id: 'k8s/schema-enum',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description: 'a value outside a closed set (`imagePullPolicy`, `protocol`, target `type`, ...)',
    fix: 'the closest allowed value',
  },
  {
    id: 'k8s/schema-field-version',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description:
      'a field the target Kubernetes version (`shipshape.kubernetes.version`, `--kubernetes-version`) does not have yet, with the version that added it (pod-level `resources` before 1.32, `sleep` before 1.29, ...)',
  },
  {
    id: 'yaml/syntax',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description: 'broken YAML in a document that declares a Deployment or an HPA',
  },
  {
    id: 'helm/render-failed',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description: "`helm template` cannot render the chart: helm's own message, on the line it names",
  },
  {
    id: 'yaml/alias-limit',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description: 'a document whose aliases expand past 1,000 (an alias bomb)',
  },
  {
    id: 'shipshape/file-too-large',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Information,
    description: 'the file is over `shipshape.maxFileSizeMB` and was not analysed',
  },
];

/** What the Kustomize build and the JSON 6902 patch check report (service/kustomize). */
const KUSTOMIZE_CODES: readonly RuleMeta[] = KUSTOMIZE_RULE_DESCRIPTIONS.map(([id, description]) => ({
  id,
  family: 'kubernetes-structure',
  severity:
    id === 'kustomize/outside-workspace'
      ? DiagnosticSeverity.Information
      : id === 'kustomize/build-failed'
        ? DiagnosticSeverity.Warning
        : DiagnosticSeverity.Error,
  description,
}));

/** Dockerfile codes that are notes rather than rules. */
const DOCKERFILE_CODES: readonly RuleMeta[] = [
  {
    id: 'shellcheck/failed',
    family: 'dockerfile',
    origin: 'syntax',
    severity: DiagnosticSeverity.Information,
    description:
      'ShellCheck, which checks the shell of RUN instructions (its findings carry their own `SCxxxx` codes, linked to the ShellCheck wiki), hung or crashed on this file: the other checks still ran.',
  },
  {
    id: 'dockerfile/template',
    family: 'dockerfile',
    origin: 'syntax',
    severity: DiagnosticSeverity.Information,
    description:
      'A Dockerfile template (Go/jq `{{ ... }}`, Jinja `{% ... %}`, `%%NAME%%` placeholders, rendered by a script): skipped with this one note.',
  },
];

/** A rule that threw: reported once, the other rules still run (see runner.ts). */
const RULE_FAILED_META: RuleMeta = {
  id: RULE_FAILED,
  family: 'kubernetes-structure',
  severity: DiagnosticSeverity.Information,
  description: 'A Shipshape rule failed on this file (a bug: please report it); the other rules still ran.',
};

let catalogue: readonly RuleMeta[] | undefined;

/**
 * Every finding code Shipshape reports, once, with its family, default severity, description and fix: what SARIF,
 * the README's rule tables (generated from it, and checked by a test), the diagnostics' documentation links and the
 * catalogue-driven tests read. Adding a rule is one file and one line in its family's list.
 */
export function ruleCatalogue(): readonly RuleMeta[] {
  if (catalogue) return catalogue;
  const seen = new Set<string>();
  const all: RuleMeta[] = [];
  const add = (entry: RuleMeta) => {
    if (seen.has(entry.id)) return; // a rule reported on both ends is two objects with one id
    seen.add(entry.id);
    all.push(entry);
  };
  for (const rule of KUBERNETES_RULES) add(rule);
  for (const code of FINDING_CODES) add(code);
  for (const code of KUSTOMIZE_CODES) add(code);
  for (const rule of WORKSPACE_RULES) add(rule);
  for (const rule of DOCKERFILE_RULE_OBJECTS) add({ ...rule, family: 'dockerfile' });
  for (const code of DOCKERFILE_CODES) add(code);
  add(RULE_FAILED_META);
  catalogue = all;
  return all;
}

let byId: Map<string, RuleMeta> | undefined;

export function catalogueEntry(id: string): RuleMeta | undefined {
  byId ??= new Map(ruleCatalogue().map((entry) => [entry.id, entry]));
  return byId.get(id);
}

/** The README section each family's table sits in. */
export const FAMILY_TITLES: Readonly<Record<RuleFamily, string>> = {
  'kubernetes-structure': 'Kubernetes: structure and hand-written mistakes',
  'kubernetes-deployment': 'Kubernetes: Deployment semantics',
  'kubernetes-hpa': 'Kubernetes: HorizontalPodAutoscaler',
  'kubernetes-workspace': 'Kubernetes: across documents and files',
  dockerfile: 'Dockerfile',
};

const REPOSITORY = 'https://github.com/shipshape-dev/shipshape';
const HADOLINT_WIKI = 'https://github.com/hadolint/hadolint/wiki/';
const BUILDKIT_DOCS = 'https://docs.docker.com/reference/build-checks/';

/** The page that documents a code: hadolint's wiki, BuildKit's reference, or the README section of its family. */
export function docsUrl(entry: RuleMeta): string {
  if (entry.origin === 'hadolint') return HADOLINT_WIKI + entry.id;
  if (entry.origin === 'buildkit')
    return BUILDKIT_DOCS + entry.id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase() + '/';
  const anchor = FAMILY_TITLES[entry.family]
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
  return `${REPOSITORY}#${anchor}`;
}

const SEVERITY_WORDS: Readonly<Record<DiagnosticSeverity, string>> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** A family's rule table, as the README shows it. */
export function ruleTable(family: RuleFamily): string {
  const entries = ruleCatalogue().filter((entry) => entry.family === family && entry.id !== RULE_FAILED);
  const severity = (entry: RuleMeta) =>
    SEVERITY_WORDS[entry.severity] + (entry.enabledByDefault === false ? ' (off by default)' : '');
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  if (family === 'dockerfile') {
    return [
      '| id | from | severity | what it catches |',
      '| --- | --- | --- | --- |',
      ...entries.map(
        (entry) =>
          `| \`${entry.id}\` | ${entry.origin ?? 'syntax'} | ${severity(entry)} | ${cell(entry.description)} |`,
      ),
    ].join('\n');
  }
  return [
    '| id | severity | what it catches | fix |',
    '| --- | --- | --- | --- |',
    ...entries.map(
      (entry) =>
        `| \`${entry.id}\` | ${severity(entry)} | ${cell(entry.description)} |${entry.fix ? ` ${cell(entry.fix)} ` : ' '}|`,
    ),
  ].join('\n');
}
