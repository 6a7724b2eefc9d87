import { ADVISORY_OFF, HARDENED_DEPLOYMENT as D, spanOf, yaml } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for the finding codes that no rule object makes: the schema, the YAML parser, the file-size guard, helm,
 * Dockerfile templates and the runner's rule-failed note. Fixtures from kubernetes-schema, bad-input, detection and
 * dockerfile-precision tests.
 */
const deployment = (containerLines: string, extraSpec = '') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:${extraSpec}
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
          - name: web
${containerLines}
`;
const good = deployment('            image: nginx:1.25');
const noContainers = edit(
  good,
  '      containers:\n        - name: web\n          image: nginx:1.25\n',
  '      restartPolicy: Always\n',
);
const unknownField = deployment('            imagePullPolicy: Always\n            imagee: nginx:1.25');
const quotedReplicas = deployment('            image: nginx:1.25', '\n    replicas: "3"');
const numericEnv = deployment(
  '            image: nginx:1.25\n            env:\n              - name: PORT\n                value: 8080',
);
const yesEnv = edit(numericEnv, '8080', 'yes');
const overflowReplicas = edit(quotedReplicas, '"3"', '2147483648');
const lowercaseEnum = deployment('            image: nginx:1.25\n            imagePullPolicy: always');

const HEADER = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n';
const unclosed = HEADER + '  name: [unclosed\n';
const tabs = HEADER + '  name: web\nspec:\n\treplicas: 2\n';
/** `selector:` one space too deep under `spec` (its children where they were): the file no longer parses. */
export const SELECTOR_SLIP = D.replace('\n  selector:\n', '\n   selector:\n');
export const SELECTOR_SLIP_FIX = 'Re-indent `selector` to 2 spaces, under `spec`';
const duplicateKey = HEADER + '  name: web\n  labels: {}\n  name: api\n';

/** Anchors nine times the one before: `levels` levels expand to 9^levels nodes. */
function aliasBomb(levels: number): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let level = 1; level < levels; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return (
    HEADER +
    '  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n' +
    lines.map((line) => '        ' + line).join('\n') +
    '\n'
  );
}
const bomb = aliasBomb(10);

/** A limit of about 1 kB: the hardened Deployment fits, the same with a kilobyte of comments does not. */
const SMALL_LIMIT = { ...ADVISORY_OFF, maxFileSizeMB: 0.001 };
const padded = D + '# padding padding padding padding padding padding padding padding padding padding\n'.repeat(15);

const chartTemplate = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n';

/** One document over the 128 KB the YAML checks parse in one go (issue 15): a comment block is enough. */
const HUGE = D + '# ' + 'x'.repeat(140 * 1024) + '\n';

export const CODE_CASES: readonly RuleCase[] = [
  {
    id: 'yaml/not-checked',
    firing: [{ text: HUGE, ranges: [spanOf(HUGE, 'apiVersion: apps/v1')] }],
    quiet: [{ text: D }],
  },
  {
    id: 'k8s/schema-required',
    firing: [{ text: noContainers, ranges: [spanOf(noContainers, 'spec', 2)] }],
    quiet: [{ text: good }],
  },
  {
    id: 'k8s/schema-unknown-field',
    firing: [{ text: unknownField, ranges: [spanOf(unknownField, 'imagee')] }],
    quiet: [{ text: deployment('            imagePullPolicy: Always\n            image: nginx:1.25') }],
    fixes: [{ title: 'Rename "imagee" to "image"' }],
  },
  {
    id: 'k8s/schema-type',
    firing: [
      { text: quotedReplicas, ranges: [spanOf(quotedReplicas, '"3"')] },
      { text: numericEnv, ranges: [spanOf(numericEnv, '8080')] },
      // kubectl reads YAML 1.1: a plain yes is a boolean to it, and an env value takes a string
      { text: yesEnv, ranges: [spanOf(yesEnv, 'yes')] },
      // an int32 field given a number Go's int32 cannot hold
      { text: overflowReplicas, ranges: [spanOf(overflowReplicas, '2147483648')] },
    ],
    quiet: [
      { text: edit(quotedReplicas, '"3"', '3') },
      { text: edit(numericEnv, '8080', '"8080"') },
      { text: edit(numericEnv, '8080', '"yes"') },
      // ...and where a boolean belongs, kubectl sends just that
      { text: edit(D, '      containers:', '      automountServiceAccountToken: yes\n      containers:') },
    ],
    fixes: [
      { title: 'Write 3 as a number' },
      { title: 'Quote 8080', on: { text: numericEnv } },
      { title: 'Quote yes', on: { text: yesEnv } },
    ],
  },
  {
    id: 'k8s/schema-enum',
    firing: [{ text: lowercaseEnum, ranges: [spanOf(lowercaseEnum, 'always')] }],
    // an empty value the API server's defaulting fills in
    quiet: [{ text: edit(lowercaseEnum, 'always', 'Always') }, { text: edit(lowercaseEnum, 'always', '""') }],
    fixes: [{ title: 'Change to "Always"' }],
  },
  {
    id: 'yaml/syntax',
    firing: [
      // At the end of the file, where the flow sequence should have been closed.
      { text: unclosed, ranges: ['4:0-4:0'] },
      { text: tabs, ranges: [spanOf(tabs, '\t')] },
      // The second `name`, named in the message (see bad-input.test.ts).
      { text: duplicateKey, ranges: ['5:2-5:6'] },
    ],
    // An indentation slip with one clear place (reindent-fix.test.ts): a suggestion.
    fixes: [{ title: SELECTOR_SLIP_FIX, on: { text: SELECTOR_SLIP } }],
    quiet: [{ text: HEADER + '  name: web\n' }, { text: 'services:\n  web: [unclosed\n' }],
  },
  {
    id: 'yaml/alias-limit',
    firing: [{ text: bomb, ranges: [spanOf(bomb, 'apiVersion: apps/v1')] }],
    quiet: [{ text: aliasBomb(3) }],
  },
  {
    id: 'shipshape/file-too-large',
    // On the file's first character: the file was not read further.
    firing: [{ text: padded, settings: SMALL_LIMIT, ranges: ['0:0-0:0'] }],
    quiet: [{ text: D, settings: SMALL_LIMIT }],
  },
  {
    id: 'helm/render-failed',
    exception:
      "made from `helm template`'s stderr (handlers/helmRender.ts, cli/chart.ts), never by validate(): needs helm; parsed and placed in helm-render.test.ts",
    firing: [],
    quiet: [{ text: chartTemplate, name: 'chart/templates/deployment.yaml' }],
  },
  {
    id: 'helm/dependencies-missing',
    exception:
      "made from `helm template`'s stderr (handlers/helmRender.ts, cli/chart.ts), never by validate(): needs helm; helm-render.test.ts renders a chart whose dependency is not downloaded",
    firing: [],
    quiet: [{ text: chartTemplate, name: 'chart/templates/deployment.yaml' }],
  },
  {
    id: 'helm/values-required',
    exception:
      "made from `helm template`'s stderr (handlers/helmRender.ts, cli/chart.ts), never by validate(): needs helm; helm-render.test.ts renders a chart whose `required` value its defaults leave out",
    firing: [],
    quiet: [{ text: chartTemplate, name: 'chart/templates/deployment.yaml' }],
  },
  {
    id: 'helm/render-offline',
    exception:
      "made from `helm template`'s stderr (handlers/helmRender.ts, cli/chart.ts), never by validate(): needs helm; helm-render.test.ts renders a chart whose schema `$ref`s an address that refuses connections",
    firing: [],
    quiet: [{ text: chartTemplate, name: 'chart/templates/deployment.yaml' }],
  },
  {
    id: 'shipshape/rule-failed',
    exception:
      'only when a rule throws (a bug in Shipshape): catalogue.test.ts makes one throw and checks the note and the other rules',
    firing: [],
    quiet: [{ text: D, settings: {} }],
  },
  {
    id: 'dockerfile/template',
    firing: [
      {
        text: 'FROM debian:{{ env.variant }}-slim\nRUN apt-get update\n',
        name: 'Dockerfile.template',
        ranges: [spanOf('FROM debian:{{ env.variant }}-slim\n', '{{')],
      },
      { text: 'FROM debian:12\nRUN {{ .install }}\n', ranges: [spanOf('FROM debian:12\nRUN {{ .install }}\n', '{{')] },
    ],
    // An unquoted docker format string in RUN is a shell word, not a template.
    quiet: [{ text: 'FROM docker:27-cli\nRUN docker ps --format {{.Names}} > /names\nCMD ["cat", "/names"]\n' }],
  },
];
