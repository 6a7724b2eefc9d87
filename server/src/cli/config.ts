import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { kubernetesEngine } from '../service/engines';
import { resolveSettings, type ShipshapeSettings } from '../../../common/src/contract';
import { UsageError } from './files';

/** Config files the CLI looks for, from the current folder up: the same keys as the VS Code settings, unprefixed. */
export const CONFIG_FILES = ['.shipshape.yaml', '.shipshape.yml', '.shipshape.json'];

/** The nearest config file at or above `from`, or undefined. */
export function findConfig(from: string): string | undefined {
  let folder = resolve(from);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const candidate = join(folder, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * Reads a config file: `{ rules: { "k8s/probes": "off" }, kubernetes: { strictTargets: true } }` in YAML or JSON.
 * A `shipshape:` wrapper (or `shipshape.`-prefixed keys copied from VS Code's settings.json) is accepted too.
 */
export function loadConfig(path: string): ShipshapeSettings {
  let data: unknown;
  try {
    // The YAML parser is the Kubernetes engine's: the CLI's own bundle does not hold it, for runs with no config.
    data = kubernetesEngine().parseYaml(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(
      `cannot read the config file ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      { cause: error },
    );
  }
  if (data === null || data === undefined) return resolveSettings({});
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UsageError(`the config file ${path} must hold a map of settings`);
  const record = data as Record<string, unknown>;
  if (typeof record.shipshape === 'object' && record.shipshape !== null) return resolveSettings(record.shipshape);
  const unprefixed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const name = key.startsWith('shipshape.') ? key.slice('shipshape.'.length) : key;
    const [head, ...rest] = name.split('.');
    if (rest.length === 0) unprefixed[head] = value;
    else unprefixed[head] = { ...((unprefixed[head] as object) ?? {}), [rest.join('.')]: value };
  }
  return resolveSettings(unprefixed);
}
