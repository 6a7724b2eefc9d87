/**
 * Timing in tests without trusting the machine's speed: other processes on a shared machine only ever add time, so
 * the fastest of a few runs is the closest to the work's own cost. A test compares it with a control measured the
 * same way in the same test (the same work on a smaller input, a linear pass over the same input), never with a
 * fixed number of milliseconds: a loaded machine slows both alike.
 */
export function fastestMs(work: () => unknown, rounds = 5): number {
  let fastest = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    work();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return fastest;
}

export async function fastestMsAsync(work: () => Promise<unknown>, rounds = 5): Promise<number> {
  let fastest = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    await work();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return fastest;
}

/**
 * The cost of one call of a quick `work`, in milliseconds: repeated until the repetitions take `minTotalMs` (a single
 * call of a few microseconds is below what a clock measures reliably), the fastest of `rounds` such measurements.
 */
export function perCallMs(work: () => unknown, rounds = 5, minTotalMs = 10): number {
  let fastest = Infinity;
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    let calls = 0;
    let elapsed = 0;
    do {
      work();
      calls++;
      elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    } while (elapsed < minTotalMs);
    fastest = Math.min(fastest, elapsed / calls);
  }
  return fastest;
}
