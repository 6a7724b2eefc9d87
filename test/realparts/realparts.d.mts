// Types for realparts.mjs (Node built-ins only; see README.md).

export declare const SCRIPTS: Readonly<{
  installDeps: string;
  buildKubeApiServer: string;
  dockerEngine: string;
  kubeApiServer: string;
}>;
export declare const KUBE_CONTEXT: 'shipshape-test';
export declare const BUSYBOX_IMAGE: 'shipshape-busybox:local';

export type Part = 'docker' | 'kube-apiserver' | 'kubernetes' | 'kubectl';

export interface AvailabilityOptions {
  /** Run install-deps.sh (apt-get, root only) when packages are missing. Default true (env SHIPSHAPE_REALPARTS_INSTALL=0 turns it off). */
  install?: boolean;
  /** kube-apiserver only: build it (~5-7 min cold) when no binary is cached. Default true (env SHIPSHAPE_REALPARTS_BUILD=0 turns it off). */
  build?: boolean;
  buildTimeoutMs?: number;
}

/** A human reason why the part cannot run here, or null when it can. */
export declare function whyUnavailable(part: Part, opts?: AvailabilityOptions): Promise<string | null>;
export declare function whyDockerEngineUnavailable(opts?: Pick<AvailabilityOptions, 'install'>): Promise<string | null>;
export declare function whyKubeApiServerUnavailable(opts?: AvailabilityOptions): Promise<string | null>;
export declare function whyKubectlUnavailable(opts?: Pick<AvailabilityOptions, 'install'>): Promise<string | null>;

export interface StartOptions {
  /** Bound on the start script (default: docker 3 min, kube 25 min since it may build first). */
  timeoutMs?: number;
  /** Remove dir on stop(). Default: only when the dir was created by the start function. */
  removeDir?: boolean;
}

export interface DockerEngine {
  env: { DOCKER_HOST: string };
  dir: string;
  image: 'shipshape-busybox:local';
  /** Idempotent; resolves when dockerd and everything it started are gone. */
  stop(): Promise<void>;
}

export interface KubeApiServer {
  env: { KUBECONFIG: string };
  kubeconfigPath: string;
  context: 'shipshape-test';
  /** https://127.0.0.1:PORT */
  server: string;
  /** Bearer token of user admin (group system:masters). */
  token: string;
  /** The API server's self-signed cert (use as CA). */
  caFile: string;
  dir: string;
  /** Idempotent; stops the API server, then etcd. */
  stop(): Promise<void>;
}

/** dir optional: a fresh temp dir is made (and removed on stop) when omitted. */
export declare function startDockerEngine(dir?: string, opts?: StartOptions): Promise<DockerEngine>;
export declare function startKubeApiServer(dir?: string, opts?: StartOptions): Promise<KubeApiServer>;

export declare function buildKubeApiServer(opts?: { timeoutMs?: number }): Promise<string>;
export declare function cachedKubeApiServer(): string | null;
export declare function installDeps(opts?: { timeoutMs?: number }): Promise<string | null>;
export declare function cacheDir(): string;
