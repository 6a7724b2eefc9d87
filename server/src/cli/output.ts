import { writeSync } from 'node:fs';

// The CLI writes its report and messages with fs.writeSync on the file descriptors themselves: creating
// process.stdout/process.stderr (Node's stream classes, loaded on first use) cost a one-file check ~3-5 ms of its
// ~40 ms above Node's own start (issue 16 item 2), and a synchronous write also ends before the process exits. (They,
// and node:tty, which loads node:net, are created only for a progress line: cli.ts.)

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd`. A non-blocking pipe that is full (EAGAIN) is waited on a millisecond at a time; a
 * reader that has gone (EPIPE: `shipshape check . | head`) ends the writing, as for any Unix tool.
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
