import { PROXY_ARGS } from './catalog';
import type { DockerfileContext, Stage } from './context';
import type { Instruction } from './parse/model';
import { parseImage } from './rules/images';
import { unquote, type KeyValue } from './variables';

/** Where a variable comes from: an ARG or ENV of this file, BuildKit itself, or (by convention) the base image. */
export interface Definition {
  name: string;
  value: string | undefined;
  kind: 'ARG' | 'ENV' | 'builtin';
  instruction: Instruction | undefined;
  keyStart: number;
  keyEnd: number;
}

/**
 * Variables that official base images set and Dockerfiles commonly extend (`ENV PATH=/app/bin:$PATH`). Shipshape
 * does not pull images, so it takes these as defined rather than report them.
 */
export const BASE_IMAGE_VARIABLES = [
  'PATH',
  'HOME',
  'HOSTNAME',
  'LANG',
  'LC_ALL',
  'TERM',
  'USER',
  'PWD',
  'SHELL',
  'NODE_VERSION',
  'YARN_VERSION',
  'PYTHON_VERSION',
  'PYTHON_PIP_VERSION',
  'PYTHON_SHA256',
  'GPG_KEY',
  'GOLANG_VERSION',
  'GOPATH',
  'GOTOOLCHAIN',
  'JAVA_HOME',
  'JAVA_VERSION',
  'JDK_VERSION',
  'MAVEN_HOME',
  'GRADLE_HOME',
  'RUBY_VERSION',
  'GEM_HOME',
  'BUNDLE_APP_CONFIG',
  'PHP_VERSION',
  'PHP_INI_DIR',
  'NGINX_VERSION',
  'LD_LIBRARY_PATH',
] as const;

const JAVA_IMAGES = ['openjdk', 'temurin', 'corretto', 'semeru', 'sapmachine', 'java', 'jdk', 'jre', 'maven', 'gradle'];

/**
 * The variables of BASE_IMAGE_VARIABLES that one family of official images sets, with words of those images' names:
 * taken as defined anywhere (Shipshape does not know what a base image sets), but offered as what a misspelt name
 * meant only on a stage built from such an image (`$NODE_VERSION` is no suggestion on `alpine/git`).
 */
const IMAGE_FAMILY_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  NODE_VERSION: ['node'],
  YARN_VERSION: ['node'],
  PYTHON_VERSION: ['python'],
  PYTHON_PIP_VERSION: ['python'],
  PYTHON_SHA256: ['python'],
  GPG_KEY: ['python'],
  GOLANG_VERSION: ['golang'],
  GOPATH: ['golang'],
  GOTOOLCHAIN: ['golang'],
  JAVA_HOME: JAVA_IMAGES,
  JAVA_VERSION: JAVA_IMAGES,
  JDK_VERSION: JAVA_IMAGES,
  MAVEN_HOME: ['maven'],
  GRADLE_HOME: ['gradle'],
  RUBY_VERSION: ['ruby'],
  GEM_HOME: ['ruby'],
  BUNDLE_APP_CONFIG: ['ruby'],
  PHP_VERSION: ['php'],
  PHP_INI_DIR: ['php'],
  NGINX_VERSION: ['nginx'],
};

/**
 * Whether a stage's base image may set this variable of BASE_IMAGE_VARIABLES: the common ones (PATH, HOME...) always;
 * a family's own when the image the stage is built from (through its parent stages) names that family, or cannot be
 * told (`FROM ${BASE}`).
 */
export function mayBeSetByBaseImage(name: string, stage: Stage): boolean {
  const families = IMAGE_FAMILY_VARIABLES[name];
  if (!families) return true;
  const image = rootImage(stage);
  if (image === undefined || image.includes('$')) return true;
  // The repository's last path component, without tag or digest: `docker.io/library/node:20-alpine` -> `node`.
  const repository = parseImage(image).name.split('/').pop()!.toLowerCase();
  return families.some((family) => repository.includes(family));
}

/**
 * Whether Shipshape knows the environment a stage starts with: built (through its parent stages) from `scratch`
 * (none) or from a Docker official image (`debian:12`, `docker.io/library/node:20`: what they set is in
 * BASE_IMAGE_VARIABLES, near enough). Any other image (`quay.io/jupyter/base-notebook`, `myorg/app-base`, `${BASE}`)
 * may set variables of its own with ENV, which BuildKit reads from the image's config and Shipshape cannot.
 */
export function baseImageEnvironmentKnown(stage: Stage): boolean {
  const image = rootImage(stage);
  if (image === undefined || image.includes('$')) return false;
  if (image.toLowerCase() === 'scratch') return true;
  const { registry, name } = parseImage(image);
  if (registry !== undefined && registry !== 'docker.io' && registry !== 'index.docker.io') return false;
  const path = registry === undefined ? name : name.slice(registry.length + 1);
  return !path.includes('/') || (path.startsWith('library/') && path.split('/').length === 2);
}

/** The image a stage is built from, through the stages it builds on (`FROM base`), as written. */
function rootImage(stage: Stage): string | undefined {
  let root = stage;
  while (root.parent) root = root.parent;
  return root.image?.value;
}

/** The key/value pairs of an ENV, ARG or LABEL; a legacy `ENV key value` is one pair whose value is the rest. */
export function keyValues(context: DockerfileContext, instruction: Instruction): KeyValue[] {
  const args = instruction.args;
  if (args.length === 0) return [];
  if (instruction.keyword !== 'ARG' && !args[0].value.includes('=')) {
    const first = args[0];
    const last = args[args.length - 1];
    return [
      {
        key: first.value,
        value: args.length > 1 ? context.text.slice(args[1].start, last.end) : undefined,
        keyStart: first.start,
        keyEnd: first.end,
        valueStart: args.length > 1 ? args[1].start : first.end,
        end: last.end,
      },
    ];
  }
  return args.map((word) => {
    const equals = word.value.indexOf('=');
    return {
      key: equals === -1 ? word.value : word.value.slice(0, equals),
      value: equals === -1 ? undefined : unquote(word.value.slice(equals + 1)),
      keyStart: word.start,
      keyEnd: word.start + (equals === -1 ? word.value.length : equals),
      valueStart: equals === -1 ? word.end : word.start + equals + 1,
      end: word.end,
    };
  });
}

/**
 * Walks the file in build order, calling `visit` for each instruction with the variables defined before it: global
 * ARGs for FROM, and in a stage the ENVs inherited from a parent stage, the stage's own ARGs and ENVs, BuildKit's
 * proxy ARGs and the usual base-image variables.
 */
export function walkScopes(
  context: DockerfileContext,
  visit: (instruction: Instruction, defined: ReadonlyMap<string, Definition>, stage: Stage | undefined) => void,
): void {
  const global = new Map<string, Definition>();
  for (const instruction of context.instructions) {
    if (instruction.keyword === 'FROM') break;
    visit(instruction, global, undefined);
    if (instruction.keyword === 'ARG')
      for (const definition of definitionsOf(context, instruction, 'ARG')) global.set(definition.name, definition);
  }
  // What a stage hands to the stages built FROM it: its ENVs (in the image) and, in BuildKit, its ARGs too
  // (moby/buildkit#5381: "ARGs are inherited by downstream build stages, if declared in a base stage").
  const stageEnv = new Map<Stage, Map<string, Definition>>();
  const stageArgs = new Map<Stage, Map<string, Definition>>();
  for (const stage of context.stages) {
    if (stage.from) visit(stage.from, global, undefined);
    const defined = new Map<string, Definition>();
    for (const name of [...PROXY_ARGS, ...BASE_IMAGE_VARIABLES])
      defined.set(name, { name, value: undefined, kind: 'builtin', instruction: undefined, keyStart: -1, keyEnd: -1 });
    const env = new Map<string, Definition>(stage.parent ? stageEnv.get(stage.parent) : undefined);
    const args = new Map<string, Definition>(stage.parent ? stageArgs.get(stage.parent) : undefined);
    for (const [name, definition] of args) defined.set(name, definition);
    for (const [name, definition] of env) defined.set(name, definition);
    for (const instruction of stage.instructions) {
      visit(instruction, defined, stage);
      if (instruction.keyword === 'ARG') {
        for (const definition of definitionsOf(context, instruction, 'ARG')) {
          // A bare `ARG NAME` in a stage takes the global ARG's default.
          const inherited = definition.value === undefined ? global.get(definition.name)?.value : undefined;
          const argument = inherited === undefined ? definition : { ...definition, value: inherited };
          args.set(definition.name, argument);
          if (!env.has(definition.name)) defined.set(definition.name, argument);
        }
      } else if (instruction.keyword === 'ENV') {
        for (const definition of definitionsOf(context, instruction, 'ENV')) {
          defined.set(definition.name, definition);
          env.set(definition.name, definition);
        }
      }
    }
    stageEnv.set(stage, env);
    stageArgs.set(stage, args);
  }
}

function definitionsOf(context: DockerfileContext, instruction: Instruction, kind: 'ARG' | 'ENV'): Definition[] {
  return keyValues(context, instruction).map((pair) => ({
    name: pair.key,
    value: pair.value,
    kind,
    instruction,
    keyStart: pair.keyStart,
    keyEnd: pair.keyEnd,
  }));
}
