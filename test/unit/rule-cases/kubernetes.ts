import { HARDENED_DEPLOYMENT as D, HPA_FOR_WEB as H, spanOf, spanOfValue, yaml } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for the per-document Kubernetes rules (structure, Deployment, HPA), on the fixtures of
 * kubernetes-rules/-semantics tests. The advisory rules are checked with every rule on (`ALL_ON`) against the
 * hardened Deployment, which no rule fires on; the others run with ADVISORY_OFF (the default of a case).
 */
const ALL_ON = {};

const GOOD_DEPLOYMENT = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
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
            image: nginx:1.25
`;

const removedApi = edit(GOOD_DEPLOYMENT, 'apiVersion: apps/v1', 'apiVersion: extensions/v1beta1');
const noApi = edit(GOOD_DEPLOYMENT, 'apiVersion: apps/v1\n', '');

const misplaced = edit(
  GOOD_DEPLOYMENT,
  '          image: nginx:1.25\n',
  "          image: nginx:1.25\n      ports:              # the app's port\n        - containerPort: 8080\n",
);
const misplacedTwo = edit(
  misplaced,
  '          image: nginx:1.25\n',
  '          image: nginx:1.25\n        - name: sidecar\n          image: envoy:1.30\n',
);
const podSecurityContext = GOOD_DEPLOYMENT + '      securityContext:\n        runAsNonRoot: true\n';

const nested = edit(
  GOOD_DEPLOYMENT,
  '    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n',
  '      spec:\n        containers:\n          - name: web\n            image: nginx:1.25\n',
);

const selectorExtra = edit(D, '      app: web\n  template', '      app: web\n      tier: front\n  template');
const selectorValue = edit(D, '        app: web\n    spec', '        app: webb\n    spec');
const initSameName = edit(
  D,
  '      containers:\n',
  '      initContainers:\n        - name: web\n          image: busybox:1.36\n      containers:\n',
);
const initOtherName = edit(
  D,
  '      containers:\n',
  '      initContainers:\n        - name: init\n          image: busybox:1.36\n      containers:\n',
);
const portOutOfRange = edit(D, 'containerPort: 8080', 'containerPort: 70000');
const portTwice = edit(
  D,
  '              containerPort: 8080\n',
  '              containerPort: 8080\n            - containerPort: 8080\n',
);
const portTwiceUdp = edit(
  D,
  '              containerPort: 8080\n',
  '              containerPort: 8080\n            - containerPort: 8080\n              protocol: UDP\n',
);
const envTwice = edit(
  D,
  '            - name: MODE\n              value: production\n',
  '            - name: MODE\n              value: staging\n            - name: MODE\n              value: production\n',
);
const envDistinct = edit(
  D,
  '            - name: MODE\n              value: production\n',
  '            - name: STAGE\n              value: staging\n            - name: MODE\n              value: production\n',
);
const latest = edit(D, 'image: nginx:1.25', 'image: nginx:latest');
const untagged = edit(D, 'image: nginx:1.25', 'image: nginx');
const noRequests = edit(
  D,
  '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n',
  '',
);
const noMemory = edit(D, '              memory: 128Mi\n', '');
const noProbes = edit(
  D,
  '          readinessProbe:\n            tcpSocket:\n              port: http\n          livenessProbe:\n            tcpSocket:\n              port: http\n',
  '',
);
const noLiveness = edit(D, '          livenessProbe:\n            tcpSocket:\n              port: http\n', '');
const probeTypo = edit(
  D,
  '          readinessProbe:\n            tcpSocket:\n              port: http\n',
  '          readinessProbe:\n            tcpSocket:\n              port: htp # the named port\n',
);
const probeNumber = edit(
  D,
  '          readinessProbe:\n            tcpSocket:\n              port: http\n',
  '          readinessProbe:\n            tcpSocket:\n              port: 8080\n',
);
const without = (line: string) => edit(D, line, '');
const podNonRoot = edit(
  without('            runAsNonRoot: true\n'),
  '      containers:\n',
  '      securityContext:\n        runAsNonRoot: true\n      containers:\n',
);
const escalation = edit(D, 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true');

const v1WithMetrics = edit(H, 'autoscaling/v2', 'autoscaling/v1');
const v1Quiet = edit(v1WithMetrics, H.slice(H.indexOf('  metrics:')), '  targetCPUUtilizationPercentage: 70\n');
const v2WithV1Field = edit(H, H.slice(H.indexOf('  metrics:')), '  targetCPUUtilizationPercentage: 70\n');
const TARGET = '          type: Utilization\n          averageUtilization: 70\n';
const utilizationWithValue = edit(H, TARGET, '          type: Utilization\n          averageValue: 500m\n');
const utilizationWithPercent = edit(H, TARGET, '          type: Utilization\n          averageValue: 80\n');
const targetNoType = edit(H, TARGET, '          averageUtilization: 70\n');
const averageValueMemory = edit(
  edit(H, TARGET, '          type: AverageValue\n          averageValue: 500Mi\n'),
  'name: cpu',
  'name: memory',
);
const minOverMax = edit(
  edit(H, 'minReplicas: 2', 'minReplicas: 12 # peak traffic'),
  'maxReplicas: 10',
  'maxReplicas: 3',
);
const minZero = edit(H, 'minReplicas: 2', 'minReplicas: 0');
const targetRefV1 = edit(H, '    apiVersion: apps/v1', '    apiVersion: v1');
const behavior = (policy: string) => H + `  behavior:\n    scaleDown:\n      policies:\n${policy}`;
const badPolicy = behavior('        - type: Pods\n          value: 0\n          periodSeconds: 3600\n');
const emptyPolicies = H + '  behavior:\n    scaleUp:\n      policies: []\n';

/** Images the kubelet cannot parse (InvalidImageName): an upper-case repository, a second tag, a padded value. */
const upperCaseImage = edit(D, 'image: nginx:1.25', 'image: ghcr.io/acme/MyWebApp:1.4');
const twoTags = edit(D, 'image: nginx:1.25', 'image: nginx:1.25:2');
const spacedImage = edit(D, 'image: nginx:1.25', 'image: " nginx:1.25"');

export const KUBERNETES_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/api-version',
    firing: [
      { text: removedApi, ranges: [spanOf(removedApi, 'extensions/v1beta1')] },
      { text: noApi, ranges: [spanOf(noApi, 'kind')] },
    ],
    quiet: [{ text: GOOD_DEPLOYMENT }, { text: v1Quiet }],
    fixes: [{ title: 'Change apiVersion to apps/v1' }, { title: 'Change apiVersion to apps/v1', on: { text: noApi } }],
  },
  {
    id: 'k8s/pod-field-misplaced',
    firing: [
      { text: misplaced, ranges: [spanOf(misplaced, 'ports')] },
      { text: misplacedTwo, ranges: [spanOf(misplacedTwo, 'ports')] },
    ],
    quiet: [{ text: podSecurityContext }],
    fixes: [
      { title: 'Move "ports" into container "web"' },
      { title: 'Move "ports" into container "sidecar"', on: { text: misplacedTwo } },
    ],
  },
  {
    id: 'k8s/pod-spec-under-metadata',
    firing: [{ text: nested, ranges: [spanOf(nested, 'spec', 2)] }],
    quiet: [{ text: GOOD_DEPLOYMENT }],
    fixes: [{ title: 'Move the pod spec out of metadata' }],
  },
  {
    id: 'k8s/selector-mismatch',
    firing: [
      { text: selectorExtra, ranges: [spanOf(selectorExtra, 'tier')] },
      { text: selectorValue, ranges: [spanOf(selectorValue, 'app', 2)] },
    ],
    quiet: [{ text: D }],
    fixes: [
      { title: "Add tier: front to the template's labels" },
      { title: "Set the template's app to web", on: { text: selectorValue } },
    ],
  },
  {
    id: 'k8s/container-image-required',
    firing: [
      { text: without('          image: nginx:1.25\n'), ranges: [spanOf(D, 'web', 4)] },
      {
        text: edit(D, 'image: nginx:1.25', 'image: ""'),
        ranges: [spanOf(edit(D, 'image: nginx:1.25', 'image: ""'), '""')],
      },
    ],
    quiet: [
      { text: D },
      { text: edit(D, 'image: nginx:1.25', 'image: ${IMAGE}') },
      { text: edit(D, 'image: nginx:1.25', 'image: {{ .Values.image }}') },
      // misspelt: the schema's unknown-field finding (with its fix) is the one
      { text: edit(D, 'image: nginx:1.25', 'imagee: nginx:1.25') },
    ],
  },
  {
    id: 'k8s/container-name-duplicate',
    firing: [{ text: initSameName, ranges: [spanOf(initSameName, 'web', 5)] }],
    quiet: [{ text: initOtherName }],
  },
  {
    id: 'k8s/container-port',
    firing: [
      { text: portOutOfRange, ranges: [spanOf(portOutOfRange, '70000')] },
      { text: portTwice, ranges: [spanOf(portTwice, '8080', 2)] },
    ],
    quiet: [{ text: portTwiceUdp }],
  },
  {
    id: 'k8s/env-duplicate',
    firing: [{ text: envTwice, ranges: [spanOf(envTwice, 'MODE')] }],
    quiet: [{ text: envDistinct }],
    fixes: [{ title: 'Remove this MODE (the later one wins)' }],
  },
  {
    id: 'k8s/image-tag',
    firing: [
      { text: latest, ranges: [spanOf(latest, 'nginx:latest')], settings: ALL_ON },
      { text: untagged, ranges: [spanOfValue(untagged, 'image')], settings: ALL_ON },
    ],
    quiet: [{ text: D, settings: ALL_ON }],
  },
  {
    id: 'k8s/image-reference',
    firing: [
      { text: upperCaseImage, ranges: [spanOfValue(upperCaseImage, 'image')] },
      { text: twoTags, ranges: [spanOfValue(twoTags, 'image')] },
      { text: spacedImage, ranges: [spanOfValue(spacedImage, 'image')] },
    ],
    quiet: [
      { text: D },
      ...[
        'registry.example.com:5000/acme/web-app_v2:1.0.0-rc.1',
        `ghcr.io/acme/web@sha256:${'a'.repeat(64)}`,
        'localhost/web',
        'MyRegistry.example.com/acme/web:1',
        '"${IMAGE}"',
        'CONTAINER_IMAGE',
        'REGION-docker.pkg.dev/PROJECT_ID/REPOSITORY_NAME/web:v1',
        '<DOCKER_REPO>/web:1.0',
        'gcr.io/<<PROJECT>>/web:latest',
        // ko (and skaffold's ko builder) builds the Go program at this import path and writes in the pushed image.
        'ko://github.com/acme/web/cmd/server',
      ].map((image) => ({ text: edit(D, 'image: nginx:1.25', `image: ${image}`) })),
    ],
    fixes: [
      { title: 'Lower-case the repository: ghcr.io/acme/mywebapp:1.4' },
      { title: 'Remove the whitespace around the image: nginx:1.25', on: { text: spacedImage } },
    ],
  },
  {
    id: 'k8s/resources-requests',
    firing: [
      { text: noRequests, ranges: [spanOf(noRequests, 'web', 4)], settings: ALL_ON },
      { text: noMemory, ranges: [spanOf(noMemory, 'web', 4)], settings: ALL_ON },
    ],
    quiet: [{ text: D, settings: ALL_ON }],
    fixes: [
      { title: 'Add cpu and memory requests (placeholders)' },
      { title: 'Add a memory request (128Mi)', on: { text: noMemory, settings: ALL_ON } },
    ],
  },
  {
    id: 'k8s/probes',
    firing: [
      { text: noProbes, ranges: [spanOf(noProbes, 'web', 4)], settings: ALL_ON },
      { text: noLiveness, ranges: [spanOf(noLiveness, 'web', 4)], settings: ALL_ON },
    ],
    quiet: [{ text: D, settings: ALL_ON }],
    fixes: [{ title: 'Add tcpSocket probes on port http' }],
  },
  {
    id: 'k8s/probe-port',
    firing: [{ text: probeTypo, ranges: [spanOf(probeTypo, 'htp')] }],
    quiet: [{ text: probeNumber }],
    fixes: [{ title: 'Use port "http"' }],
  },
  {
    id: 'k8s/run-as-non-root',
    firing: [{ text: without('            runAsNonRoot: true\n'), ranges: [spanOf(D, 'web', 4)], settings: ALL_ON }],
    quiet: [{ text: podNonRoot, settings: ALL_ON }],
    fixes: [{ title: 'Set securityContext.runAsNonRoot: true' }],
  },
  {
    id: 'k8s/privilege-escalation',
    firing: [
      {
        text: without('            allowPrivilegeEscalation: false\n'),
        ranges: [spanOf(D, 'web', 4)],
        settings: ALL_ON,
      },
      { text: escalation, ranges: [spanOfValue(escalation, 'allowPrivilegeEscalation')], settings: ALL_ON },
    ],
    quiet: [{ text: D, settings: ALL_ON }],
    fixes: [
      { title: 'Set securityContext.allowPrivilegeEscalation: false' },
      { title: 'Set securityContext.allowPrivilegeEscalation: false', on: { text: escalation, settings: ALL_ON } },
    ],
  },
  {
    id: 'k8s/read-only-root-fs',
    firing: [
      { text: without('            readOnlyRootFilesystem: true\n'), ranges: [spanOf(D, 'web', 4)], settings: ALL_ON },
    ],
    quiet: [{ text: D, settings: ALL_ON }],
    fixes: [{ title: 'Set securityContext.readOnlyRootFilesystem: true' }],
  },
  {
    id: 'k8s/hpa-v1-uses-v2-fields',
    firing: [{ text: v1WithMetrics, ranges: [spanOf(v1WithMetrics, 'metrics')] }],
    quiet: [{ text: H }, { text: v1Quiet }],
    fixes: [{ title: 'Convert this HPA to autoscaling/v2' }],
  },
  {
    id: 'k8s/hpa-v1-field',
    firing: [{ text: v2WithV1Field, ranges: [spanOf(v2WithV1Field, 'targetCPUUtilizationPercentage')] }],
    quiet: [{ text: v1Quiet }],
    fixes: [{ title: 'Turn it into a cpu Utilization metric' }],
  },
  {
    id: 'k8s/hpa-metric-target',
    firing: [
      { text: utilizationWithValue, ranges: [spanOf(utilizationWithValue, 'Utilization')] },
      { text: utilizationWithPercent, ranges: [spanOf(utilizationWithPercent, 'Utilization')] },
      { text: targetNoType, ranges: [spanOf(targetNoType, 'target')] },
    ],
    quiet: [{ text: H }, { text: averageValueMemory }],
    fixes: [
      { title: 'Set target type to AverageValue' },
      { title: 'Rename averageValue to averageUtilization', on: { text: utilizationWithPercent } },
      { title: 'Set target type to Utilization', on: { text: targetNoType } },
    ],
  },
  {
    id: 'k8s/hpa-replicas',
    firing: [
      { text: minOverMax, ranges: [spanOf(minOverMax, '12')] },
      { text: minZero, ranges: [spanOfValue(minZero, 'minReplicas')] },
    ],
    quiet: [{ text: H }],
    fixes: [{ title: 'Swap minReplicas and maxReplicas' }, { title: 'Set minReplicas to 1', on: { text: minZero } }],
  },
  {
    id: 'k8s/hpa-target-ref',
    firing: [{ text: targetRefV1, ranges: [spanOfValue(targetRefV1, '    apiVersion')] }],
    // A templated apiVersion is unknown, not wrong (`helm template` prints the value the rendered check judges).
    quiet: [
      { text: H },
      { text: edit(H, '    apiVersion: apps/v1', '    apiVersion: {{ include "web.workloadApi" . }}') },
    ],
    fixes: [{ title: 'Change scaleTargetRef.apiVersion to apps/v1' }],
  },
  {
    id: 'k8s/hpa-behavior',
    firing: [
      { text: badPolicy, ranges: [spanOfValue(badPolicy, 'value'), spanOfValue(badPolicy, 'periodSeconds')] },
      { text: emptyPolicies, ranges: [spanOf(emptyPolicies, 'policies')] },
    ],
    quiet: [
      { text: behavior('        - type: Percent\n          value: 50\n          periodSeconds: 60\n') },
      { text: H + '  behavior:\n    scaleUp:\n      selectPolicy: Disabled\n' },
    ],
  },
];
