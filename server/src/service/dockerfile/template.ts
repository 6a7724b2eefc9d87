/**
 * Dockerfile templates: files with template actions that a script renders into Dockerfiles: Go or jq `{{ ... }}`
 * (docker-library's `Dockerfile-linux.template`, a generator's `Dockerfile.tmpl`), Jinja `{% ... %}` (`Dockerfile.j2`)
 * and `%%NAME%%` placeholders that a script replaces, sometimes with several lines (nginxinc/docker-nginx's
 * `Dockerfile-debian.template`). Their text is not a Dockerfile: checking it reports actions as unknown
 * instructions. Shipshape says once that it skipped the file, and checks the rendered Dockerfiles instead.
 */

export interface TemplateMarker {
  /** Document offsets of the first action or placeholder that makes the file a template. */
  start: number;
  end: number;
  /** The marker as written (`{{`, `{%`, `%%NAME%%`). */
  text: string;
}

const PLACEHOLDER = /%%[A-Za-z_][A-Za-z0-9_]*%%/;

/**
 * The extensions generators give their templates: `Dockerfile-debian.template` (docker-library's and nodejs/docker-node's,
 * whose placeholders are whole shell lines a script replaces, `"${NODE_KEYS[@]}"`, and leave the text no marker would
 * tell), `Dockerfile.tmpl`, `Dockerfile.j2`, `Dockerfile.in`.
 */
const TEMPLATE_EXTENSION = /\.(template|tmpl|tpl|gotmpl|j2|jinja2?|in|erb|mustache|hbs)$/i;

/** The template extension a file's name ends with (`.template`), if any: the file is a template by its name. */
export function templateExtensionOf(uri: string): string | undefined {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  return TEMPLATE_EXTENSION.exec(name)?.[0];
}

/**
 * The first template marker, if any. A `{{` or `{%` action counts when it opens a line or sits unquoted on an
 * instruction's first line (`FROM {{ env.base }}`): inside quotes it is ordinary text of a real Dockerfile
 * (`RUN docker inspect --format '{{.Id}}'`, `LABEL x="{{y}}"`), and so is one in the middle of a here-document or a
 * continued shell line. Linear in the text.
 */
export function findTemplateMarker(text: string): TemplateMarker | undefined {
  const candidates = new Candidates(text);
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const open = candidates.next(lineStart);
    if (open === -1) return undefined;
    if (open < lineEnd) {
      const marker = markerOnLine(text, lineStart, lineEnd);
      if (marker) return marker;
    }
    lineStart = Math.max(lineEnd, text.lastIndexOf('\n', open)) + 1;
  }
  return undefined;
}

/** The offset of the next `{{`, `{%` or `%%` (-1 when none): lines without one are skipped in one step, each searched once. */
class Candidates {
  private readonly found = new Map<string, number>();
  constructor(private readonly text: string) {}

  next(from: number): number {
    let nearest = -1;
    for (const token of ['{{', '{%', '%%']) {
      let at = this.found.get(token);
      if (at === undefined || (at !== -1 && at < from)) {
        at = this.text.indexOf(token, from);
        this.found.set(token, at);
      }
      if (at !== -1 && (nearest === -1 || at < nearest)) nearest = at;
    }
    return nearest;
  }
}

const SHELL_LINE = /^\s*(RUN|CMD|ENTRYPOINT|HEALTHCHECK|ONBUILD)\s/i;
const INSTRUCTION_LINE =
  /^\s*(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|FROM|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\s/i;

function markerOnLine(text: string, lineStart: number, lineEnd: number): TemplateMarker | undefined {
  const line = text.slice(lineStart, lineEnd);
  if (/^\s*#/.test(line)) return undefined;
  // A placeholder counts even inside quotes: `"%%PACKAGES%%"` is replaced by the script all the same.
  const placeholder = PLACEHOLDER.exec(line);
  if (placeholder)
    return {
      start: lineStart + placeholder.index,
      end: lineStart + placeholder.index + placeholder[0].length,
      text: placeholder[0],
    };
  const opensLine = /^\s*\{[{%]/.test(line);
  if (!opensLine && !INSTRUCTION_LINE.test(line)) return undefined;
  // In a shell command, unquoted `{{.Names}}` is a docker/kubectl format string; a template action is written
  // `{{ ... }}` or `{{- ... }}`.
  const shell = !opensLine && SHELL_LINE.test(line);
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      continue;
    }
    if (
      char === '{' &&
      (line[index + 1] === '{' || line[index + 1] === '%') &&
      !(shell && line[index + 1] === '{' && !/[\s-]/.test(line[index + 2] ?? ''))
    ) {
      // The action may close on a later line (jq `{{` + `def ...:` lines): look for its end anywhere below.
      const opener = line.slice(index, index + 2);
      const close = text.indexOf(opener === '{{' ? '}}' : '%}', lineStart + index + 2);
      if (close === -1) return undefined;
      return { start: lineStart + index, end: lineStart + index + 2, text: opener };
    }
  }
  return undefined;
}
