import * as path from 'node:path';
import { classifyContainerFailure, type Failure } from '../process/errors';
import { formatCommandLine, runProcess, type CancelSignal } from '../process/run';
import { dockerBuildArgs } from './args';
import { inferBuildContext } from './context';
import { analyzeDockerfile, argsWithoutDefaults } from './dockerfile';
import { suggestTag, validateImageReference } from './imageRef';
import { lastErrorLine, parseBuildErrors, parsePullFailure, type BuildError } from './output';

/** The log the flows write to (a subset of vscode.LogOutputChannel). */
export interface FlowLog {
  info(message: string): void;
  error(message: string): void;
  /** Raw command output, as it streams. */
  append(text: string): void;
}

export interface StagePick {
  label: string;
  description?: string;
  /** The `--target`, or undefined to build the whole file (its last stage). */
  target?: string;
}

/** Everything the build asks the user, injected so the flow runs without VS Code. */
export interface BuildUi {
  pickDockerfile(files: readonly string[]): Promise<string | undefined>;
  inputTag(options: {
    value: string;
    prompt: string;
    validate: (value: string) => string | undefined;
  }): Promise<string | undefined>;
  pickStage(items: readonly StagePick[], defaultItem: StagePick): Promise<StagePick | undefined>;
  inputBuildArg(name: string): Promise<string | undefined>;
  /** Our linter reports errors: true for "Build anyway". */
  confirmDespiteLintErrors(count: number): Promise<boolean>;
  withProgress<T>(title: string, task: (token: CancelSignal) => Promise<T>): Promise<T>;
  showError(message: string): void;
  showInfo(message: string): void;
}

export interface BuildSettings {
  containerCli: string;
  extraArgs: readonly string[];
  platform: string;
}

export interface BuildDeps {
  ui: BuildUi;
  settings: BuildSettings;
  /** The Dockerfile in hand (active editor, explorer selection), if any. */
  dockerfile?: string;
  findDockerfiles(): Promise<string[]>;
  workspaceFolderOf(file: string): string | undefined;
  readFile(file: string): Promise<string>;
  fileExists(file: string): boolean;
  /** Errors our own linter reports on the file. */
  lintErrorCount(file: string): number | Promise<number>;
  lastTag: {
    get(dockerfile: string): string | undefined;
    set(dockerfile: string, tag: string): void | PromiseLike<void>;
  };
  /** The short sha of the commit in a folder, for the proposed tag (none: `dev`). */
  gitShortSha?(folder: string): Promise<string | undefined>;
  log: FlowLog;
  diagnostics: { set(dockerfile: string, errors: readonly BuildError[]): void; clear(dockerfile: string): void };
  env?: NodeJS.ProcessEnv;
  run?: typeof runProcess;
  /** Reports success and offers what comes next (setting the tag on Deployments); default: a plain message. */
  afterBuild?: (tag: string) => Promise<void>;
}

export type BuildOutcome =
  | { status: 'built'; tag: string; dockerfile: string; context: string }
  | { status: 'failed'; failure: Failure; errors: BuildError[]; dockerfile: string }
  | { status: 'cancelled'; dockerfile: string }
  /** The user dismissed a prompt, or there was nothing to build. */
  | { status: 'aborted' };

/** Build Image: pick, ask, build, report. */
export async function buildImageFlow(deps: BuildDeps): Promise<BuildOutcome> {
  const { ui, log } = deps;
  let dockerfile = deps.dockerfile;
  if (dockerfile === undefined) {
    const files = await deps.findDockerfiles();
    if (files.length === 0) {
      ui.showError('No Dockerfile in the workspace.');
      return { status: 'aborted' };
    }
    dockerfile = files.length === 1 ? files[0] : await ui.pickDockerfile(files);
    if (dockerfile === undefined) return { status: 'aborted' };
  }

  const lintErrors = await deps.lintErrorCount(dockerfile);
  if (lintErrors > 0 && !(await ui.confirmDespiteLintErrors(lintErrors))) return { status: 'aborted' };

  const text = await deps.readFile(dockerfile);
  const info = analyzeDockerfile(text);
  const workspaceFolder = deps.workspaceFolderOf(dockerfile);
  const context = inferBuildContext(dockerfile, workspaceFolder, deps.fileExists);
  const relativeContext = workspaceFolder ? path.relative(workspaceFolder, context) || '.' : context;

  const tag = await ui.inputTag({
    value:
      deps.lastTag.get(dockerfile) ??
      suggestTag(
        [path.basename(context), ...(workspaceFolder ? [path.basename(workspaceFolder)] : [])],
        await deps.gitShortSha?.(context),
      ),
    prompt: `Image tag for ${path.basename(dockerfile)}. Build context: ${relativeContext}`,
    validate: validateImageReference,
  });
  if (tag === undefined) return { status: 'aborted' };

  let target: string | undefined;
  let targetIndex = info.stages.length - 1;
  if (info.stages.length > 1) {
    const items: StagePick[] = info.stages
      .filter((stage) => stage.name !== undefined || stage.index === info.stages.length - 1)
      .map((stage) => ({
        label: stage.name ?? `stage ${stage.index + 1} (last, unnamed)`,
        description: `FROM ${stage.from}${stage.index === info.stages.length - 1 ? ' · last stage' : ''}`,
        target: stage.name,
      }));
    const picked = await ui.pickStage(items, items[items.length - 1]);
    if (picked === undefined) return { status: 'aborted' };
    target = picked.target;
    if (target !== undefined) targetIndex = info.stages.findIndex((stage) => stage.name === target);
  }

  const buildArgs: Array<[string, string]> = [];
  for (const name of argsWithoutDefaults(info, targetIndex)) {
    const value = await ui.inputBuildArg(name);
    if (value === undefined) return { status: 'aborted' };
    buildArgs.push([name, value]);
  }
  await deps.lastTag.set(dockerfile, tag);

  const cli = deps.settings.containerCli || 'docker';
  // The last stage needs no --target; an explicit one would only make old builders stricter.
  const args = dockerBuildArgs({
    dockerfile,
    context,
    tag,
    target: targetIndex === info.stages.length - 1 ? undefined : target,
    platform: deps.settings.platform || undefined,
    buildArgs,
    extraArgs: deps.settings.extraArgs,
  });
  deps.diagnostics.clear(dockerfile);
  // Build-arg values may be secrets (they should not be, but people pass tokens this way): log their names only.
  const logged = args.map((arg, index) => (args[index - 1] === '--build-arg' ? `${arg.split('=')[0]}=***` : arg));
  log.info(`Building ${tag}: ${formatCommandLine(cli, logged)} (cwd ${context})`);
  const run = deps.run ?? runProcess;
  const file = dockerfile;

  let result;
  try {
    result = await ui.withProgress(`Building ${tag}`, (token) =>
      run({
        command: cli,
        args,
        cwd: context,
        env: deps.env,
        token,
        killProcessGroup: true,
        onOutput: (chunk) => log.append(chunk),
      }),
    );
  } catch (error) {
    const failure = classifyContainerFailure(cli, error);
    log.error(failure.message);
    ui.showError(failure.message);
    return { status: 'failed', failure, errors: [], dockerfile: file };
  }
  if (result.cancelled) {
    log.info(`Build of ${tag} cancelled.`);
    return { status: 'cancelled', dockerfile: file };
  }
  if (result.code !== 0) {
    log.error(`${cli} build exited with ${result.code ?? result.signal}.`);
    const failure = classifyContainerFailure(cli, undefined, result.stderr);
    const output = `${result.stdout}\n${result.stderr}`;
    // A base image that cannot be pulled is the FROM line's fault, whatever the builder says around it.
    const pull = failure.kind === 'failed' ? parsePullFailure(output, info.stages) : undefined;
    const errors =
      failure.kind !== 'failed'
        ? []
        : pull
          ? [pull]
          : parseBuildErrors(output, info.instructionLines, path.basename(file));
    deps.diagnostics.set(file, errors);
    const why = lastErrorLine(output);
    const where = errors.length > 0 ? ` at line ${errors[0].line + 1}: ${errors[0].message}` : why ? `: ${why}` : '';
    ui.showError(failure.kind === 'failed' ? `Build of ${tag} failed${where}` : failure.message);
    return { status: 'failed', failure, errors, dockerfile: file };
  }
  log.info(`Built ${tag}.`);
  if (deps.afterBuild) await deps.afterBuild(tag);
  else ui.showInfo(`Built ${tag}.`);
  return { status: 'built', tag, dockerfile: file, context };
}
