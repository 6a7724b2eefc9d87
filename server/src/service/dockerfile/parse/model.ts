import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Logical } from './logical';

/**
 * A word of an instruction, as dockerfile-ast splits the arguments: its text as written (continuations removed,
 * quotes and escapes kept, so that offsets inside it map to the document) and document offsets.
 */
export interface Word {
  value: string;
  start: number;
  end: number;
}

/** A `--name=value` flag before an instruction's arguments. Offsets are document offsets. */
export interface Flag {
  name: string;
  value: string | undefined;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
}

/** A here-document (`<<EOF` ... `EOF`) of a RUN, COPY or ADD. */
export interface Heredoc {
  name: string;
  /** The `<<EOF` marker. */
  start: number;
  end: number;
  /** The body, without the terminating line; `contentEnd` is where the terminator line starts (or the file ends). */
  contentStart: number;
  contentEnd: number;
  terminated: boolean;
}

/** A parser directive at the top of the file (`# syntax=`, `# escape=`, `# check=`). */
export interface Directive {
  name: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
  line: number;
}

/** A comment line (not a directive), with the text after `#`. */
export interface Comment {
  text: string;
  start: number;
  end: number;
  line: number;
}

/** A JSON-form argument list (`["a", "b"]`): each string's decoded value and document span (quotes included). */
export interface JsonForm {
  values: Word[];
  start: number;
  end: number;
}

export interface Instruction {
  /** Upper-cased keyword (`RUN`); the text as written is `written`. */
  keyword: string;
  written: string;
  keywordStart: number;
  keywordEnd: number;
  /** From the keyword to the end of its last line (heredoc bodies included). */
  start: number;
  end: number;
  line: number;
  endLine: number;
  /** Everything after the keyword, as one logical line. */
  body: Logical;
  flags: Flag[];
  /** The words after the flags. */
  args: Word[];
  /** Logical offset in `body` where the arguments (after the flags) start. */
  argsAt: number;
  json: JsonForm | undefined;
  heredocs: Heredoc[];
  /** ONBUILD's instruction. */
  trigger: Instruction | undefined;
  /** Document offsets of empty lines inside a continuation. */
  emptyContinuations: number[];
}

/** The whole file, parsed once by dockerfile-ast and shared by every rule. */
export interface ParsedDockerfile {
  text: string;
  /** The document the offsets are in: positions and offsets convert through it. */
  document: TextDocument;
  escape: string;
  directives: Directive[];
  comments: Comment[];
  instructions: Instruction[];
}
