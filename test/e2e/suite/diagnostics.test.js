// Diagnostics and quick fixes on the bundled examples, through VS Code's own APIs.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

describe('diagnostics and quick fixes', () => {
  before(async () => {
    await h.activate();
  });

  it('a broken Deployment gets our diagnostics, with codes and exact ranges', async () => {
    const editor = await h.openEditor('k8s/web-deployment.yaml');
    const uri = editor.document.uri;
    const list = await h.waitForDiagnostics(uri, h.hasCodes('k8s/api-version', 'k8s/pod-field-misplaced'));
    const apiVersion = list.find((d) => h.codeOf(d) === 'k8s/api-version');
    assert.equal(editor.document.getText(apiVersion.range), 'extensions/v1beta1');
    assert.equal(apiVersion.severity, vscode.DiagnosticSeverity.Error);
    assert.match(apiVersion.message, /no longer serves Deployment/);
    const misplaced = list
      .filter((d) => h.codeOf(d) === 'k8s/pod-field-misplaced')
      .map((d) => editor.document.getText(d.range));
    assert.deepEqual(misplaced, ['image', 'ports', 'env']);
  });

  it('the apiVersion quick fix, applied through the code-action API, changes the file and clears the diagnostic', async () => {
    const editor = await h.openEditor('k8s/web-deployment.yaml');
    const { document } = editor;
    const uri = document.uri;
    const list = await h.waitForDiagnostics(uri, h.hasCodes('k8s/api-version'));
    const diagnostic = list.find((d) => h.codeOf(d) === 'k8s/api-version');
    const fixes = await h.quickFixesAt(uri, diagnostic);
    const fix = fixes.find((action) => action.isPreferred);
    assert.ok(fix, `a preferred quick fix for k8s/api-version; got ${h.titles(fixes)}`);
    assert.match(fix.title, /apps\/v1/);
    const cleared = h.waitForDiagnostics(uri, h.lacksCodes('k8s/api-version'), {
      afterEvent: true,
      what: 'k8s/api-version to go away',
    });
    await h.applyCodeAction(fix);
    assert.equal(document.lineAt(1).text, 'apiVersion: apps/v1');
    await cleared;
    assert.ok(await document.save());
  });

  it('the pod-level fields move into a new container; no error is left and the comment survives', async () => {
    const editor = await h.openEditor('k8s/web-deployment.yaml');
    const { document } = editor;
    const uri = document.uri;
    const list = await h.waitForDiagnostics(uri, h.hasCodes('k8s/pod-field-misplaced'));
    const diagnostic = list.find((d) => h.codeOf(d) === 'k8s/pod-field-misplaced');
    const fixes = await h.quickFixesAt(uri, diagnostic);
    const fix = fixes.find((action) => action.isPreferred);
    assert.ok(fix, `a preferred fix for k8s/pod-field-misplaced; got ${h.titles(fixes)}`);
    const clean = h.waitForDiagnostics(uri, (all) => all.every((d) => d.severity !== vscode.DiagnosticSeverity.Error), {
      afterEvent: true,
      what: 'no errors left',
    });
    await h.applyCodeAction(fix);
    await clean;
    const text = document.getText();
    assert.match(text, /containers:\n {8}- name: web\n/);
    assert.match(text, /image: registry\.example\.com\/shop\/web:2\.3\.1/);
    assert.match(text, /# An indentation slip/);
    assert.ok(await document.save());
  });

  it('an HPA on a removed apiVersion is flagged, and so is the cpu request its Deployment lacks (across documents)', async () => {
    const editor = await h.openEditor('k8s/api.yaml');
    const list = await h.waitForDiagnostics(
      editor.document.uri,
      h.hasCodes('k8s/api-version', 'k8s/hpa-target-no-requests'),
    );
    const apiVersion = list.find((d) => h.codeOf(d) === 'k8s/api-version');
    assert.equal(editor.document.getText(apiVersion.range), 'autoscaling/v2beta2');
  });

  it('a Dockerfile gets hadolint-style findings and the missing-space fix works', async () => {
    const editor = await h.openEditor('docker/Dockerfile');
    const { document } = editor;
    assert.equal(document.languageId, 'dockerfile');
    const uri = document.uri;
    const list = await h.waitForDiagnostics(
      uri,
      h.hasCodes('DL3014', 'DL3015', 'DL3020', 'DL3025', 'dockerfile/arguments'),
    );
    const missingSpace = list.find((d) => h.codeOf(d) === 'dockerfile/arguments');
    assert.equal(missingSpace.range.start.line, 4);
    const fixes = await h.quickFixesAt(uri, missingSpace);
    const fix = fixes.find((action) => /^Insert a space/.test(action.title));
    assert.ok(fix, `a fix that inserts the space; got ${h.titles(fixes)}`);
    const cleared = h.waitForDiagnostics(uri, h.lacksCodes('dockerfile/arguments'), {
      afterEvent: true,
      what: 'dockerfile/arguments to go away',
    });
    await h.applyCodeAction(fix);
    assert.equal(document.lineAt(4).text, 'COPY app.sh .');
    await cleared;
    assert.ok(await document.save());
  });

  it('a good Dockerfile and a good Deployment are clean', async () => {
    for (const file of ['docker/Dockerfile.good', 'k8s/worker.yaml']) {
      const editor = await h.openEditor(file);
      // Re-checked on an edit: a published empty list is what "clean" means, not silence.
      const checked = h.waitForDiagnostics(editor.document.uri, () => true, {
        afterEvent: true,
        what: `a check of ${file}`,
      });
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# checked by the e2e tests\n'));
      const list = await checked;
      assert.deepEqual(
        list.map((d) => `${h.codeOf(d)} ${d.message}`),
        [],
        `${file} is clean`,
      );
      assert.ok(await editor.document.save());
    }
  });

  it('the requests suggestion inserts a snippet: its placeholders are tab stops, the first one selected', async () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: snippet-fix',
      'spec:',
      '  selector:',
      '    matchLabels: {app: snippet-fix}',
      '  template:',
      '    metadata:',
      '      labels: {app: snippet-fix}',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: registry.example.com/app:1.0.0',
      '          ports:',
      '            - name: http',
      '              containerPort: 8080',
      '          readinessProbe: {tcpSocket: {port: http}}',
      '          livenessProbe: {tcpSocket: {port: http}}',
      '          securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}',
      '',
    ].join('\n');
    const editor = await h.writeAndOpen('k8s/snippet-fix.yaml', text);
    const uri = editor.document.uri;
    const list = await h.waitForDiagnostics(uri, h.hasCodes('k8s/resources-requests'));
    const diagnostic = list.find((d) => h.codeOf(d) === 'k8s/resources-requests');
    const fixes = await h.quickFixesAt(uri, diagnostic);
    // Placeholder values: a suggestion the user edits, never the preferred fix that fix-all would apply.
    const fix = fixes.find((action) => action.title === 'Add cpu and memory requests (placeholders)');
    assert.ok(
      fix && fix.command && !fix.edit && !fix.isPreferred,
      `a snippet command that is not preferred; got ${fixes.map((action) => action.title).join(', ')}`,
    );
    const cleared = h.waitForDiagnostics(uri, h.lacksCodes('k8s/resources-requests'), {
      afterEvent: true,
      what: 'the requests finding to go away',
    });
    await h.applyCodeAction(fix);
    assert.match(editor.document.getText(), /\n {10}resources:\n {12}requests:\n {14}cpu: 100m\n {14}memory: 128Mi\n/);
    assert.equal(
      editor.document.getText(editor.selection),
      '100m',
      'the first placeholder is selected, ready to type over',
    );
    await cleared;
    assert.ok(await editor.document.save());
  });
});
