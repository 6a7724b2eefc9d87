// Shipshape beside the extensions users already have. The other extensions are STAND-INS (test/e2e/others/: Red Hat
// YAML, the Kubernetes extension and Container Tools are published on the Marketplace only, not on npm, the one
// registry this project reaches), but their language servers are the REAL ones from npm: yaml-language-server and
// dockerfile-language-server-nodejs, started as those extensions start them.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const {
  activate,
  closeAllEditors,
  codeOf,
  describeDiagnostics,
  ours,
  waitForDiagnostics,
  writeAndOpen,
  SOURCE,
} = require('./helpers');

const SCHEMA_MISTAKES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels:
    app: shop
spec:
  replicas: two
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: shop
          image: registry.example.com/shop:1.4.2
          imagePullPolicy: Sometimes
          portz:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 128Mi
`;

const DOCKERFILE_MISTAKES = `FROM debian:bookworm-slim
MAINTAINER someone@example.com
workdir app
RUN apt-get update \\

  && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\
  && rm -rf /var/lib/apt/lists/*
EXPOSE 80800
ENTRYPOINT ['/app/run']
CMD ["a"]
CMD ["b"]
HEALTHCHECK NONE
HEALTHCHECK NONE
FOO bar
`;

function others(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source !== SOURCE);
}

/** Waits until both Shipshape and the other server have published for `uri` and the lists stop changing. */
async function settled(uri, { timeout = 30_000, quiet = 1500 } = {}) {
  const deadline = Date.now() + timeout;
  let last = '';
  let since = Date.now();
  for (;;) {
    const all = vscode.languages.getDiagnostics(uri);
    const now = describeDiagnostics(all) + all.map((d) => d.source).join();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    const both = all.some((d) => d.source === SOURCE) && all.some((d) => d.source !== SOURCE);
    if (both && Date.now() - since >= quiet) return all;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for both servers on ${uri.path}:\n  ${describeDiagnostics(all)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The survey lists every finding of both servers: in the window console, and in SHIPSHAPE_E2E_SURVEY if set. */
function dump(title, list) {
  const text = `[survey] ${title}\n${list.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} [${d.source}] ${codeOf(d)} ${d.message.split('\n')[0]}`).join('\n')}\n`;
  if (process.env.SHIPSHAPE_E2E_SURVEY) require('node:fs').appendFileSync(process.env.SHIPSHAPE_E2E_SURVEY, text);
  console.log(
    `[survey] ${title}\n${list.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} [${d.source}] ${codeOf(d)} ${d.message.split('\n')[0]}`).join('\n')}`,
  );
}

describe('Beside other extensions (stand-ins running the real servers)', function () {
  this.timeout(120_000);

  before(async () => {
    console.log(
      '[others] extensions: ' +
        vscode.extensions.all
          .filter((e) => !e.packageJSON.isBuiltin)
          .map((e) => e.id)
          .join(', '),
    );
    await activate();
    for (const id of [
      'redhat.vscode-yaml',
      'ms-kubernetes-tools.vscode-kubernetes-tools',
      'ms-azuretools.vscode-containers',
    ])
      assert.ok(vscode.extensions.getExtension(id), `${id} (stand-in) is loaded`);
  });
  afterEach(closeAllEditors);

  async function setHideDuplicates(value) {
    await vscode.workspace
      .getConfiguration('shipshape')
      .update('otherExtensions.hideDuplicates', value, vscode.ConfigurationTarget.Workspace);
  }

  it('a schema finding that Red Hat YAML (Kubernetes schema) reports too is shown once; the others stay', async () => {
    const editor = await writeAndOpen('k8s/once.yaml', SCHEMA_MISTAKES);
    const uri = editor.document.uri;
    await settled(uri);
    const theirs = others(uri);
    assert.ok(
      theirs.some((d) => d.message.startsWith('Incorrect type.') && d.range.start.line === 7),
      describeDiagnostics(theirs),
    );
    assert.ok(
      theirs.some((d) => d.message.startsWith('Value is not accepted.') && d.range.start.line === 19),
      describeDiagnostics(theirs),
    );
    const mine = await waitForDiagnostics(
      uri,
      (list) =>
        list.some((d) => codeOf(d) === 'k8s/schema-unknown-field') &&
        !list.some((d) => ['k8s/schema-type', 'k8s/schema-enum'].includes(codeOf(d))),
      { what: 'schema-type and schema-enum hidden, schema-unknown-field kept' },
    );
    // The Kubernetes extension's schemas allow unknown fields: only Shipshape reports "portz", so it stays.
    assert.ok(!theirs.some((d) => /portz/.test(d.message)), 'yaml-language-server does not report portz here');
    assert.ok(
      mine.some((d) => codeOf(d) === 'k8s/probes'),
      'findings only Shipshape makes stay',
    );
  });

  it('a missing required field that Red Hat YAML reports is shown once; an unknown field it allows stays', async () => {
    // With the Kubernetes extension installed, its schema contributor answers first (yaml-language-server asks the
    // custom schema provider before yaml.schemas), so a `kubernetes` keyword in yaml.schemas changes nothing here:
    // unknown fields stay Shipshape's alone. The strict keyword schema's "Property x is not allowed." pairing is
    // covered by test/unit/client-duplicates.test.ts.
    const yamlConfig = vscode.workspace.getConfiguration('yaml');
    await yamlConfig.update('schemas', { kubernetes: ['strict/*.yaml'] }, vscode.ConfigurationTarget.Workspace);
    try {
      const text = SCHEMA_MISTAKES.replace('  selector:\n    matchLabels:\n      app: shop\n', '');
      const editor = await writeAndOpen('strict/deployment.yaml', text);
      const uri = editor.document.uri;
      await settled(uri);
      const theirs = others(uri);
      assert.ok(
        theirs.some((d) => /^Missing property "selector"/.test(d.message)),
        describeDiagnostics(theirs),
      );
      assert.ok(!theirs.some((d) => /portz/.test(d.message)), describeDiagnostics(theirs));
      await waitForDiagnostics(
        uri,
        (list) =>
          list.some((d) => codeOf(d) === 'k8s/schema-unknown-field') &&
          !list.some((d) => ['k8s/schema-required', 'k8s/schema-type', 'k8s/schema-enum'].includes(codeOf(d))),
        { what: 'schema-required, -type and -enum hidden; schema-unknown-field kept' },
      );
    } finally {
      await yamlConfig.update('schemas', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('shipshape.otherExtensions.hideDuplicates: false shows both again', async () => {
    const editor = await writeAndOpen('k8s/both.yaml', SCHEMA_MISTAKES);
    const uri = editor.document.uri;
    await settled(uri);
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'k8s/schema-type'), {
      what: 'schema-type hidden',
    });
    await setHideDuplicates(false);
    try {
      await waitForDiagnostics(
        uri,
        (list) =>
          list.some((d) => codeOf(d) === 'k8s/schema-type') && list.some((d) => codeOf(d) === 'k8s/schema-enum'),
        { what: 'schema-type and schema-enum shown again' },
      );
    } finally {
      await setHideDuplicates(undefined);
    }
    await waitForDiagnostics(uri, (list) => !list.some((d) => codeOf(d) === 'k8s/schema-type'), {
      what: 'hidden again with the default',
    });
  });

  it("a Dockerfile finding that Container Tools' linter reports too is shown once", async () => {
    const editor = await writeAndOpen('docker/Dockerfile.once', DOCKERFILE_MISTAKES);
    const uri = editor.document.uri;
    await settled(uri);
    const duplicated = [
      'DL4000',
      'dockerfile/instruction-casing',
      'ConsistentInstructionCasing',
      'DL3000',
      'NoEmptyContinuation',
      'dockerfile/json-single-quotes',
      'DL4003',
      'DL3012',
      'dockerfile/unknown-instruction',
    ];
    const mine = await waitForDiagnostics(
      uri,
      (list) => list.length > 0 && !list.some((d) => duplicated.includes(codeOf(d))),
      { what: 'the findings dockerfile-utils reports too hidden' },
    );
    for (const code of ['DL3011', 'DL3025'])
      assert.ok(
        mine.some((d) => codeOf(d) === code),
        `${code} (only Shipshape) stays:\n  ${describeDiagnostics(mine)}`,
      );
    const theirs = others(uri);
    assert.ok(theirs.filter((d) => d.source === 'dockerfile-utils').length >= 8, describeDiagnostics(theirs));
  });

  it('with consent, Shipshape takes the Dockerfile checks over from Container Tools, and gives them back', async () => {
    const editor = await writeAndOpen('docker/Dockerfile.takeover', DOCKERFILE_MISTAKES);
    const uri = editor.document.uri;
    await settled(uri);
    await waitForDiagnostics(uri, (list) => list.length > 0 && !list.some((d) => codeOf(d) === 'DL4000'), {
      what: 'DL4000 hidden (Container Tools reports MAINTAINER)',
    });
    const docker = vscode.workspace.getConfiguration('docker.languageserver.diagnostics');
    assert.equal(docker.inspect('deprecatedMaintainer').globalValue, undefined, 'nothing changed without asking');
    // The notification's button (or the command's modal) is the consent; the test passes it as the button does.
    await vscode.commands.executeCommand('shipshape.takeOverContainerToolsChecks', { consented: true });
    assert.equal(
      vscode.workspace.getConfiguration('docker.languageserver.diagnostics').inspect('deprecatedMaintainer')
        .globalValue,
      'ignore',
    );
    await waitForDiagnostics(
      uri,
      (list) => list.some((d) => codeOf(d) === 'DL4000') && list.some((d) => codeOf(d) === 'DL3000'),
      {
        what: "DL4000 and DL3000 Shipshape's again (Container Tools no longer reports them)",
      },
    );
    assert.ok(!others(uri).some((d) => d.source === 'dockerfile-utils' && /MAINTAINER/.test(d.message)));
    // Unknown instructions cannot be turned off in Container Tools: still shown once, as theirs.
    assert.ok(!ours(uri).some((d) => codeOf(d) === 'dockerfile/unknown-instruction'));

    await vscode.commands.executeCommand('shipshape.restoreContainerToolsChecks');
    assert.equal(
      vscode.workspace.getConfiguration('docker.languageserver.diagnostics').inspect('deprecatedMaintainer')
        .globalValue,
      undefined,
      'restored to unset',
    );
    await waitForDiagnostics(uri, (list) => list.length > 0 && !list.some((d) => codeOf(d) === 'DL4000'), {
      what: 'DL4000 hidden again once Container Tools reports it',
    });
  });

  it('completion lists do not repeat a key that Red Hat YAML offers', async () => {
    const editor = await writeAndOpen(
      'k8s/complete.yaml',
      SCHEMA_MISTAKES.replace('          imagePullPolicy: Sometimes\n', '          imagePull\n'),
    );
    const uri = editor.document.uri;
    await settled(uri);
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((text) => text.includes('imagePull'));
    const list = /** @type {vscode.CompletionList} */ (
      await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, 19))
    );
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    const twice = labels.filter((label, index) => labels.indexOf(label) !== index);
    assert.ok(labels.includes('imagePullPolicy'), labels.join(', '));
    assert.deepEqual([...new Set(twice)], [], 'no label twice');
  });

  it('a field hover that Red Hat YAML shows is not shown twice', async () => {
    const editor = await writeAndOpen('k8s/hover.yaml', SCHEMA_MISTAKES);
    await settled(editor.document.uri);
    const hovers = /** @type {vscode.Hover[]} */ (
      await vscode.commands.executeCommand(
        'vscode.executeHoverProvider',
        editor.document.uri,
        new vscode.Position(7, 4),
      )
    );
    const texts = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'));
    // The description is shown once; Shipshape's hover keeps only what Red Hat YAML's does not say (path, type, version).
    const all = texts.join('\n---\n');
    assert.equal(all.split('Number of desired pods').length - 1, 1, `hovers:\n${all}`);
    assert.match(all, /`spec\.replicas`/);
  });

  it('a Dockerfile hover that Container Tools shows is not shown twice', async () => {
    const editor = await writeAndOpen('docker/Dockerfile.hover', 'FROM debian:bookworm-slim\nWORKDIR /app\n');
    await settled(editor.document.uri).catch(() => undefined);
    const hovers = /** @type {vscode.Hover[]} */ (
      await vscode.commands.executeCommand(
        'vscode.executeHoverProvider',
        editor.document.uri,
        new vscode.Position(0, 2),
      )
    );
    const texts = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'));
    assert.equal(texts.length, new Set(texts).size, `hovers:\n${texts.join('\n---\n')}`);
    assert.ok(texts.length >= 1);
  });

  describe('survey, with hideDuplicates off: what both show (for the note; asserts nothing)', () => {
    before(() => setHideDuplicates(false));
    after(() => setHideDuplicates(undefined));
    it('survey: a Deployment with schema mistakes, both checkers', async () => {
      const editor = await writeAndOpen('k8s/survey.yaml', SCHEMA_MISTAKES);
      const all = await settled(editor.document.uri);
      dump('k8s/survey.yaml', all);
    });

    it('survey: completions and hovers of both', async () => {
      const yaml = await writeAndOpen(
        'k8s/survey-complete.yaml',
        SCHEMA_MISTAKES.replace('          imagePullPolicy: Sometimes\n', '          imagePull\n'),
      );
      await settled(yaml.document.uri);
      const line = yaml.document
        .getText()
        .split('\n')
        .findIndex((text) => text.includes('imagePull'));
      const surveyAt = async (uri, position, title) => {
        const list = /** @type {vscode.CompletionList} */ (
          await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, position)
        );
        const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        const twice = labels.filter((label, index) => labels.indexOf(label) !== index);
        const hovers = /** @type {vscode.Hover[]} */ (
          await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position)
        );
        const text = `[survey] ${title}: ${labels.length} completions, twice: ${[...new Set(twice)].join(', ') || '(none)'}; ${hovers.length} hovers: ${hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value).replace(/\n/g, ' ⏎ ').slice(0, 400)).join(' / ')).join(' || ')}\n`;
        if (process.env.SHIPSHAPE_E2E_SURVEY) require('node:fs').appendFileSync(process.env.SHIPSHAPE_E2E_SURVEY, text);
      };
      await surveyAt(yaml.document.uri, new vscode.Position(line, 19), 'yaml container key');
      await surveyAt(yaml.document.uri, new vscode.Position(7, 4), 'yaml hover replicas');
      const docker = await writeAndOpen('docker/Dockerfile.complete', 'FROM debian:bookworm-slim\nWOR\n');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await surveyAt(docker.document.uri, new vscode.Position(1, 3), 'dockerfile instruction');
      await surveyAt(docker.document.uri, new vscode.Position(0, 2), 'dockerfile hover FROM');
    });

    it('survey: a Dockerfile with mistakes, both checkers', async () => {
      const editor = await writeAndOpen('docker/Dockerfile.survey', DOCKERFILE_MISTAKES);
      const all = await settled(editor.document.uri);
      dump('docker/Dockerfile.survey', all);
    });
  });
});
