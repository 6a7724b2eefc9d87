import { spanOf } from '../../helpers/service';
import type { RuleCase } from './case';

/**
 * Kustomize: the JSON 6902 patch checks run through validate() when the kustomization beside the patch names it with
 * a target; the build findings come from `kubectl kustomize` in the background (handlers/kustomizeBuild.ts,
 * cli/kustomize.ts), tested with the real kubectl in kustomize-build.test.ts and test/lsp/kustomize-build.test.ts.
 */
const KUSTOMIZATION =
  'resources: [../base]\npatches:\n  - path: patch.yaml\n    target:\n      kind: Deployment\n      name: shop\n';
const beside = { 'overlay/kustomization.yaml': KUSTOMIZATION };
const patch = (op: string, path: string, value: string) => `- op: ${op}\n  path: ${path}\n  value: ${value}\n`;
const GOOD = patch('replace', '/spec/replicas', '3');

export const KUSTOMIZE_CASES: readonly RuleCase[] = [
  {
    id: 'shellcheck/failed',
    exception:
      'made by the background ShellCheck runner when shellcheck hangs or crashes: tested with stand-in binaries in test/lsp/shellcheck.test.ts',
    firing: [],
    quiet: [{ text: 'FROM debian:12\nRUN echo hi\nUSER 1000\n', language: 'dockerfile', name: 'Dockerfile' }],
  },
  {
    id: 'kustomize/json-patch-op',
    firing: [
      {
        text: patch('replce', '/spec/replicas', '3'),
        name: 'overlay/patch.yaml',
        files: beside,
        ranges: [spanOf(patch('replce', '/spec/replicas', '3'), 'replce')],
      },
    ],
    quiet: [{ text: GOOD, name: 'overlay/patch.yaml', files: beside }],
  },
  {
    id: 'kustomize/json-patch-path',
    firing: [
      {
        text: patch('replace', '/spec/replica', '3'),
        name: 'overlay/patch.yaml',
        files: beside,
        ranges: [spanOf(patch('replace', '/spec/replica', '3'), '/spec/replica')],
      },
    ],
    quiet: [{ text: GOOD, name: 'overlay/patch.yaml', files: beside }],
  },
  {
    id: 'kustomize/json-patch-value',
    firing: [
      {
        text: patch('replace', '/spec/replicas', 'three'),
        name: 'overlay/patch.yaml',
        files: beside,
        ranges: [spanOf(patch('replace', '/spec/replicas', 'three'), 'three')],
      },
    ],
    quiet: [{ text: GOOD, name: 'overlay/patch.yaml', files: beside }],
  },
  {
    id: 'kustomize/build-failed',
    exception:
      'made from `kubectl kustomize` failing (handlers/kustomizeBuild.ts, cli/kustomize.ts), never by validate(): needs kubectl; tested with the real kubectl in kustomize-build.test.ts',
    firing: [],
    quiet: [{ text: GOOD, name: 'overlay/patch.yaml', files: beside }],
  },
  {
    id: 'kustomize/remote-resource',
    exception:
      'made by the build (background and CLI) when an overlay reads a resource kustomize fetches over the network: needs kubectl; tested in test/lsp/kustomize-build.test.ts and test/realparts/kustomize-cli.test.ts',
    firing: [],
    quiet: [{ text: GOOD, name: 'overlay/patch.yaml', files: beside }],
  },
  {
    id: 'kustomize/outside-workspace',
    exception:
      'made by the background build when an overlay reads a folder outside the workspace: needs the server and kubectl; tested in test/lsp/kustomize-build.test.ts',
    firing: [],
    quiet: [{ text: GOOD, name: 'overlay/patch.yaml', files: beside }],
  },
];
