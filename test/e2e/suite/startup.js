// extensionTestsPath of the `startup` run (a window on an empty folder): Shipshape's activation at start-up.
'use strict';
const { runFiles } = require('./runner');

exports.run = () => runFiles(['startup.test.js']);
