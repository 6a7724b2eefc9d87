import { HARDENED_DEPLOYMENT as D, spanOf, spanOfValue } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for the API-server validation rules (issue 12): each firing sample is one thing the API server rejects, put
 * into the hardened Deployment; kubernetes-semantics-realserver.test.ts sends every firing sample and every fix's
 * output to a real kube-apiserver. SERVER_1_20_ACCEPTS lists the samples the 1.20 test server still takes, and why.
 */

const CONTAINER = '        - name: web\n          image: nginx:1.25\n';
const withContainerField = (text: string) => edit(D, CONTAINER, CONTAINER + text);
const withPodField = (text: string) => edit(D, '      containers:\n', text + '      containers:\n');
const withSpecField = (text: string) => edit(D, 'spec:\n  selector:', 'spec:\n' + text + '  selector:');
const withMetadata = (text: string) => edit(D, '  name: web\nspec:', '  name: web\n' + text + 'spec:');
const VOLUMES = '      volumes:\n        - name: config\n          configMap:\n            name: web-config\n';
const mount = (name: string, path = '/etc/web') =>
  `            - name: ${name}\n              mountPath: ${path}\n              readOnly: true\n`;
const withMounts = (volumes: string, mounts: string) =>
  edit(
    withContainerField('          volumeMounts:\n' + mounts),
    '      containers:\n',
    volumes + '      containers:\n',
  );

// k8s/name-syntax
const badName = edit(D, '  name: web\nspec', '  name: Web_App\nspec');
const upperName = edit(D, '  name: web\nspec', '  name: Web\nspec');
const upperContainer = edit(D, '        - name: web\n', '        - name: Web\n');
const upperVolume = withMounts(VOLUMES.replace('name: config', 'name: Config'), mount('Config'));
const dottedName = edit(D, '  name: web\nspec', '  name: web.example-1\nspec');
const placeholderName = edit(D, '  name: web\nspec', '  name: ${APP_NAME}\nspec');
const helmName = edit(D, '  name: web\nspec', '  name: {{ .Release.Name }}-web\nspec');

// k8s/label-syntax
const spacedLabel = withMetadata('  labels:\n    team: "platform team"\n');
const threePartKey = withMetadata('  labels:\n    team/owner/x: a\n');
const longValue = withMetadata(`  labels:\n    version: ${'v'.repeat(64)}\n`);
const badAnnotation = withMetadata('  annotations:\n    "bad key": x\n');
const badSelectorValue = edit(
  D,
  '    matchLabels:\n      app: web\n',
  '    matchLabels:\n      app: web\n    matchExpressions:\n      - key: tier\n        operator: NotIn\n        values: ["back end"]\n',
);
const goodLabels = withMetadata(
  '  labels:\n    app.kubernetes.io/name: web\n    tier: ""\n    team: ${TEAM}\n  annotations:\n    Example.com/Key: any text, spaces too\n',
);

// k8s/selector-rules
const emptySelector = edit(D, '  selector:\n    matchLabels:\n      app: web\n', '  selector: {}\n');
const expression = (text: string) => edit(D, '    matchLabels:\n      app: web\n', '    matchExpressions:\n' + text);
const inWithoutValues = expression('      - key: app\n        operator: In\n');
const existsWithValues = expression('      - key: app\n        operator: Exists\n        values: [web]\n');
const existsQuiet = expression('      - key: app\n        operator: Exists\n');
const inQuiet = expression('      - key: app\n        operator: In\n        values: [web]\n');

// k8s/rolling-update
const strategy = (text: string) => withSpecField('  strategy:\n' + text);
const recreateRolling = strategy('    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n');
const quotedSurge = strategy('    rollingUpdate:\n      maxSurge: "25"\n');
const spacedPercent = strategy('    rollingUpdate:\n      maxUnavailable: 25 %\n');
const bothZero = strategy('    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n');
const over100 = strategy('    rollingUpdate:\n      maxUnavailable: 150%\n');
const negativeSurge = strategy('    rollingUpdate:\n      maxSurge: -1\n');
const recreateNull = strategy('    type: Recreate\n    rollingUpdate: null\n');
const surgeZero = strategy('    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n');
const unavailable100 = strategy('    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: "100%"\n');

// k8s/deployment-numbers
const negativeReplicas = withSpecField('  replicas: -1\n');
const deadlineEqual = withSpecField('  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n');
const minReadyOverDefault = withSpecField('  minReadySeconds: 600\n');
const negativeHistory = withSpecField('  revisionHistoryLimit: -2\n');
const numbersQuiet = withSpecField('  replicas: 0\n  minReadySeconds: 599\n  revisionHistoryLimit: 0\n');
const deadlineAbove = withSpecField('  minReadySeconds: 30\n  progressDeadlineSeconds: 31\n');

// k8s/pod-template-policy
const onFailure = withPodField('      restartPolicy: OnFailure\n');
const activeDeadline = withPodField('      activeDeadlineSeconds: 60\n');
const ephemeral = withPodField('      ephemeralContainers:\n        - name: debug\n          image: busybox:1.36\n');
const dnsNone = withPodField('      dnsPolicy: None\n');
const fourNameservers = withPodField(
  '      dnsPolicy: None\n      dnsConfig:\n        nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, 1.0.0.1]\n',
);
const policyQuiet = withPodField(
  '      restartPolicy: Always\n      dnsPolicy: None\n      dnsConfig:\n        nameservers: [1.1.1.1]\n',
);

// k8s/port-syntax
const upperPort = D.replace(/name: http\n/, 'name: HTTP\n').replace(/port: http\n/g, 'port: HTTP\n');
const renamePort = (name: string) =>
  D.replace(/name: http\n/, `name: ${name}\n`).replace(/port: http\n/g, `port: ${name}\n`);
const underscorePort = renamePort('http_port');
const longPort = renamePort('very-long-port-name');
const quotedProbePort = edit(
  D,
  '          readinessProbe:\n            tcpSocket:\n              port: http\n',
  '          readinessProbe:\n            tcpSocket:\n              port: "8080"\n',
);
const hostPort = edit(
  D,
  '              containerPort: 8080\n',
  '              containerPort: 8080\n              hostPort: 70000\n',
);
const portsQuiet = edit(
  edit(D, '            - name: http\n', '            - name: metrics-9090\n'),
  '          readinessProbe:\n            tcpSocket:\n              port: http\n          livenessProbe:\n            tcpSocket:\n              port: http\n',
  '          readinessProbe:\n            tcpSocket:\n              port: 8080\n          livenessProbe:\n            tcpSocket:\n              port: metrics-9090\n',
);

// k8s/env-syntax
const env = (text: string) => edit(D, '            - name: MODE\n              value: production\n', text);
const badFieldPath = env(
  '            - name: MODE\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.nme\n',
);
const labelFieldPath = env(
  "            - name: APP\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.labels['app']\n",
);
const envEquals = env('            - name: MODE=x\n              value: production\n');
const envDigit = env('            - name: 1ST_MODE\n              value: production\n');
const emptyValueFrom = env('            - name: MODE\n              valueFrom: {}\n');
const twoValueSources = env(
  '            - name: MODE\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.name\n                secretKeyRef:\n                  name: web\n                  key: mode\n',
);
const valueAndValueFrom = env(
  '            - name: MODE\n              value: production\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.name\n',
);
const envQuiet = env(
  '            - name: my.mode-name\n              value: ""\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.name\n',
);

// k8s/probe-config
const READINESS = '          readinessProbe:\n            tcpSocket:\n              port: http\n';
const LIVENESS = '          livenessProbe:\n            tcpSocket:\n              port: http\n';
const twoHandlers = edit(D, READINESS, READINESS + '            httpGet:\n              port: http\n');
const noHandler = edit(D, LIVENESS, '          livenessProbe:\n            periodSeconds: 5\n');
const livenessThreshold = edit(D, LIVENESS, LIVENESS + '            successThreshold: 3 # steadier\n');
const negativePeriod = edit(D, READINESS, READINESS + '            periodSeconds: -1\n');
const INIT = '      initContainers:\n        - name: migrate\n          image: busybox:1.36\n';
const initProbe = withPodField(
  INIT + '          readinessProbe:\n            exec:\n              command: ["true"]\n',
);
const emptyExec = edit(D, READINESS, '          readinessProbe:\n            exec: {}\n');
const probesQuiet = edit(
  edit(D, READINESS, READINESS + '            successThreshold: 3\n            periodSeconds: 0\n'),
  LIVENESS,
  LIVENESS + '            successThreshold: 0\n',
);
const sidecarProbe = withPodField(
  INIT +
    '          restartPolicy: Always\n' +
    '          readinessProbe:\n            exec:\n              command: ["true"]\n',
);

// k8s/resource-quantity
const REQUESTS = '            requests:\n              cpu: 100m\n              memory: 128Mi\n';
const resources = (text: string) => edit(D, REQUESTS, text);
const spacedCpu = resources('            requests:\n              cpu: 100 m # a tenth\n              memory: 128Mi\n');
const memoryGB = resources('            requests:\n              cpu: 100m\n              memory: 1GB\n');
const cpus = resources('            requests:\n              cpus: 100m\n              memory: 128Mi\n');
const overLimit = resources(REQUESTS.replace('100m', '2') + '            limits:\n              cpu: 1\n');
const negativeMemory = resources(REQUESTS.replace('128Mi', '-1Gi'));
// The corpus's three: 64Mi requested under a 64M limit (Mi counts 1024^2, M 1000^2).
const mebiOverMega = resources(REQUESTS.replace('128Mi', '64Mi') + '            limits:\n              memory: 64M\n');
// Found by the differential test: an extended resource requested without its limit; kubectl's YAML 1.1 reading of 1_000.
const gpuWithoutLimit = resources(REQUESTS + '              example.com/gpu: 1\n');
const underscoredMemory = resources(REQUESTS.replace('128Mi', '128_000'));
const emptyMountPath = withMounts(VOLUMES, mount('config', '""'));
const noContainers = edit(
  D,
  D.slice(D.indexOf('      containers:\n'), D.indexOf('      serviceAccountName')),
  '      containers: []\n',
);
const gpuUnequal = resources(
  REQUESTS + '              nvidia.com/gpu: 1\n            limits:\n              nvidia.com/gpu: 2\n',
);
const sizeLimit = withMounts(
  '      volumes:\n        - name: cache\n          emptyDir:\n            sizeLimit: 1 Gi\n',
  mount('cache', '/cache'),
);
const quantitiesQuiet = resources(
  '            requests:\n              cpu: 0.5\n              memory: " 128Mi "\n              nvidia.com/gpu: 1\n              hugepages-2Mi: 2Mi\n            limits:\n              cpu: 500m\n              memory: 1e9\n              nvidia.com/gpu: 1\n              hugepages-2Mi: 2Mi\n',
);

// k8s/volume-config
const twoSources = withMounts(VOLUMES + '          emptyDir: {}\n', mount('config'));
const twoVolumesOneName = withMounts(VOLUMES + '        - name: config\n          emptyDir: {}\n', mount('config'));
const mountedTwice = withMounts(
  VOLUMES + '        - name: cache\n          emptyDir: {}\n',
  mount('config') + mount('cache'),
);
const absoluteSubPath = withMounts(VOLUMES, mount('config') + '              subPath: /web.conf\n');
const backstepSubPath = withMounts(VOLUMES, mount('config') + '              subPath: ../web.conf\n');
const volumesQuiet = withMounts(
  VOLUMES +
    '        - name: scratch\n        - name: cache\n          emptyDir: null\n          configMap:\n            name: cache\n',
  mount('config') + '              subPath: conf/a..b\n' + mount('scratch', '/scratch'),
);
const helmBranches = withMounts(
  '      volumes:\n        - name: config\n          {{- if .Values.pvc }}\n          persistentVolumeClaim:\n            claimName: web\n          {{- else }}\n          emptyDir: {}\n          {{- end }}\n',
  mount('config'),
);

// k8s/volume-source-name
const configMapNoName = withMounts(
  '      volumes:\n        - name: config\n          configMap:\n            defaultMode: 420\n',
  mount('config'),
);
const secretEmptyName = withMounts(
  '      volumes:\n        - name: config\n          secret:\n            secretName: ""\n',
  mount('config'),
);
const projectedNoName = withMounts(
  '      volumes:\n        - name: config\n          projected:\n            sources:\n              - secret:\n                  items: [{key: a, path: a}]\n',
  mount('config'),
);
const namedSources = withMounts(
  '      volumes:\n        - name: config\n          projected:\n            sources:\n              - configMap:\n                  name: web\n              - secret:\n                  name: web\n        - name: tls\n          secret:\n            secretName: ${TLS_SECRET}\n        - name: extra\n          configMap:\n            name: {{ .Values.configMap }}\n',
  mount('config') + mount('tls', '/tls') + mount('extra', '/extra'),
);

// k8s/volume-mount-missing
const mountTypo = withMounts(VOLUMES, mount('confg'));
const mountNoVolumes = withContainerField('          volumeMounts:\n' + mount('config'));
const mountQuiet = withMounts(VOLUMES, mount('config'));
const mountFromValues = withMounts(
  '      volumes:\n        {{- toYaml .Values.volumes | nindent 8 }}\n',
  mount('config'),
);

/** A Kustomize patch is a partial object: what it lacks, its base may have (analyze.ts: WHOLE_OBJECT_RULES). */
const asPatch = (text: string) => ({
  text,
  name: 'overlay/patch.yaml',
  files: { 'overlay/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: patch.yaml\n' },
});

/** Firing samples the kube-apiserver 1.20 of the real-server test accepts, with why: what changed since. */
export const SERVER_1_20_ACCEPTS: ReadonlyMap<string, string> = new Map([
  [
    ephemeral,
    '1.20 drops ephemeralContainers (EphemeralContainers gate off); since 1.25 a template with them is rejected',
  ],
]);

export const SEMANTIC_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/name-syntax',
    firing: [
      { text: badName, ranges: [spanOf(badName, 'Web_App')] },
      { text: upperName, ranges: [spanOf(upperName, 'Web')] },
      { text: upperContainer, ranges: [spanOf(upperContainer, 'Web')] },
      { text: upperVolume, ranges: [spanOf(upperVolume, 'Config')] },
    ],
    quiet: [{ text: D }, { text: dottedName }, { text: placeholderName }, { text: helmName }],
    fixes: [
      { title: 'Rename to "web"', on: { text: upperName } },
      { title: 'Rename to "web"', on: { text: upperContainer } },
      { title: 'Rename to "config"', on: { text: upperVolume } },
    ],
  },
  {
    id: 'k8s/label-syntax',
    firing: [
      { text: spacedLabel, ranges: [spanOf(spacedLabel, '"platform team"')] },
      { text: threePartKey, ranges: [spanOf(threePartKey, 'team/owner/x')] },
      { text: longValue, ranges: [spanOf(longValue, 'v'.repeat(64))] },
      { text: badAnnotation, ranges: [spanOf(badAnnotation, '"bad key"')] },
      { text: badSelectorValue, ranges: [spanOf(badSelectorValue, '"back end"')] },
    ],
    quiet: [{ text: D }, { text: goodLabels }],
  },
  {
    id: 'k8s/selector-rules',
    firing: [
      { text: emptySelector, ranges: [spanOf(emptySelector, 'selector')] },
      { text: inWithoutValues, ranges: [spanOf(inWithoutValues, 'In')] },
      { text: existsWithValues, ranges: [spanOf(existsWithValues, 'Exists')] },
    ],
    quiet: [{ text: D }, { text: existsQuiet }, { text: inQuiet }, asPatch(emptySelector)],
  },
  {
    id: 'k8s/rolling-update',
    firing: [
      { text: recreateRolling, ranges: [spanOf(recreateRolling, 'rollingUpdate')] },
      { text: quotedSurge, ranges: [spanOf(quotedSurge, '"25"')] },
      { text: spacedPercent, ranges: [spanOf(spacedPercent, '25 %')] },
      { text: bothZero, ranges: [spanOf(bothZero, '0', 2)] },
      { text: over100, ranges: [spanOf(over100, '150%')] },
      { text: negativeSurge, ranges: [spanOf(negativeSurge, '-1')] },
    ],
    quiet: [{ text: D }, { text: recreateNull }, { text: surgeZero }, { text: unavailable100 }],
    fixes: [
      { title: 'Remove rollingUpdate (Recreate does not use it)' },
      { title: 'Write 25 as a number of pods', on: { text: quotedSurge } },
      { title: 'Write 25%', on: { text: quotedSurge } },
      { title: 'Write 25%', on: { text: spacedPercent } },
    ],
  },
  {
    id: 'k8s/deployment-numbers',
    firing: [
      { text: negativeReplicas, ranges: [spanOf(negativeReplicas, '-1')] },
      { text: deadlineEqual, ranges: [spanOf(deadlineEqual, '30', 2)] },
      { text: minReadyOverDefault, ranges: [spanOf(minReadyOverDefault, '600')] },
      { text: negativeHistory, ranges: [spanOf(negativeHistory, '-2')] },
    ],
    quiet: [{ text: D }, { text: numbersQuiet }, { text: deadlineAbove }, asPatch(minReadyOverDefault)],
  },
  {
    id: 'k8s/pod-template-policy',
    firing: [
      { text: onFailure, ranges: [spanOf(onFailure, 'OnFailure')] },
      { text: activeDeadline, ranges: [spanOf(activeDeadline, 'activeDeadlineSeconds')] },
      { text: ephemeral, ranges: [spanOf(ephemeral, 'ephemeralContainers')] },
      { text: dnsNone, ranges: [spanOf(dnsNone, 'None')] },
      { text: fourNameservers, ranges: [spanOf(fourNameservers, 'nameservers')] },
      { text: noContainers, ranges: [spanOf(noContainers, '[]')] },
    ],
    quiet: [{ text: D }, { text: policyQuiet }, asPatch(dnsNone)],
    fixes: [{ title: 'Change to Always' }, { title: 'Remove activeDeadlineSeconds', on: { text: activeDeadline } }],
  },
  {
    id: 'k8s/port-syntax',
    firing: [
      {
        text: upperPort,
        ranges: [spanOf(upperPort, 'HTTP'), spanOf(upperPort, 'HTTP', 2), spanOf(upperPort, 'HTTP', 3)],
      },
      { text: underscorePort, ranges: [1, 2, 3].map((n) => spanOf(underscorePort, 'http_port', n)) },
      { text: longPort, ranges: [1, 2, 3].map((n) => spanOf(longPort, 'very-long-port-name', n)) },
      { text: quotedProbePort, ranges: [spanOf(quotedProbePort, '"8080"')] },
      { text: hostPort, ranges: [spanOf(hostPort, '70000')] },
    ],
    quiet: [{ text: D }, { text: portsQuiet }],
    fixes: [{ title: 'Rename the port to "http"' }, { title: 'Write 8080 as a number', on: { text: quotedProbePort } }],
  },
  {
    id: 'k8s/env-syntax',
    firing: [
      { text: envEquals, ranges: [spanOf(envEquals, 'MODE=x')] },
      { text: envDigit, ranges: [spanOf(envDigit, '1ST_MODE')] },
      { text: emptyValueFrom, ranges: [spanOf(emptyValueFrom, 'valueFrom')] },
      { text: twoValueSources, ranges: [spanOf(twoValueSources, 'secretKeyRef')] },
      { text: valueAndValueFrom, ranges: [spanOf(valueAndValueFrom, 'valueFrom')] },
      { text: badFieldPath, ranges: [spanOf(badFieldPath, 'metadata.nme')] },
    ],
    quiet: [{ text: labelFieldPath }, { text: D }, { text: envQuiet }],
  },
  {
    id: 'k8s/probe-config',
    firing: [
      { text: twoHandlers, ranges: [spanOf(twoHandlers, 'httpGet')] },
      { text: noHandler, ranges: [spanOf(noHandler, 'livenessProbe')] },
      { text: livenessThreshold, ranges: [spanOf(livenessThreshold, '3')] },
      { text: negativePeriod, ranges: [spanOf(negativePeriod, '-1')] },
      { text: initProbe, ranges: [spanOf(initProbe, 'readinessProbe')] },
      { text: emptyExec, ranges: [spanOf(emptyExec, 'exec')] },
    ],
    quiet: [{ text: D }, { text: probesQuiet }, { text: sidecarProbe }, asPatch(noHandler)],
    fixes: [{ title: 'Set successThreshold to 1', on: { text: livenessThreshold } }],
  },
  {
    id: 'k8s/resource-quantity',
    firing: [
      { text: spacedCpu, ranges: [spanOf(spacedCpu, '100 m')] },
      { text: memoryGB, ranges: [spanOf(memoryGB, '1GB')] },
      { text: cpus, ranges: [spanOf(cpus, 'cpus')] },
      { text: overLimit, ranges: [spanOfValue(overLimit, 'cpu')] },
      { text: mebiOverMega, ranges: [spanOf(mebiOverMega, '64Mi')] },
      { text: negativeMemory, ranges: [spanOf(negativeMemory, '-1Gi')] },
      { text: gpuUnequal, ranges: [spanOfValue(gpuUnequal, 'nvidia.com/gpu')] },
      { text: sizeLimit, ranges: [spanOf(sizeLimit, '1 Gi')] },
      { text: gpuWithoutLimit, ranges: [spanOfValue(gpuWithoutLimit, 'example.com/gpu')] },
    ],
    quiet: [{ text: underscoredMemory }, { text: D }, { text: quantitiesQuiet }],
    fixes: [
      { title: 'Write 100m' },
      { title: 'Change to cpu', on: { text: cpus } },
      { title: 'Write 1Gi', on: { text: sizeLimit } },
    ],
  },
  {
    id: 'k8s/volume-config',
    firing: [
      { text: twoSources, ranges: [spanOf(twoSources, 'emptyDir')] },
      { text: twoVolumesOneName, ranges: [spanOf(twoVolumesOneName, 'config', 4)] },
      { text: mountedTwice, ranges: [spanOf(mountedTwice, '/etc/web', 2)] },
      { text: absoluteSubPath, ranges: [spanOf(absoluteSubPath, '/web.conf')] },
      { text: backstepSubPath, ranges: [spanOf(backstepSubPath, '../web.conf')] },
      { text: emptyMountPath, ranges: [spanOf(emptyMountPath, '""')] },
    ],
    quiet: [{ text: D }, { text: volumesQuiet }, { text: helmBranches }],
  },
  {
    id: 'k8s/volume-source-name',
    firing: [
      { text: configMapNoName, ranges: [spanOf(configMapNoName, 'configMap')] },
      { text: secretEmptyName, ranges: [spanOf(secretEmptyName, '""')] },
      { text: projectedNoName, ranges: [spanOf(projectedNoName, 'secret')] },
    ],
    quiet: [{ text: D }, { text: volumesQuiet }, { text: namedSources }, asPatch(configMapNoName)],
  },
  {
    id: 'k8s/volume-mount-missing',
    firing: [
      { text: mountTypo, ranges: [spanOf(mountTypo, 'confg')] },
      { text: mountNoVolumes, ranges: [spanOf(mountNoVolumes, 'config')] },
    ],
    quiet: [{ text: D }, { text: mountQuiet }, { text: mountFromValues }, asPatch(mountNoVolumes)],
    fixes: [{ title: 'Mount volume "config"' }],
  },
];
