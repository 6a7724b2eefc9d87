import { HARDENED_DEPLOYMENT as D, spanOf, spanOfValue } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for the cross-checks between a Dockerfile and the manifests that run its image: the manifest is
 * `k8s/deploy.yaml`, the Dockerfile `web/Dockerfile` beside `k8s/` (read through the FileSystem port), linked because
 * the image's repository name (`ghcr.io/acme/web:1.4` → `web`) is the name of the folder that holds it.
 */
const BUILT = edit(D, 'image: nginx:1.25', 'image: ghcr.io/acme/web:1.4');
const NAME = 'k8s/deploy.yaml';
const dockerfile = (...lines: string[]) => ['FROM node:20-slim AS build', 'RUN npm ci', ...lines, ''].join('\n');
const AS_ROOT = dockerfile('FROM build', 'EXPOSE 8080', 'USER root', 'CMD ["node", "server.js"]');
const at = (text: string) => ({ 'web/Dockerfile': text });
const withRunAsUser = edit(
  BUILT,
  '            runAsNonRoot: true\n',
  '            runAsNonRoot: true\n            runAsUser: 1000\n',
);
const onPod = edit(
  edit(BUILT, '            runAsNonRoot: true\n', ''),
  '    spec:\n      containers:',
  '    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:',
);

export const CROSSCHECK_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/image-user-root',
    firing: [
      { text: BUILT, name: NAME, files: at(AS_ROOT), ranges: [spanOfValue(BUILT, 'runAsNonRoot')] },
      // USER 0 in a stage the final one builds FROM; runAsNonRoot on the pod.
      {
        text: onPod,
        name: NAME,
        files: { 'web/Containerfile': dockerfile('USER 0:0', 'FROM build', 'CMD ["node"]') },
        ranges: [spanOfValue(onPod, 'runAsNonRoot')],
      },
    ],
    quiet: [
      { text: BUILT, name: NAME, files: at(dockerfile('USER node')) },
      // No USER at all: the base image's user, not known offline.
      { text: BUILT, name: NAME, files: at(dockerfile('EXPOSE 8080')) },
      // root in a builder stage only.
      { text: BUILT, name: NAME, files: at(dockerfile('USER root', 'FROM node:20-slim', 'EXPOSE 8080')) },
      { text: withRunAsUser, name: NAME, files: at(AS_ROOT) },
      { text: edit(BUILT, 'acme/web:1.4', 'acme/webapp:1.4'), name: NAME, files: at(AS_ROOT) },
      { text: edit(BUILT, 'acme/web:1.4', 'acme/${APP}:1.4'), name: NAME, files: at(AS_ROOT) },
      { text: edit(BUILT, 'runAsNonRoot: true', 'runAsNonRoot: false'), name: NAME, files: at(AS_ROOT) },
    ],
  },
  {
    id: 'k8s/image-port-mismatch',
    firing: [
      {
        text: BUILT,
        name: NAME,
        files: at(dockerfile('EXPOSE 3000')),
        ranges: [spanOfValue(BUILT, 'image'), spanOf(BUILT, '8080')],
      },
      // An EXPOSE of a stage the final one builds on, next to a UDP port the container lacks.
      {
        text: BUILT,
        name: NAME,
        files: { 'web/Dockerfile': dockerfile('EXPOSE 8080', 'FROM build', 'EXPOSE 8125/udp') },
        ranges: [spanOfValue(BUILT, 'image')],
      },
    ],
    quiet: [
      { text: BUILT, name: NAME, files: at(dockerfile('EXPOSE 8080/tcp')) },
      // A container that declares no ports (a worker or a Job running the image with another command).
      {
        text: edit(BUILT, '          ports:\n            - name: http\n              containerPort: 8080\n', ''),
        name: NAME,
        files: at(dockerfile('EXPOSE 3000')),
      },
      { text: BUILT, name: NAME, files: at(dockerfile('USER node')) },
      { text: BUILT, name: NAME, files: at(dockerfile('EXPOSE $PORT 3000')) },
      { text: BUILT, name: NAME, files: { 'api/Dockerfile': dockerfile('EXPOSE 3000') } },
      { text: BUILT, name: NAME, files: at(dockerfile('EXPOSE 3000', 'FROM node:20-slim', 'EXPOSE 8080')) },
    ],
  },
];
