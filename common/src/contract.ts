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
  kubernetes: { enable: true, strictTargets: false },
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
