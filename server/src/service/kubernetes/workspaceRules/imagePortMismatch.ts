import type { DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { ExposedPort, ImageBuild } from '../imageBuilds';
import { WORKLOAD_KINDS } from '../kinds';
import type { WorkloadSummary } from '../summary';
import type { IndexedManifest } from '../workspaceIndex';
import { buildInputs } from './imageUserRoot';
import { placed, type WorkspaceFinding, type WorkspaceRule } from './rule';

export const messages = {
  undeclared: (dockerfile: string, ports: string[], container: string) =>
    `${dockerfile} EXPOSEs ${ports.join(', ')}, which no containerPort of container "${container}" declares`,
  unexposed: (port: string, dockerfile: string, exposed: string[]) =>
    `containerPort ${port} is not EXPOSEd by ${dockerfile}, which builds this image (it EXPOSEs ${exposed.join(', ')})`,
  expose: (port: string) => `EXPOSE ${port}`,
};

const key = (number: number | undefined, protocol: string) => `${number}/${protocol.toUpperCase()}`;

function exposeLinks(build: ImageBuild, ports: readonly ExposedPort[]): DiagnosticRelatedInformation[] {
  return ports.map((port) => ({
    location: { uri: build.uri, range: port.range },
    message: messages.expose(key(port.number, port.protocol)),
  }));
}

/**
 * The ports of a container and the EXPOSEs of the Dockerfile that builds its image disagree: one of the two is
 * probably stale (a Service's named targetPort needs the containerPort; EXPOSE documents what the image listens on).
 * Information: neither stops anything from working. Quiet when the Dockerfile has no EXPOSE, or one whose ports
 * cannot be read (`$PORT`, a range), and, for EXPOSEd ports, when the container declares no ports at all (a worker or
 * a Job that runs the same image with another command) or its ports may be added by a template.
 */
export const imagePortMismatchRule: WorkspaceRule = {
  id: 'k8s/image-port-mismatch',
  severity: DiagnosticSeverity.Information,
  description:
    "a container's ports and the `EXPOSE`s of the Dockerfile that builds its image (in the workspace: the one Build Image built the image from, the one a skaffold.yaml builds it from, or one in the folder named as the image) disagree",
  family: 'kubernetes-workspace',
  reference: 'Dockerfile EXPOSE and the container spec ports are both declarations: one of them is out of date',
  kinds: WORKLOAD_KINDS,
  related: () => [],
  inputs: buildInputs,
  check(entry, _related, { builds }) {
    const workload = entry as IndexedManifest<WorkloadSummary>;
    const findings: WorkspaceFinding[] = [];
    for (const container of workload.summary.containers) {
      const build = builds.builtBy(entry.uri, container.image);
      if (!build || build.exposedOpen || build.exposed.length === 0) continue;
      const exposedKeys = [...new Set(build.exposed.map((port) => key(port.number, port.protocol)))];
      const declared = new Set(container.ports.map((port) => key(port.number, port.protocol)));
      const undeclared = build.exposed.filter(
        (port, index) =>
          !declared.has(key(port.number, port.protocol)) &&
          build.exposed.findIndex((other) => key(other.number, other.protocol) === key(port.number, port.protocol)) ===
            index,
      );
      if (undeclared.length > 0 && container.ports.length > 0 && !container.portsOpen && container.imageRange) {
        findings.push({
          range: placed(workload, container.imageRange),
          message: messages.undeclared(
            build.label,
            undeclared.map((port) => key(port.number, port.protocol)),
            container.name ?? '?',
          ),
          related: exposeLinks(build, undeclared),
        });
      }
      for (const port of container.ports) {
        if (port.number === undefined || exposedKeys.includes(key(port.number, port.protocol))) continue;
        findings.push({
          range: placed(workload, port.range),
          message: messages.unexposed(key(port.number, port.protocol), build.label, exposedKeys),
          related: exposeLinks(build, build.exposed.slice(0, 1)),
        });
      }
    }
    return findings;
  },
};
