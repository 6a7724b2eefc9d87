import { createConnection as connectSocket } from 'node:net';
import { format } from 'node:util';
import {
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
  type RemoteConsole,
} from 'vscode-languageserver/node';
import { MESSAGE_ENCODER } from './messageEncoding';

/**
 * The server's end of the transport the editor chose on the command line, as vscode-languageserver reads it
 * (`--stdio`, `--pipe=<name>`, `--socket=<port>`), with a writer that encodes publishes with MESSAGE_ENCODER.
 * undefined for `--node-ipc` (VS Code's) or no transport: createConnection then reads the command line itself.
 */
export interface StreamTransport {
  input: NodeJS.ReadableStream | MessageReader;
  output: MessageWriter;
  /** stdout carries the protocol: console output must go to the client instead. */
  stdio: boolean;
}

export function streamTransport(argv: readonly string[] = process.argv.slice(2)): StreamTransport | undefined {
  const options = { charset: 'utf-8' as const, contentTypeEncoder: MESSAGE_ENCODER };
  for (let index = 0; index < argv.length; index++) {
    const equals = argv[index].indexOf('=');
    const name = equals < 0 ? argv[index] : argv[index].slice(0, equals);
    const value = equals < 0 ? argv[index + 1] : argv[index].slice(equals + 1);
    switch (name) {
      case '--node-ipc':
        return undefined;
      case '--stdio':
        // stdin as a stream, not a reader: vscode-languageserver then ends the process when the editor closes it.
        return { input: process.stdin, output: new StreamMessageWriter(process.stdout, options), stdio: true };
      case '--pipe':
      case '--socket': {
        if (!value) return undefined;
        const socket = name === '--pipe' ? connectSocket(value) : connectSocket(Number(value), '127.0.0.1');
        return {
          input: new SocketMessageReader(socket),
          output: new SocketMessageWriter(socket, options),
          stdio: false,
        };
      }
    }
  }
  return undefined;
}

/**
 * Over stdio, what a library prints with console.* would corrupt the protocol: it goes to the client's log instead,
 * as vscode-languageserver does when it opens stdio itself.
 */
export function consoleToClient(remote: RemoteConsole): void {
  console.log = (...args: unknown[]) => remote.log(format(...args));
  console.info = (...args: unknown[]) => remote.info(format(...args));
  console.debug = (...args: unknown[]) => remote.log(format(...args));
  console.warn = (...args: unknown[]) => remote.warn(format(...args));
  console.error = (...args: unknown[]) => remote.error(format(...args));
  console.trace = (...args: unknown[]) => remote.log(format(...args));
  console.dir = (value: unknown) => remote.log(format(value));
}
