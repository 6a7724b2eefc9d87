import { isMap, isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Fix, RuleFinding } from '../../types';
import { endOfMap, indentLines, insertText, isBlockMap, mapIndent, pairLines, replaceText } from '../../yaml/edits';
import type { KnownManifest } from '../manifest';
import { containerAnchor, containerLabel, podContainers, POD_SPEC, type PodContainer } from '../podSpec';
import type { KubernetesRule } from './rule';
import { mayBeSetLater } from '../placeholders';

/**
 * Three container hardening hints, each its own rule so that each can be turned off or ignored on its own (and so
 * that kube-linter's, kube-score's and Polaris' per-check annotations map onto them), sharing one way to fix.
 */

export const messages = {
  runAsNonRoot: (container: string) =>
    `${container} may run as root: set securityContext.runAsNonRoot: true (here or on the pod)`,
  privilegeEscalation: (container: string) =>
    `${container} allows privilege escalation: set securityContext.allowPrivilegeEscalation: false`,
  readOnlyRootFilesystem: (container: string) =>
    `${container} has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where it must write)`,
  fixTitle: (field: string, value: string) => `Set securityContext.${field}: ${value}`,
};

function hint(
  id: string,
  description: string,
  fix: string,
  reference: string,
  field: string,
  value: 'true' | 'false',
  isSatisfied: (manifest: KnownManifest, container: PodContainer) => boolean,
  message: (container: string) => string,
): KubernetesRule {
  return {
    id,
    severity: DiagnosticSeverity.Hint,
    description,
    family: 'kubernetes-deployment',
    fix,
    reference,
    kinds: ['Deployment'],
    check(manifest) {
      const findings: RuleFinding[] = [];
      for (const container of podContainers(manifest)) {
        // A securityContext a template prints (here or on the pod) may well set it: known only once rendered.
        if (
          isSatisfied(manifest, container) ||
          mayBeSetLater(manifest, container.map, ['securityContext', field]) ||
          podSecurityContextFromTemplate(manifest)
        )
          continue;
        const fix = setSecurityContextField(manifest, container, field, value);
        // A value written wrong is the place to look; a field not written at all, the container.
        const written = manifest.nodeAt(['securityContext', field], container.map);
        findings.push({
          range: written?.range ? manifest.rangeOf(written) : containerAnchor(manifest, container),
          message: message(containerLabel(container)),
          fixes: fix ? [fix] : [],
        });
      }
      return findings;
    },
  };
}

function podSecurityContextFromTemplate(manifest: KnownManifest): boolean {
  const podSpec = manifest.nodeAt(POD_SPEC);
  return podSpec !== undefined && mayBeSetLater(manifest, podSpec, ['securityContext']);
}

function valueAt(manifest: KnownManifest, container: PodContainer, field: string): unknown {
  const node = manifest.nodeAt(['securityContext', field], container.map);
  return isScalar(node) ? node.value : undefined;
}

export const runAsNonRootRule = hint(
  'k8s/run-as-non-root',
  'a container that may run as root',
  'suggestion: set `runAsNonRoot: true` (stops pods of an image that runs as root)',
  'Pod Security Standards, restricted profile',
  'runAsNonRoot',
  'true',
  (manifest, container) => {
    const own = valueAt(manifest, container, 'runAsNonRoot');
    if (own !== undefined) return own === true;
    const user = valueAt(manifest, container, 'runAsUser');
    if (typeof user === 'number') return user > 0;
    const pod = manifest.mapAt([...POD_SPEC, 'securityContext']);
    const podNonRoot = pod ? manifest.nodeAt(['runAsNonRoot'], pod) : undefined;
    const podUser = pod ? manifest.nodeAt(['runAsUser'], pod) : undefined;
    return (
      (isScalar(podNonRoot) && podNonRoot.value === true) ||
      (isScalar(podUser) && typeof podUser.value === 'number' && podUser.value > 0)
    );
  },
  messages.runAsNonRoot,
);

export const privilegeEscalationRule = hint(
  'k8s/privilege-escalation',
  '`allowPrivilegeEscalation` is not `false`',
  'suggestion: set it',
  'Pod Security Standards, restricted profile',
  'allowPrivilegeEscalation',
  'false',
  (manifest, container) => valueAt(manifest, container, 'allowPrivilegeEscalation') === false,
  messages.privilegeEscalation,
);

export const readOnlyRootFilesystemRule = hint(
  'k8s/read-only-root-fs',
  '`readOnlyRootFilesystem` is not `true`',
  'suggestion: set it',
  'kube-linter no-read-only-root-fs, kube-score container-security-context',
  'readOnlyRootFilesystem',
  'true',
  (manifest, container) => valueAt(manifest, container, 'readOnlyRootFilesystem') === true,
  messages.readOnlyRootFilesystem,
);

/** Sets one field of a container's securityContext, creating the block or replacing a wrong value. */
function setSecurityContextField(
  manifest: KnownManifest,
  container: PodContainer,
  field: string,
  value: string,
): Fix | undefined {
  const title = messages.fixTitle(field, value);
  if (!isBlockMap(container.map)) return undefined;
  const contextPair = manifest.pairIn(container.map, 'securityContext');
  const context = manifest.resolve(contextPair?.value);
  if (!contextPair) {
    return {
      title,
      edits: [
        insertText(
          manifest,
          endOfMap(manifest, container.map),
          indentLines(['securityContext:', `  ${field}: ${value}`], mapIndent(manifest, container.map)),
        ),
      ],
    };
  }
  if (isBlockMap(context) && context.items.length > 0) {
    const existing = manifest.pairIn(context, field);
    if (existing) {
      const lines = pairLines(manifest, existing);
      return {
        title,
        edits: [
          replaceText(
            manifest,
            lines.start,
            lines.end,
            indentLines([`${field}: ${value}`], manifest.columnOf(existing.key)),
          ),
        ],
      };
    }
    return {
      title,
      edits: [
        insertText(
          manifest,
          endOfMap(manifest, context),
          indentLines([`${field}: ${value}`], mapIndent(manifest, context)),
        ),
      ],
    };
  }
  if (isMap(context) && context.items.length > 0) return undefined; // flow style with entries: leave it to the user
  const lines = pairLines(manifest, contextPair);
  return {
    title,
    edits: [
      replaceText(
        manifest,
        lines.start,
        lines.end,
        indentLines(['securityContext:', `  ${field}: ${value}`], manifest.columnOf(contextPair.key)),
      ),
    ],
  };
}
