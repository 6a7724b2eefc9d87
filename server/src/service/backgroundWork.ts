import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShipshapeSettings } from '../../../common/src/contract';
import type { DocumentContext } from './kubernetes/analyze';
import type { PlacedAnalysis } from './kubernetes/yamlFile';
import { kubernetesEngine } from './engines';
import type { Finding } from './types';
import type { ShellcheckSnapshot } from './dockerfile/shellcheck';

/**
 * The part of a validation that grows with a file's size, as data: a caller that must stay responsive (the LSP
 * server) runs it on a worker thread (handlers/backgroundAnalysis.ts) and hands the result back, and the
 * validation that follows is then as cheap as one after a small edit. Issue 15 item 8: a 7 MB YAML or a 4 MB
 * Dockerfile held the server's main thread for 7 to 14 s on its first validation.
 *
 * - YAML: the documents the file's analyser has not cached (all of them, on opening a file), analysed as the
 *   analyser would; the analyses are cached by text, so they hold whatever version of the file they came from.
 * - Dockerfile: the whole validation (one parse, every rule), good for one version and one set of settings.
 */
export type BackgroundWork =
  | { kind: 'yaml'; uri: string; texts: string[]; lines: number[]; context: DocumentContext }
  | {
      kind: 'dockerfile';
      uri: string;
      version: number;
      text: string;
      settings: ShipshapeSettings;
      /** What ShellCheck found in RUN scripts so far, merged into the findings as on the main thread. */
      shellcheck: ShellcheckSnapshot;
    };

export type BackgroundResult =
  { kind: 'yaml'; analyses: PlacedAnalysis[] } | { kind: 'dockerfile'; findings: Finding[] };

/**
 * Below this many characters to analyse, a validation runs where it is asked for: well under half a second on a
 * busy machine. A Dockerfile costs about ten times more per character than YAML (2.4 s for 1 MB).
 */
export const BACKGROUND_MIN_CHARS = { yaml: 256 * 1024, dockerfile: 64 * 1024 } as const;

/** Runs background work: pure, the same wherever it runs. `dockerfile` validates a Dockerfile with given settings. */
export function runBackgroundWork(
  work: BackgroundWork,
  dockerfile: (document: TextDocument, settings: ShipshapeSettings, shellcheck: ShellcheckSnapshot) => Finding[],
): BackgroundResult {
  if (work.kind === 'yaml') {
    // The language service's own facade imports this file for the constant above: the analyser is loaded here, on use.
    const { analyzeYamlDocument, analyzeChunk, placeFindings } = kubernetesEngine();
    const analyze = (text: string) => analyzeYamlDocument(text, work.context);
    // Placed at their lines here, off the caller's thread: shifting every finding was most of what was left to do.
    return {
      kind: 'yaml',
      analyses: work.texts.map((text, index) => placeFindings(analyzeChunk(analyze, text), work.lines[index])),
    };
  }
  const document = TextDocument.create(work.uri, 'dockerfile', work.version, work.text);
  return { kind: 'dockerfile', findings: dockerfile(document, work.settings, work.shellcheck) };
}
