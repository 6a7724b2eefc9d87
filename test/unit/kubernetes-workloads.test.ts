import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { resolveSettings } from '../../common/src/contract';
import { createLanguageService, type Finding } from '../../server/src/service';
import { cronScheduleError } from '../../server/src/service/kubernetes/cron';
import {
  ADVISORY_OFF,
  codesAndRanges,
  HARDENED_DEPLOYMENT as D,
  HPA_FOR_WEB,
  spanOf,
  spanOfValue,
  validate,
  yaml,
} from '../helpers/service';
import { edit } from './rule-cases/case';
import { CRON_JOB, DAEMON_SET, JOB, STATEFUL_SET, WEB_PDB, WEB_SERVICE } from './rule-cases/workloads';

/** A workspace of files, all indexed, one validated (as the server does with files on disk). */
function check(files: Record<string, string>, open: string, settings: unknown = ADVISORY_OFF): Finding[] {
  const service = createLanguageService();
  service.configure(resolveSettings(settings));
  for (const [name, text] of Object.entries(files)) service.indexFile(`file:///ws/${name}`, text);
  return service.validate(TextDocument.create(`file:///ws/${open}`, 'yaml', 1, files[open]));
}

const codes = (findings: readonly Finding[]) => findings.map((found) => found.code);

describe('pod-template rules on every workload kind', () => {
  const misplaced = (text: string, containersLine: string, indent: string) =>
    edit(text, containersLine, `${indent}ports:\n${indent}  - containerPort: 8080\n${containersLine}`);
  const cases: Array<[string, string, string]> = [
    ['StatefulSet', misplaced(STATEFUL_SET, '      containers:\n', '      '), 'spec.template.spec.ports'],
    ['DaemonSet', misplaced(DAEMON_SET, '      containers:\n', '      '), 'spec.template.spec.ports'],
    ['Job', misplaced(JOB, '      containers:\n', '      '), 'spec.template.spec.ports'],
    [
      'CronJob',
      misplaced(CRON_JOB, '          containers:\n', '          '),
      'spec.jobTemplate.spec.template.spec.ports',
    ],
  ];
  for (const [kind, text, path] of cases) {
    it(`${kind}: a container field at pod level is flagged where it is, with the kind's own path`, () => {
      const findings = validate(text, { settings: ADVISORY_OFF });
      assert.deepEqual(codesAndRanges(findings), [`k8s/pod-field-misplaced@${spanOf(text, 'ports')}`]);
      assert.match(findings[0].message, new RegExp(`^${path.replace(/\./g, '\\.')}: "ports" is a container field`));
    });
  }

  it('a Pod is its own template: spec.image is misplaced, and every hint speaks of its containers', () => {
    const pod = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
      spec:
        image: busybox:1.36
        containers:
          - name: debug
            image: busybox:1.36
    `;
    const findings = validate(pod);
    assert.deepEqual(codes(findings), [
      'k8s/pod-field-misplaced',
      'k8s/resources-requests',
      'k8s/probes',
      'k8s/run-as-non-root',
      'k8s/privilege-escalation',
      'k8s/read-only-root-fs',
    ]);
    assert.match(findings[0].message, /^spec\.image: /);
  });

  it('no probe hint for a Job or CronJob container: it runs to completion', () => {
    for (const text of [JOB, CRON_JOB]) assert.ok(!codes(validate(text)).includes('k8s/probes'), text);
    assert.ok(codes(validate(DAEMON_SET)).includes('k8s/probes'));
  });

  it('no probe hint for a Pod that runs to completion (restartPolicy Never or OnFailure, a helm test hook)', () => {
    const pod = (restartPolicy: string) => yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: connection-test
        annotations:
          helm.sh/hook: test
      spec:
        ${restartPolicy}
        containers:
          - name: wget
            image: busybox:1.36
            command: ["wget", "web:80"]
    `;
    for (const policy of ['restartPolicy: Never', 'restartPolicy: OnFailure'])
      assert.ok(!codes(validate(pod(policy))).includes('k8s/probes'), policy);
    // A Pod that keeps running (Always, the default) still gets the hint, on its container's name.
    for (const policy of ['restartPolicy: Always', '']) {
      const text = pod(policy);
      assert.deepEqual(
        codesAndRanges(validate(text)).filter((entry) => entry.startsWith('k8s/probes@')),
        [`k8s/probes@${spanOf(text, 'wget')}`],
        policy,
      );
    }
  });

  it('the probe hint says what each missing probe causes, and only that', () => {
    const message = (text: string) => validate(text).find((found) => found.code === 'k8s/probes')?.message;
    const withProbe = (probe: string) =>
      edit(
        DAEMON_SET,
        '          image: ',
        `          ${probe}:\n            tcpSocket:\n              port: 80\n          image: `,
      );
    assert.match(
      message(DAEMON_SET) ?? '',
      /has no readinessProbe and no livenessProbe: traffic arrives before it is ready and a hung process is never restarted$/,
    );
    assert.match(
      message(withProbe('livenessProbe')) ?? '',
      /has no readinessProbe: traffic arrives before it is ready$/,
    );
    assert.match(
      message(withProbe('readinessProbe')) ?? '',
      /has no livenessProbe: a hung process is never restarted$/,
    );
  });

  it('the selector rule speaks for every kind with a selector', () => {
    const text = edit(STATEFUL_SET, '      labels:\n        app: db', '      labels:\n        app: dbx');
    assert.deepEqual(codes(validate(text, { settings: ADVISORY_OFF })), ['k8s/selector-mismatch']);
  });

  it('removed apiVersions of the new kinds: CronJob batch/v1beta1, PDB policy/v1beta1, DaemonSet extensions/v1beta1', () => {
    for (const [text, from] of [
      [CRON_JOB, 'batch/v1'],
      [WEB_PDB, 'policy/v1'],
      [DAEMON_SET, 'apps/v1'],
    ] as const) {
      const old = edit(
        text,
        `apiVersion: ${from}`,
        `apiVersion: ${from === 'apps/v1' ? 'extensions/v1beta1' : from + 'beta1'}`,
      );
      const findings = validate(old, { settings: ADVISORY_OFF });
      assert.deepEqual(codes(findings), ['k8s/api-version'], old);
      assert.equal(findings[0].severity, DiagnosticSeverity.Error);
    }
  });

  it('a multi-document file of every kind, wired correctly, is clean with every rule on (test/fixtures/k8s/good)', () => {
    // The fixture itself is checked by detection.test.ts; here: it does hold every kind.
    const text = readFileSync(
      join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s', 'good', 'all-workload-kinds.yaml'),
      'utf8',
    ) as string;
    for (const kind of [
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'ReplicaSet',
      'Job',
      'CronJob',
      'Pod',
      'Service',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
    ])
      assert.match(text, new RegExp(`^kind: ${kind}$`, 'm'));
    assert.deepEqual(codesAndRanges(validate(text, { name: 'all.yaml' })), []);
  });
});

describe('HPA rules across scalable kinds', () => {
  const hpaFor = (kind: string, name: string) => yaml`
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: ${name}
    spec:
      scaleTargetRef:
        apiVersion: apps/v1
        kind: ${kind}
        name: ${name}
      minReplicas: 1
      maxReplicas: 4
  `;
  it('a StatefulSet scaled by an HPA gets the no-requests and replicas findings a Deployment gets', () => {
    const sts = edit(STATEFUL_SET, '  serviceName: db\n', '  serviceName: db\n  replicas: 3\n');
    const findings = check({ 'db.yaml': sts, 'hpa.yaml': hpaFor('StatefulSet', 'db') }, 'db.yaml');
    assert.deepEqual(codesAndRanges(findings), [
      `k8s/replicas-with-hpa@${spanOf(sts, 'replicas')}`,
      `k8s/hpa-target-no-requests@${spanOfValue(sts, '        - name')}`,
    ]);
    assert.match(findings[0].message, /manages this StatefulSet's replicas/);
  });
  it('the HPA of a Deployment does not reach a StatefulSet of the same name', () => {
    const findings = check({ 'db.yaml': STATEFUL_SET, 'hpa.yaml': hpaFor('Deployment', 'db') }, 'db.yaml');
    assert.deepEqual(codes(findings), []);
  });
  it('a StatefulSet in another namespace: hpa-target-missing names the kind', () => {
    const elsewhere = edit(STATEFUL_SET, '  name: db\n', '  name: db\n  namespace: data\n');
    const findings = check({ 'db.yaml': elsewhere, 'hpa.yaml': hpaFor('StatefulSet', 'db') }, 'hpa.yaml');
    assert.deepEqual(codes(findings), ['k8s/hpa-target-missing']);
    assert.match(findings[0].message, /^scaleTargetRef: no StatefulSet "db" in namespace "default"/);
  });
});

describe('a Service whose labels match pods of another namespace', () => {
  const inTeam = edit(D, '  name: web\n', '  name: web\n  namespace: team\n');
  it('says so, names the workload and its namespace, links it, on the selector', () => {
    const findings = check({ 's.yaml': WEB_SERVICE, 'd.yaml': inTeam }, 's.yaml');
    assert.deepEqual(codesAndRanges(findings), [`k8s/service-selects-nothing@${spanOf(WEB_SERVICE, 'selector')}`]);
    assert.match(
      findings[0].message,
      /^spec\.selector app=web selects no pod template in the Service's namespace \(none given: "default", or the one it is applied to\), only Deployment "web" \(d\.yaml:4\) in "team" of another namespace/,
    );
    assert.deepEqual(
      findings[0].relatedInformation?.map(
        (related) => `${related.location.uri.split('/').pop()}:${related.location.range.start.line}`,
      ),
      ['d.yaml:3'],
    );
    const inOther = edit(WEB_SERVICE, '  name: web\n', '  name: web\n  namespace: shop\n');
    assert.match(
      check({ 's.yaml': inOther, 'd.yaml': inTeam }, 's.yaml')[0]?.message ?? '',
      /namespace \("shop"\), only/,
    );
  });
  it('a targetPort number no container declares is information, and does not claim nothing listens there', () => {
    const numbered = edit(WEB_SERVICE, 'targetPort: http', 'targetPort: 9090');
    const findings = check({ 's.yaml': numbered, 'd.yaml': D }, 's.yaml', {});
    const found = findings.find((finding) => finding.code === 'k8s/service-target-port');
    assert.equal(found?.severity, DiagnosticSeverity.Information);
    assert.match(
      found?.message ?? '',
      /^targetPort 9090: no container of the selected pods declares it \(they declare \d+/,
    );
    assert.match(found?.message ?? '', /unless a container listens on it undeclared/);
  });
  it('quiet when the namespaces agree; the plain message when no pod has the labels', () => {
    const service = edit(WEB_SERVICE, '  name: web\n', '  name: web\n  namespace: team\n');
    assert.deepEqual(codes(check({ 's.yaml': service, 'd.yaml': inTeam }, 's.yaml')), []);
    const wrong = edit(WEB_SERVICE, 'app: web', 'app: nope');
    assert.match(
      check({ 's.yaml': wrong, 'd.yaml': inTeam }, 's.yaml')[0]?.message ?? '',
      /selects none of the pod templates of this unit/,
    );
  });
});

describe('a message names a file of another folder by its path from the reported one', () => {
  const withReplicas = edit(D, 'spec:\n', 'spec:\n  replicas: 3\n');
  const fightsMessage = (hpaPath: string) => {
    const service = createLanguageService();
    service.configure(resolveSettings({}));
    service.indexFile(`file:///ws/app/${hpaPath}`, HPA_FOR_WEB);
    const findings = service.validate(TextDocument.create('file:///ws/app/web.yaml', 'yaml', 1, withReplicas));
    return findings.find((found) => found.code === 'k8s/replicas-with-hpa')?.message ?? '';
  };
  it('same folder: the file name; a subfolder or a sibling folder: the relative path', () => {
    assert.match(fightsMessage('hpa.yaml'), /HPA "web" \(hpa\.yaml:\d+\)/);
    assert.match(fightsMessage('autoscaling/gpu-hpa.yaml'), /HPA "web" \(autoscaling\/gpu-hpa\.yaml:\d+\)/);
  });
});

describe('Service and PDB wiring stays quiet where it cannot know', () => {
  const wrong = edit(WEB_SERVICE, 'app: web', 'app: nope');
  it('a custom resource or ReplicationController in the unit may make the pods', () => {
    const operatorMade = 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: nope\n';
    assert.deepEqual(codes(check({ 's.yaml': wrong, 'd.yaml': D, 'c.yaml': operatorMade }, 's.yaml')), []);
    const rc = 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: nope\n';
    assert.deepEqual(codes(check({ 's.yaml': wrong + '---\n' + rc, 'd.yaml': D }, 's.yaml')), []);
    assert.deepEqual(codes(check({ 's.yaml': wrong, 'd.yaml': D }, 's.yaml')), ['k8s/service-selects-nothing']);
  });
  it('a targetPort number: quiet when a ReplicationController of the unit may be the pods that declare it', () => {
    const numbered = edit(WEB_SERVICE, 'targetPort: http', 'targetPort: 5000');
    const rc = 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: registry\n';
    const targetPort = (files: Record<string, string>) =>
      check(files, 's.yaml', {}).filter((found) => found.code === 'k8s/service-target-port');
    assert.equal(targetPort({ 's.yaml': numbered, 'd.yaml': D }).length, 1);
    assert.deepEqual(targetPort({ 's.yaml': numbered, 'd.yaml': D, 'rc.yaml': rc }), []);
  });
  it('a workload in a sibling folder (another unit) that the selector matches', () => {
    const service = createLanguageService();
    service.configure(resolveSettings(ADVISORY_OFF));
    service.indexFile('file:///ws/apps/web.yaml', D);
    service.indexFile('file:///ws/apps/other.yaml', JOB);
    const text = WEB_SERVICE;
    service.indexFile('file:///ws/services/web.yaml', text);
    service.indexFile('file:///ws/services/job.yaml', JOB);
    const findings = service.validate(TextDocument.create('file:///ws/services/web.yaml', 'yaml', 1, text));
    assert.deepEqual(codes(findings), []);
  });
  it('labels the controller adds (job-name, pod-template-hash) are not in the template, but on every pod', () => {
    const byJobName = edit(WEB_SERVICE, 'app: web', 'job-name: migrate');
    assert.deepEqual(codes(check({ 's.yaml': byJobName, 'j.yaml': JOB }, 's.yaml')), []);
  });
  it('a Helm chart: templated selectors and labels, both PDB budgets in if/else branches', () => {
    const service = yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: {{ include "app.fullname" . }}
      spec:
        selector:
          {{- include "app.selectorLabels" . | nindent 4 }}
        ports:
          - name: http
            port: 80
            targetPort: http
    `;
    const pdb = yaml`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: web
      spec:
        {{- if .Values.pdb.minAvailable }}
        minAvailable: {{ .Values.pdb.minAvailable }}
        {{- end }}
        {{- if .Values.pdb.maxUnavailable }}
        maxUnavailable: {{ .Values.pdb.maxUnavailable }}
        {{- end }}
        selector:
          matchLabels:
            app: web
    `;
    assert.deepEqual(codes(check({ 'templates/s.yaml': service, 'templates/d.yaml': D }, 'templates/s.yaml')), []);
    assert.deepEqual(
      codes(
        check(
          {
            'templates/p.yaml': pdb,
            'templates/d.yaml': edit(D, 'spec:\n  selector', 'spec:\n  replicas: 3\n  selector'),
          },
          'templates/p.yaml',
        ),
      ),
      [],
    );
  });
  it('YAML that breaks only with all branches of a Helm template read at once is a warning, not an error', () => {
    // A default in one `if`, the user's values in others: masked, the key is there twice.
    const template = yaml`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: web
      spec:
        selector:
          matchLabels:
            app: web
        {{- if not (or (hasKey $spec "minAvailable") (hasKey $spec "maxUnavailable")) }}
        maxUnavailable: 1
        {{- end }}
        {{- if hasKey $spec "minAvailable" }}
        minAvailable: {{ $spec.minAvailable }}
        {{- end }}
        {{- if hasKey $spec "maxUnavailable" }}
        maxUnavailable: {{ $spec.maxUnavailable }}
        {{- end }}
    `;
    // These conditions never hold together (helm/conditions.ts): one key, nothing to say.
    assert.deepEqual(validate(template, { settings: ADVISORY_OFF }), []);
    // Conditions that may both hold: the key may be there twice, a warning.
    const findings = validate(template.replace('if hasKey $spec "maxUnavailable"', 'if .Values.extra'), {
      settings: ADVISORY_OFF,
    });
    assert.ok(findings.length > 0 && findings.every((found) => found.code === 'yaml/syntax'), JSON.stringify(findings));
    assert.ok(findings.every((found) => found.severity === DiagnosticSeverity.Warning));
  });
});

describe('CronJob schedules as the API server parses them (robfig/cron ParseStandard)', () => {
  const valid = [
    '0 3 * * *',
    '*/5 * * * *',
    '0 9-17/2 * * MON-FRI',
    '0 0 1,15 * *',
    '@hourly',
    '@every 1h30m',
    '0 0 ? * sun',
    '15 4 * JAN,JUL *',
    '5/10 * * * *',
  ];
  const invalid: Array<[string, RegExp]> = [
    ['0 3 * *', /expected five fields/],
    ['0 0 3 * * *', /seconds are not supported/],
    ['60 * * * *', /minute "60": 60 is above the maximum 59/],
    ['0 0 * * 7', /day of week "7": 7 is above the maximum 6/],
    ['0 0 0 * *', /day of month "0": 0 is below the minimum 1/],
    ['*/0 * * * *', /a step must be positive/],
    ['0 5-2 * * *', /the range starts after it ends/],
    ['0 0 * foo *', /"foo" is not a number or a name/],
    ['@fortnightly', /unknown descriptor/],
    ['CRON_TZ=UTC 0 3 * * *', /use spec.timeZone/],
  ];
  for (const schedule of valid) it(`accepts ${schedule}`, () => assert.equal(cronScheduleError(schedule), undefined));
  for (const [schedule, message] of invalid)
    it(`rejects ${schedule}`, () => assert.match(cronScheduleError(schedule) ?? '', message));
});

describe('kinds without a bundled schema', () => {
  it('a JSON 6902 patch that targets one is checked for its operations only, without a crash', async () => {
    const { checkJsonPatch } = await import('../../server/src/service/kustomize/jsonPatch');
    const patch = '- op: replace\n  path: /spec/replicas\n  value: 3\n- op: frobnicate\n  path: /spec\n';
    const codes = checkJsonPatch(patch, { kind: 'StatefulSet', group: 'apps', version: 'v1' }).map(
      (found) => found.code,
    );
    assert.deepEqual(codes, ['kustomize/json-patch-op']);
  });
});

describe('a Helm template that picks its kind in an if/else', () => {
  it("is left to the rendered chart: neither kind speaks of the other kind's fields", () => {
    const template = yaml`
      apiVersion: apps/v1
      {{- if .Values.sharded }}
      kind: StatefulSet
      {{- else }}
      kind: Deployment
      {{- end }}
      metadata:
        name: metrics
      spec:
        {{- if not .Values.sharded }}
        strategy:
          type: RollingUpdate
        {{- end }}
        selector:
          matchLabels:
            app: metrics
        template:
          metadata:
            labels:
              app: metrics
          spec:
            restartPolicy: Never
            containers:
              - name: metrics
                image: metrics:1.0
    `;
    assert.deepEqual(codes(validate(template, { settings: ADVISORY_OFF })), []);
    const plain = template.replace(/ *\{\{-? (if|else|end)[^}]*\}\}\n/g, '').replace('kind: Deployment\n', '');
    assert.ok(codes(validate(plain, { settings: ADVISORY_OFF })).includes('k8s/restart-policy'), plain);
  });
});
