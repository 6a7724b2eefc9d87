import { classifyContainerFailure } from '../process/errors';
import { formatCommandLine, runProcess, type CancelSignal, type RunResult } from '../process/run';
import { validateImageReference } from '../build/imageRef';
import type { FlowLog } from '../build/flow';
import {
  containerName,
  dockerRunArgs,
  dockerStopArgs,
  exposedPortsInspectArgs,
  localUrls,
  parseExposedPorts,
  proposedPortMappings,
  splitPortMappings,
  validatePortMappings,
} from './args';

/** Everything Run Image asks or shows, injected so the flow runs without VS Code. */
export interface RunUi {
  inputImage(options: { value: string; validate: (value: string) => string | undefined }): Promise<string | undefined>;
  inputPorts(options: {
    value: string;
    prompt: string;
    validate: (value: string) => string | undefined;
  }): Promise<string | undefined>;
  /** A place the container's output streams to (a terminal in VS Code); `closed` fires when the user closes it. */
  openLogs(title: string, onClosed: () => void): { write(text: string): void; end(message: string): void };
  /** The container runs: say where, offer Stop (and opening its URLs). */
  showRunning(message: string, urls: readonly string[], stop: () => Promise<void>): void;
  showError(message: string): void;
}

export interface RunSettings {
  containerCli: string;
  /** Extra `docker run` arguments from settings, before the image. */
  extraArgs: readonly string[];
}

export interface RunDeps {
  ui: RunUi;
  settings: RunSettings;
  /** The image to run when it is known (right after a build); else the last one built from `dockerfile`. */
  image?: string;
  dockerfile?: string;
  lastBuiltTag(dockerfile: string | undefined): string | undefined;
  /** The port mappings last used for an image repository, remembered across runs. */
  ports: {
    get(image: string): string[] | undefined;
    set(image: string, mappings: readonly string[]): void | PromiseLike<void>;
  };
  log: FlowLog;
  env?: NodeJS.ProcessEnv;
  run?: typeof runProcess;
  /** A unique suffix for the container name (random by default). */
  unique?: () => string;
}

export type RunOutcome =
  | {
      status: 'running';
      image: string;
      name: string;
      args: string[];
      urls: string[];
      /** Stops the container (docker stop), resolves when `docker run` has exited. */
      stop(): Promise<void>;
      /** Resolves when `docker run` exits, for whatever reason. */
      exited: Promise<RunResult>;
    }
  | { status: 'failed'; message: string }
  | { status: 'aborted' };

/** Run Image: which image, which ports, then `docker run` with its logs streaming, until the user stops it. */
export async function runImageFlow(deps: RunDeps): Promise<RunOutcome> {
  const { ui, log } = deps;
  const cli = deps.settings.containerCli || 'docker';
  const run = deps.run ?? runProcess;
  const remembered = deps.image ?? deps.lastBuiltTag(deps.dockerfile);
  const image = deps.image ?? (await ui.inputImage({ value: remembered ?? '', validate: validateImageReference }));
  if (image === undefined) return { status: 'aborted' };

  // The ports the image exposes (its base image's included): the image config knows them, the Dockerfile may not.
  let inspected: RunResult;
  try {
    inspected = await run({ command: cli, args: exposedPortsInspectArgs(image), env: deps.env, timeoutMs: 30_000 });
  } catch (error) {
    return fail(classifyContainerFailure(cli, error).message);
  }
  if (inspected.code !== 0) {
    const failure = classifyContainerFailure(cli, undefined, inspected.stderr);
    return fail(
      failure.kind === 'failed'
        ? `${image} is not an image of this ${cli} engine: build it first (Shipshape: Build Image) or pull it.`
        : failure.message,
    );
  }
  const exposed = parseExposedPorts(inspected.stdout);
  const proposal = deps.ports.get(image) ?? proposedPortMappings(exposed);
  const exposedText =
    exposed.length > 0 ? `EXPOSE ${exposed.map((port) => `${port.port}/${port.protocol}`).join(' ')}` : 'no EXPOSE';
  const typed = await ui.inputPorts({
    value: proposal.join(', '),
    prompt: `Ports to publish (-p host:container, comma-separated; empty: none). ${image} has ${exposedText}.`,
    validate: validatePortMappings,
  });
  if (typed === undefined) return { status: 'aborted' };
  const ports = splitPortMappings(typed);
  await deps.ports.set(image, ports);

  const name = containerName(image, deps.unique?.() ?? Math.random().toString(36).slice(2, 6));
  const args = dockerRunArgs({ image, name, ports, extraArgs: deps.settings.extraArgs });
  const urls = localUrls(ports);
  log.info(`Running ${image}: ${formatCommandLine(cli, args)}`);

  let stopRequested = false;
  let stopping: Promise<void> | undefined;
  const logs = ui.openLogs(`${image} (${name})`, () => void stop());
  // The container is stopped with `docker stop` (its process gets SIGTERM, then SIGKILL); the `docker run` client is
  // killed only if it outlives that (an engine that went away).
  const cancelRun = new Canceller();
  const exited = run({
    command: cli,
    args,
    env: deps.env,
    token: cancelRun.token,
    killProcessGroup: true,
    onOutput: (text) => logs.write(text),
  }).then(
    (result) => {
      const how = stopRequested ? 'stopped' : `exited with ${result.code ?? result.signal}`;
      logs.end(`${image} ${how}.`);
      log.info(`${name} ${how}.`);
      if (!stopRequested && result.code !== 0) {
        const reason = lastLine(result.stderr);
        ui.showError(`${image} ${how}${reason ? `: ${reason}` : ''}.`);
      }
      return result;
    },
    (error: unknown) => {
      const message = classifyContainerFailure(cli, error).message;
      logs.end(message);
      ui.showError(message);
      return {
        code: null,
        signal: null,
        stdout: '',
        stderr: String(error),
        cancelled: false,
        timedOut: false,
      } satisfies RunResult;
    },
  );

  function stop(): Promise<void> {
    stopping ??= (async () => {
      stopRequested = true;
      log.info(`Stopping ${name}: ${formatCommandLine(cli, dockerStopArgs(name))}`);
      try {
        const result = await run({ command: cli, args: dockerStopArgs(name), env: deps.env, timeoutMs: 30_000 });
        if (result.code !== 0 && !/No such container/i.test(result.stderr))
          log.error(`${cli} stop ${name}: ${lastLine(result.stderr)}`);
      } catch (error) {
        log.error(`${cli} stop ${name}: ${String(error)}`);
      }
      const timer = setTimeout(() => cancelRun.cancel(), 15_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  }

  ui.showRunning(`Running ${image} as ${name}${urls.length > 0 ? ` on ${urls.join(', ')}` : ''}.`, urls, stop);
  return { status: 'running', image, name, args, urls, stop, exited };

  function fail(message: string): RunOutcome {
    log.error(message);
    ui.showError(message);
    return { status: 'failed', message };
  }
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return (lines[lines.length - 1] ?? '').replace(/^docker: /, '');
}

/** A cancellation token the flow fires itself (the run's last resort when `docker stop` did not end it). */
class Canceller {
  private listeners: Array<() => void> = [];
  private cancelled = false;
  readonly token: CancelSignal;
  constructor() {
    const state = { source: this };
    this.token = {
      get isCancellationRequested() {
        return state.source.cancelled;
      },
      onCancellationRequested: (listener) => {
        this.listeners.push(listener);
        return { dispose: () => (this.listeners = this.listeners.filter((other) => other !== listener)) };
      },
    };
  }
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const listener of [...this.listeners]) listener();
  }
}
