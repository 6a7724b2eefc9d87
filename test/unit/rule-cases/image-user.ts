import { HARDENED_DEPLOYMENT as D, spanOfValue } from '../../helpers/service';
import { edit, type RuleCase } from './case';

/**
 * Cases for k8s/image-user-non-numeric: the manifest `k8s/deploy.yaml` runs `ghcr.io/acme/web:1.4` with
 * `runAsNonRoot: true`; `web/Dockerfile` builds it. The kubelet takes the image's USER up to `:` as a uid when it is
 * an integer, as a name otherwise, and refuses a name (it cannot verify the uid is not 0).
 */
const BUILT = edit(D, 'image: nginx:1.25', 'image: ghcr.io/acme/web:1.4');
const NAME = 'k8s/deploy.yaml';
const dockerfile = (...lines: string[]) => ['FROM node:20-slim AS build', 'RUN npm ci', ...lines, ''].join('\n');
const at = (text: string) => ({ 'web/Dockerfile': text });
const NAMED = dockerfile('FROM build', 'USER app', 'CMD ["node", "server.js"]');
const withRunAsUser = edit(
  BUILT,
  '            runAsNonRoot: true\n',
  '            runAsNonRoot: true\n            runAsUser: 10001\n',
);
const onPod = edit(
  edit(BUILT, '            runAsNonRoot: true\n', ''),
  '    spec:\n      containers:',
  '    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:',
);
const podRunAsUser = edit(
  onPod,
  '        runAsNonRoot: true\n',
  '        runAsNonRoot: true\n        runAsUser: 10001\n',
);

export const IMAGE_USER_CASES: readonly RuleCase[] = [
  {
    id: 'k8s/image-user-non-numeric',
    firing: [
      { text: BUILT, name: NAME, files: at(NAMED), ranges: [spanOfValue(BUILT, 'runAsNonRoot')] },
      // user:group with a named user (the group does not matter), in a stage the final one builds FROM; on the pod.
      {
        text: onPod,
        name: NAME,
        files: { 'web/Containerfile': dockerfile('USER app:1000', 'FROM build', 'CMD ["node"]') },
        ranges: [spanOfValue(onPod, 'runAsNonRoot')],
      },
    ],
    quiet: [
      // A numeric uid, alone or with a named group: the runtime passes the uid.
      { text: BUILT, name: NAME, files: at(dockerfile('USER 10001')) },
      { text: BUILT, name: NAME, files: at(dockerfile('USER 10001:app')) },
      // runAsUser decides the user, on the container or on the pod.
      { text: withRunAsUser, name: NAME, files: at(NAMED) },
      { text: podRunAsUser, name: NAME, files: at(NAMED) },
      // No USER (the base image's, not known offline), a variable, a named USER in a builder stage only.
      { text: BUILT, name: NAME, files: at(dockerfile('EXPOSE 8080')) },
      { text: BUILT, name: NAME, files: at(dockerfile('USER $APP_USER')) },
      { text: BUILT, name: NAME, files: at(dockerfile('USER app', 'FROM node:20-slim', 'EXPOSE 8080')) },
      // root is k8s/image-user-root's finding.
      { text: BUILT, name: NAME, files: at(dockerfile('USER root:wheel')) },
      { text: edit(BUILT, 'runAsNonRoot: true', 'runAsNonRoot: false'), name: NAME, files: at(NAMED) },
    ],
  },
];
