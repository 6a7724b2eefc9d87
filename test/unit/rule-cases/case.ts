import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { resolveSettings } from '../../../common/src/contract';
import {
  applyEdits,
  createLanguageService,
  toDiagnostic,
  type Finding,
  type ShipshapeLanguage,
} from '../../../server/src/service';
import { ADVISORY_OFF } from '../../helpers/service';

/**
 * One input to the service: a YAML file (with, for workspace rules, the other files of its workspace) or a Dockerfile
 * (with the files beside it: `.hadolint.yaml`, `.dockerignore`).
 */
export interface Sample {
  text: string;
  /** Defaults to the family's language: `dockerfile` for Dockerfile rules, `yaml` for the rest. */
  language?: ShipshapeLanguage;
  /** The file's name in its folder (`test.yaml`, `Dockerfile`). */
  name?: string;
  /** Other files by name: indexed workspace files for YAML (as the server indexes files on disk), peers for Dockerfiles. */
  files?: Record<string, string>;
  /** Defaults to ADVISORY_OFF: the advisory rules that any minimal manifest trips stay out of the way. */
  settings?: unknown;
}

/** A sample the rule fires on, with the exact range (`line:col-line:col`, written with spanOf) of each of its findings. */
export interface Firing extends Sample {
  ranges: string[];
}

/** A fix the rule offers, by title, applied to the entry's first firing sample (or to `on`) through the code actions. */
export interface FixCase {
  title: string;
  on?: Sample;
}

/** Every catalogue id has one entry: where it fires, a near miss where it stays quiet, and each of its fixes applied. */
export interface RuleCase {
  id: string;
  firing: Firing[];
  quiet: Sample[];
  fixes?: FixCase[];
  /** Why a part cannot be covered here (e.g. it needs helm); the driver counts these and keeps them few. */
  exception?: string;
}

/** The "Ignore ... here" fix that every ignorable finding offers: exempt from fix cases. */
export const IGNORE_TITLE = /^Ignore \S+ here\b/;

const FOLDER = '/ws';

interface Run {
  findings: Finding[];
  titlesOf(found: Finding): string[];
  apply(found: Finding, title: string): string;
}

/** Validates a sample in a fresh service (nothing cached across samples) and gives the code actions of its findings. */
export function run(sample: Sample, language: ShipshapeLanguage): Run {
  const lang = sample.language ?? language;
  const name = sample.name ?? (lang === 'dockerfile' ? 'Dockerfile' : 'test.yaml');
  const peers = new Map(Object.entries(sample.files ?? {}).map(([file, text]) => [`${FOLDER}/${file}`, text]));
  const service = createLanguageService({ fileSystem: { readFile: (path) => peers.get(path.replace(/\\/g, '/')) } });
  service.configure(resolveSettings(sample.settings ?? ADVISORY_OFF));
  if (lang === 'yaml') for (const [path, text] of peers) service.indexFile(`file://${path}`, text);
  const uri = `file://${FOLDER}/${name}`;
  if (lang === 'yaml') service.indexFile(uri, sample.text);
  const document = TextDocument.create(uri, lang, 1, sample.text);
  const findings = service.validate(document);
  const actionsOf = (found: Finding) => service.codeActions(document, found.range, [toDiagnostic(found)]);
  return {
    findings,
    titlesOf: (found) =>
      actionsOf(found)
        .map((action) => action.title)
        .filter((title) => !IGNORE_TITLE.test(title)),
    apply(found, title) {
      const action = actionsOf(found).find((candidate) => candidate.title === title);
      const edits = action?.edit?.changes?.[uri];
      if (!edits)
        throw new Error(
          `no fix "${title}" on ${found.code}; offered: ${
            actionsOf(found)
              .map((candidate) => candidate.title)
              .join(', ') || 'none'
          }`,
        );
      return applyEdits(sample.text, edits);
    },
  };
}

/** The error codes in `after` that `before` did not have: a fix must not bring new errors in. */
export function newErrors(before: readonly Finding[], after: readonly Finding[]): string[] {
  const had = new Set(before.filter((found) => found.severity === DiagnosticSeverity.Error).map((found) => found.code));
  return after
    .filter((found) => found.severity === DiagnosticSeverity.Error && !had.has(found.code))
    .map((found) => String(found.code));
}

/** Replaces one exact piece of a fixture, failing loudly when the fixture does not contain it. */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
