// extensionTestsPath for the run against the source tree: every suite.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runFiles } = require('./runner');

const SUITES = ['diagnostics.test.js', 'completion.test.js', 'snippets.test.js', 'build.test.js', 'apply.test.js'];

exports.run = () => runFiles(SUITES.filter((file) => fs.existsSync(path.join(__dirname, file))));
