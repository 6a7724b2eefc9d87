import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { keyValues } from '../../scope';
import type { DockerfileRule } from '../rule';

export const messages = {
  invalid: (image: string) => `Default value for ARG ${image} results in empty or invalid base image name`,
};

/** `${NAME}`, `${NAME-word}`/`${NAME:-word}`, `${NAME+word}`/`${NAME:+word}`, `$NAME`: the colon forms treat empty as unset. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** InvalidDefaultArgInFrom: with the ARG defaults, the FROM image is empty or malformed (`alpine:` from an empty TAG). */
export const InvalidDefaultArgInFrom: DockerfileRule = {
  id: 'InvalidDefaultArgInFrom',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'With the ARG defaults, the FROM image name is empty or invalid.',
  check(context) {
    const findings: RuleFinding[] = [];
    // An ARG without a default is declared but unset (undefined), which `${NAME-word}` tells apart from empty.
    const defaults = new Map<string, string | undefined>();
    for (const arg of context.globalArgs)
      for (const pair of keyValues(context, arg)) defaults.set(pair.key, pair.value);
    for (const stage of context.stages) {
      const image = stage.image;
      if (!image || !image.value.includes('$')) continue;
      let unknown = false;
      const expanded = image.value.replace(
        VARIABLE,
        (
          _match,
          braced: string | undefined,
          colon: string | undefined,
          modifier: string | undefined,
          word: string | undefined,
          plain: string | undefined,
        ) => {
          const name = braced ?? plain ?? '';
          if (!defaults.has(name)) {
            unknown = true; // UndefinedArgInFrom's finding, or a platform ARG only known at build time
            return 'x';
          }
          const value = defaults.get(name);
          const unset = value === undefined || (colon === ':' && value === '');
          if (modifier === '-') return unset ? (word ?? '') : value;
          if (modifier === '+') return unset ? '' : (word ?? '');
          return value ?? '';
        },
      );
      if (unknown) continue;
      if (
        !/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@[a-z0-9]+:[a-f0-9]{32,})?$/i.test(
          expanded,
        )
      ) {
        findings.push({ range: context.range(image.start, image.end), message: messages.invalid(image.value) });
      }
    }
    return findings;
  },
};
