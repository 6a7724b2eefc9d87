import type * as vscode from 'vscode';

/** LSP's MessageType (window/logMessage): 1 error, 2 warning, 3 info, 4 log, 5 debug. */
const ERROR = 1;
const WARNING = 2;
const DEBUG = 5;

/**
 * Writes one of the server's log messages to the log channel at its level; the channel stamps the time. The language
 * client's own handler formats the time with toLocaleTimeString, whose first call in the extension host costs about
 * 14 ms of ICU start-up, paid just as the first diagnostics arrive (the server logs its workspace index then).
 */
export function logServerMessage(output: vscode.LogOutputChannel, type: number, message: string): void {
  if (type === ERROR) output.error(message);
  else if (type === WARNING) output.warn(message);
  else if (type === DEBUG) output.debug(message);
  else output.info(message);
}
