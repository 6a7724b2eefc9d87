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
export function parseBuildErrors(output: string, instructionLines: readonly number[], fileName = 'Dockerfile'): BuildError[] {
  const lines = output.split(/\r?\n/).map(stripBuildKitPrefix);
  const errors: BuildError[] = [];
  const add = (line: number, message: string): void => {
    if (line >= 0 && !errors.some((error) => error.line === line && error.message === message)) errors.push({ line, message });
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
    const stepMatch = /^(?:\[[^\]]*\]\s*)?Step (\d+)\/\d+ : /i.exec(line) ?? /^(?:\[[^\]]*\]\s*)?STEP (\d+)(?:\/\d+)?: /.exec(line);
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
    if (line.startsWith('The command')) add(instructionLine, `The command \`${failure[1]}\` returned a non-zero code: ${failure[2]}`);
    else add(instructionLine, cleanMessage(line));
  }
  return errors;
}

/** BuildKit's plain progress prefixes lines with "#12 0.345 "; the excerpts are easier to read without. */
function stripBuildKitPrefix(line: string): string {
  return line.replace(/^#\d+ (?:\d+\.\d+ )?/, '');
}

function cleanMessage(line: string): string {
  return line.trim().replace(/^(?:(?:ERROR|[Ee]rror|Error response from daemon):\s*|failed to (?:solve|build):\s*)+/, '');
}
