import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { toDiagnostic } from '../../server/src/service';
import { ruleCatalogue } from '../../server/src/service/catalogue';
import { KUBERNETES_RULES } from '../../server/src/service/kubernetes/rules';
import { hpaReplicasRule } from '../../server/src/service/kubernetes/rules/hpaReplicas';
import { selectorMismatchRule } from '../../server/src/service/kubernetes/rules/selectorMismatch';
import { codesAndRanges, HARDENED_DEPLOYMENT, HPA_FOR_WEB, spanOf, validate } from '../helpers/service';

describe('the rule catalogue and the one runner', () => {
  it('lists every Kubernetes rule, workspace rule, finding code and Dockerfile rule once', () => {
    const ids = new Set(ruleCatalogue().map((entry) => entry.id));
    for (const rule of KUBERNETES_RULES) assert.ok(ids.has(rule.id), rule.id);
    for (const id of [
      'k8s/schema-required',
      'yaml/syntax',
      'k8s/hpa-target-no-requests',
      'DL3007',
      'UndefinedVar',
      'dockerfile/no-from',
      'shipshape/rule-failed',
    ])
      assert.ok(ids.has(id), id);
  });

  it('a rule that throws is one information finding naming it, and the other rules still run', () => {
    const text = HARDENED_DEPLOYMENT.replace('        app: web\n    spec', '        app: webb\n    spec');
    const original = selectorMismatchRule.check;
    (selectorMismatchRule as { check: typeof original }).check = () => {
      throw new Error('boom');
    };
    try {
      const findings = validate(text + '---\n' + HPA_FOR_WEB.replace('minReplicas: 2', 'minReplicas: 0'));
      const failed = findings.filter((found) => found.code === 'shipshape/rule-failed');
      assert.equal(failed.length, 1);
      assert.equal(failed[0].severity, DiagnosticSeverity.Information);
      assert.match(failed[0].message, /rule k8s\/selector-mismatch failed on this file.*boom/);
      // The HPA's own rule still reported.
      assert.ok(findings.some((found) => found.code === hpaReplicasRule.id));
    } finally {
      (selectorMismatchRule as { check: typeof original }).check = original;
    }
    assert.deepEqual(codesAndRanges(validate(text)), [`k8s/selector-mismatch@${spanOf(text, 'app', 2)}`]);
  });

  it("every diagnostic links to its documentation: hadolint's wiki, BuildKit's reference, or the README section", () => {
    const [k8s] = validate(HARDENED_DEPLOYMENT.replace('image: nginx:1.25', 'image: nginx'));
    assert.equal(
      toDiagnostic(k8s).codeDescription?.href,
      'https://github.com/shipshape-dev/shipshape#kubernetes-deployment-semantics',
    );
    const docker = validate('FROM debian:latest\nUSER 1000\nCMD ["true"]\n', {
      language: 'dockerfile',
      name: 'Dockerfile',
    }).find((found) => found.code === 'DL3007');
    assert.equal(toDiagnostic(docker!).codeDescription?.href, 'https://github.com/hadolint/hadolint/wiki/DL3007');
  });
});
