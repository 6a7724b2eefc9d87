import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Range } from 'vscode-languageserver-types';
import { applyEdits, createLanguageService, toDiagnostic } from '../../server/src/service';
import { expandSnippet } from '../../server/src/service/snippets';
import {
  applyFix,
  codesAndRanges,
  fixTitles,
  HARDENED_DEPLOYMENT,
  HPA_FOR_WEB,
  makeDocument,
  spanOf,
  spanOfValue,
  validate,
} from '../helpers/service';
import { CRON_JOB, STATEFUL_SET } from './rule-cases/workloads';

const D = HARDENED_DEPLOYMENT;
const H = HPA_FOR_WEB;

/** Replaces one snippet of a fixture, failing loudly if the snippet is not there (a test that cannot silently pass). */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function fixesClean(text: string, code: string, title?: string): string {
  const fixed = applyFix(text, code, title);
  assert.deepEqual(codesAndRanges(validate(fixed)), [], `after the fix:\n${fixed}`);
  return fixed;
}

describe('known-good bases', () => {
  it('the hardened Deployment and its HPA give no diagnostics at all, together or apart', () => {
    assert.deepEqual(validate(D), []);
    assert.deepEqual(validate(H), []);
    assert.deepEqual(validate(D + '---\n' + H), []);
  });
});

describe('k8s/selector-mismatch', () => {
  it('fires on a matchLabels key the template lacks, and the fix adds it to the template', () => {
    const text = edit(D, '      app: web\n  template', '      app: web\n      tier: front\n  template');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/selector-mismatch@${spanOf(text, 'tier')}`]);
    assert.match(fixesClean(text, 'k8s/selector-mismatch'), /labels:\n {8}app: web\n {8}tier: front\n/);
  });
  it("fires on a different value, and the fix sets the template's value", () => {
    const text = edit(D, '        app: web\n    spec', '        app: webb\n    spec');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/selector-mismatch@${spanOf(text, 'app', 2)}`]);
    assert.equal(fixesClean(text, 'k8s/selector-mismatch'), D);
  });
  it('fires on a matchExpression that the template does not satisfy', () => {
    const text = edit(
      D,
      '    matchLabels:\n      app: web\n',
      '    matchLabels:\n      app: web\n    matchExpressions:\n      - {key: tier, operator: Exists}\n',
    );
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/selector-mismatch@${spanOf(text, 'tier')}`]);
  });
  it('stays quiet when the selector matches, including through an alias', () => {
    assert.deepEqual(validate(D), []);
    const aliased = edit(
      edit(D, '    matchLabels:\n      app: web', '    matchLabels: &labels\n      app: web'),
      '      labels:\n        app: web',
      '      labels: *labels',
    );
    assert.deepEqual(validate(aliased), []);
  });
});

describe('k8s/container-name-duplicate', () => {
  it('fires on the second container of one name (init containers included)', () => {
    const text = edit(
      D,
      '      containers:\n',
      '      initContainers:\n        - name: web\n          image: busybox:1.36\n      containers:\n',
    );
    const codes = codesAndRanges(validate(text)).filter((entry) => entry.startsWith('k8s/container-name'));
    assert.deepEqual(codes, [`k8s/container-name-duplicate@${spanOf(text, 'web', 5)}`]);
  });
  it('stays quiet on distinct names', () => {
    assert.deepEqual(validate(D), []);
  });
});

describe('k8s/image-tag', () => {
  for (const image of ['nginx:latest', 'nginx', 'registry.example.com:5000/team/app']) {
    it(`warns on ${image}`, () => {
      const text = edit(D, 'image: nginx:1.25', `image: ${image}`);
      const findings = validate(text);
      assert.deepEqual(codesAndRanges(findings), [`k8s/image-tag@${spanOf(text, image)}`]);
      assert.equal(findings[0].severity, 2);
    });
  }
  for (const image of [
    'nginx:1.25',
    'registry.example.com:5000/team/app:2.0',
    'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '${IMAGE}',
  ]) {
    it(`stays quiet on ${image}`, () => {
      assert.deepEqual(validate(edit(D, 'image: nginx:1.25', `image: "${image}"`)), []);
    });
  }
});

describe('k8s/resources-requests', () => {
  it('warns on a container without requests, and the fix adds cpu and memory placeholders', () => {
    const text = edit(
      D,
      '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
      '',
    );
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/resources-requests@${spanOf(text, 'web', 4)}`]);
    const found = validate(text).find((candidate) => candidate.code === 'k8s/resources-requests');
    assert.equal(
      found?.fixes.some((fix) => fix.isPreferred),
      false,
      'placeholder values: a suggestion, never applied by fix-all',
    );
    assert.match(
      fixesClean(text, 'k8s/resources-requests', 'Add cpu and memory requests (placeholders)'),
      /resources:\n {12}requests:\n {14}cpu: 100m\n {14}memory: 128Mi\n$/,
    );
  });
  it('adds only the missing one into an existing requests block', () => {
    const text = edit(D, '              memory: 128Mi\n', '');
    assert.equal(fixesClean(text, 'k8s/resources-requests', 'Add a memory request (128Mi)'), D);
  });
  it('does not ask for CPU limits', () => {
    assert.deepEqual(validate(D), []);
  });
});

describe('k8s/probes', () => {
  it('is information on a container without probes, and the fix adds tcpSocket probes on its first port', () => {
    const text = edit(
      D,
      '          readinessProbe:\n            tcpSocket:\n              port: http\n          livenessProbe:\n            tcpSocket:\n              port: http\n',
      '',
    );
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), [`k8s/probes@${spanOf(text, 'web', 4)}`]);
    assert.equal(findings[0].severity, 3);
    const fixed = fixesClean(text, 'k8s/probes', 'Add tcpSocket probes on port http');
    assert.match(fixed, /readinessProbe:\n {12}tcpSocket:\n {14}port: http\n/);
    assert.match(fixed, /livenessProbe:\n {12}tcpSocket:\n {14}port: http\n/);
  });
  it('stays quiet with both probes', () => {
    assert.deepEqual(validate(D), []);
  });
});

describe('k8s/probe-port', () => {
  it('warns on a probe port name the container does not declare, and the fix picks the near miss', () => {
    const text = edit(
      D,
      '          readinessProbe:\n            tcpSocket:\n              port: http\n',
      '          readinessProbe:\n            tcpSocket:\n              port: htp\n',
    );
    const findings = validate(text);
    assert.deepEqual(codesAndRanges(findings), [`k8s/probe-port@${spanOf(text, 'htp')}`]);
    assert.match(findings[0].message, /no port named "htp" in this container \(it declares "http"\)/);
    assert.equal(fixesClean(text, 'k8s/probe-port'), D);
  });
  it('stays quiet on declared names and on numbers', () => {
    assert.deepEqual(validate(D), []);
    assert.deepEqual(
      validate(
        edit(
          D,
          '          readinessProbe:\n            tcpSocket:\n              port: http\n',
          '          readinessProbe:\n            tcpSocket:\n              port: 8080\n',
        ),
      ),
      [],
    );
  });
});

describe('k8s/container-port', () => {
  it('fires on a port out of range', () => {
    const text = edit(D, 'containerPort: 8080', 'containerPort: 70000');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/container-port@${spanOf(text, '70000')}`]);
  });
  it('fires on a port declared twice', () => {
    const text = edit(
      D,
      '              containerPort: 8080\n',
      '              containerPort: 8080\n            - containerPort: 8080\n',
    );
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/container-port@${spanOf(text, '8080', 2)}`]);
  });
  it('stays quiet on one port per number', () => {
    assert.deepEqual(
      validate(
        edit(
          D,
          '              containerPort: 8080\n',
          '              containerPort: 8080\n            - containerPort: 8080\n              protocol: UDP\n',
        ),
      ),
      [],
    );
  });
});

describe('k8s/env-duplicate', () => {
  it('warns on the earlier of two env vars with one name, and the fix removes it', () => {
    const text = edit(
      D,
      '            - name: MODE\n              value: production\n',
      '            - name: MODE\n              value: staging\n            - name: MODE\n              value: production\n',
    );
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/env-duplicate@${spanOf(text, 'MODE', 1)}`]);
    assert.equal(fixesClean(text, 'k8s/env-duplicate'), D);
  });
  it('stays quiet on distinct names', () => {
    assert.deepEqual(validate(D), []);
  });
});

describe('securityContext hints', () => {
  const cases = [
    { code: 'k8s/run-as-non-root', line: '            runAsNonRoot: true\n' },
    { code: 'k8s/privilege-escalation', line: '            allowPrivilegeEscalation: false\n' },
    { code: 'k8s/read-only-root-fs', line: '            readOnlyRootFilesystem: true\n' },
  ];
  for (const { code, line } of cases) {
    it(`${code} is a hint when the field is missing, and the fix sets it (not preferred: it can break an app)`, () => {
      const text = edit(D, line, '');
      const findings = validate(text);
      assert.deepEqual(codesAndRanges(findings), [`${code}@${spanOf(text, 'web', 4)}`]);
      assert.equal(findings[0].severity, 4);
      assert.ok(findings[0].fixes.every((fix) => !fix.isPreferred));
      assert.ok(fixesClean(text, code, fixTitles(findings[0])[0]).includes(`securityContext:\n`) && D.includes(line));
      assert.match(fixesClean(text, code, fixTitles(findings[0])[0]), new RegExp(`\\n {12}${line.trim()}\\n`));
    });
  }
  it('the fix creates the securityContext block when there is none', () => {
    const text = edit(
      D,
      '          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n',
      '',
    );
    const fixed = applyFix(text, 'k8s/privilege-escalation', 'Set securityContext.allowPrivilegeEscalation: false');
    assert.match(fixed, /securityContext:\n {12}allowPrivilegeEscalation: false\n$/);
  });
  it('a pod-level runAsNonRoot satisfies the container', () => {
    const text = edit(
      edit(D, '            runAsNonRoot: true\n', ''),
      '      containers:\n',
      '      securityContext:\n        runAsNonRoot: true\n      containers:\n',
    );
    assert.deepEqual(validate(text), []);
  });
  it('a wrong value is replaced, not duplicated', () => {
    const text = edit(D, 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true');
    assert.equal(
      fixesClean(text, 'k8s/privilege-escalation', 'Set securityContext.allowPrivilegeEscalation: false'),
      D,
    );
  });
});

describe('k8s/hpa-replicas', () => {
  it('fires when minReplicas > maxReplicas, and the fix swaps them', () => {
    const text = edit(edit(H, 'minReplicas: 2', 'minReplicas: 12'), 'maxReplicas: 10', 'maxReplicas: 3');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/hpa-replicas@${spanOf(text, '12')}`]);
    assert.match(fixesClean(text, 'k8s/hpa-replicas'), /minReplicas: 3\n {2}maxReplicas: 12\n/);
  });
  it('fires when minReplicas < 1, and the fix sets 1', () => {
    const text = edit(H, 'minReplicas: 2', 'minReplicas: 0');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/hpa-replicas@${spanOfValue(text, 'minReplicas')}`]);
    assert.equal(fixesClean(text, 'k8s/hpa-replicas'), edit(H, 'minReplicas: 2', 'minReplicas: 1'));
  });
  it('flags a missing maxReplicas as a required field', () => {
    const text = edit(H, '  maxReplicas: 10\n', '');
    assert.deepEqual(
      validate(text).map((found) => found.message),
      ['spec: missing required field "maxReplicas"'],
    );
  });
  it('stays quiet on 2..10', () => {
    assert.deepEqual(validate(H), []);
  });
});

describe('k8s/hpa-target-ref', () => {
  it('fires on scaleTargetRef v1 + Deployment, and the fix uses apps/v1', () => {
    const text = edit(H, '    apiVersion: apps/v1', '    apiVersion: v1');
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/hpa-target-ref@${spanOfValue(text, '    apiVersion')}`]);
    assert.equal(fixesClean(text, 'k8s/hpa-target-ref'), H);
  });
  it('stays quiet on apps/v1 + Deployment', () => {
    assert.deepEqual(validate(H), []);
  });
});

describe('k8s/hpa-behavior', () => {
  const behavior = (policy: string) => H + `  behavior:\n    scaleDown:\n      policies:\n${policy}`;
  it('fires on periodSeconds out of range and on a value of 0', () => {
    const text = behavior('        - type: Pods\n          value: 0\n          periodSeconds: 3600\n');
    assert.deepEqual(codesAndRanges(validate(text)), [
      `k8s/hpa-behavior@${spanOfValue(text, 'value')}`,
      `k8s/hpa-behavior@${spanOfValue(text, 'periodSeconds')}`,
    ]);
  });
  it('fires on an empty policies list', () => {
    const text = H + '  behavior:\n    scaleUp:\n      policies: []\n';
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/hpa-behavior@${spanOf(text, 'policies')}`]);
  });
  it('fires on an empty policies list with selectPolicy Disabled too (the 1.20 server refuses it)', () => {
    const text = H + '  behavior:\n    scaleUp:\n      selectPolicy: Disabled\n      policies: []\n';
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/hpa-behavior@${spanOf(text, 'policies')}`]);
  });
  it('stays quiet on valid behaviour, and on Disabled with policies left out or null (defaults)', () => {
    assert.deepEqual(
      validate(behavior('        - type: Percent\n          value: 50\n          periodSeconds: 60\n')),
      [],
    );
    assert.deepEqual(validate(H + '  behavior:\n    scaleUp:\n      selectPolicy: Disabled\n'), []);
    assert.deepEqual(validate(H + '  behavior:\n    scaleUp:\n      selectPolicy: Disabled\n      policies:\n'), []);
  });
});

describe('fixes with placeholders (snippets) for editors that insert them', () => {
  function snippetAction(text: string, code: string) {
    const service = createLanguageService();
    service.useSnippetFixes('test.applySnippet');
    const document = makeDocument(text);
    const found = service.validate(document).find((candidate) => candidate.code === code)!;
    const title = fixTitles(found)[0];
    return {
      plain: applyFix(text, code, title),
      action: service
        .codeActions(document, found.range, [toDiagnostic(found)])
        .find((candidate) => candidate.title === title)!,
    };
  }
  for (const [code, from] of [
    [
      'k8s/resources-requests',
      '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
    ],
    [
      'k8s/probes',
      '          readinessProbe:\n            tcpSocket:\n              port: http\n          livenessProbe:\n            tcpSocket:\n              port: http\n',
    ],
  ]) {
    it(`${code}: a command with a snippet whose defaults are the plain fix`, () => {
      const text = edit(D, from, '');
      const { plain, action } = snippetAction(text, code);
      assert.notEqual(action.isPreferred, true, 'placeholder values: never applied by fix-all');
      assert.equal(action.edit, undefined);
      assert.equal(action.command?.command, 'test.applySnippet');
      const [uri, version, snippetEdit] = action.command!.arguments as [
        string,
        number,
        { range: Range; newText: string },
      ];
      assert.match(uri, /^file:/);
      assert.equal(version, 1);
      assert.match(snippetEdit.newText, /\$\{1:/);
      assert.equal(
        applyEdits(text, [{ range: snippetEdit.range, newText: expandSnippet(snippetEdit.newText) }]),
        plain,
      );
    });
  }
  it("without the client's say-so, the same fix is a plain edit", () => {
    const text = edit(D, '              memory: 128Mi\n', '');
    const service = createLanguageService();
    const document = makeDocument(text);
    const found = service.validate(document).find((candidate) => candidate.code === 'k8s/resources-requests')!;
    const action = service
      .codeActions(document, found.range, [toDiagnostic(found)])
      .find((candidate) => candidate.title === 'Add a memory request (128Mi)')!;
    assert.equal(action.command, undefined);
    assert.ok(action.edit);
  });
});

describe('k8s/hpa-v1-field', () => {
  it('fires on targetCPUUtilizationPercentage in a v2 HPA, and the fix turns it into a metric', () => {
    const text = edit(
      H,
      '  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n',
      '  targetCPUUtilizationPercentage: 70\n',
    );
    assert.deepEqual(codesAndRanges(validate(text)), [
      `k8s/hpa-v1-field@${spanOf(text, 'targetCPUUtilizationPercentage')}`,
    ]);
    assert.equal(fixesClean(text, 'k8s/hpa-v1-field'), H);
  });
  it('stays quiet on a v1 HPA that uses it', () => {
    assert.deepEqual(
      validate(
        edit(
          edit(H, 'autoscaling/v2', 'autoscaling/v1'),
          H.slice(H.indexOf('  metrics:')),
          '  targetCPUUtilizationPercentage: 70\n',
        ),
      ),
      [],
    );
  });
});

describe('files with CRLF line endings', () => {
  it('ranges are right and fixes insert CRLF lines, never a mix', () => {
    const crlf = edit(D, '              memory: 128Mi\n', '').replace(/\n/g, '\r\n');
    assert.deepEqual(codesAndRanges(validate(crlf)), [
      `k8s/resources-requests@${spanOf(crlf.replace(/\r/g, ''), 'web', 4)}`,
    ]);
    const fixed = applyFix(crlf, 'k8s/resources-requests', 'Add a memory request (128Mi)');
    assert.equal(fixed, D.replace(/\n/g, '\r\n'));
    assert.doesNotMatch(fixed, /[^\r]\n/);
  });
});

describe('"Ignore this rule here"', () => {
  it('is offered on every ignorable finding and writes a comment that silences it', () => {
    const text = edit(D, 'image: nginx:1.25', 'image: nginx:latest');
    assert.deepEqual(fixTitles(validate(text)[0]), []);
    const ignored = applyFix(text, 'k8s/image-tag', 'Ignore k8s/image-tag here');
    assert.match(ignored, /\n {10}# shipshape-ignore k8s\/image-tag\n {10}image: nginx:latest\n/);
    assert.deepEqual(validate(ignored), []);
  });
  it('merges into an existing ignore comment instead of stacking another', () => {
    const text = edit(
      D,
      '          image: nginx:1.25\n',
      '          # shipshape-ignore k8s/probes\n          image: nginx:latest\n',
    );
    const ignored = applyFix(text, 'k8s/image-tag', 'Ignore k8s/image-tag here');
    assert.match(ignored, /\n {10}# shipshape-ignore k8s\/probes, k8s\/image-tag\n {10}image: nginx:latest\n/);
    assert.deepEqual(validate(ignored), []);
  });
});

describe('API-server semantics: every workload kind, at its own pod template path', () => {
  it('a StatefulSet port name the server rejects, and a CronJob quantity that does not parse', () => {
    const statefulSet = edit(STATEFUL_SET, 'name: pg', 'name: Postgres_Port');
    assert.deepEqual(
      codesAndRanges(validate(statefulSet)).filter((found) => found.startsWith('k8s/port-syntax')),
      [`k8s/port-syntax@${spanOfValue(statefulSet, '- name', 2)}`],
    );
    const cronJob = edit(
      CRON_JOB,
      '              image: busybox:1.36\n',
      '              image: busybox:1.36\n              resources:\n                requests:\n                  memory: 64 Mi\n',
    );
    assert.deepEqual(
      codesAndRanges(validate(cronJob)).filter((found) => found.startsWith('k8s/resource-quantity')),
      [`k8s/resource-quantity@${spanOfValue(cronJob, 'memory')}`],
    );
  });

  it("a StatefulSet's volumeClaimTemplates are volumes its containers may mount", () => {
    const mounted = edit(
      STATEFUL_SET,
      '              containerPort: 5432\n',
      '              containerPort: 5432\n          volumeMounts:\n            - name: data\n              mountPath: /var/lib/postgresql\n',
    ).concat(
      '  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        accessModes: ["ReadWriteOnce"]\n        resources:\n          requests:\n            storage: 1Gi\n',
    );
    assert.deepEqual(
      codesAndRanges(validate(mounted)).filter((found) => found.startsWith('k8s/volume-mount')),
      [],
    );
    const misspelt = mounted.replace('        name: data\n      spec:', '        name: dat\n      spec:');
    assert.deepEqual(
      codesAndRanges(validate(misspelt)).filter((found) => found.startsWith('k8s/volume-mount')),
      [`k8s/volume-mount-missing@${spanOfValue(misspelt, '- name', 3)}`],
    );
  });
});
