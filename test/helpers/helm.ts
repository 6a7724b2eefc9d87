import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The package version test/realparts/install-helm-kubectl.sh installs (keep the two in step). */
const PACKAGE_VERSION = process.env.HELM_KUBECTL_PACKAGE_VERSION ?? '2.2.2';

/** The folder holding the real helm and kubectl that `npm run test:setup` installs. */
export function helmKubectlDir(): string {
  const cache = process.env.SHIPSHAPE_CACHE ?? join(process.env.HOME ?? homedir(), '.cache', 'shipshape');
  return join(cache, `helm-kubectl-${PACKAGE_VERSION}`, 'bin');
}

/** The real helm binary, or undefined when the setup step has not installed it. */
export function realHelm(): string | undefined {
  const path = join(helmKubectlDir(), 'helm');
  return existsSync(path) ? path : undefined;
}

/** Why a test that needs the real helm must skip (false when it can run): the message says how to install it. */
export function helmSkipReason(): string | false {
  return realHelm()
    ? false
    : `the real helm is not installed: run bash test/realparts/install-helm-kubectl.sh (npm run test:setup)`;
}

/** `helm create NAME` in a new temporary folder, with the real helm; returns the chart's folder. */
export function helmCreate(name: string): string {
  const helm = realHelm();
  if (!helm) throw new Error('no real helm');
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-helm-'));
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  execFileSync(helm, ['create', name], { cwd: folder, stdio: 'pipe', timeout: 30_000 });
  return join(folder, name);
}
