// Run only against the installed .vsix: it is the packaged build that answers, not the source tree.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers');

describe('the packaged extension', () => {
  it('is installed from the .vsix into the extensions dir and holds only the bundles', async () => {
    const extension = await h.activate();
    const root = extension.extensionPath;
    const expected = process.env.SHIPSHAPE_E2E_EXTENSIONS_DIR;
    assert.ok(expected, 'the runner names the extensions dir');
    assert.equal(path.dirname(root), expected, `${root} is under the extensions dir`);
    for (const file of ['client/out/extension.js', 'server/out/server.js', 'snippets/kubernetes.json', 'syntaxes/dockerfile.tmLanguage.json']) {
      assert.ok(fs.existsSync(path.join(root, file)), `${file} is in the package`);
    }
    for (const absent of ['node_modules', 'client/src', 'server/src', 'test']) {
      assert.ok(!fs.existsSync(path.join(root, absent)), `${absent} is not in the package`);
    }
  });
});
