// extensionTestsPath for the run against the installed .vsix: proves it is the packaged build, then the
// diagnostics and quick-fix suite.
'use strict';
const { runFiles } = require('./runner');

exports.run = () => runFiles(['packaged.test.js', 'diagnostics.test.js', 'completion.test.js']);
