import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { dockerfileEngine, kubernetesEngine } from '../engines';
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
    description:
      'broken YAML in a document that declares a Kubernetes kind (a key set twice is named: kubectl refuses the file)',
    fix: 'an indentation slip with one clear place (`   selector:` under `spec`, everything after `apiVersion:` indented) re-indented: a suggestion',
  },
  {
    id: 'helm/render-failed',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Error,
    description:
      "`helm template` cannot render the chart (a template helm cannot parse or execute): helm's own message, on the line it names",
  },
  {
    id: 'helm/dependencies-missing',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Information,
    description:
      'the chart is not rendered: its dependencies are not downloaded into `charts/` (`helm dependency build` fetches them); its templates are still checked',
  },
  {
    id: 'helm/values-required',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Information,
    description:
      "the chart is not rendered: its defaults leave out a value it `required`s (or its `values.schema.json` requires), and no values file gives it (`shipshape.helm.valueFiles`, else the chart's own `ci/*-values.yaml` are tried)",
  },
  {
    id: 'helm/render-offline',
    family: 'kubernetes-structure',
    severity: DiagnosticSeverity.Information,
    description:
      'the chart is not rendered: helm could not fetch what the chart names from the network (a `values.schema.json` `$ref` to a URL) on a machine that cannot reach it; its templates are still checked',
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
    id === 'kustomize/outside-workspace' || id === 'kustomize/remote-resource'
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
      'A Dockerfile template (Go/jq `{{ ... }}`, Jinja `{% ... %}`, `%%NAME%%` placeholders, or a name such as `Dockerfile-debian.template`, `Dockerfile.j2`, `Dockerfile.in`; rendered by a script): skipped with this one note.',
  },
];

/** A rule that threw: reported once, the other rules still run (see runner.ts). */
const RULE_FAILED_META: RuleMeta = {
  id: RULE_FAILED,
  family: 'kubernetes-structure',
  severity: DiagnosticSeverity.Information,
  description: 'A Shipshape rule failed on this file (a bug: please report it); the other rules still ran.',
};

/**
 * The Kubernetes half of the catalogue (its rule objects load the Kubernetes engine), in catalogue order; the codes
 * no rule object produces are in it too, as they were listed after the Kubernetes rules.
 */
function kubernetesEntries(): RuleMeta[] {
  const { KUBERNETES_RULES, WORKSPACE_RULES } = kubernetesEngine();
  return [...KUBERNETES_RULES, ...FINDING_CODES, ...KUSTOMIZE_CODES, ...WORKSPACE_RULES];
}

/** The Dockerfile half (its rule objects load the Dockerfile engine). */
function dockerfileEntries(): RuleMeta[] {
  return [
    ...dockerfileEngine().ALL_RULES.map((rule): RuleMeta => ({ ...rule, family: 'dockerfile' })),
    ...DOCKERFILE_CODES,
  ];
}

/** Keeps the first entry of each id: a rule reported on both ends is two objects with one id. */
function firstOfEachId(entries: readonly RuleMeta[]): RuleMeta[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.id) && seen.add(entry.id));
}

let catalogue: readonly RuleMeta[] | undefined;

/**
 * Every finding code Shipshape reports, once, with its family, default severity, description and fix: what SARIF,
 * the README's rule tables (generated from it, and checked by a test), the diagnostics' documentation links and the
 * catalogue-driven tests read. Adding a rule is one file and one line in its family's list. Loads both engines.
 */
export function ruleCatalogue(): readonly RuleMeta[] {
  catalogue ??= firstOfEachId([...kubernetesEntries(), ...dockerfileEntries(), RULE_FAILED_META]);
  return catalogue;
}

/** Every rule id Shipshape reports, with its description (SARIF, docs): read from the one rule catalogue. */
export function ruleDescriptions(): Map<string, string> {
  return new Map(ruleCatalogue().map((entry): [string, string] => [entry.id, entry.description]));
}

/** Dockerfile ids (hadolint's DLxxxx, BuildKit's names, Shipshape's dockerfile/ and shellcheck/ notes); no Kubernetes id looks so. */
const DOCKERFILE_ID = /^(DL\d|[A-Z]|dockerfile\/|shellcheck\/)/;

let byId: Map<string, RuleMeta> | undefined;
const halves = new Map<'kubernetes' | 'dockerfile', Map<string, RuleMeta>>();

/**
 * One code's entry. A diagnostic's documentation link asks for its code at every publish: the code's own half of the
 * catalogue is enough, so a server that has seen only YAML does not load the Dockerfile engine for it.
 */
export function catalogueEntry(id: string): RuleMeta | undefined {
  if (byId) return byId.get(id);
  if (id === RULE_FAILED) return RULE_FAILED_META;
  const half = DOCKERFILE_ID.test(id) ? 'dockerfile' : 'kubernetes';
  let entries = halves.get(half);
  if (!entries) {
    entries = new Map(
      firstOfEachId(half === 'dockerfile' ? dockerfileEntries() : kubernetesEntries()).map((entry) => [
        entry.id,
        entry,
      ]),
    );
    halves.set(half, entries);
  }
  const entry = entries.get(id);
  if (entry) return entry;
  byId = new Map(ruleCatalogue().map((each) => [each.id, each]));
  return byId.get(id);
}

/** The README section each family's table sits in. */
export const FAMILY_TITLES: Readonly<Record<RuleFamily, string>> = {
  'kubernetes-structure': 'Kubernetes: structure and hand-written mistakes',
  'kubernetes-deployment': 'Kubernetes: Deployment semantics',
  'kubernetes-workloads': 'Kubernetes: workload kinds, Services and PodDisruptionBudgets',
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
