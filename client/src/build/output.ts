/** A build error placed on a line of the Dockerfile (0-based). */
export interface BuildError {
  line: number;
  message: string;
}

/**
 * Turns a builder's output into errors on Dockerfile lines. Understands:
 * - BuildKit (docker buildx, nerdctl): a `Dockerfile:<line>` block followed by `ERROR: ...`;
 * - parse errors: `dockerfile parse error on line N: ...` / `dockerfile parse error line N: ...`;
 * - the legacy builder: the last `Step N/M : ...` before `The command '...' returned a non-zero code: N`
 *   (or another error), mapped to the Nth instruction through `instructionLines`;
 * - buildah/podman: `STEP N/M: ...` followed by `Error: building at STEP "...": ...`.
 */
export function parseBuildErrors(
  output: string,
  instructionLines: readonly number[],
  fileName = 'Dockerfile',
): BuildError[] {
  const lines = output.split(/\r?\n/).map(stripBuildKitPrefix);
  const errors: BuildError[] = [];
  const add = (line: number, message: string): void => {
    if (line >= 0 && !errors.some((error) => error.line === line && error.message === message))
      errors.push({ line, message });
  };

  // BuildKit: "Dockerfile:12" (or "Dockerfile.dev:12") then, below the excerpt, "ERROR: failed to solve: ...".
  for (let index = 0; index < lines.length; index++) {
    const located = /^(?:.*[\\/])?([^\s:/\\]+):(\d+)\s*$/.exec(lines[index].trim());
    if (!located || (located[1] !== fileName && !/^(?:Dockerfile|Containerfile)$/i.test(located[1]))) continue;
    const message = lines.slice(index + 1).find((line) => /^\s*(?:ERROR|error):/.test(line));
    add(Number(located[2]) - 1, cleanMessage(message ?? 'build failed here'));
  }

  for (const line of lines) {
    const parse = /dockerfile parse error (?:on )?line (\d+): (.*)$/i.exec(line);
    if (parse) add(Number(parse[1]) - 1, `Dockerfile parse error: ${parse[2].trim()}`);
  }
  if (errors.length > 0) return errors;

  // Legacy builder and buildah: the step that was running when the error came.
  let step: number | undefined;
  for (const line of lines) {
    const stepMatch =
      /^(?:\[[^\]]*\]\s*)?Step (\d+)\/\d+ : /i.exec(line) ?? /^(?:\[[^\]]*\]\s*)?STEP (\d+)(?:\/\d+)?: /.exec(line);
    if (stepMatch) {
      step = Number(stepMatch[1]);
      continue;
    }
    if (step === undefined) continue;
    const failure =
      /^The command '(.*)' returned a non-zero code: (\d+)/.exec(line) ??
      /^Error: building at STEP "(.*)": (.*)$/.exec(line) ??
      /^(?:Error response from daemon|Error|error): (.*)$/.exec(line);
    if (!failure) continue;
    const instructionLine = instructionLines[step - 1];
    if (instructionLine === undefined) continue;
    if (line.startsWith('The command'))
      add(instructionLine, `The command \`${failure[1]}\` returned a non-zero code: ${failure[2]}`);
    else add(instructionLine, cleanMessage(line));
  }
  return errors;
}

/** BuildKit's plain progress prefixes lines with "#12 0.345 "; the excerpts are easier to read without. */
function stripBuildKitPrefix(line: string): string {
  return line.replace(/^#\d+ (?:\d+\.\d+ )?/, '');
}

function cleanMessage(line: string): string {
  return line
    .trim()
    .replace(/^(?:(?:ERROR|[Ee]rror|Error response from daemon):\s*|failed to (?:solve|build):\s*)+/, '');
}

// What builders print when a FROM's image cannot be pulled: the legacy builder after its `Step N/M : FROM x` line
// (`Get "https://registry-1.docker.io/v2/": dial tcp: ... no such host`, `pull access denied for x, ...`,
// `manifest for x:1 not found: manifest unknown`), BuildKit in its `failed to solve: x:1: failed to resolve source
// metadata for docker.io/library/x:1: ...`, podman in `initializing source docker://x:1: ...`.
const PULL_FAILURE =
  /pull access denied|manifest (?:for \S+ )?(?:not found|unknown)|failed to resolve source metadata|error pulling image|initializing source docker:\/\/|Get "?https?:\/\/[^"\s]+\/v2\/[^"\s]*"?: |no basic auth credentials|toomanyrequests|repository \S+ not found/i;

/** A FROM whose base image the builder could not pull, placed on that FROM's line; undefined when that is not the failure. */
export function parsePullFailure(
  output: string,
  stages: readonly { from: string; line: number }[],
): BuildError | undefined {
  const lines = output.split(/\r?\n/).map((line) => stripBuildKitPrefix(line).trim());
  const failureIndex = findLastIndex(lines, (line) => PULL_FAILURE.test(line));
  if (failureIndex === -1) return undefined;
  const reason = lines[failureIndex];
  const named =
    /pull access denied for ([^\s,]+)/i.exec(reason)?.[1] ??
    /manifest for (\S+) not found/i.exec(reason)?.[1] ??
    /failed to solve: (?:failed to solve with frontend \S+: )?(?:failed to create LLB definition: )?([^\s:]+(?::[\w.-]+)?): /i.exec(
      reason,
    )?.[1] ??
    /failed to resolve source metadata for (\S+?): /i.exec(reason)?.[1] ??
    /initializing source docker:\/\/(\S+?): /i.exec(reason)?.[1];
  const bare = (image: string) => image.replace(/^(?:docker\.io\/)?(?:library\/)?/, '').replace(/@.*$/, '');
  let stage =
    named === undefined
      ? undefined
      : stages.find(
          (candidate) =>
            bare(candidate.from) === bare(named) || bare(candidate.from).split(':')[0] === bare(named).split(':')[0],
        );
  if (stage === undefined) {
    // The legacy builder names no image in a registry error: the FROM step it was running says which.
    const step = findLastIndex(lines.slice(0, failureIndex), (line) => /^Step \d+\/\d+ : FROM /i.test(line));
    const from =
      step === -1 ? undefined : /^Step \d+\/\d+ : FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(lines[step])?.[1];
    stage = from === undefined ? undefined : stages.find((candidate) => candidate.from === from);
  }
  if (stage === undefined) return undefined;
  return { line: stage.line, message: `The base image ${stage.from} could not be pulled: ${cleanMessage(reason)}` };
}

/** The line of a failed build's output that best says why: its last error, else its last line. */
export function lastErrorLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => stripBuildKitPrefix(line).trim())
    .filter(
      (line) =>
        line.length > 0 &&
        !/^(?:DEPRECATED:|Install the buildx component|https:\/\/docs\.docker\.com\/go\/buildx)/.test(line),
    );
  const errorIndex = findLastIndex(lines, (line) =>
    /\b(?:error|failed|denied|not found|no such|unable|cannot|invalid)\b/i.test(line),
  );
  return cleanMessage(lines[errorIndex === -1 ? lines.length - 1 : errorIndex] ?? '');
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (test(items[index])) return index;
  return -1;
}
