import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { codesAndRanges } from '../helpers/service';
import { apiServerForSuite } from '../helpers/kubeApiServer';
import { run, type RuleCase } from '../unit/rule-cases/case';
import { KUBERNETES_CASES } from '../unit/rule-cases/kubernetes';
import { SEMANTIC_CASES, SERVER_1_20_ACCEPTS } from '../unit/rule-cases/kubernetes-semantics';

/**
 * The API-server validation rules (issue 12) against the real kube-apiserver 1.20 (test/realparts): every firing
 * sample of SEMANTIC_CASES is one the server rejects (an error means the server rejects it), except the few that
 * SERVER_1_20_ACCEPTS lists with the version difference; and every fix that a per-document Kubernetes case applies,
 * across the rule catalogue, yields a manifest the server accepts (issue 12 item 4). HPAs go to the 1.20 server as
 * autoscaling/v2beta2, which has the v2 fields.
 */
const KUBERNETES_FAMILY = (entry: RuleCase) => entry.id.startsWith('k8s/');

describe('the API-server validation rules against the real API server (1.20)', () => {
  const { skip, dryRun: serverVerdict } = apiServerForSuite();

  for (const entry of SEMANTIC_CASES) {
    entry.firing.forEach((sample, index) => {
      const accepted = SERVER_1_20_ACCEPTS.get(sample.text);
      it(`${entry.id} firing sample ${index + 1}: ${accepted ? `1.20 accepts it (${accepted})` : 'the server rejects it'}`, (t) => {
        if (skip(t)) return;
        const errors = run(sample, 'yaml').findings.filter(
          (found) => found.code === entry.id && found.severity === DiagnosticSeverity.Error,
        );
        const verdict = serverVerdict(sample.text);
        if (errors.length === 0) {
          // A warning (a name older servers reject): 1.20 is such an older server.
          assert.equal(verdict.accepted, false, `the 1.20 server rejects what ${entry.id} warns about\n${sample.text}`);
          return;
        }
        assert.equal(verdict.accepted, accepted !== undefined, `${verdict.output}\n${sample.text}`);
      });
    });
  }

  for (const entry of [...KUBERNETES_CASES, ...SEMANTIC_CASES].filter(KUBERNETES_FAMILY)) {
    for (const fix of entry.fixes ?? []) {
      const sample = fix.on ?? entry.firing[0];
      it(`${entry.id}: "${fix.title}" gives a manifest the server accepts`, (t) => {
        if (skip(t)) return;
        const before = run(sample, 'yaml');
        const found = before.findings.find(
          (candidate) => candidate.code === entry.id && before.titlesOf(candidate).includes(fix.title),
        );
        assert.ok(found, `${entry.id} offers "${fix.title}"`);
        const fixed = before.apply(found, fix.title);
        const errors = run({ ...sample, text: fixed }, 'yaml').findings.filter(
          (candidate) => candidate.severity === DiagnosticSeverity.Error,
        );
        const verdict = serverVerdict(fixed);
        assert.deepEqual(codesAndRanges(errors), [], fixed);
        assert.ok(verdict.accepted, `${verdict.output}\n${fixed}`);
      });
    }
  }
});
