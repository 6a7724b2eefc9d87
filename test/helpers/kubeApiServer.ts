import { spawnSync } from 'node:child_process';
import { after, before } from 'node:test';
import { loadRealParts, type RealParts } from './client-fakes';

export type KubeApiServer = Awaited<ReturnType<RealParts['startKubeApiServer']>>;

/** The real kube-apiserver of one test file, and how a test skips (saying why) where it cannot run. */
export interface SuiteApiServer {
  readonly server: KubeApiServer | undefined;
  /** Skips the test with the reason the server is not there; true when it did. */
  skip(t: { skip(message?: string): void }): boolean;
  /** kubectl against the server (the real kubectl of the harness's PATH, its kubeconfig). */
  kubectl(args: string[], input?: string): { status: number | null; output: string };
  /** The server's verdict on a manifest, dry run; HPA autoscaling/v2 sent as v2beta2, the 1.20 server's name for it. */
  dryRun(text: string): { accepted: boolean; output: string };
}

/**
 * Starts kube-apiserver (with etcd, on loopback) in the `before` of the calling `describe` and stops it in its `after`.
 * Where kubectl or the server cannot run here, every test that asks `skip(t)` is skipped with the reason.
 */
export function apiServerForSuite(): SuiteApiServer {
  let server: KubeApiServer | undefined;
  let reason: string | null = 'not checked yet';
  before(async () => {
    const parts = await loadRealParts();
    reason = (await parts.whyUnavailable('kubectl')) ?? (await parts.whyUnavailable('kube-apiserver'));
    if (reason === null) {
      try {
        server = await parts.startKubeApiServer();
      } catch (error) {
        reason = `the API server did not start: ${(error as Error).message.split('\n')[0]}`;
      }
    }
  });
  after(async () => {
    await server?.stop();
  });
  const kubectl = (args: string[], input?: string) => {
    const result = spawnSync('kubectl', args, { env: { ...process.env, ...server?.env }, encoding: 'utf8', input });
    return { status: result.status, output: result.stdout + result.stderr };
  };
  return {
    get server() {
      return server;
    },
    skip(t) {
      if (reason !== null) t.skip(reason);
      return reason !== null;
    },
    kubectl,
    dryRun(text) {
      const { status, output } = kubectl(
        ['apply', '--dry-run=server', '-f', '-'],
        text.replace(/^apiVersion: autoscaling\/v2$/gm, 'apiVersion: autoscaling/v2beta2'),
      );
      return { accepted: status === 0, output };
    },
  };
}
