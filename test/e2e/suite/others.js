// extensionTestsPath for the `others` run: Shipshape beside stand-ins of Red Hat YAML, the Kubernetes extension and
// Container Tools (test/e2e/others/), each running the REAL language server from npm.
'use strict';
const { runFiles } = require('./runner');

exports.run = () => runFiles(['others.test.js']);
