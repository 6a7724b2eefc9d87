import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildFailedFinding } from '../../server/src/service/kustomize/build';
import { readKustomization } from '../../server/src/service/kustomize/kustomization';

/** kubectl's own error for an overlay it cannot build, as written by kubectl 1.32 (klog) and by older ones. */
const KUSTOMIZATION = 'resources:\n  - deploy.yaml\n  - missing.yaml\n';
const ERROR =
  "accumulating resources: accumulation err='accumulating resources from 'missing.yaml': evalsymlink failure on '/w/o/missing.yaml' : lstat /w/o/missing.yaml: no such file or directory'";

describe("kustomize/build-failed shows kubectl's error, not its log header", () => {
  it('a klog line ("command failed" err="...") gives the error alone, on the entry it names', () => {
    const stderr = `E1202 14:22:12.580843   13159 run.go:72] "command failed" err="${ERROR.replace(/"/g, '\\"')}"\n`;
    const found = buildFailedFinding(stderr, KUSTOMIZATION, readKustomization(KUSTOMIZATION));
    assert.equal(found.message, `kubectl kustomize failed: ${ERROR}`);
    assert.deepEqual(found.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 16 } });
  });
  it('quotes and new lines escaped in the err value are read back', () => {
    const stderr =
      'W0101 00:00:00.000001 7 run.go:72] "command failed" err="invalid Kustomization: \\"x\\"\\nsecond line"\n';
    const found = buildFailedFinding(stderr, KUSTOMIZATION, readKustomization(KUSTOMIZATION));
    assert.equal(found.message, 'kubectl kustomize failed: invalid Kustomization: "x" second line');
  });
  it('a klog line of another form keeps its text; a plain "error:" line is as before', () => {
    const other = buildFailedFinding('E1202 14:22:12.580843 1 run.go:72] something else\n', KUSTOMIZATION, {
      resources: [],
      patches: [],
      broken: false,
    });
    assert.equal(other.message, 'kubectl kustomize failed: something else');
    const plain = buildFailedFinding(`error: ${ERROR}\n`, KUSTOMIZATION, readKustomization(KUSTOMIZATION));
    assert.equal(plain.message, `kubectl kustomize failed: ${ERROR}`);
  });
});
