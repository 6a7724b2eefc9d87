import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  mapping: (port: string) => `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`,
  fixTitle: 'Expose only the container port (publish the host port with docker run -p)',
};

/**
 * BuildKit's port spec (dockerfile2llb/convert_expose.go `parsePort`): `[ip:][hostPort:]port[-end][/proto]`; the
 * part before the container port is checked by HOST_PART.
 */
export const PORT_SPEC = /^(?:(.*):)?(\d+(?:-\d+)?)(\/(?:tcp|udp|sctp))?$/i;
export const HOST_PART = /^(?:\d+(?:-\d+)?|\[[0-9a-fA-F:.]+\]:(?:\d+(?:-\d+)?)?|[0-9.]+:(?:\d+(?:-\d+)?)?)?$/;

/**
 * ExposeInvalidFormat: `EXPOSE 8080:80` or `EXPOSE 127.0.0.1:80:80`: an image cannot publish ports, so BuildKit
 * drops the IP and host port and warns (frontend/dockerfile/dockerfile2llb/convert_expose.go; "will become an error
 * in a future release"). A warning: the build succeeds. Malformed ports, which fail the build, are
 * dockerfile/arguments' errors. The fix keeps the container port, which is all the image ever exposed.
 */
export const ExposeInvalidFormat: DockerfileRule = {
  id: 'ExposeInvalidFormat',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'An EXPOSE port with an IP address or host port (8080:80), which an image cannot publish.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      const effective = instruction.trigger ?? instruction;
      if (effective.keyword !== 'EXPOSE') continue;
      for (const port of effective.args) {
        if (port.value.includes('$')) continue;
        const spec = PORT_SPEC.exec(port.value);
        if (!spec || spec[1] === undefined || !HOST_PART.test(spec[1])) continue;
        const container = spec[2] + (spec[3] ?? '');
        findings.push({
          range: context.range(port.start, port.end),
          message: messages.mapping(port.value),
          fixes: [
            {
              title: messages.fixTitle,
              edits: [context.edit(port.start, port.end, container)],
              isPreferred: true,
            },
          ],
        });
      }
    }
    return findings;
  },
};
