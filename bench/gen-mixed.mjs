// A multi-document file of every kind Shipshape checks (issue 14): groups of a Deployment, its Service, HPA and
// PodDisruptionBudget, a StatefulSet and its headless Service, a DaemonSet, a Job, a CronJob and a Pod, repeated
// until the file has about LINES lines. Every Deployment has a `replicas:` line (bench.mjs edits the middle one)
// and its container's `image:` at column 10 (where completion is asked for).
// Usage: node gen-mixed.mjs <outfile> [lines=40000]
import { writeFileSync } from 'node:fs';

const [out, linesArg] = process.argv.slice(2);
const LINES = Number(linesArg ?? 40_000);

const container = (name, port, indent, probes = true) =>
  [
    `- name: ${name}`,
    `  image: registry.example.com/shop/${name}:1.2.3`,
    '  ports:',
    '    - name: main',
    `      containerPort: ${port}`,
    '  resources:',
    '    requests:',
    '      cpu: 100m',
    '      memory: 128Mi',
    ...(probes
      ? [
          '  readinessProbe:',
          '    tcpSocket:',
          '      port: main',
          '  livenessProbe:',
          '    tcpSocket:',
          '      port: main',
        ]
      : []),
    '  securityContext:',
    '    runAsNonRoot: true',
    '    allowPrivilegeEscalation: false',
    '    readOnlyRootFilesystem: true',
  ].map((line) => ' '.repeat(indent) + line);

const workload = (kind, name, extra, port) => [
  'apiVersion: apps/v1',
  `kind: ${kind}`,
  'metadata:',
  `  name: ${name}`,
  'spec:',
  ...extra,
  '  selector:',
  '    matchLabels:',
  `      app: ${name}`,
  '  template:',
  '    metadata:',
  '      labels:',
  `        app: ${name}`,
  '    spec:',
  '      containers:',
  ...container(name, port, 8),
];

const service = (name, headless) => [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  `  name: ${name}`,
  'spec:',
  ...(headless ? ['  clusterIP: None'] : []),
  '  selector:',
  `    app: ${name}`,
  '  ports:',
  '    - name: main',
  '      port: 80',
  '      targetPort: main',
];

function group(i) {
  const web = `web-${i}`;
  const db = `db-${i}`;
  return [
    workload('Deployment', web, [`  replicas: ${2 + (i % 3)}`], 8080),
    service(web, false),
    [
      'apiVersion: policy/v1',
      'kind: PodDisruptionBudget',
      'metadata:',
      `  name: ${web}`,
      'spec:',
      '  minAvailable: 1',
      '  selector:',
      '    matchLabels:',
      `      app: ${web}`,
    ],
    workload('StatefulSet', db, [`  serviceName: ${db}`, '  replicas: 3'], 5432),
    service(db, true),
    workload('DaemonSet', `agent-${i}`, [], 9100),
    [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      `  name: backup-${i}`,
      'spec:',
      `  schedule: "${i % 60} 3 * * 1-5"`,
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          restartPolicy: OnFailure',
      '          containers:',
      ...container(`backup-${i}`, 9000, 12, false),
    ],
    [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      `  name: migrate-${i}`,
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      ...container(`migrate-${i}`, 9001, 8, false),
    ],
  ];
}

const documents = [];
let lines = 0;
for (let i = 0; lines < LINES; i++) {
  for (const document of group(i)) {
    documents.push(document.join('\n'));
    lines += document.length + 1;
  }
}
writeFileSync(out, documents.map((document) => `---\n${document}\n`).join(''));
