/**
 * Run Image, the pure part: which ports an image exposes, the `-p` mappings proposed for them (and the user's edits of
 * them), the container's name, and the argument array of `docker run` (no shell: every value is one argument).
 */
import { splitReference } from '../build/imageRef';

export interface ExposedPort {
  /** A port (`8080`) or a range (`8000-8010`), as the image config writes it. */
  port: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/** The ports an image exposes, from `docker image inspect --format '{{json .Config.ExposedPorts}}'` (`{"8080/tcp":{}}`). */
export function parseExposedPorts(json: string): ExposedPort[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.trim() || 'null');
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  const ports: ExposedPort[] = [];
  for (const key of Object.keys(parsed)) {
    const match = /^(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?$/i.exec(key);
    if (match) ports.push({ port: match[1], protocol: (match[2]?.toLowerCase() ?? 'tcp') as ExposedPort['protocol'] });
  }
  // Numeric order, so that the proposal reads naturally and stays the same from run to run.
  return ports.sort(
    (a, b) => Number.parseInt(a.port, 10) - Number.parseInt(b.port, 10) || a.protocol.localeCompare(b.protocol),
  );
}

/**
 * The `-p` mappings proposed for the exposed ports: the same port on the host, bound to 127.0.0.1 (`docker run -p
 * 8080:8080` binds every interface, which puts a development container on the network).
 */
export function proposedPortMappings(ports: readonly ExposedPort[]): string[] {
  return ports.map(({ port, protocol }) => `127.0.0.1:${port}:${port}${protocol === 'tcp' ? '' : `/${protocol}`}`);
}

// [ip:]hostPort[-end]:containerPort[-end][/protocol], or [ip::]containerPort (a random host port), as `docker run -p`
// takes them. IPv6 host addresses are written in brackets: [::1]:8080:8080.
const MAPPING =
  /^(?:(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?(\d+(?:-\d+)?)?:)?(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?$/i;

/** The mappings of a comma- or space-separated list as the user typed it (empty: publish nothing). */
export function splitPortMappings(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Why `text` is not a list of `-p` mappings, or undefined when it is one. */
export function validatePortMappings(text: string): string | undefined {
  for (const mapping of splitPortMappings(text)) {
    const match = MAPPING.exec(mapping);
    if (!match)
      return `"${mapping}" is not a port mapping: write hostPort:containerPort (e.g. 127.0.0.1:8080:8080 or 8080:80/udp).`;
    const [, , host, container] = match;
    for (const range of [host, container]) {
      if (range === undefined) continue;
      const [low, high = low] = range.split('-').map(Number);
      if (low < 1 || high > 65535 || high < low) return `"${mapping}": ports go from 1 to 65535.`;
    }
    if (host !== undefined && host.includes('-') !== container.includes('-'))
      return `"${mapping}": map a range to a range of the same size.`;
    if (host?.includes('-')) {
      const size = (range: string) => Number(range.split('-')[1]) - Number(range.split('-')[0]);
      if (size(host) !== size(container)) return `"${mapping}": map a range to a range of the same size.`;
    }
  }
  return undefined;
}

/** Where to open a mapped TCP port in a browser: http://127.0.0.1:8080 for 127.0.0.1:8080:80 or 8080:80. */
export function localUrls(mappings: readonly string[]): string[] {
  const urls: string[] = [];
  for (const mapping of mappings) {
    const match = MAPPING.exec(mapping);
    if (!match || (match[4] && match[4].toLowerCase() !== 'tcp') || match[2] === undefined || match[2].includes('-'))
      continue;
    const address = match[1] === undefined || match[1] === '0.0.0.0' ? '127.0.0.1' : match[1];
    urls.push(`http://${address}:${match[2]}`);
  }
  return urls;
}

/** A container name for the run, from the image's repository (`shipshape-run-web-k3f9`); unique per run. */
export function containerName(image: string, unique: string): string {
  const repository = splitReference(image).path.split('/').pop() ?? 'image';
  const cleaned = repository.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
  return `shipshape-run-${cleaned || 'image'}-${unique}`;
}

export interface RunOptions {
  image: string;
  name: string;
  /** `-p` mappings, each passed as it is. */
  ports: readonly string[];
  /** Extra arguments from settings, passed before the image as they are. */
  extraArgs?: readonly string[];
}

/**
 * The argument array of `docker run` (podman and nerdctl take the same): removed when it stops (`--rm`), named so
 * that Stop can name it, attached so its logs stream, the image's own command.
 */
export function dockerRunArgs(options: RunOptions): string[] {
  const args = ['run', '--rm', '--name', options.name];
  for (const mapping of options.ports) args.push('--publish', mapping);
  args.push(...(options.extraArgs ?? []));
  args.push(options.image);
  return args;
}

/** `docker stop` for the run: a short grace period, then SIGKILL (the container is removed by --rm). */
export function dockerStopArgs(name: string, graceSeconds = 5): string[] {
  return ['stop', '--time', String(graceSeconds), name];
}

/** `docker image inspect` for the exposed ports of an image (the base image's EXPOSEs included). */
export function exposedPortsInspectArgs(image: string): string[] {
  return ['image', 'inspect', '--format', '{{json .Config.ExposedPorts}}', image];
}
