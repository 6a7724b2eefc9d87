import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import type { DockerfileRule } from '../rule';

export const messages = {
  constant: (platform: string) => `FROM --platform flag should not use constant value "${platform}"`,
};

/** The operating systems containerd's platforms.Parse knows (platforms/database.go `isKnownOS`). */
const KNOWN_OS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
  'zos',
]);
/** The architectures it knows (`isKnownArch`), for a lone `amd64`. */
const KNOWN_ARCH = new Set(
  '386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc riscv riscv64 s390 s390x sparc sparc64 wasm'.split(
    ' ',
  ),
);
/** Architecture spellings containerd normalizes (platforms/database.go `normalizeArch`). */
const ARCH_ALIASES: Record<string, string> = {
  i386: '386',
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
};

/**
 * FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64 img` pins every build to one platform, so a
 * multi-platform build silently builds that stage for the wrong one. BuildKit is quiet when the value has a
 * variable, does not parse as a platform, or when the stage's name mentions the OS or architecture (the pin is then
 * plainly on purpose): frontend/dockerfile/dockerfile2llb/validations.go `reportConstPlatformDisallowed`. No fix:
 * `$BUILDPLATFORM` and dropping the flag mean different builds.
 */
export const FromPlatformFlagConstDisallowed: DockerfileRule = {
  id: 'FromPlatformFlagConstDisallowed',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'FROM --platform set to a constant platform (linux/amd64) rather than a build argument.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const flag = stage.from?.flags.find((candidate) => candidate.name === 'platform');
      const value = flag?.value;
      if (!flag || value === undefined || value.includes('$')) continue;
      const platform = parsePlatform(value);
      if (!platform) continue;
      const name = stage.name?.value.toLowerCase() ?? '';
      if (name.includes(platform.os) || (platform.arch !== undefined && name.includes(platform.arch))) continue;
      findings.push({ range: context.range(flag.start, flag.end), message: messages.constant(value) });
    }
    return findings;
  },
};

/**
 * The OS and architecture of a platform string as containerd's platforms.Parse reads it, or undefined when it does
 * not parse (BuildKit then reports nothing here and fails later). A lone architecture takes the daemon's OS, which
 * is not known here: it is taken as linux.
 */
function parsePlatform(value: string): { os: string; arch: string | undefined } | undefined {
  const parts = value.toLowerCase().split('/');
  if (parts.length > 3 || parts.some((part) => !/^[a-z0-9_.-]+$/.test(part))) return undefined;
  const normalize = (arch: string) => ARCH_ALIASES[arch] ?? arch;
  if (parts.length === 1) {
    if (KNOWN_OS.has(parts[0])) return { os: parts[0], arch: undefined };
    const arch = normalize(parts[0]);
    return KNOWN_ARCH.has(arch) ? { os: 'linux', arch } : undefined;
  }
  // os/arch[/variant]: containerd takes any pair as written ("we don't care about whether or not we know of it").
  return { os: parts[0], arch: normalize(parts[1]) };
}
