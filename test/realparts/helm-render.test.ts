import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chartOf } from '../../server/src/service/helm/chart';
import {
  checkRenderedChart,
  helmTemplateArgs,
  mergeRenderedFindings,
  chartTestValueFiles,
  parseRenderError,
  renderFailedFinding,
  splitRenderedChart,
  type RenderError,
} from '../../server/src/service/helm/rendered';
import { helmCreate, helmSkipReason, realHelm } from '../helpers/helm';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const CHART = join(ROOT, 'test', 'fixtures', 'helm', 'webapp');
/** A chart marked `deprecated: true` (helm 4 then logs a warning first) that requires a value its ci/ values give. */
const DEPRECATED_CHART = join(ROOT, 'test', 'fixtures', 'helm', 'deprecated-web');

function cli(args: string[]) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** `path:line: code` for each error line of the CLI's text output (1-based lines, as printed). */
function errorLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^.*?:\d+:\d+: error /.test(line))
    .map((line) => {
      const match = /^(.*?):(\d+):\d+: error .*\[(\S+)\]$/.exec(line);
      return match ? `${match[1].replace(/^.*?(webapp|mychart)\//, '')}:${match[2]} ${match[3]}` : line;
    });
}

/** `path:line code` of the CLI's text lines of a severity whose code starts with `prefix`. */
function findingLines(stdout: string, severity: string, prefix: string): string[] {
  return stdout
    .split('\n')
    .map((line) => new RegExp(`^(.*?):(\\d+):\\d+: ${severity} .*\\[(${prefix}\\S*)\\]$`).exec(line))
    .filter((match) => match !== null)
    .map((match) => `${match[1].replace(/^.*?(webapp|mychart)\//, '')}:${match[2]} ${match[3]}`);
}

function copyChart(): string {
  const scratch = mkdtempSync(join(tmpdir(), 'shipshape-chart-'));
  process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
  const folder = join(scratch, 'webapp');
  cpSync(CHART, folder, { recursive: true });
  return folder;
}

function lineOf(path: string, needle: string): number {
  return (
    readFileSync(path, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(needle)) + 1
  );
}

describe('the chart a file belongs to', () => {
  const files = new Set(['/w/app/Chart.yaml', '/w/app/charts/db/Chart.yaml', '/w/lone/Chart.yaml']);
  const isFile = (path: string) => files.has(path);
  it('a template of a chart, of a subchart (rendered with its parent), and files that are not templates', () => {
    assert.deepEqual(chartOf('/w/app/templates/deployment.yaml', isFile), {
      root: '/w/app',
      source: 'templates/deployment.yaml',
    });
    assert.deepEqual(chartOf('/w/app/templates/sub/x.yaml', isFile), {
      root: '/w/app',
      source: 'templates/sub/x.yaml',
    });
    assert.deepEqual(chartOf('/w/app/charts/db/templates/sts.yaml', isFile), {
      root: '/w/app',
      source: 'charts/db/templates/sts.yaml',
    });
    assert.equal(chartOf('/w/app/values.yaml', isFile), undefined);
    assert.equal(chartOf('/w/other/templates/x.yaml', isFile), undefined);
  });
});

describe("helm's error messages", () => {
  type Expected = { source?: string; line: number; character: number; cause: RenderError['cause'] };
  const cases: Array<[string, Expected]> = [
    [
      'Error: mychart/templates/deployment.yaml:42:37\n  executing "mychart/templates/deployment.yaml" at <.Values.x.y>:\n    nil pointer\n\nUse --debug flag to render out invalid YAML\n',
      { source: 'templates/deployment.yaml', line: 41, character: 36, cause: 'template' },
    ],
    [
      'Error: parse error at (mychart/templates/hpa.yaml:33): unexpected EOF\n',
      { source: 'templates/hpa.yaml', line: 32, character: 0, cause: 'template' },
    ],
    [
      'Error: template: mychart/charts/db/templates/sts.yaml:12:3: executing "x" at <y>: error\n',
      { source: 'charts/db/templates/sts.yaml', line: 11, character: 2, cause: 'template' },
    ],
    [
      'Error: YAML parse error on mychart/templates/service.yaml: error converting YAML to JSON: yaml: line 17: did not find expected key\n',
      { source: 'templates/service.yaml', line: 0, character: 0, cause: 'template' },
    ],
    [
      'Error: an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: common\n',
      { line: 0, character: 0, cause: 'dependencies' },
    ],
    [
      // The chart's own `required` (or `fail`): helm 4's words.
      'Error: execution error at (mychart/templates/secret.yaml:6:15): password is required\n\nUse --debug flag to render out invalid YAML\n',
      { source: 'templates/secret.yaml', line: 5, character: 14, cause: 'required-value' },
    ],
    [
      // helm 4 logs a deprecated chart's warning before its error.
      'level=WARN msg="this chart is deprecated"\nError: execution error at (old-web/templates/deployment.yaml:16:28): endpoint must be set\n\nUse --debug flag to render out invalid YAML\n',
      { source: 'templates/deployment.yaml', line: 15, character: 27, cause: 'required-value' },
    ],
    [
      'time=2026-01-05T10:00:00Z level=INFO msg="loading chart"\nError: parse error at (mychart/templates/hpa.yaml:33): unexpected EOF\n',
      { source: 'templates/hpa.yaml', line: 32, character: 0, cause: 'template' },
    ],
    [
      // helm 4, a values.schema.json `$ref` to a URL with no network (DNS fails).
      'Error: values don\'t meet the specifications of the schema(s) in the following chart(s):\nrunner:\nfailing loading "https://schemas.example.org/defs.json": HTTP request failed for https://schemas.example.org/defs.json: Get "https://schemas.example.org/defs.json": dial tcp: lookup schemas.example.org on 10.0.0.53:53: no such host\n',
      { line: 0, character: 0, cause: 'unreachable' },
    ],
    [
      // An address that answers with a status is reached: a $ref to a page that is gone fails everywhere.
      'Error: values don\'t meet the specifications of the schema(s) in the following chart(s):\nrunner:\nfailing loading "https://schemas.example.org/defs.json": HTTP request failed for https://schemas.example.org/defs.json: 404 Not Found\n',
      { line: 0, character: 0, cause: 'template' },
    ],
    [
      // helm 4, values.schema.json wants a value the defaults leave empty or out (external-dns's `policy:`).
      "Error: values don't meet the specifications of the schema(s) in the following chart(s):\nexternal-dns:\n- at '/policy': got null, want string\n- at '': missing property 'name'\n",
      { line: 0, character: 0, cause: 'required-value' },
    ],
    [
      // helm 3's words for the same.
      "Error: values don't meet the specifications of the schema(s) in the following chart(s):\nexternal-dns:\n- policy: Invalid type. Expected: string, given: null\n- (root): name is required\n",
      { line: 0, character: 0, cause: 'required-value' },
    ],
    [
      // A default that is set and breaks the chart's own schema: the chart's mistake.
      "Error: values don't meet the specifications of the schema(s) in the following chart(s):\nweb:\n- at '/policy': got null, want string\n- at '/replicas': got string, want integer\n",
      { line: 0, character: 0, cause: 'template' },
    ],
  ];
  for (const [stderr, expected] of cases) {
    it(stderr.split('\n')[0].slice(0, 70), () => {
      const parsed = parseRenderError(stderr);
      assert.deepEqual(
        { source: parsed.source, line: parsed.line, character: parsed.character, cause: parsed.cause },
        { source: undefined, ...expected },
      );
      assert.ok(!parsed.message.startsWith('Error:') && !parsed.message.includes('--debug'));
      assert.ok(!parsed.message.includes('level='), parsed.message);
    });
  }

  it("helm's log lines are left out of the message, unless they are all it wrote", () => {
    assert.equal(
      renderFailedFinding(parseRenderError(cases[6][0]), 'x').message,
      'The chart is not rendered with its default values: it asks for a value they leave out ("endpoint must be set"). Give a values file that sets it (setting shipshape.helm.valueFiles; helm.valueFiles in .shipshape.yaml for the CLI) to check what it renders.',
    );
    assert.equal(
      parseRenderError('level=WARN msg="this chart is deprecated"\nlevel=WARN msg="something else"\n').message,
      'level=WARN msg="this chart is deprecated" level=WARN msg="something else"',
    );
  });

  it('only a template helm cannot run is an error: missing dependencies and a required value are information', () => {
    const severityOf = (stderr: string) => {
      const found = renderFailedFinding(parseRenderError(stderr), 'x');
      return `${found.code} ${found.severity}`;
    };
    assert.equal(severityOf(cases[0][0]), 'helm/render-failed 1');
    assert.equal(severityOf(cases[4][0]), 'helm/dependencies-missing 3');
    assert.equal(severityOf(cases[5][0]), 'helm/values-required 3');
    assert.equal(severityOf(cases[6][0]), 'helm/values-required 3');
    assert.equal(severityOf(cases[8][0]), 'helm/render-offline 3');
    assert.equal(severityOf(cases[9][0]), 'helm/render-failed 1');
    assert.equal(severityOf(cases[10][0]), 'helm/values-required 3');
    assert.equal(severityOf(cases[12][0]), 'helm/render-failed 1');
    assert.match(
      renderFailedFinding(parseRenderError(cases[10][0]), 'x').message,
      /value they leave out \("values\.schema\.json of external-dns: - at '\/policy': got null, want string - at '': missing property 'name'"\)/,
    );
    assert.equal(
      renderFailedFinding(parseRenderError(cases[8][0]), 'x').message,
      "The chart is not rendered: helm could not fetch https://schemas.example.org/defs.json (no such host), which this machine's network does not reach; its templates are still checked as templates. Where it can be fetched, helm renders the chart and its rendered objects are checked too.",
    );
    // The chart's own message is quoted, without helm's wrapping.
    assert.match(
      renderFailedFinding(parseRenderError(cases[5][0]), 'x').message,
      /value they leave out \("password is required"\)/,
    );
  });

  it("the chart's test values: ci/default-values.yaml first, then by name, three at most, YAML only", () => {
    assert.deepEqual(
      chartTestValueFiles(['b-values.yaml', 'README.md', 'a-values.yml', 'default-values.yaml', 'c.yaml']),
      ['ci/default-values.yaml', 'ci/a-values.yml', 'ci/b-values.yaml'],
    );
    assert.deepEqual(chartTestValueFiles([]), []);
  });

  it('helm template arguments are an argv array with the value files, then the target cluster', () => {
    assert.deepEqual(helmTemplateArgs('/c', ['a.yaml', 'b b.yaml'], '1.30').slice(0, 9), [
      'template',
      'release-name',
      '/c',
      '--values',
      'a.yaml',
      '--values',
      'b b.yaml',
      '--kube-version',
      'v1.30.0',
    ]);
  });

  it('the target cluster serves the group/version/Kinds of its version, not the removed ones', () => {
    const served = (args: string[]) => args[args.indexOf('--api-versions') + 1].split(',');
    const newest = served(helmTemplateArgs('/c'));
    for (const kind of [
      'policy/v1/PodDisruptionBudget',
      'apps/v1/Deployment',
      'batch/v1/CronJob',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'networking.k8s.io/v1/Ingress',
      'v1/Service',
    ])
      assert.ok(newest.includes(kind), kind);
    for (const kind of [
      'policy/v1beta1/PodDisruptionBudget',
      'policy/v1beta1/PodSecurityPolicy',
      'batch/v1beta1/CronJob',
      'autoscaling/v2beta2/HorizontalPodAutoscaler',
      'extensions/v1beta1/Ingress',
    ])
      assert.ok(!newest.includes(kind), kind);
    assert.deepEqual(helmTemplateArgs('/c').slice(3, 5), ['--kube-version', 'v1.36.0']);
  });
});

describe('rendered findings placed on template lines (source map)', () => {
  const template =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n          imagePullPolicy: {{ .Values.pull }}\n          {{- with .Values.sc }}\n          securityContext:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n';
  const rendered =
    '---\n# Source: c/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: rel\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n          imagePullPolicy: Sometimes\n          securityContext:\n            runAsUser: root\n---\n# Source: c/templates/other.yaml\nkind: ConfigMap\n';

  it('splits the output by # Source', () => {
    assert.deepEqual(
      splitRenderedChart(rendered).map((document) => document.source),
      ['templates/deployment.yaml', 'templates/other.yaml'],
    );
  });

  it('a value from values.yaml on its template line; a field printed by toYaml on the deepest key the template has', () => {
    const placed =
      checkRenderedChart(rendered, (source) => (source === 'templates/deployment.yaml' ? template : undefined)).get(
        'templates/deployment.yaml',
      ) ?? [];
    const errors = placed
      .filter((found) => found.severity === 1)
      .map((found) => `${found.code}@${found.range.start.line}:${found.range.start.character}`);
    assert.deepEqual(errors, ['k8s/schema-enum@14:27', 'k8s/schema-type@16:10']);
    assert.ok(placed.every((found) => found.fixes.length === 0 && /rendered by helm/.test(found.message)));
  });

  it('merging: a rendered finding the template already reports on that line is said once', () => {
    const own = [
      {
        code: 'k8s/x',
        message: 'a',
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
        fixes: [],
      },
    ];
    const other = [
      { ...own[0], message: 'b' },
      { ...own[0], code: 'k8s/y', message: 'c' },
    ];
    assert.deepEqual(
      mergeRenderedFindings(own, other).map((found) => found.message),
      ['a', 'c'],
    );
  });
});

describe('shipshape check on a chart', () => {
  it('without helm: the templates checked as templates, no errors', () => {
    const result = cli(['check', '--no-helm', CHART]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(errorLines(result.stdout), []);
  });

  it(
    'with the real helm: mistakes in values.yaml found in the rendering, on the template lines',
    { skip: helmSkipReason() },
    () => {
      const chart = copyChart();
      writeFileSync(
        join(chart, 'values.yaml'),
        readFileSync(join(chart, 'values.yaml'), 'utf8')
          .replace('pullPolicy: IfNotPresent', 'pullPolicy: Sometimes')
          .replace('value: production', 'value: 8080'),
      );
      const result = cli(['check', '--helm', realHelm()!, chart]);
      const deployment = join(chart, 'templates', 'deployment.yaml');
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.deepEqual(errorLines(result.stdout), [
        `templates/deployment.yaml:${lineOf(deployment, 'imagePullPolicy')} k8s/schema-enum`,
        // The env item printed by `toYaml . | nindent 12`: on that line.
        `templates/deployment.yaml:${lineOf(deployment, 'toYaml . | nindent 12')} k8s/schema-type`,
      ]);
    },
  );

  it(
    "a name derived from the release reads as helm template's default, release-name-…",
    { skip: helmSkipReason() },
    () => {
      const chart = copyChart();
      const deployment = join(chart, 'templates', 'deployment.yaml');
      writeFileSync(
        deployment,
        readFileSync(deployment, 'utf8').replace('- name: {{ .Chart.Name }}', '- name: {{ .Release.Name }}-web'),
      );
      // No requests: a finding only the rendering gives (the template prints its resources with toYaml).
      writeFileSync(
        join(chart, 'values.yaml'),
        readFileSync(join(chart, 'values.yaml'), 'utf8').replace(/^resources:\n(?: {2}.*\n)+/m, 'resources: {}\n'),
      );
      const result = cli(['check', '--helm', realHelm()!, chart]);
      assert.match(result.stdout, /container "release-name-web" has no cpu or memory request/);
      // Rendered with the chart's defaults (no helm.valueFiles): the finding says so.
      assert.match(result.stdout, /\(in the chart rendered by helm with its default values\)/);
      assert.doesNotMatch(result.stdout, /shipshape-web/);
    },
  );

  it('the untouched chart of the real `helm create`, rendered: no errors', { skip: helmSkipReason() }, () => {
    const chart = helmCreate('mychart');
    const result = cli(['check', '--helm', realHelm()!, chart]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it(
    "a template helm cannot render: one finding with helm's message on the line it names",
    { skip: helmSkipReason() },
    () => {
      const chart = copyChart();
      const deployment = join(chart, 'templates', 'deployment.yaml');
      writeFileSync(
        deployment,
        readFileSync(deployment, 'utf8').replace(
          '{{ .Values.image.pullPolicy }}',
          '{{ .Values.image.pullPolicy | nosuchfunction }}',
        ),
      );
      const result = cli(['check', '--helm', realHelm()!, chart]);
      assert.equal(result.status, 1);
      assert.deepEqual(errorLines(result.stdout), [
        `templates/deployment.yaml:${lineOf(deployment, 'nosuchfunction')} helm/render-failed`,
      ]);
      assert.match(result.stdout, /function "nosuchfunction" not defined/);
    },
  );

  it(
    'a chart whose dependency is not downloaded: information on its Chart.yaml (run helm dependency build), no error, no hang',
    { skip: helmSkipReason() },
    () => {
      const chart = copyChart();
      writeFileSync(
        join(chart, 'Chart.yaml'),
        readFileSync(join(chart, 'Chart.yaml'), 'utf8') +
          'dependencies:\n  - name: common\n    version: 2.x\n    repository: https://charts.example.com\n',
      );
      const result = cli(['check', '--helm', realHelm()!, chart]);
      assert.equal(result.status, 0, result.stdout);
      assert.deepEqual(errorLines(result.stdout), []);
      assert.deepEqual(findingLines(result.stdout, 'information', 'helm/'), ['Chart.yaml:1 helm/dependencies-missing']);
      assert.match(
        result.stdout,
        /its dependency common is not downloaded into charts\/\. Run `helm dependency build`/,
      );
      assert.ok(result.ms < 30_000, `${result.ms} ms`);
    },
  );

  describe('a chart that requires a value its defaults leave out', () => {
    const SECRET =
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {{ required "dbPassword is required" .Values.dbPassword }}\n';
    function requiringChart(): string {
      const chart = copyChart();
      writeFileSync(join(chart, 'templates', 'secret.yaml'), SECRET);
      writeFileSync(
        join(chart, 'values.yaml'),
        readFileSync(join(chart, 'values.yaml'), 'utf8').replace('pullPolicy: IfNotPresent', 'pullPolicy: Sometimes'),
      );
      return chart;
    }

    it(
      'no values give it: information on the required line, quoting the chart, no error',
      { skip: helmSkipReason() },
      () => {
        const chart = requiringChart();
        const result = cli(['check', '--helm', realHelm()!, chart]);
        assert.equal(result.status, 0, result.stdout);
        assert.deepEqual(findingLines(result.stdout, 'information', 'helm/'), [
          'templates/secret.yaml:6 helm/values-required',
        ]);
        assert.match(result.stdout, /"dbPassword is required"/);
      },
    );

    it('its ci/ test values give it: the chart is rendered with them and checked', { skip: helmSkipReason() }, () => {
      const chart = requiringChart();
      mkdirSync(join(chart, 'ci'));
      writeFileSync(join(chart, 'ci', 'z-values.yaml'), 'dbPassword: other\n');
      writeFileSync(join(chart, 'ci', 'default-values.yaml'), 'dbPassword: secret\n');
      const result = cli(['check', '--helm', realHelm()!, chart]);
      assert.equal(result.status, 1, result.stdout);
      const deployment = join(chart, 'templates', 'deployment.yaml');
      assert.deepEqual(errorLines(result.stdout), [
        `templates/deployment.yaml:${lineOf(deployment, 'imagePullPolicy')} k8s/schema-enum`,
      ]);
      assert.match(result.stdout, /rendered by helm with ci\/default-values\.yaml/);
      assert.deepEqual(findingLines(result.stdout, 'information', 'helm/'), []);
    });

    it(
      "the config's helm.valueFiles give it (relative to the chart): rendered with them",
      { skip: helmSkipReason() },
      () => {
        const chart = requiringChart();
        writeFileSync(join(chart, 'my-values.yaml'), 'dbPassword: secret\n');
        const config = join(chart, '..', 'shipshape.yaml');
        writeFileSync(config, 'helm:\n  valueFiles: [my-values.yaml]\n');
        const result = cli(['check', '--helm', realHelm()!, '--config', config, chart]);
        assert.equal(result.status, 1, result.stdout);
        assert.match(result.stdout, /imagePullPolicy|Sometimes/);
        assert.match(result.stdout, /\(in the chart rendered by helm\)/);
      },
    );
  });

  describe('a deprecated chart (helm 4 logs a warning on stderr before its error)', () => {
    function deprecatedChart(withCi: boolean): string {
      const scratch = mkdtempSync(join(tmpdir(), 'shipshape-chart-'));
      process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
      const folder = join(scratch, 'deprecated-web');
      cpSync(DEPRECATED_CHART, folder, { recursive: true });
      if (!withCi) rmSync(join(folder, 'ci'), { recursive: true });
      return folder;
    }
    const inChart = (line: string) => line.replace(/^.*?deprecated-web\//, '');

    it(
      'that requires a value its ci/ values give: rendered with them, no render-failed',
      { skip: helmSkipReason() },
      () => {
        const chart = deprecatedChart(true);
        const result = cli(['check', '--helm', realHelm()!, chart]);
        assert.equal(result.status, 0, result.stdout + result.stderr);
        assert.deepEqual(errorLines(result.stdout), []);
        assert.deepEqual(findingLines(result.stdout, '\\w+', 'helm/'), []);
        // Only the ci/ values give resources (a memory limit, no cpu): said by the rendering alone.
        const deployment = join(chart, 'templates', 'deployment.yaml');
        assert.deepEqual(findingLines(result.stdout, 'warning', 'k8s/resources-requests').map(inChart), [
          `templates/deployment.yaml:${lineOf(deployment, '- name: proxy')} k8s/resources-requests`,
        ]);
        assert.match(result.stdout, /no cpu request: .*rendered by helm with ci\/default-values\.yaml/);
        assert.doesNotMatch(result.stdout, /level=WARN|this chart is deprecated/);
      },
    );

    it(
      'without ci/ values: helm/values-required information quoting the chart, not an error',
      { skip: helmSkipReason() },
      () => {
        const chart = deprecatedChart(false);
        const deployment = join(chart, 'templates', 'deployment.yaml');
        const result = cli(['check', '--helm', realHelm()!, chart]);
        assert.equal(result.status, 0, result.stdout + result.stderr);
        assert.deepEqual(errorLines(result.stdout), []);
        assert.deepEqual(findingLines(result.stdout, 'information', 'helm/').map(inChart), [
          `templates/deployment.yaml:${lineOf(deployment, 'required "upstream must be set"')} helm/values-required`,
        ]);
        assert.match(result.stdout, /it asks for a value they leave out \("upstream must be set"\)/);
        assert.doesNotMatch(result.stdout, /level=WARN/);
      },
    );
  });

  describe('a chart that picks its apiVersion by .Capabilities.APIVersions.Has "group/version/Kind"', () => {
    // consul-k8s's server PodDisruptionBudget: policy/v1 where the cluster serves it, the removed beta otherwise.
    const pdb = (ifServed: string, otherwise: string) =>
      `{{- if .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" }}\napiVersion: ${ifServed}\n{{- else }}\napiVersion: ${otherwise}\n{{- end }}\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n`;
    function probingChart(template: string): string {
      const chart = copyChart();
      writeFileSync(join(chart, 'templates', 'pdb.yaml'), template);
      return chart;
    }

    it(
      'is rendered for the target cluster, which serves policy/v1: no removed-apiVersion error',
      {
        skip: helmSkipReason(),
      },
      () => {
        const chart = probingChart(pdb('policy/v1', 'policy/v1beta1'));
        const result = cli(['check', '--helm', realHelm()!, chart]);
        assert.equal(result.status, 0, result.stdout + result.stderr);
        assert.deepEqual(errorLines(result.stdout), []);
      },
    );

    it(
      'a chart that picks the removed one when the cluster serves policy/v1: still an error',
      {
        skip: helmSkipReason(),
      },
      () => {
        const chart = probingChart(pdb('policy/v1beta1', 'policy/v1'));
        const result = cli(['check', '--helm', realHelm()!, chart]);
        assert.equal(result.status, 1, result.stdout);
        assert.deepEqual(errorLines(result.stdout), ['templates/pdb.yaml:2 k8s/api-version']);
      },
    );
  });

  describe("a chart whose values.schema.json wants a value its defaults leave empty (external-dns's policy)", () => {
    function schemaChart(values: string, ciValues?: string): string {
      const chart = join(mkdtempSync(join(tmpdir(), 'shipshape-schema-')), 'dns');
      process.once('exit', () => rmSync(join(chart, '..'), { recursive: true, force: true }));
      mkdirSync(join(chart, 'templates'), { recursive: true });
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: dns\nversion: 0.1.0\n');
      writeFileSync(join(chart, 'values.yaml'), values);
      const schema = {
        type: 'object',
        required: ['policy'],
        properties: { policy: { type: 'string' }, replicas: { type: 'integer' } },
      };
      writeFileSync(join(chart, 'values.schema.json'), JSON.stringify(schema));
      writeFileSync(
        join(chart, 'templates', 'service.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: dns\n  annotations:\n    policy: {{ .Values.policy | quote }}\nspec:\n  selector:\n    app: dns\n  ports:\n    - port: {{ .Values.port }}\n',
      );
      if (ciValues !== undefined) {
        mkdirSync(join(chart, 'ci'));
        writeFileSync(join(chart, 'ci', 'ci-values.yaml'), ciValues);
      }
      return chart;
    }
    const inChart = (line: string) => line.replace(/^.*?dns\//, '');

    it('its ci/ values give it: rendered with them and checked, no render-failed', { skip: helmSkipReason() }, () => {
      const chart = schemaChart('policy:\nport: 7979\n', 'policy: sync\nport: 70000\n');
      const result = cli(['check', '--format', 'text', '--helm', realHelm()!, chart]);
      assert.deepEqual(findingLines(result.stdout, '\\w+', 'helm/'), []);
      // Only the ci/ values give a port out of range: said by the rendering with them.
      assert.match(result.stdout, /rendered by helm with ci\/ci-values\.yaml/);
    });

    it('nothing gives it: helm/values-required information, not an error', { skip: helmSkipReason() }, () => {
      const chart = schemaChart('policy:\nport: 7979\n');
      const result = cli(['check', '--format', 'text', '--helm', realHelm()!, chart]);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.deepEqual(errorLines(result.stdout), []);
      assert.deepEqual(findingLines(result.stdout, 'information', 'helm/').map(inChart), [
        'Chart.yaml:1 helm/values-required',
      ]);
    });

    it(
      "a default that is set and breaks the schema is the chart's mistake: still an error",
      {
        skip: helmSkipReason(),
      },
      () => {
        const chart = schemaChart(
          'policy: sync\nreplicas: two\nport: 7979\n',
          'policy: sync\nreplicas: 1\nport: 7979\n',
        );
        const result = cli(['check', '--format', 'text', '--helm', realHelm()!, chart]);
        assert.equal(result.status, 1, result.stdout);
        assert.deepEqual(findingLines(result.stdout, 'error', 'helm/').map(inChart), [
          'Chart.yaml:1 helm/render-failed',
        ]);
      },
    );
  });

  it(
    'a schema that $refs an address this machine cannot reach: helm/render-offline information, not an error',
    { skip: helmSkipReason() },
    () => {
      const chart = join(mkdtempSync(join(tmpdir(), 'shipshape-offline-')), 'runner');
      process.once('exit', () => rmSync(join(chart, '..'), { recursive: true, force: true }));
      mkdirSync(join(chart, 'templates'), { recursive: true });
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: runner\nversion: 0.1.0\n');
      writeFileSync(join(chart, 'values.yaml'), 'port: 8080\n');
      // Port 9 (discard) on the loopback: refused at once, no network needed to test it.
      const schema = { type: 'object', properties: { port: { $ref: 'http://127.0.0.1:9/defs.json#/port' } } };
      writeFileSync(join(chart, 'values.schema.json'), JSON.stringify(schema));
      writeFileSync(
        join(chart, 'templates', 'service.yaml'),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: runner\nspec:\n  selector:\n    app: runner\n  ports:\n    - port: {{ .Values.port }}\n',
      );
      const result = cli(['check', '--format', 'text', '--helm', realHelm()!, chart]);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.deepEqual(errorLines(result.stdout), []);
      assert.deepEqual(
        findingLines(result.stdout, 'information', 'helm/').map((line) => line.replace(/^.*?runner\//, '')),
        ['Chart.yaml:1 helm/render-offline'],
      );
      assert.match(result.stdout, /could not fetch http:\/\/127\.0\.0\.1:9\/defs\.json \(connection refused\)/);
    },
  );
});
