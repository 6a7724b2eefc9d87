import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, resolveKubernetesVersion } from '../../common/src/contract';
import {
  applyEdits,
  createLanguageService,
  matchLineEndings,
  nonOverlappingPreferredEdits,
  type Finding,
} from './service';
import { ruleDescriptions } from './service/catalogue';
import { kubernetesEngine } from './service/engines';
import { diskFileSystem } from './diskFileSystem';
import { checkChartsWithHelm, findHelm } from './cli/chart';
import { checkOverlaysWithKubectl, findKubectl } from './cli/kustomize';
import { findConfig, loadConfig } from './cli/config';
import { collectFiles, UsageError } from './cli/files';
import { runShellcheckSync } from './handlers/shellcheckRunner';
import { fails, formatJson, formatSarif, formatText, type FileReport, type OutputFormat } from './cli/formats';
import { PROGRESS_MIN_FILES, terminalProgress, type ProgressLine } from './cli/progress';
import { writeAll } from './cli/output';

declare const SHIPSHAPE_VERSION: string | undefined;
const version = typeof SHIPSHAPE_VERSION === 'string' ? SHIPSHAPE_VERSION : 'dev';

const USAGE = `Usage: shipshape check [--format text|json|sarif] [--fix] [--config FILE] <files or folders>...

Checks Kubernetes manifests (every workload kind, HPAs, Services, PodDisruptionBudgets, Helm charts and
Kustomize overlays) and Dockerfiles with the same engine as the Shipshape VS Code extension. Folders are
searched for *.yaml, *.yml and Dockerfiles.

Options:
  --format text|json|sarif  output format (default: text)
  --fix                     apply every preferred fix, then check again and report what is left
  --helm PATH               the helm that renders Helm charts (default: helm on PATH, if any); a chart's
                            templates are always checked as templates, and also rendered when helm is there,
                            with the config's helm.valueFiles (relative to the chart), else its defaults (and
                            its ci/*-values.yaml when the defaults leave out a value the chart requires)
  --no-helm                 do not render charts, check their templates only
  --kubectl PATH            the kubectl that builds Kustomize overlays (default: kubectl on PATH, if any);
                            the overlays the files belong to are built and the built objects checked,
                            findings placed on the base or patch lines (also bases not listed)
  --no-kustomize            do not build overlays, check their files one by one only
  --kubernetes-version V    the Kubernetes version to check against, 1.27 ... 1.36 (default: the config's
                            kubernetes.version, else the newest): fields it lacks are errors
  --no-shellcheck           do not run shellcheck on Dockerfile RUN instructions (by default it runs when
                            the shellcheck of the settings, shellcheck.path, default "shellcheck", is found)
  --config FILE             settings file (default: the nearest .shipshape.yaml, .shipshape.yml or
                            .shipshape.json from the current folder up), e.g.
                              rules: { k8s/probes: "off", k8s/image-tag: error }
                              kubernetes: { strictTargets: true }
  -h, --help                show this help
  -v, --version             show the version

Exit status: 0 no errors, 1 errors found (for a Dockerfile: findings at or above the failure-threshold\nof its .hadolint.yaml), 2 usage error or unreadable file.
`;

/** How many rounds of "apply every preferred fix, re-check" --fix runs at most: a fix may reveal the next problem. */
const MAX_FIX_ROUNDS = 10;

export function main(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
  progressFor: (total: number) => ProgressLine | undefined = () => undefined,
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean', default: false },
        config: { type: 'string' },
        helm: { type: 'string' },
        'no-helm': { type: 'boolean', default: false },
        kubectl: { type: 'string' },
        'no-kustomize': { type: 'boolean', default: false },
        'no-shellcheck': { type: 'boolean', default: false },
        'kubernetes-version': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    err(`shipshape: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.version) {
    out(`${version}\n`);
    return 0;
  }
  const [command, ...inputs] = positionals;
  if (command !== 'check') {
    err(`shipshape: ${command === undefined ? 'no command given' : `unknown command "${command}"`}\n\n${USAGE}`);
    return 2;
  }
  const format = values.format as OutputFormat;
  if (!['text', 'json', 'sarif'].includes(format)) {
    err(`shipshape: --format must be text, json or sarif, not "${values.format}"\n`);
    return 2;
  }
  if (inputs.length === 0) {
    err(`shipshape: name at least one file or folder to check\n\n${USAGE}`);
    return 2;
  }

  const reports: FileReport[] = [];
  try {
    const configPath = values.config ?? findConfig(process.cwd());
    const service = createLanguageService({ fileSystem: diskFileSystem });
    const configured = configPath ? loadConfig(configPath) : DEFAULT_SETTINGS;
    const kubernetesVersion = values['kubernetes-version'] ?? configured.kubernetes.version;
    const settings = { ...configured, kubernetes: { ...configured.kubernetes, version: kubernetesVersion } };
    // An unknown or unbundled version is said once; the checks use the nearest bundled one.
    const versionProblem = resolveKubernetesVersion(kubernetesVersion).problem;
    if (versionProblem) err(`shipshape: ${versionProblem}\n`);
    service.configure(settings);
    // ShellCheck on Dockerfile RUNs, synchronously, before each validation; off with one note when it is absent.
    let shellcheckPath = values['no-shellcheck'] ? '' : settings.shellcheck.path;
    const shellcheck = (document: TextDocument): void => {
      // Only a Dockerfile has RUN scripts: asking of a YAML file would load the Dockerfile engine for nothing.
      if (shellcheckPath === '' || document.languageId !== 'dockerfile') return;
      const unchecked = service.shellcheckResults.unchecked(service.shellScripts(document));
      if (unchecked.length === 0) return;
      const run = runShellcheckSync(shellcheckPath, unchecked, service.shellcheckResults);
      if (!run.ok && run.missing) {
        err(
          `shipshape: ${run.message.replace(/ \(install shellcheck.*\)$/, '')} (install it, or pass --no-shellcheck)\n`,
        );
        shellcheckPath = '';
      }
      service.shellcheckResults.setFailure(
        document.uri,
        document.getText(),
        run.ok || run.missing ? undefined : run.message,
      );
    };
    const files = collectFiles(inputs).map((file) => ({
      ...file,
      uri: pathToFileURL(file.path).href,
      text: readText(file.path),
    }));
    // Every manifest first, so that rules across files (an HPA here, its Deployment there) see all of them. A lone
    // file is indexed by its own validation: indexing it first too would parse it twice (issue 16 item 2).
    if (files.length > 1)
      for (const file of files) if (file.language === 'yaml') service.indexFile(file.uri, file.text);
    // Helm charts among the files: rendered with the real helm (when there is one), findings placed on the templates.
    const texts = new Map(files.map((file) => [file.path, file.text]));
    const rendered = values['no-helm']
      ? new Map<string, Finding[]>()
      : checkChartsWithHelm(
          files.filter((file) => file.language === 'yaml').map((file) => file.path),
          () => findHelm(values.helm),
          (path) => texts.get(path),
          resolveKubernetesVersion(kubernetesVersion).version,
          settings.helm.valueFiles,
        );
    for (const path of rendered.keys()) {
      // A chart helm cannot render is reported on its Chart.yaml, which the run may not have listed (findings on
      // templates that were not asked for stay out of the report).
      if (!texts.has(path) && /(^|[\\/])Chart\.yaml$/.test(path))
        reports.push({ path, findings: rendered.get(path) ?? [] });
    }
    // Kustomize overlays among the files: built with the real kubectl (when there is one). A base outside the files
    // asked for is part of the overlay: its built findings are reported too.
    const yamlPaths = files.filter((file) => file.language === 'yaml').map((file) => file.path);
    const built = values['no-kustomize']
      ? new Map<string, Finding[]>()
      : checkOverlaysWithKubectl(
          yamlPaths,
          () => findKubectl(values.kubectl),
          (path) => texts.get(path),
          resolveKubernetesVersion(kubernetesVersion).version,
        );
    for (const [path, findings] of built) if (!texts.has(path)) reports.push({ path, findings });
    const progress = progressFor(files.length);
    for (const [done, file] of files.entries()) {
      progress?.update(done, relative(process.cwd(), file.path));
      let document = TextDocument.create(file.uri, file.language, 1, file.text);
      shellcheck(document);
      let findings = service.validate(document);
      const renderedHere: Finding[] = rendered.get(file.path) ?? [];
      const builtHere = built.get(file.path) ?? [];
      if (renderedHere.length > 0 || builtHere.length > 0) {
        const { mergeRenderedFindings } = kubernetesEngine();
        findings = mergeRenderedFindings(mergeRenderedFindings(findings, renderedHere), builtHere);
      }
      if (values.fix) {
        for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
          const edits = matchLineEndings(document.getText(), nonOverlappingPreferredEdits(findings));
          if (edits.length === 0) break;
          document = TextDocument.create(
            file.uri,
            file.language,
            document.version + 1,
            applyEdits(document.getText(), edits),
          );
          shellcheck(document);
          findings = service.validate(document);
        }
        if (document.getText() !== file.text) writeFileSync(file.path, document.getText());
      }
      reports.push({ path: file.path, findings, failureThreshold: service.failureThreshold(document) });
      service.forget(file.uri);
    }
    progress?.end();
  } catch (error) {
    if (error instanceof UsageError) {
      err(`shipshape: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const cwd = process.cwd();
  if (format === 'json') out(formatJson(reports, cwd));
  else if (format === 'sarif') out(formatSarif(reports, cwd, version, ruleDescriptions()));
  else out(formatText(reports, cwd));
  return reports.some(fails) ? 1 : 0;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
}

/**
 * `shipshape` run from the command line (cli/start.ts, the bin, calls it): the report on stdout, messages on stderr,
 * a progress line when both are terminals and there are many files. Returns the exit status.
 */
export function runCommandLine(argv: readonly string[]): number {
  return main(
    argv,
    (text) => writeAll(1, text),
    (text) => writeAll(2, text),
    // process.stdout and stderr (streams Node creates on first use, loading node:tty and node:net: milliseconds) only
    // when a progress line may be drawn.
    (total) =>
      total >= PROGRESS_MIN_FILES ? terminalProgress(process.stderr, process.stdout.isTTY === true, total) : undefined,
  );
}
