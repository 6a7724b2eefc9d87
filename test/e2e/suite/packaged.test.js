// Run only against the installed .vsix: it is the packaged build that answers, not the source tree, and the
// package holds only what it should.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

/** What the .vsix may ship (paths inside the installed extension folder). */
const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/i,
  /^license(\.txt)?$/i,
  /^changelog\.md$/i,
  /^\.vsixmanifest$/, // written by the installer
  /^client\/out\/(extension|shipshape)\.js$/,
  // the server, the CLI, and the bundles the server starts on worker threads or loads on first use
  /^server\/out\/(server|serverMain|cli|cliMain|analysisWorker|yamlLanguageWorker|yamlLanguageWorkerMain|yamlLanguageServer|kubernetesEngine|dockerfileEngine)\.js$/,
  /^server\/schemas\/[^/]+\.json$/,
  // every Kubernetes kind's schema definitions, which the engine reads on first use
  /^server\/out\/kubernetesDefinitions\.json$/,
  /^snippets\/[^/]+\.json$/,
  /^syntaxes\/[^/]+\.json$/,
];

function filesUnder(root, dir = '') {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

describe('the packaged extension', () => {
  it('is the one installed from the .vsix, and it ships only bundles, snippets, grammars and docs', async () => {
    const extension = await h.activate();
    const root = extension.extensionPath;
    const expected = process.env.SHIPSHAPE_E2E_EXTENSIONS_DIR;
    assert.ok(expected, 'the runner names the extensions dir');
    assert.equal(path.dirname(root), expected, `${root} is under the extensions dir`);
    const files = filesUnder(root);
    for (const file of [
      'client/out/extension.js',
      'client/out/shipshape.js',
      'server/out/server.js',
      'server/out/serverMain.js',
      'server/out/kubernetesEngine.js',
      'server/out/dockerfileEngine.js',
      'server/out/kubernetesDefinitions.json',
      'snippets/kubernetes.json',
      'snippets/dockerfile.json',
      'syntaxes/dockerfile.tmLanguage.json',
    ]) {
      assert.ok(files.includes(file), `${file} is in the package (it has: ${files.join(', ')})`);
    }
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], 'nothing else is in the package');
  });
});
