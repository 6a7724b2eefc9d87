import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { WORKLOAD_KINDS } from '../kinds';
import type { IndexedManifest } from '../workspaceIndex';
import type { ContainerSummary, WorkloadSummary } from '../summary';
import type { ImageBuild, ImageBuilds } from '../imageBuilds';
import { placed, type WorkspaceContext, type WorkspaceFinding, type WorkspaceRule } from './rule';

export const messages = {
  root: (container: string, dockerfile: string, user: string) =>
    `container "${container}" will not start: it must run as non-root, and its image (built by ${dockerfile}) ends with USER ${user} (kubelet: CreateContainerConfigError)`,
  user: (user: string) => `USER ${user}: the image runs as root`,
};

/** The Dockerfile texts a workload's findings depend on, one per container (undefined where none builds it). */
export function buildInputs(entry: IndexedManifest, { builds }: WorkspaceContext): unknown[] {
  return (entry.summary as WorkloadSummary).containers.map(
    (container) => builds.builtBy(entry.uri, container.image)?.text,
  );
}

/**
 * The containers of a workload that must run as non-root with no runAsUser to say as whom (so the image's USER
 * decides), each with the workspace's build of its image: what both image-user rules judge.
 */
export function* nonRootContainersBuilt(
  entry: IndexedManifest,
  builds: ImageBuilds,
): Generator<{ container: ContainerSummary; build: ImageBuild }> {
  for (const container of (entry.summary as WorkloadSummary).containers) {
    if (!container.runAsNonRoot || container.runAsUser) continue;
    const build = builds.builtBy(entry.uri, container.image);
    if (build) yield { container, build };
  }
}

/**
 * `runAsNonRoot: true` (on the container, or on the pod without a container override) for an image whose Dockerfile
 * ends as root: the kubelet refuses to start the container (verifyRunAsNonRoot in
 * pkg/kubelet/kuberuntime/security_context_others.go: "container has runAsNonRoot and image will run as root").
 * Only an explicit root USER counts: without one the user is the base image's, which is not known offline; a
 * runAsUser decides the user whatever the image says, so it keeps the rule quiet.
 */
export const imageUserRootRule: WorkspaceRule = {
  id: 'k8s/image-user-root',
  severity: DiagnosticSeverity.Error,
  description:
    '`runAsNonRoot: true` for an image whose Dockerfile (in the workspace: the one Build Image built the image from, the one a skaffold.yaml builds it from, or one in the folder named as the image) ends with `USER root`: the container never starts',
  family: 'kubernetes-workspace',
  reference: 'pkg/kubelet/kuberuntime/security_context_others.go verifyRunAsNonRoot: CreateContainerConfigError',
  kinds: WORKLOAD_KINDS,
  related: () => [],
  inputs: buildInputs,
  check(entry, _related, { builds }) {
    const workload = entry as IndexedManifest<WorkloadSummary>;
    const findings: WorkspaceFinding[] = [];
    for (const { container, build } of nonRootContainersBuilt(entry, builds)) {
      if (!build.rootUser) continue;
      findings.push({
        range: placed(workload, container.runAsNonRoot!),
        message: messages.root(container.name ?? '?', build.label, build.rootUser.value),
        related: [
          { location: { uri: build.uri, range: build.rootUser.range }, message: messages.user(build.rootUser.value) },
        ],
      });
    }
    return findings;
  },
};
