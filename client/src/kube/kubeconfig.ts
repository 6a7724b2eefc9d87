import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * The current context as kubectl would see it. Only names are read out of the kubeconfig: its contents (tokens,
 * certificates, passwords) are never kept, returned or logged.
 */
export interface KubeContextInfo {
  /** Undefined when no kubeconfig sets `current-context`. */
  context?: string;
  /** The current context's namespace, `default` when it sets none. */
  namespace: string;
  /** Every context name, in the order kubectl merges them. */
  contexts: string[];
  /** The files read (those that exist), to watch for changes. */
  files: string[];
}

/**
 * The kubeconfig files kubectl reads: `KUBECONFIG` split on the platform's list separator (':' on POSIX, ';' on
 * Windows), empty entries dropped, duplicates once; else `~/.kube/config`.
 */
export function kubeconfigPaths(env: NodeJS.ProcessEnv, home: string, delimiter: string = path.delimiter): string[] {
  const list = env.KUBECONFIG;
  if (list !== undefined && list.trim() !== '') {
    const paths: string[] = [];
    for (const entry of list.split(delimiter)) if (entry !== '' && !paths.includes(entry)) paths.push(entry);
    return paths;
  }
  return [path.join(home, '.kube', 'config')];
}

/**
 * Reads the current context and namespace with kubectl's merge rules: the first file that sets
 * `current-context` wins, and the first definition of a context name wins. Unreadable files count as empty
 * (kubectl ignores missing ones too); a file that is not YAML is skipped with `onProblem` (its path only).
 */
export function readKubeContext(
  files: readonly string[],
  readFile: (file: string) => string | undefined,
  onProblem: (message: string) => void = () => undefined,
): KubeContextInfo {
  let current: string | undefined;
  const namespaces = new Map<string, string | undefined>();
  const read: string[] = [];
  for (const file of files) {
    const text = readFile(file);
    if (text === undefined) continue;
    read.push(file);
    let config: unknown;
    try {
      config = parse(text);
    } catch {
      // The parser's message quotes the file's text, which may hold a token: report the file only.
      onProblem(`${file} is not valid YAML; it was skipped.`);
      continue;
    }
    if (!isRecord(config)) continue;
    const currentContext = config['current-context'];
    if (current === undefined && typeof currentContext === 'string' && currentContext !== '') current = currentContext;
    const contexts = Array.isArray(config.contexts) ? config.contexts : [];
    for (const entry of contexts) {
      if (!isRecord(entry) || typeof entry.name !== 'string' || namespaces.has(entry.name)) continue;
      const namespace =
        isRecord(entry.context) && typeof entry.context.namespace === 'string' ? entry.context.namespace : undefined;
      namespaces.set(entry.name, namespace || undefined);
    }
  }
  return {
    context: current,
    namespace: (current !== undefined ? namespaces.get(current) : undefined) ?? 'default',
    contexts: [...namespaces.keys()],
    files: read,
  };
}

/**
 * Whether a context needs the typed confirmation: a pattern with `*` or `?` must match the whole name (a glob);
 * a plain pattern matches anywhere in it. Case-insensitive, so `prod` catches `gke_acme_PROD-eu`.
 */
export function isProtectedContext(context: string, patterns: readonly string[]): boolean {
  const name = context.toLowerCase();
  return patterns.some((raw) => {
    const pattern = raw.trim().toLowerCase();
    if (pattern === '') return false;
    if (!/[*?]/.test(pattern)) return name.includes(pattern);
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    return regex.test(name);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
