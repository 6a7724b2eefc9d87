/**
 * A logical line: an instruction's text with line continuations (and the comment lines between them) removed, and
 * a map back to document offsets, so every rule can work on the text BuildKit sees and still report exact ranges.
 */
export class Logical {
  /** Each segment: logical offset `at` starts at document offset `doc`; segments are in order. */
  constructor(
    readonly text: string,
    private readonly segments: ReadonlyArray<{ at: number; doc: number }>,
  ) {}

  static single(text: string, doc: number): Logical {
    return new Logical(text, [{ at: 0, doc }]);
  }

  /** The document offset of the character at logical offset `at`. */
  docOffset(at: number): number {
    const segments = this.segments;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle].at <= at) low = middle;
      else high = middle - 1;
    }
    return segments[low].doc + (at - segments[low].at);
  }

  /** The document offset just after the character before logical offset `at` (for the end of a span). */
  docEnd(at: number): number {
    return at <= 0 ? this.docOffset(0) : this.docOffset(at - 1) + 1;
  }

  /** The part from `from` to `to`, with its own map. */
  slice(from: number, to = this.text.length): Logical {
    const segments: Array<{ at: number; doc: number }> = [{ at: 0, doc: this.docOffset(from) }];
    for (const segment of this.segments) {
      if (segment.at > from && segment.at < to) segments.push({ at: segment.at - from, doc: segment.doc });
    }
    return new Logical(this.text.slice(from, to), segments);
  }
}
