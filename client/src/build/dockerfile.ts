import { DockerfileParser } from 'dockerfile-ast';

export interface Stage {
  /** 0-based position among the FROMs. */
  index: number;
  /** The `AS name`, when given. */
  name?: string;
  /** The image it starts from, as written (`$BASE`, `node:20`, another stage). */
  from: string;
  /** 0-based line of its FROM. */
  line: number;
}

export interface BuildArg {
  name: string;
  /** The default written in the Dockerfile; undefined for `ARG NAME` without one. */
  defaultValue?: string;
  /** The stage it is declared in, or -1 for the global ARGs before the first FROM. */
  stage: number;
  line: number;
}

export interface DockerfileInfo {
  stages: Stage[];
  args: BuildArg[];
  /** 0-based start line of every instruction, in order: the legacy builder's "Step N/M" counts these. */
  instructionLines: number[];
}

/** ARGs every builder defines itself: never prompt for them. */
const PREDEFINED_ARGS = new Set([
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
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'BUILDKIT_INLINE_CACHE',
  'BUILDKIT_MULTI_PLATFORM',
  'BUILDKIT_SYNTAX',
  'BUILDKIT_CONTEXT_KEEP_GIT_DIR',
  'SOURCE_DATE_EPOCH',
]);

/** Stages, ARGs and instruction lines of a Dockerfile, from dockerfile-ast. */
export function analyzeDockerfile(text: string): DockerfileInfo {
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const stages: Stage[] = froms.map((from, index) => ({
    index,
    name: from.getBuildStage() ?? undefined,
    from: from.getImage() ?? '',
    line: from.getRange().start.line,
  }));
  const stageOf = (line: number): number => {
    let stage = -1;
    for (const candidate of stages) if (candidate.line <= line) stage = candidate.index;
    return stage;
  };
  const args: BuildArg[] = [];
  for (const arg of dockerfile.getARGs()) {
    // One ARG instruction may declare several (`ARG A=1 B`); each is a property.
    const line = arg.getRange().start.line;
    for (const property of arg.getProperties()) {
      const value = property.getValue();
      args.push({ name: property.getName(), defaultValue: value ?? undefined, stage: stageOf(line), line });
    }
  }
  return {
    stages,
    args,
    instructionLines: dockerfile.getInstructions().map((instruction) => instruction.getRange().start.line),
  };
}

/**
 * ARGs that have no default and so need a value from the user, for a build that stops at `targetIndex`:
 * the global ones and those of every stage up to the target (the legacy builder builds them all).
 */
export function argsWithoutDefaults(info: DockerfileInfo, targetIndex = info.stages.length - 1): string[] {
  const names: string[] = [];
  const defaulted = new Set<string>();
  for (const arg of info.args) {
    if (arg.stage > targetIndex) continue;
    if (PREDEFINED_ARGS.has(arg.name)) continue;
    if (arg.defaultValue !== undefined) {
      // A global default carries into a stage's bare `ARG NAME`.
      if (arg.stage === -1) defaulted.add(arg.name);
      continue;
    }
    if (defaulted.has(arg.name) || names.includes(arg.name)) continue;
    names.push(arg.name);
  }
  return names;
}
