import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type FileSystem, type Finding } from '../../server/src/service';
import { checkJsonPatch } from '../../server/src/service/kustomize/jsonPatch';
import { isJsonPatchText, readKustomization } from '../../server/src/service/kustomize/kustomization';
import { codesAndRanges } from '../helpers/service';

const HPA = { kind: 'HorizontalPodAutoscaler', name: 'shop' };
const DEPLOYMENT = { kind: 'Deployment', name: 'shop' };

/** A JSON 6902 patch checked the way an editor sees it: the kustomization beside it names it with a target. */
function validatePatch(text: string, kustomization: string): Finding[] {
  const files: Record<string, string> = { '/ws/overlay/kustomization.yaml': kustomization };
  const disk: FileSystem = { readFile: (path) => files[path] };
  const service = createLanguageService({ fileSystem: disk });
  return service.validate(TextDocument.create('file:///ws/overlay/patch.yaml', 'yaml', 1, text));
}

const TARGETED =
  'resources: [../base]\npatches:\n  - path: patch.yaml\n    target:\n      kind: Deployment\n      name: shop\n';

describe("JSON 6902 patches against the target kind's schema", () => {
  it('a correct patch: nothing', () => {
    const text =
      '- op: replace\n  path: /spec/replicas\n  value: 3\n- op: add\n  path: /spec/template/spec/containers/0/ports/-\n  value:\n    name: metrics\n    containerPort: 9090\n- op: remove\n  path: /spec/template/spec/containers/0/livenessProbe\n';
    assert.deepEqual(checkJsonPatch(text, DEPLOYMENT), []);
    assert.deepEqual(validatePatch(text, TARGETED), []);
  });

  it('a path into a field the schema does not have: an error on the path, with "did you mean"', () => {
    const text = '- op: replace\n  path: /spec/replica\n  value: 3\n';
    const findings = validatePatch(text, TARGETED);
    assert.deepEqual(codesAndRanges(findings), ['kustomize/json-patch-path@1:8-1:21']);
    assert.match(findings[0].message, /Deployment has no field "replica" here \(did you mean "replicas"\?\)/);
    assert.equal(findings[0].severity, 1);
  });

  it('an operation RFC 6902 does not have: an error on the op, with "did you mean"', () => {
    const findings = checkJsonPatch('- op: replce\n  path: /spec/replicas\n  value: 3\n', DEPLOYMENT);
    assert.deepEqual(codesAndRanges(findings), ['kustomize/json-patch-op@0:6-0:12']);
    assert.match(findings[0].message, /did you mean "replace"/);
  });

  it('a value of the wrong type for its path: an error on the value (also inside an object value)', () => {
    assert.deepEqual(codesAndRanges(checkJsonPatch('- op: replace\n  path: /spec/maxReplicas\n  value: lots\n', HPA)), [
      'kustomize/json-patch-value@2:9-2:13',
    ]);
    const nested = checkJsonPatch(
      '- op: add\n  path: /spec/template/spec/containers/0/ports/-\n  value:\n    name: metrics\n    containerPort: "9090"\n    prot: TCP\n',
      DEPLOYMENT,
    );
    assert.deepEqual(codesAndRanges(nested), [
      'kustomize/json-patch-value@4:19-4:25',
      'kustomize/json-patch-path@5:4-5:8',
    ]);
  });

  it('a list index that is not a number, and `from` of a move: checked like a path', () => {
    const findings = checkJsonPatch(
      '- op: move\n  from: /spec/template/spec/containers/first/image\n  path: /spec/template/spec/containers/0/image\n',
      DEPLOYMENT,
    );
    assert.deepEqual(codesAndRanges(findings), ['kustomize/json-patch-path@1:8-1:50']);
  });

  it('paths into open maps (labels, annotations, requests) are anything; kinds without a schema get the op check only', () => {
    assert.deepEqual(
      checkJsonPatch(
        '- op: add\n  path: /metadata/labels/team~1owner\n  value: web\n- op: add\n  path: /spec/template/spec/containers/0/resources/requests/cpu\n  value: 100m\n',
        DEPLOYMENT,
      ),
      [],
    );
    assert.deepEqual(checkJsonPatch('- op: add\n  path: /data/anything\n  value: 1\n', { kind: 'ConfigMap' }), []);
    // A Service has a bundled schema now: its paths are checked like a Deployment's.
    assert.deepEqual(
      codesAndRanges(checkJsonPatch('- op: add\n  path: /spec/anything\n  value: 1\n', { kind: 'Service' })),
      ['kustomize/json-patch-path@1:8-1:22'],
    );
    assert.deepEqual(codesAndRanges(checkJsonPatch('- op: delete\n  path: /data/anything\n', { kind: 'ConfigMap' })), [
      'kustomize/json-patch-op@0:6-0:12',
    ]);
  });

  it('a patch without a target in its kustomization (or a broken one): no schema findings, no crash', () => {
    assert.deepEqual(
      validatePatch('- op: replace\n  path: /spec/replica\n  value: 3\n', 'patches:\n  - path: patch.yaml\n'),
      [],
    );
    assert.deepEqual(checkJsonPatch('- op: [\n', DEPLOYMENT), []);
    assert.deepEqual(checkJsonPatch('- &a op\n- *a\n', DEPLOYMENT), []);
  });

  it('a list text is a JSON 6902 patch, a map is a strategic-merge one; kustomization entries keep their lines and targets', () => {
    assert.equal(isJsonPatchText('# replicas\n- op: replace\n'), true);
    assert.equal(isJsonPatchText('[{"op": "remove", "path": "/spec/replicas"}]'), true);
    assert.equal(isJsonPatchText('apiVersion: apps/v1\nkind: Deployment\n'), false);
    const entries = readKustomization(TARGETED);
    assert.deepEqual(entries.resources, [{ value: '../base', line: 0 }]);
    assert.deepEqual(entries.patches, [
      { value: 'patch.yaml', line: 2, json6902: false, target: { kind: 'Deployment', name: 'shop' } },
    ]);
  });
});
