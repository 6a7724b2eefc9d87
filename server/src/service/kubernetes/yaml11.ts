import { isScalar, Scalar, type Node } from 'yaml';
import { scalarsWithPaths, type YamlPath } from '../yaml/parsedYaml';

/**
 * kubectl reads YAML as YAML 1.1 (sigs.k8s.io/yaml, on go-yaml v2), where Shipshape's parser reads YAML 1.2. A few
 * plain scalars differ: `yes`/`no`/`on`/`off`/`y`/`n` (any of their usual cases) are booleans to kubectl and strings
 * here; `1_000`, `0b101` are numbers to kubectl and strings here. So `value: yes` is sent as `true` (and a string
 * field rejects it), and `enabled: yes` is sent as `true` (and a boolean field accepts it).
 */
const BOOLEAN_1_1 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const NUMBER_1_1 = /^[-+]?(?:0b[01_]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?)$/;

/** What kubectl reads a plain scalar as, where that differs from YAML 1.2's string: 'boolean' or 'number'. */
export function yaml11TypeOf(node: Node | undefined): 'boolean' | 'number' | undefined {
  if (!isScalar(node) || node.type !== Scalar.PLAIN || typeof node.value !== 'string') return undefined;
  if (BOOLEAN_1_1.test(node.value)) return 'boolean';
  if (NUMBER_1_1.test(node.value)) return 'number';
  return undefined;
}

/** Cheap test of a document's text: whether any plain scalar may read differently (most documents have none). */
export function mayHaveYaml11Scalars(text: string): boolean {
  return /(?::|-)[ \t]+(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*_[0-9_.]*)[ \t]*(?:#|$)/m.test(
    text,
  );
}

/** Every plain scalar value kubectl reads as another type, with its path. */
export function yaml11Scalars(root: Node | null): Array<{ node: Scalar; path: YamlPath; kind: 'boolean' | 'number' }> {
  return scalarsWithPaths(root).flatMap(({ node, path }) => {
    const kind = yaml11TypeOf(node);
    return kind ? [{ node, path, kind }] : [];
  });
}
