/**
 * The contract shared by the client, the server and the CLI: setting names, their types and defaults.
 * One place, so that the three never disagree on what a setting is called or what it means.
 */

export const SETTINGS_SECTION = 'shipshape';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ShipshapeSettings {
  kubernetes: {
    /** Validate Kubernetes Deployment and HorizontalPodAutoscaler documents in YAML files. */
    enable: boolean;
    /** Report an HPA whose target Deployment exists nowhere in the workspace (it may be deployed from elsewhere). */
    strictTargets: boolean;
    /**
     * The Kubernetes version the manifests are checked against: `auto` (the client asks the current kube context's
     * server and sends the answer in its place; the newest bundled when there is none) or a minor version, `1.27` ...
     * `1.36`. Fields the version lacks are errors; completion offers only what it has.
     */
    version: string;
  };
  dockerfile: {
    /** Validate Dockerfiles. */
    enable: boolean;
  };
  helm: {
    /**
     * The helm that renders Helm charts in the background (a name found on PATH, or a full path); '' never renders.
     * `machine`-scoped: a workspace cannot choose what executable runs. Never run for an untrusted workspace.
     */
    path: string;
    /** Value files given to `helm template` after the chart's own values.yaml, relative to the chart's folder. */
    valueFiles: string[];
  };
  kubectl: {
    /**
     * The kubectl that Apply runs and that builds Kustomize overlays in the background (`kubectl kustomize`): a name
     * found on PATH, or a full path; '' never builds. Never run for an untrusted workspace.
     */
    path: string;
  };
  shellcheck: {
    /**
     * The shellcheck that checks the shell of Dockerfile RUN instructions, in the background (a name found on PATH,
     * or a full path); '' never runs it. `machine`-scoped; never run for an untrusted workspace.
     */
    path: string;
  };
  otherExtensions: {
    /**
     * Beside Red Hat YAML (with a Kubernetes schema) or Container Tools' Dockerfile linter, the editor hides
     * Shipshape's copy of a finding, completion item or hover that the other extension already shows. Read by the
     * client only (the CLI and other editors have no other extension).
     */
    hideDuplicates: boolean;
  };
  /** Files larger than this are not analysed (a clear diagnostic says so instead). */
  maxFileSizeMB: number;
  /** Per-rule severity overrides, by rule id (`k8s/api-version`, `DL3007`, ...). */
  rules: Record<string, SeverityName>;
}

export const DEFAULT_SETTINGS: ShipshapeSettings = {
  kubernetes: { enable: true, strictTargets: false, version: 'auto' },
  dockerfile: { enable: true },
  helm: { path: 'helm', valueFiles: [] },
  kubectl: { path: 'kubectl' },
  shellcheck: { path: 'shellcheck' },
  otherExtensions: { hideDuplicates: true },
  maxFileSizeMB: 10,
  rules: {},
};

/** Merges partial user settings (from VS Code or a config file) over the defaults, ignoring ill-typed values. */
export function resolveSettings(partial: unknown): ShipshapeSettings {
  const input = isRecord(partial) ? partial : {};
  const kubernetes = isRecord(input.kubernetes) ? input.kubernetes : {};
  const dockerfile = isRecord(input.dockerfile) ? input.dockerfile : {};
  const helm = isRecord(input.helm) ? input.helm : {};
  const kubectl = isRecord(input.kubectl) ? input.kubectl : {};
  const shellcheck = isRecord(input.shellcheck) ? input.shellcheck : {};
  const otherExtensions = isRecord(input.otherExtensions) ? input.otherExtensions : {};
  const rules: Record<string, SeverityName> = {};
  if (isRecord(input.rules)) {
    for (const [id, severity] of Object.entries(input.rules)) {
      if (isSeverityName(severity)) rules[id] = severity;
    }
  }
  return {
    kubernetes: {
      enable: typeof kubernetes.enable === 'boolean' ? kubernetes.enable : DEFAULT_SETTINGS.kubernetes.enable,
      strictTargets:
        typeof kubernetes.strictTargets === 'boolean'
          ? kubernetes.strictTargets
          : DEFAULT_SETTINGS.kubernetes.strictTargets,
      version: typeof kubernetes.version === 'string' ? kubernetes.version.trim() : DEFAULT_SETTINGS.kubernetes.version,
    },
    dockerfile: {
      enable: typeof dockerfile.enable === 'boolean' ? dockerfile.enable : DEFAULT_SETTINGS.dockerfile.enable,
    },
    helm: {
      path: typeof helm.path === 'string' ? helm.path.trim() : DEFAULT_SETTINGS.helm.path,
      valueFiles: Array.isArray(helm.valueFiles)
        ? helm.valueFiles.filter((file): file is string => typeof file === 'string' && file !== '')
        : [],
    },
    kubectl: { path: typeof kubectl.path === 'string' ? kubectl.path.trim() : DEFAULT_SETTINGS.kubectl.path },
    shellcheck: {
      path: typeof shellcheck.path === 'string' ? shellcheck.path.trim() : DEFAULT_SETTINGS.shellcheck.path,
    },
    otherExtensions: {
      hideDuplicates:
        typeof otherExtensions.hideDuplicates === 'boolean'
          ? otherExtensions.hideDuplicates
          : DEFAULT_SETTINGS.otherExtensions.hideDuplicates,
    },
    maxFileSizeMB:
      typeof input.maxFileSizeMB === 'number' && input.maxFileSizeMB > 0
        ? input.maxFileSizeMB
        : DEFAULT_SETTINGS.maxFileSizeMB,
    rules,
  };
}

/** The Kubernetes minor versions whose schemas are bundled (scripts/kubernetes-versions.json), oldest first. */
export const KUBERNETES_VERSIONS = [
  '1.27',
  '1.28',
  '1.29',
  '1.30',
  '1.31',
  '1.32',
  '1.33',
  '1.34',
  '1.35',
  '1.36',
] as const;

export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

export const NEWEST_KUBERNETES_VERSION: KubernetesVersion = KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1];

/** The version checks use for a setting value or a server's version, and, when it is not that one, why. */
export interface ResolvedKubernetesVersion {
  version: KubernetesVersion;
  /** Said once to the user: the value was not a bundled version, and which one is used instead. */
  problem?: string;
}

/**
 * Reads `auto` / `1.28` / `v1.28.3` / `1.28+` (a server's gitVersion or minor) and picks the bundled version to check
 * against: the same, else the nearest (a 1.20 server is checked as 1.27, a 1.40 one as 1.36), else the newest.
 * `auto` here means nobody could ask a server: the newest, without a problem to report.
 */
export function resolveKubernetesVersion(value: string | undefined): ResolvedKubernetesVersion {
  const text = (value ?? '').trim();
  if (text === '' || text === 'auto') return { version: NEWEST_KUBERNETES_VERSION };
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?\+?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(text);
  const oldest = KUBERNETES_VERSIONS[0];
  if (!match || match[1] !== '1') {
    return {
      version: NEWEST_KUBERNETES_VERSION,
      problem: `"${text}" is not a Kubernetes version (expected auto or ${oldest} ... ${NEWEST_KUBERNETES_VERSION}): checking against ${NEWEST_KUBERNETES_VERSION}`,
    };
  }
  const minor = Number(match[2]);
  const exact = KUBERNETES_VERSIONS.find((version) => version === `1.${minor}`);
  if (exact) return { version: exact };
  const below = minor < Number(oldest.slice(2));
  const nearest = below ? oldest : NEWEST_KUBERNETES_VERSION;
  return {
    version: nearest,
    problem: `Kubernetes 1.${minor} is ${below ? 'older than the oldest' : 'newer than the newest'} version Shipshape has schemas for (${nearest}): checking against ${nearest}`,
  };
}

/** Orders two `1.N` versions. */
export function compareKubernetesVersions(a: string, b: string): number {
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}

export function isSeverityName(value: unknown): value is SeverityName {
  return value === 'error' || value === 'warning' || value === 'information' || value === 'hint' || value === 'off';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `shipshape/checkFile`: the server checks a file (open or not: it reads it from disk) and says how many errors it
 * has. Build Image asks it before building a Dockerfile that is not open in an editor.
 */
/** The `source` of every diagnostic Shipshape publishes: the client tells its own findings from other linters' by it. */
export const DIAGNOSTIC_SOURCE = 'shipshape';

/** What the client sends in `initialize`: read again at every (re)start of the server. */
export interface InitializationOptions {
  /** The `shipshape` configuration section, resolved by `resolveSettings` (an editor without it sends nothing). */
  settings?: unknown;
  /** The client runs `APPLY_SNIPPET_FIX_COMMAND`, so fixes with placeholders may be sent as snippets. */
  snippetFixes?: boolean;
  /** External tools (helm, kubectl, shellcheck) run only when the workspace is trusted. */
  workspaceTrusted?: boolean;
  /** The images Build Image built in this workspace (IMAGE_BUILDS_NOTIFICATION says when there are more). */
  imageBuilds?: ImageBuildRecord[];
}

/**
 * An image Build Image built, and the Dockerfile it built it from (a URI): the manifests that run the image are checked
 * against that Dockerfile (its EXPOSEd ports, its USER), wherever it is. The client remembers them per workspace.
 */
export interface ImageBuildRecord {
  dockerfile: string;
  image: string;
}

/** The client's images built so far (all of them, each time), when Build Image has built one. */
export const IMAGE_BUILDS_NOTIFICATION = 'shipshape/imageBuilds';

export interface ImageBuildsParams {
  builds: ImageBuildRecord[];
}

/** The records of a client's message that are well-formed (a client may send anything). */
export function imageBuildRecords(value: unknown): ImageBuildRecord[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (record): record is ImageBuildRecord =>
      typeof record === 'object' &&
      record !== null &&
      typeof (record as ImageBuildRecord).dockerfile === 'string' &&
      typeof (record as ImageBuildRecord).image === 'string',
  );
}

export const CHECK_FILE_REQUEST = 'shipshape/checkFile';

export interface CheckFileParams {
  uri: string;
}

export interface CheckFileResult {
  errors: number;
  warnings: number;
}

/**
 * The client command that inserts a fix written as a snippet (arguments: document URI, document version, and a
 * TextEdit whose newText is in snippet syntax). The client announces it with `initializationOptions.snippetFixes`.
 */
export const APPLY_SNIPPET_FIX_COMMAND = 'shipshape.applySnippetFix';
