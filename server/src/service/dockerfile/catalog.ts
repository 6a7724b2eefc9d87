/** The instructions BuildKit knows, in the order the reference lists them. */
export const INSTRUCTIONS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

export const INSTRUCTION_SET: ReadonlySet<string> = new Set(INSTRUCTIONS);

/** How a flag's value is read. */
export type FlagKind = 'string' | 'boolean' | 'duration' | 'integer' | 'mount' | 'network' | 'security';

export interface FlagInfo {
  kind: FlagKind;
  /** May be given more than once (`--mount`, `--exclude`). */
  repeatable?: boolean;
  description: string;
}

/** Every flag of current BuildKit (Dockerfile frontend 1.x), per instruction. */
export const FLAGS: Readonly<Record<string, Readonly<Record<string, FlagInfo>>>> = {
  FROM: {
    platform: { kind: 'string', description: 'Platform of the base image, e.g. linux/amd64 or $BUILDPLATFORM.' },
  },
  COPY: {
    from: {
      kind: 'string',
      description: 'Copy from a build stage, a named context or an image instead of the build context.',
    },
    chown: { kind: 'string', description: 'Owner (user:group) of the copied files.' },
    chmod: { kind: 'string', description: 'Permissions of the copied files (octal, or symbolic).' },
    link: { kind: 'boolean', description: 'Copy into an independent layer, reusable when earlier layers change.' },
    parents: { kind: 'boolean', description: 'Keep the parent directories of the sources.' },
    exclude: { kind: 'string', repeatable: true, description: 'Leave out the paths matching this pattern.' },
  },
  ADD: {
    chown: { kind: 'string', description: 'Owner (user:group) of the added files.' },
    chmod: { kind: 'string', description: 'Permissions of the added files.' },
    link: { kind: 'boolean', description: 'Add into an independent layer.' },
    checksum: { kind: 'string', description: 'Expected checksum of a remote source (sha256:...).' },
    'keep-git-dir': { kind: 'boolean', description: 'Keep the .git directory of a Git source.' },
    exclude: { kind: 'string', repeatable: true, description: 'Leave out the paths matching this pattern.' },
  },
  RUN: {
    mount: {
      kind: 'mount',
      repeatable: true,
      description: 'Mount a cache, secret, ssh agent, bind or tmpfs for this command.',
    },
    network: { kind: 'network', description: 'Network for the command: default, none or host.' },
    security: {
      kind: 'security',
      description: 'insecure runs the command with elevated privileges; sandbox is the default.',
    },
  },
  HEALTHCHECK: {
    interval: { kind: 'duration', description: 'Time between checks (default 30s).' },
    timeout: { kind: 'duration', description: 'Time a check may take (default 30s).' },
    'start-period': { kind: 'duration', description: 'Start-up time in which failures do not count (default 0s).' },
    'start-interval': { kind: 'duration', description: 'Time between checks during the start period (default 5s).' },
    retries: { kind: 'integer', description: 'Consecutive failures before the container is unhealthy (default 3).' },
  },
};

export const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'] as const;

/** The options of `RUN --mount` per type (aliases included), as BuildKit parses them. */
export const MOUNT_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  bind: ['type', 'target', 'dst', 'destination', 'source', 'src', 'from', 'ro', 'readonly', 'rw', 'readwrite'],
  cache: [
    'type',
    'id',
    'target',
    'dst',
    'destination',
    'ro',
    'readonly',
    'rw',
    'readwrite',
    'sharing',
    'from',
    'source',
    'src',
    'mode',
    'uid',
    'gid',
  ],
  tmpfs: ['type', 'target', 'dst', 'destination', 'size'],
  secret: ['type', 'id', 'target', 'dst', 'destination', 'env', 'required', 'mode', 'uid', 'gid'],
  ssh: ['type', 'id', 'target', 'dst', 'destination', 'required', 'mode', 'uid', 'gid'],
};

export const NETWORK_VALUES = ['default', 'none', 'host'] as const;
export const SECURITY_VALUES = ['sandbox', 'insecure'] as const;
export const SHARING_VALUES = ['shared', 'private', 'locked'] as const;

/**
 * The platform ARGs BuildKit defines itself (usable in FROM without an ARG instruction), with their values on a
 * linux/amd64 builder given no --platform (`defaultArgs`); TARGETSTAGE is the target stage's name, the last one's
 * by default (filled in where it is known).
 */
export const PLATFORM_ARG_DEFAULTS = {
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
  TARGETSTAGE: '',
} as const;
/** ARGs BuildKit defines itself: usable without an ARG instruction (the proxy ones) or in FROM (the platform ones). */
export const PLATFORM_ARGS = Object.keys(PLATFORM_ARG_DEFAULTS) as (keyof typeof PLATFORM_ARG_DEFAULTS)[];
export const PROXY_ARGS = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
] as const;

/** One-line summaries for hover on an instruction keyword is rcjsuen's; these serve flag completion. */
export function flagsOf(keyword: string): Readonly<Record<string, FlagInfo>> {
  return FLAGS[keyword] ?? {};
}
