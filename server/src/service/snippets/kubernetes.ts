import type { SnippetFile } from './snippetFile';

// Tab stop 1 is the app name everywhere it must match (name, labels, selector, Service selector, scaleTargetRef):
// VS Code and LSP clients edit a repeated tab stop as one. Later tab stops are numbered in the order of the file.

const PULL_POLICY = '${%|IfNotPresent,Always,Never|}';

function deployment(): string[] {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ${1:my-app}',
    '  labels:',
    '    app.kubernetes.io/name: ${1:my-app}',
    'spec:',
    '  replicas: ${2:2}',
    '  selector:',
    '    matchLabels:',
    '      app.kubernetes.io/name: ${1:my-app}',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app.kubernetes.io/name: ${1:my-app}',
    '    spec:',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile:',
    '          type: RuntimeDefault',
    '      containers:',
    '        - name: ${1:my-app}',
    '          image: ${3:registry.example.com/my-app}:${4:1.0.0}',
    `          imagePullPolicy: ${PULL_POLICY.replace('%', '5')}`,
    '          ports:',
    '            - name: http',
    '              containerPort: ${6:8080}',
    '          resources:',
    '            requests:',
    '              cpu: ${7:100m}',
    '              memory: ${8:128Mi}',
    '            limits:',
    '              memory: ${9:256Mi}',
    '          readinessProbe:',
    '            httpGet:',
    '              path: ${10:/healthz}',
    '              port: http',
    '            periodSeconds: 10',
    '          livenessProbe:',
    '            httpGet:',
    '              path: ${10:/healthz}',
    '              port: http',
    '            periodSeconds: 20',
    '            failureThreshold: 3',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            readOnlyRootFilesystem: true',
    '            runAsNonRoot: true',
    '            runAsUser: 10001',
    '            capabilities:',
    '              drop: ["ALL"]',
  ];
}

/** An autoscaling/v2 HPA on CPU utilisation; its own tab stops start at `first`. */
function hpa(first: number): string[] {
  const n = (offset: number): number => first + offset;
  return [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    '  name: ${1:my-app}',
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    '    name: ${1:my-app}',
    `  minReplicas: \${${n(0)}:2}`,
    `  maxReplicas: \${${n(1)}:10}`,
    '  metrics:',
    '    - type: Resource',
    '      resource:',
    '        name: cpu',
    '        target:',
    // The value field must agree with the type (k8s/hpa-metric-target says so and fixes it if they part).
    `          type: \${${n(2)}|Utilization,AverageValue|}`,
    `          \${${n(3)}|averageUtilization: 70,averageValue: 500m|}`,
    '  behavior:',
    '    scaleUp:',
    '      stabilizationWindowSeconds: 0',
    '      policies:',
    '        - type: Percent',
    '          value: 100',
    '          periodSeconds: 60',
    '    scaleDown:',
    // Five minutes of calm before scaling down: the Kubernetes default, written out so it is easy to tune.
    '      stabilizationWindowSeconds: 300',
    '      policies:',
    '        - type: Percent',
    '          value: 50',
    '          periodSeconds: 60',
  ];
}

function service(): string[] {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: ${1:my-app}',
    '  labels:',
    '    app.kubernetes.io/name: ${1:my-app}',
    'spec:',
    '  selector:',
    '    app.kubernetes.io/name: ${1:my-app}',
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: http',
  ];
}

/** Kubernetes snippets (language `yaml`). Fragments are written at column 0; editors indent them to the cursor. */
export const KUBERNETES_SNIPPETS: SnippetFile = {
  'Kubernetes Deployment': {
    prefix: 'k8s-deployment',
    body: [...deployment(), '$0'],
    description: 'apps/v1 Deployment: matching selector and labels, one container with requests, probes and a non-root securityContext',
  },
  'Kubernetes HorizontalPodAutoscaler': {
    prefix: 'k8s-hpa',
    body: [...hpa(2), '$0'],
    description: 'autoscaling/v2 HPA: CPU utilisation target and scale-up/scale-down behavior',
  },
  'Kubernetes Deployment + Service + HPA': {
    prefix: 'k8s-app',
    body: [...deployment(), '---', ...service(), '---', ...hpa(11), '$0'],
    description: 'A Deployment, its Service and its HPA in one file, with the app name linked across all three',
  },
  'Kubernetes container': {
    prefix: 'k8s-container',
    body: [
      '- name: ${1:app}',
      '  image: ${2:registry.example.com/app}:${3:1.0.0}',
      `  imagePullPolicy: ${PULL_POLICY.replace('%', '4')}`,
      '  ports:',
      '    - name: http',
      '      containerPort: ${5:8080}',
      '  resources:',
      '    requests:',
      '      cpu: ${6:100m}',
      '      memory: ${7:128Mi}',
      '    limits:',
      '      memory: ${8:256Mi}',
      '  securityContext:',
      '    allowPrivilegeEscalation: false',
      '    readOnlyRootFilesystem: true',
      '    runAsNonRoot: true',
      '    runAsUser: 10001',
      '    capabilities:',
      '      drop: ["ALL"]',
      '$0',
    ],
    description: 'A container (list item under containers:) with requests, limits and a non-root securityContext',
  },
  'Kubernetes probe': {
    prefix: 'k8s-probe',
    body: [
      '${1|readinessProbe,livenessProbe,startupProbe|}:',
      '  httpGet:',
      '    path: ${2:/healthz}',
      '    port: ${3:http}',
      '  periodSeconds: ${4:10}',
      '  timeoutSeconds: ${5:1}',
      '  failureThreshold: ${6:3}',
      '$0',
    ],
    description: 'An HTTP readiness, liveness or startup probe (inside a container)',
  },
  'Kubernetes resources': {
    prefix: 'k8s-resources',
    body: [
      'resources:',
      '  requests:',
      '    cpu: ${1:100m}',
      '    memory: ${2:128Mi}',
      '  limits:',
      '    memory: ${3:256Mi}',
      '$0',
    ],
    description: 'Container resource requests (what the HPA measures utilisation against) and a memory limit',
  },
  'Kubernetes env': {
    prefix: 'k8s-env',
    body: ['env:', '  - name: ${1:LOG_LEVEL}', '    value: "${2:info}"', '$0'],
    description: 'A container env: list with one variable (values are strings: keep the quotes)',
  },
  'Kubernetes env from Secret': {
    prefix: 'k8s-env-secret',
    body: [
      '- name: ${1:DATABASE_PASSWORD}',
      '  valueFrom:',
      '    secretKeyRef:',
      '      name: ${2:my-app-secrets}',
      '      key: ${3:database-password}',
      '$0',
    ],
    description: 'One env variable read from a Secret key (list item under env:)',
  },
};
