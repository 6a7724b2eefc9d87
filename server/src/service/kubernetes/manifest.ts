import { ParsedYaml } from '../yaml/parsedYaml';
import { isKindName, isKubernetesGroup, KINDS, type KindName } from './kinds';

/**
 * Cheap test on a document's raw text: only documents that mention a kind we handle are parsed at all, so a
 * compose file or a CI file costs one regular-expression scan and never gets a diagnostic.
 */
const KIND_NAMES = Object.keys(KINDS).join('|');
/**
 * Deployment and HorizontalPodAutoscaler are rare words: any mention is worth a parse (a `kind:` a template
 * prints still gets its document checked). Service, Pod or Job appear in every CRD's descriptions: those kinds are
 * parsed only when a `kind:` key names them (a 1 MB CRD must stay one scan).
 */
const MENTIONS_OLD_KIND = /\b(?:Deployment|HorizontalPodAutoscaler)\b/;

/** A stricter test: the text has a `kind:` key naming one of our kinds, so syntax errors in it are ours to report. */
const DECLARES_KIND = new RegExp(`(?:^|[\\s{,])["']?kind["']?\\s*:\\s*["']?(?:${KIND_NAMES})\\b`, 'm');

/**
 * A Helm template that picks its kind in an `if`/`else` (`kind: StatefulSet` or `kind: Deployment`): masked, the
 * second `kind` key is renamed to a placeholder tag ending in the key's length (helm/mask.ts hashKey keeps keys unique). Which kind
 * renders, and so which fields are allowed, is unknown: such a document is left to the rendered chart.
 */
const KIND_IN_TEMPLATE_BRANCH = new RegExp(`^\uE000[0-9a-z]*4\uE000*:[ \\t]*["']?(?:${KIND_NAMES})["']?[ \\t]*$`, 'm');

export function mentionsKubernetesKind(text: string): boolean {
  return MENTIONS_OLD_KIND.test(text) || DECLARES_KIND.test(text);
}

export function declaresKubernetesKind(text: string): boolean {
  return DECLARES_KIND.test(text);
}

/**
 * A parsed YAML document with its identity fields at hand. `kind` is set only for the kinds Shipshape handles
 * (and only when the apiVersion is not some other project's API group).
 */
export class ManifestDocument extends ParsedYaml {
  readonly kind: KindName | undefined;
  readonly apiVersion: string | undefined;
  readonly name: string | undefined;
  readonly namespace: string | undefined;

  constructor(text: string) {
    super(text);
    const kind = this.stringAt(['kind']);
    this.apiVersion = this.stringAt(['apiVersion']);
    // `kind: Deployment` alone is not enough: Helm values files use it as a switch. A manifest also has an
    // apiVersion, or metadata or spec maps.
    const shaped =
      this.pairAt(['apiVersion']) !== undefined ||
      this.mapAt(['metadata']) !== undefined ||
      this.mapAt(['spec']) !== undefined;
    this.kind =
      isKindName(kind) && shaped && isKubernetesGroup(this.apiVersion) && !KIND_IN_TEMPLATE_BRANCH.test(text)
        ? kind
        : undefined;
    this.name = this.stringAt(['metadata', 'name']);
    this.namespace = this.stringAt(['metadata', 'namespace']);
  }
}

/** A manifest whose kind is one we handle: what rules receive. */
export type KnownManifest = ManifestDocument & { readonly kind: KindName };

export function isKnownManifest(manifest: ManifestDocument): manifest is KnownManifest {
  return manifest.kind !== undefined;
}
