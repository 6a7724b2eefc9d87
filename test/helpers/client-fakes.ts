import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BuildUi, FlowLog, StagePick } from '../../client/src/build/flow';
import type { BuildError } from '../../client/src/build/output';
import type { ApplyUi } from '../../client/src/kube/flow';
import type { ObjectDiff, ObjectError } from '../../client/src/kube/output';
import type { CancelSignal } from '../../client/src/process/run';

/** A cancellation source like vscode's, for flows run without VS Code. */
export class Cancellation {
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
    this.cancelled = true;
    for (const listener of [...this.listeners]) listener();
  }
}

export class FakeLog implements FlowLog {
  readonly lines: string[] = [];
  output = '';
  /** Called on each chunk of command output (to cancel at the right moment, for instance). */
  onAppend?: (output: string) => void;
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
  append(text: string): void {
    this.output += text;
    this.onAppend?.(this.output);
  }
}

export class FakeDiagnostics<T extends BuildError | ObjectError> {
  readonly byFile = new Map<string, readonly T[]>();
  set(file: string, errors: readonly T[]): void {
    this.byFile.set(file, errors);
  }
  clear(file: string): void {
    this.byFile.delete(file);
  }
}

/** What the user "answers" and what they were shown, recorded in order. */
export interface Recorder {
  asked: string[];
  errors: string[];
  infos: string[];
  cancellation?: Cancellation;
}

export function fakeBuildUi(answers: {
  dockerfile?: string;
  tag?: (value: string, validate: (value: string) => string | undefined) => string | undefined;
  stage?: (items: readonly StagePick[], defaultItem: StagePick) => StagePick | undefined;
  buildArg?: (name: string) => string | undefined;
  buildAnyway?: boolean;
}): BuildUi & Recorder {
  const ui: BuildUi & Recorder = {
    asked: [],
    errors: [],
    infos: [],
    async pickDockerfile(files) {
      ui.asked.push(`pickDockerfile ${files.length}`);
      return answers.dockerfile;
    },
    async inputTag({ value, prompt, validate }) {
      ui.asked.push(`tag ${value} | ${prompt}`);
      return answers.tag ? answers.tag(value, validate) : value;
    },
    async pickStage(items, defaultItem) {
      ui.asked.push(`stage ${items.map((item) => item.label).join(',')} default ${defaultItem.label}`);
      return answers.stage ? answers.stage(items, defaultItem) : defaultItem;
    },
    async inputBuildArg(name) {
      ui.asked.push(`arg ${name}`);
      return answers.buildArg ? answers.buildArg(name) : `value-of-${name}`;
    },
    async confirmDespiteLintErrors(count) {
      ui.asked.push(`lint ${count}`);
      return answers.buildAnyway ?? false;
    },
    async withProgress(_title, task) {
      ui.cancellation = new Cancellation();
      return task(ui.cancellation.token);
    },
    showError(message) {
      ui.errors.push(message);
    },
    showInfo(message) {
      ui.infos.push(message);
    },
  };
  return ui;
}

export function fakeApplyUi(answers: {
  apply?: boolean;
  applyAnyway?: boolean;
  typed?: string;
  watch?: boolean;
  onProgress?: (c: Cancellation, title: string) => void;
}): ApplyUi & Recorder & { diffs: ObjectDiff[]; confirmations: string[] } {
  const ui: ApplyUi & Recorder & { diffs: ObjectDiff[]; confirmations: string[] } = {
    asked: [],
    errors: [],
    infos: [],
    diffs: [],
    confirmations: [],
    async showDiffs(diffs) {
      ui.diffs.push(...diffs);
    },
    async confirmApply(message, detail) {
      ui.confirmations.push(`${message} ${detail}`);
      return answers.apply ?? true;
    },
    async confirmDespiteLintErrors(message, detail) {
      ui.confirmations.push(`${message} ${detail}`);
      return answers.applyAnyway ?? false;
    },
    showNoContext(message, docsUrl) {
      ui.errors.push(`${message} [${docsUrl}]`);
    },
    async inputContextName(context) {
      ui.asked.push(`type ${context}`);
      return answers.typed;
    },
    async withProgress(title, task) {
      ui.cancellation = new Cancellation();
      answers.onProgress?.(ui.cancellation, title);
      return task(ui.cancellation.token);
    },
    async offerWatchRollout(message, deployments) {
      ui.asked.push(`watch ${deployments.join(',')}`);
      ui.infos.push(message);
      return answers.watch ?? false;
    },
    showError(message) {
      ui.errors.push(message);
    },
    showInfo(message) {
      ui.infos.push(message);
    },
  };
  return ui;
}

/** The parts of test/realparts/realparts.mjs these tests use. */
export interface RealParts {
  whyUnavailable(part: 'docker' | 'kube-apiserver' | 'kubectl'): Promise<string | null>;
  startDockerEngine(dir?: string): Promise<{ env: { DOCKER_HOST: string }; image: string; stop(): Promise<void> }>;
  startKubeApiServer(
    dir?: string,
  ): Promise<{ env: { KUBECONFIG: string }; kubeconfigPath: string; context: string; stop(): Promise<void> }>;
}

// A real dynamic import: tsc would turn `import()` into `require()`, which cannot load an ES module.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function loadRealParts(): Promise<RealParts> {
  const file = join(__dirname, '..', '..', '..', 'test', 'realparts', 'realparts.mjs');
  return (await importModule(pathToFileURL(file).href)) as RealParts;
}
