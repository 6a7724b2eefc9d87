// extensionTestsPath of bench/vscode.mjs for the user's usual path: the first file opened once the window has
// started and Shipshape has activated by itself (firstDiagnostics.bench.js, kind afterStartup).
'use strict';
exports.run = () => require('./firstDiagnostics.bench.js').bench('afterStartup');
