import { posix } from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import { URI, Utils } from 'vscode-uri';
import type { Stage } from '../dockerfile/context';
import { dockerfileEngine } from '../engines';
import type { FileSystem } from '../types';
import type { ImageBuildRecord } from '../../../../common/src/contract';
import { skaffoldProjectsAbove } from './skaffold';

/** A port an image's Dockerfile EXPOSEs: `8080`, `8080/tcp`, `53/udp`. */
export interface ExposedPort {
  number: number;
  /** Upper-cased, as Kubernetes writes it: TCP unless the Dockerfile says otherwise. */
  protocol: string;
  range: Range;
}

/** What the manifests that run an image can know of it from the Dockerfile that builds it. */
export interface ImageBuild {
  /** The Dockerfile's URI. */
  uri: string;
  /** The Dockerfile's folder and name (`api/Dockerfile`), for messages. */
  label: string;
  text: string;
  /** The final stage's last USER (through `FROM <stage>`), when it says root: `root`, `0`, `0:0`, `root:wheel`. */
  rootUser?: { value: string; range: Range };
  /**
   * The final stage's last USER when its user part is a name other than root (`app`, `app:app`, `app:1000`): the
   * runtime reports it to the kubelet as a user name, not a uid. Not set for a numeric uid or a variable.
   */
  namedUser?: { value: string; name: string; range: Range };
  /** The EXPOSEd ports of the final stage and the stages it builds on. */
  exposed: ExposedPort[];
  /** An EXPOSE the ports cannot be read from (`$PORT`, a range): the set is not known. */
  exposedOpen: boolean;
}

interface Candidate {
  /** For the FileSystem port. */
  path: string;
  uri: string;
  label: string;
}

/** What a workspace rule asks: the Dockerfile that builds an image a manifest names, if the workspace has it. */
export interface ImageBuilds {
  builtBy(manifestUri: string, image: string | undefined): ImageBuild | undefined;
}

/** Distinct image names looked up per validation of a file (see `session`). */
const MAX_NAMES_PER_VALIDATION = 16;
const BUILD_FILE_NAMES = ['Dockerfile', 'Containerfile'];
/** How many folders above the manifest's own folder are looked in: a repository keeps `k8s/` and `api/` side by side. */
const SEARCH_DEPTH = 3;
/** A repository's last path segment, as the distribution spec allows it (lower-case); anything else is not matched. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const PORT = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i;
/** The user part decides (the group does not make a user root or not): `root`, `0`, `0:0`, `root:wheel`. */
const ROOT_USER = /^(root|0)(:.*)?$/;
/**
 * A user part the runtime reads as a uid: containerd and CRI-O (getUserFromImage) take what precedes `:` and parse it
 * with strconv.ParseInt (an optional sign, decimal digits); anything else is a user name.
 */
const NUMERIC_USER = /^[+-]?\d+$/;

/**
 * The repository name of an image reference: its last path segment, without registry, tag or digest
 * (`ghcr.io/acme/api:1.2@sha256:...` → `api`); undefined when it is not a plain name (a placeholder, a template).
 */
export function repositoryName(image: string): string | undefined {
  // Asked for every container of every workload at every validation: a large file names few images, many times.
  if (repositoryNames.has(image)) return repositoryNames.get(image);
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const name = lastSegment.split(':')[0];
  const repository = REPOSITORY_NAME.test(name) ? name : undefined;
  if (repositoryNames.size >= 4096) repositoryNames.clear();
  repositoryNames.set(image, repository);
  return repository;
}
const repositoryNames = new Map<string, string | undefined>();

/**
 * An image reference's repository, registry included and Docker Hub's defaults spelled out, without tag or digest
 * (`nginx:1.27` → `docker.io/library/nginx`, `ghcr.io/acme/api@sha256:...` → `ghcr.io/acme/api`): two references
 * name the same repository when these are equal. undefined for a placeholder or a template.
 */
export function repositoryOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const tagColon = withoutDigest.lastIndexOf(':');
  const repository = tagColon > lastSlash ? withoutDigest.slice(0, tagColon) : withoutDigest;
  if (repository === '' || /[^A-Za-z0-9._\-/:]/.test(repository)) return undefined;
  const parts = repository.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = !hasRegistry || first === 'index.docker.io' ? 'docker.io' : first;
  const path = hasRegistry ? parts.slice(1) : parts;
  if (registry === 'docker.io' && path.length === 1) path.unshift('library');
  return `${registry}/${path.join('/')}`;
}

/**
 * Finds the Dockerfile that builds the image a manifest names, conservatively (a false link is a false finding):
 * the one Build Image built it from; the one a skaffold.yaml above the manifest builds it from; else a file named `Dockerfile` or `Containerfile` in a folder whose name is the image's repository name, the folder
 * being the manifest's own folder or one above it, or a child of one of those (`k8s/deploy.yaml` and `api/Dockerfile`
 * for the image `acme/api:1.0`). The nearest wins. Files are read through the FileSystem port; parses are kept by text.
 */
export class ImageBuildReader implements ImageBuilds {
  private readonly parsed = new Map<string, ImageBuild>();
  private readonly candidates = new Map<string, readonly Candidate[]>();
  /** The Dockerfiles the editor built images from (Build Image), by the images' repositories: they come first. */
  private readonly built = new Map<string, Candidate>();

  constructor(private readonly fileSystem: FileSystem) {}

  /**
   * The images the editor's Build Image built, each with its Dockerfile (a URI): a manifest that runs one of them is
   * linked to that Dockerfile, whatever the folders are named. The latest build of a repository wins.
   */
  setBuiltImages(records: readonly ImageBuildRecord[]): void {
    this.built.clear();
    for (const { dockerfile, image } of records) {
      const repository = repositoryOf(image);
      const location = fileLocation(dockerfile);
      if (repository === undefined || location === undefined) continue;
      this.built.set(repository, {
        path: location.fsPath,
        uri: location.toString(),
        label: `${Utils.basename(Utils.dirname(location))}/${Utils.basename(location)}`,
      });
    }
  }

  /**
   * A view for one validation of one file that probes at most MAX_NAMES_PER_VALIDATION image names: each name is a
   * dozen paths asked of the port, and a file of thousands of distinct images would otherwise ask more paths than
   * the server's file cache keeps (it would then never settle). Past the budget, images are left unlinked (quiet).
   */
  session(): ImageBuilds {
    const names = new Set<string>();
    return {
      builtBy: (manifestUri, image) => {
        const name = image === undefined ? undefined : repositoryName(image);
        if (name === undefined) return undefined;
        if (!names.has(name)) {
          if (names.size >= MAX_NAMES_PER_VALIDATION) return undefined;
          names.add(name);
        }
        return this.builtBy(manifestUri, image);
      },
    };
  }

  builtBy(manifestUri: string, image: string | undefined): ImageBuild | undefined {
    const name = image === undefined ? undefined : repositoryName(image);
    if (name === undefined || image === undefined) return undefined;
    const built = this.built.size > 0 ? this.built.get(repositoryOf(image) ?? '') : undefined;
    for (const candidate of [
      ...(built ? [built] : []),
      ...this.skaffoldCandidatesOf(manifestUri, image),
      ...this.candidatesOf(manifestUri, name),
    ]) {
      const text = this.fileSystem.readFile(candidate.path);
      if (text !== undefined) return this.build(candidate.uri, candidate.label, text);
    }
    return undefined;
  }

  /**
   * The Dockerfiles a skaffold.yaml above the manifest builds the image from (an artifact of the same repository,
   * built with docker or kaniko: its context and dockerfile), nearest skaffold.yaml first. Exact, whatever the
   * folders are named; read through the port on every call (cached there), parsed once per text.
   */
  private skaffoldCandidatesOf(manifestUri: string, image: string): Candidate[] {
    const repository = repositoryOf(image);
    const location = fileLocation(manifestUri);
    if (repository === undefined || location === undefined) return [];
    const read = (path: string) => this.fileSystem.readFile(location.with({ path }).fsPath);
    return skaffoldProjectsAbove(Utils.dirname(location).path, read).flatMap(({ folder, artifacts }) =>
      artifacts
        .filter((artifact) => artifact.dockerfile !== undefined && repositoryOf(artifact.image) === repository)
        .map((artifact) => {
          const file = location.with({ path: posix.join(folder, artifact.context, artifact.dockerfile!) });
          return {
            path: file.fsPath,
            uri: file.toString(),
            label: `${Utils.basename(Utils.dirname(file))}/${Utils.basename(file)}`,
          };
        }),
    );
  }

  /** Where a Dockerfile building `name` may be, nearest first; kept per file and name (asked on every validation). */
  private candidatesOf(manifestUri: string, name: string): readonly Candidate[] {
    const key = `${manifestUri}\n${name}`;
    const known = this.candidates.get(key);
    if (known) return known;
    const found: Candidate[] = [];
    const location = fileLocation(manifestUri);
    if (location !== undefined) {
      for (let folder = Utils.dirname(location), depth = 0; depth <= SEARCH_DEPTH; depth++) {
        const folders =
          Utils.basename(folder) === name ? [folder, Utils.joinPath(folder, name)] : [Utils.joinPath(folder, name)];
        for (const candidate of folders) {
          for (const fileName of BUILD_FILE_NAMES) {
            const file = Utils.joinPath(candidate, fileName);
            found.push({ path: file.fsPath, uri: file.toString(), label: `${name}/${fileName}` });
          }
        }
        const parent = Utils.dirname(folder);
        if (parent.path === folder.path) break;
        folder = parent;
      }
    }
    if (this.candidates.size > 4096) this.candidates.clear();
    this.candidates.set(key, found);
    return found;
  }

  private build(uri: string, label: string, text: string): ImageBuild {
    const key = `${uri}\n${text}`;
    let build = this.parsed.get(key);
    if (!build) {
      if (this.parsed.size > 64) this.parsed.clear();
      build = readBuild(uri, label, text);
      this.parsed.set(key, build);
    }
    return build;
  }
}

/**
 * The final stage's user and ports, read with the Dockerfile model the Dockerfile rules use: the Dockerfile engine's
 * (engines.ts), loaded only when an image is linked to a Dockerfile of the workspace, so that checking a manifest
 * alone never loads the Dockerfile parser (issue 16 item 2). Only plain data (the ImageBuild) leaves this function.
 */
export function readBuild(uri: string, label: string, text: string): ImageBuild {
  const { DockerfileContext, EMPTY_CONFIG, parseDockerfile } = dockerfileEngine();
  const context = new DockerfileContext(parseDockerfile(text), EMPTY_CONFIG, undefined);
  const build: ImageBuild = { uri, label, text, exposed: [], exposedOpen: false };
  const chain: Stage[] = [];
  for (let stage: Stage | undefined = context.stages[context.stages.length - 1]; stage; stage = stage.parent)
    chain.push(stage);
  // The last USER along the chain decides (as DL3002 reads it); a USER that is not literally root says nothing.
  for (const stage of chain) {
    const user = stage.instructions.filter((instruction) => instruction.keyword === 'USER').pop();
    if (!user) continue;
    const word = user.args[0];
    if (!word) break;
    const range = context.range(word.start, word.end);
    const name = word.value.split(':')[0];
    if (ROOT_USER.test(word.value)) build.rootUser = { value: word.value, range };
    // A variable (`$APP_USER`) is whatever the build says: not known here.
    else if (!word.value.includes('$') && name !== '' && !NUMERIC_USER.test(name))
      build.namedUser = { value: word.value, name, range };
    break;
  }
  // In file order: the stages built on come first.
  for (const stage of [...chain].reverse()) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const word of instruction.args) {
        const port = PORT.exec(word.value);
        if (!port) {
          build.exposedOpen = true;
          continue;
        }
        build.exposed.push({
          number: Number(port[1]),
          protocol: (port[2] ?? 'tcp').toUpperCase(),
          range: context.range(word.start, word.end),
        });
      }
    }
  }
  return build;
}

/** A `file:` URI, parsed; undefined for another scheme or a malformed URI. */
function fileLocation(uri: string): URI | undefined {
  try {
    const location = URI.parse(uri);
    return location.scheme === 'file' ? location : undefined;
  } catch {
    return undefined;
  }
}
