/**
 * `node:child_process`, loaded when a tool (shellcheck, helm, kubectl) first runs: requiring it costs a few ms, and
 * `shipshape check` of a file that runs no tool starts without it (issue 16 item 2).
 */
export function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}
