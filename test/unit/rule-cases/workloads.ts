import { HARDENED_DEPLOYMENT as D, spanOf, spanOfValue, yaml } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for the rules of the workload kinds (StatefulSet, DaemonSet, Job, CronJob), Services and
 * PodDisruptionBudgets: per document, and across documents within a unit (the sample is the open file, `files` the
 * rest of its folder).
 */
export const STATEFUL_SET = yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: db
  spec:
    serviceName: db
    selector:
      matchLabels:
        app: db
    template:
      metadata:
        labels:
          app: db
      spec:
        containers:
          - name: db
            image: postgres:16
            ports:
              - name: pg
                containerPort: 5432
`;

export const HEADLESS_SERVICE = yaml`
  apiVersion: v1
  kind: Service
  metadata:
    name: db
  spec:
    clusterIP: None
    selector:
      app: db
    ports:
      - name: pg
        port: 5432
        targetPort: pg
`;

export const JOB = yaml`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: migrate
  spec:
    template:
      spec:
        restartPolicy: Never
        containers:
          - name: migrate
            image: migrate:1.0
`;

export const CRON_JOB = yaml`
  apiVersion: batch/v1
  kind: CronJob
  metadata:
    name: backup
  spec:
    schedule: "0 3 * * 1-5"
    timeZone: Europe/Paris
    jobTemplate:
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            containers:
              - name: backup
                image: busybox:1.36
`;

export const DAEMON_SET = yaml`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: agent
  spec:
    selector:
      matchLabels:
        app: agent
    template:
      metadata:
        labels:
          app: agent
      spec:
        containers:
          - name: agent
            image: agent:1.0
`;

/** The Service of the hardened Deployment `web` (its container port is named http, 8080). */
export const WEB_SERVICE = yaml`
  apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    selector:
      app: web
    ports:
      - name: http
        port: 80
        targetPort: http
`;

export const WEB_PDB = yaml`
  apiVersion: policy/v1
  kind: PodDisruptionBudget
  metadata:
    name: web
  spec:
    minAvailable: 1
    selector:
      matchLabels:
        app: web
`;

const jobWithoutPolicy = edit(JOB, '      restartPolicy: Never\n', '');
const cronWithoutPolicy = edit(CRON_JOB, '          restartPolicy: OnFailure\n', '');
const jobAlways = edit(JOB, 'restartPolicy: Never', 'restartPolicy: Always');
const daemonNever = edit(DAEMON_SET, '      containers:', '      restartPolicy: Never\n      containers:');
const badServiceName = edit(STATEFUL_SET, 'serviceName: db', 'serviceName: DB_primary');
const noServiceName = edit(STATEFUL_SET, '  serviceName: db\n', '');
const daemonReplicas = edit(DAEMON_SET, 'spec:\n  selector', 'spec:\n  replicas: 3\n  selector');
const sundaySeven = edit(CRON_JOB, '"0 3 * * 1-5"', '"0 3 * * 7"');
const withTz = edit(CRON_JOB, '"0 3 * * 1-5"', '"TZ=UTC 0 3 * * *"');
const localZone = edit(CRON_JOB, 'timeZone: Europe/Paris', 'timeZone: Local');
const unknownZone = edit(CRON_JOB, 'timeZone: Europe/Paris', 'timeZone: Europe/Atlantis');
const twoUnnamed = edit(WEB_SERVICE, '    - name: http\n      port: 80\n', '    - port: 80\n');
const twoPorts = twoUnnamed + '    - port: 9090\n';
const badPortName = edit(WEB_SERVICE, 'name: http', 'name: HTTP_main');
const bothBudgets = edit(WEB_PDB, '  minAvailable: 1\n', '  minAvailable: 1\n  maxUnavailable: 1\n');
const wrongSelector = edit(WEB_SERVICE, 'app: web', 'app: wbe');
const typoTarget = edit(WEB_SERVICE, 'targetPort: http', 'targetPort: htp');
const wrongNumber = edit(WEB_SERVICE, 'targetPort: http', 'targetPort: 8081');
const stsOtherName = edit(STATEFUL_SET, 'serviceName: db', 'serviceName: db-headless');
const pdbNowhere = edit(WEB_PDB, 'app: web', 'app: nope');
const threeReplicas = edit(D, 'spec:\n  selector', 'spec:\n  replicas: 3\n  selector');
const twoReplicas = edit(D, 'spec:\n  selector', 'spec:\n  replicas: 2\n  selector');
const minTwo = edit(WEB_PDB, 'minAvailable: 1', 'minAvailable: 2');

export const WORKLOAD_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/restart-policy',
    firing: [
      { text: jobWithoutPolicy, ranges: [spanOf(jobWithoutPolicy, 'spec', 2)] },
      { text: cronWithoutPolicy, ranges: [spanOf(cronWithoutPolicy, 'spec', 3)] },
      { text: jobAlways, ranges: [spanOfValue(jobAlways, 'restartPolicy')] },
      { text: daemonNever, ranges: [spanOfValue(daemonNever, 'restartPolicy')] },
    ],
    quiet: [{ text: JOB }, { text: CRON_JOB }, { text: DAEMON_SET }, { text: D }],
    fixes: [
      { title: 'Set restartPolicy: OnFailure' },
      { title: 'Set restartPolicy: Never' },
      { title: 'Set restartPolicy: Always', on: { text: daemonNever } },
    ],
  },
  {
    id: 'k8s/statefulset-service-name',
    firing: [
      { text: badServiceName, ranges: [spanOfValue(badServiceName, 'serviceName')] },
      { text: noServiceName, ranges: [spanOf(noServiceName, 'spec')] },
    ],
    quiet: [{ text: STATEFUL_SET }, { text: edit(STATEFUL_SET, 'serviceName: db', 'serviceName: ${SERVICE}') }],
  },
  {
    id: 'k8s/daemonset-replicas',
    firing: [{ text: daemonReplicas, ranges: [spanOf(daemonReplicas, 'replicas')] }],
    quiet: [
      { text: DAEMON_SET },
      { text: STATEFUL_SET.replace('spec:\n  serviceName', 'spec:\n  replicas: 3\n  serviceName') },
    ],
    fixes: [{ title: 'Remove spec.replicas' }],
  },
  {
    id: 'k8s/cronjob-schedule',
    firing: [
      { text: sundaySeven, ranges: [spanOfValue(sundaySeven, 'schedule')] },
      { text: withTz, ranges: [spanOfValue(withTz, 'schedule')] },
      { text: localZone, ranges: [spanOfValue(localZone, 'timeZone')] },
      { text: unknownZone, ranges: [spanOfValue(unknownZone, 'timeZone')] },
    ],
    quiet: [
      { text: CRON_JOB },
      { text: edit(CRON_JOB, '"0 3 * * 1-5"', '"@daily"') },
      { text: edit(CRON_JOB, '"0 3 * * 1-5"', '"*/15 9-17 * jan-jun MON-FRI"') },
      { text: edit(CRON_JOB, '"0 3 * * 1-5"', '"${SCHEDULE}"') },
    ],
  },
  {
    id: 'k8s/service-port',
    firing: [
      { text: twoPorts, ranges: [spanOf(twoPorts, 'port: 80'), spanOf(twoPorts, 'port: 9090')] },
      { text: badPortName, ranges: [spanOfValue(badPortName, '    - name')] },
    ],
    quiet: [{ text: WEB_SERVICE }, { text: twoUnnamed }, { text: HEADLESS_SERVICE }],
  },
  {
    id: 'k8s/pdb-budget',
    firing: [{ text: bothBudgets, ranges: [spanOf(bothBudgets, 'maxUnavailable')] }],
    quiet: [{ text: WEB_PDB }, { text: edit(WEB_PDB, 'minAvailable: 1', 'maxUnavailable: 50%') }],
  },
  {
    id: 'k8s/service-selects-nothing',
    firing: [
      {
        text: wrongSelector,
        name: 'service.yaml',
        files: { 'deploy.yaml': D },
        ranges: [spanOf(wrongSelector, 'selector')],
      },
      { text: wrongSelector + '---\n' + D, ranges: [spanOf(wrongSelector, 'selector')] },
    ],
    quiet: [
      { text: WEB_SERVICE, name: 'service.yaml', files: { 'deploy.yaml': D } },
      // No workload in the unit at all: deployed from elsewhere.
      { text: wrongSelector, name: 'service.yaml' },
      { text: edit(wrongSelector, 'app: wbe', 'app: "{{ .Values.app }}"'), files: { 'deploy.yaml': D } },
    ],
  },
  {
    id: 'k8s/service-target-port',
    firing: [
      {
        text: typoTarget,
        name: 'service.yaml',
        files: { 'deploy.yaml': D },
        ranges: [spanOfValue(typoTarget, 'targetPort')],
      },
      {
        text: wrongNumber,
        name: 'service.yaml',
        files: { 'deploy.yaml': D },
        ranges: [spanOfValue(wrongNumber, 'targetPort')],
      },
    ],
    quiet: [
      { text: WEB_SERVICE, name: 'service.yaml', files: { 'deploy.yaml': D } },
      {
        text: edit(WEB_SERVICE, 'targetPort: http', 'targetPort: 8080'),
        name: 'service.yaml',
        files: { 'deploy.yaml': D },
      },
      { text: typoTarget, name: 'service.yaml' },
    ],
    fixes: [{ title: 'Change targetPort to "http"' }],
  },
  {
    id: 'k8s/statefulset-service',
    firing: [
      {
        text: stsOtherName,
        name: 'db.yaml',
        files: { 'service.yaml': HEADLESS_SERVICE },
        ranges: [spanOfValue(stsOtherName, 'serviceName')],
      },
      {
        text: HEADLESS_SERVICE,
        name: 'service.yaml',
        files: { 'db.yaml': stsOtherName },
        ranges: [spanOfValue(HEADLESS_SERVICE, 'clusterIP')],
      },
    ],
    quiet: [
      { text: STATEFUL_SET, name: 'db.yaml', files: { 'service.yaml': HEADLESS_SERVICE } },
      { text: HEADLESS_SERVICE, name: 'service.yaml', files: { 'db.yaml': STATEFUL_SET } },
      // No Service in the unit at all: deployed from elsewhere.
      { text: stsOtherName, name: 'db.yaml' },
    ],
    fixes: [{ title: 'Change serviceName to "db"' }],
  },
  {
    id: 'k8s/pdb-selects-nothing',
    firing: [
      { text: pdbNowhere, name: 'pdb.yaml', files: { 'deploy.yaml': D }, ranges: [spanOf(pdbNowhere, 'selector')] },
    ],
    quiet: [
      { text: WEB_PDB, name: 'pdb.yaml', files: { 'deploy.yaml': threeReplicas } },
      { text: pdbNowhere, name: 'pdb.yaml' },
    ],
  },
  {
    id: 'k8s/pdb-blocks-drain',
    firing: [
      { text: WEB_PDB, name: 'pdb.yaml', files: { 'deploy.yaml': D }, ranges: [spanOfValue(WEB_PDB, 'minAvailable')] },
      {
        text: minTwo,
        name: 'pdb.yaml',
        files: { 'deploy.yaml': twoReplicas },
        ranges: [spanOfValue(minTwo, 'minAvailable')],
      },
    ],
    quiet: [
      { text: WEB_PDB, name: 'pdb.yaml', files: { 'deploy.yaml': threeReplicas } },
      { text: edit(WEB_PDB, 'minAvailable: 1', 'minAvailable: 50%'), name: 'pdb.yaml', files: { 'deploy.yaml': D } },
    ],
  },
];
