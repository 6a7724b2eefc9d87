import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { WORKLOAD_KINDS } from '../kinds';
import type { WorkloadSummary } from '../summary';
import type { IndexedManifest } from '../workspaceIndex';
import { buildInputs, nonRootContainersBuilt } from './imageUserRoot';
import { placed, type WorkspaceFinding, type WorkspaceRule } from './rule';

export const messages = {
  named: (container: string, dockerfile: string, user: string, name: string) =>
    `container "${container}" will not start: it must run as non-root, and its image (built by ${dockerfile}) ends with USER ${user}, whose user "${name}" is a name the kubelet cannot verify is not root (kubelet: CreateContainerConfigError); give USER a numeric uid, or set runAsUser`,
  user: (name: string) => `USER ${name}: a name, not a uid`,
};

/**
 * `runAsNonRoot: true` with no runAsUser, for an image whose Dockerfile ends with a USER named, not numbered: the
 * runtime (containerd, CRI-O: getUserFromImage) passes the part before `:` as a uid when it parses as an integer, as
 * a user name otherwise, and the kubelet refuses a name because it cannot tell which uid it is (verifyRunAsNonRoot in
 * pkg/kubelet/kuberuntime/security_context_others.go: "container has runAsNonRoot and image has non-numeric user
 * (%s), cannot verify user is non-root"). So `USER app` and `USER app:app` fail, `USER 10001` and `USER 10001:app`
 * do not. A runAsUser (container or pod) decides the user whatever the image says, so it keeps the rule quiet; root
 * itself is k8s/image-user-root's. No fix: the uid to write is the image's to know.
 */
export const imageUserNameRule: WorkspaceRule = {
  id: 'k8s/image-user-non-numeric',
  severity: DiagnosticSeverity.Error,
  description:
    '`runAsNonRoot: true` without `runAsUser` for an image whose Dockerfile (in the workspace: the one Build Image built the image from, the one a skaffold.yaml builds it from, or one in the folder named as the image) ends with a non-numeric `USER` (`USER app`): the kubelet cannot verify it and the container never starts',
  family: 'kubernetes-workspace',
  reference:
    'pkg/kubelet/kuberuntime/security_context_others.go verifyRunAsNonRoot ("image has non-numeric user"): CreateContainerConfigError',
  kinds: WORKLOAD_KINDS,
  related: () => [],
  inputs: buildInputs,
  check(entry, _related, { builds }) {
    const workload = entry as IndexedManifest<WorkloadSummary>;
    const findings: WorkspaceFinding[] = [];
    for (const { container, build } of nonRootContainersBuilt(entry, builds)) {
      if (!build.namedUser) continue;
      const { value, name, range } = build.namedUser;
      findings.push({
        range: placed(workload, container.runAsNonRoot!),
        message: messages.named(container.name ?? '?', build.label, value, name),
        related: [{ location: { uri: build.uri, range }, message: messages.user(value) }],
      });
    }
    return findings;
  },
};
