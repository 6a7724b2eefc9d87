import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../../types';
import { PLATFORM_ARG_DEFAULTS, PLATFORM_ARGS } from '../../catalog';
import type { DockerfileContext } from '../../context';
import { ExpansionError, expandWord } from '../../expand';
import { findReferences } from '../../variables';
import type { DockerfileRule } from '../rule';
import { holdsSubstitutionToken, isImageReference } from '../../../common/imageReference';

export const messages = {
  invalid: (image: string) => `Default value for ARG ${image} results in empty or invalid base image name`,
  literal: (image: string) =>
    `FROM ${image} is not a valid image reference ([registry/]repository[:tag][@digest], the repository lower-case): the build fails with "invalid reference format"`,
};

/**
 * InvalidDefaultArgInFrom: with the ARG defaults alone, the FROM image is empty or malformed (`alpine:` from an
 * empty TAG). BuildKit (dockerfile2llb/validations.go, validateBaseImagesWithDefaultArgs) builds the global ARGs as
 * `buildMetaArgs` does without build arguments, then expands each FROM with the shell lexer and parses the result
 * with `reference.ParseNormalizedNamed`.
 */
export const InvalidDefaultArgInFrom: DockerfileRule = {
  id: 'InvalidDefaultArgInFrom',
  origin: 'buildkit',
  severity: DiagnosticSeverity.Warning,
  description: 'The FROM image name, with the ARG defaults, is empty or not a valid reference.',
  reference:
    'moby/buildkit frontend/dockerfile/dockerfile2llb/validations.go (validateBaseImagesWithDefaultArgs, buildMetaArgs)',
  check(context) {
    const findings: RuleFinding[] = [];
    const escape = context.parsed.escape;
    const defaults = globalDefaults(context);
    // BuildKit skips the whole check when a default fails to expand: the build fails on it later anyway.
    if (!defaults) return findings;
    const declared = new Set<string>(PLATFORM_ARGS);
    for (const arg of context.globalArgs) for (const pair of argPairs(arg.args)) declared.add(pair.key);
    for (const stage of context.stages) {
      const image = stage.image;
      if (!image) continue;
      // BuildKit parses every FROM, ARGs or not: a literal name that an earlier stage does not answer (in any case,
      // as the build looks stages up) must parse too, unless it is a token a script fills in (`<image>`, `BASE_IMAGE`).
      if (!image.value.includes('$')) {
        if (!stage.parent && !isImageReference(image.value) && !holdsSubstitutionToken(image.value))
          findings.push({ range: context.range(image.start, image.end), message: messages.literal(image.value) });
        continue;
      }
      // A name no ARG declares is UndefinedArgInFrom's finding; one "invalid image" on top of it says nothing new.
      const references = findReferences(image.value, image.start, escape);
      if (references.some((reference) => !declared.has(reference.name) && !reference.hasModifier)) continue;
      let expanded: string;
      try {
        expanded = expandWord(image.value, defaults, escape);
      } catch (error) {
        // BuildKit stops checking the later stages too when one FROM fails to expand.
        if (error instanceof ExpansionError) break;
        throw error;
      }
      // ParseNormalizedNamed's grammar, as the kubelet's: an upper-case repository (`ARG IMG=MyApp`) fails too.
      if (!isImageReference(expanded))
        findings.push({ range: context.range(image.start, image.end), message: messages.invalid(image.value) });
    }
    return findings;
  },
};

/**
 * What BuildKit builds without build arguments: its own platform ARGs (`defaultArgs`) for a linux/amd64 builder
 * with no --platform and no --target, then each global ARG default in order, expanded with the variables before it
 * (`ARG IMAGE=${DISTRO}:3.20`, `ARG B=${TARGETPLATFORM#linux/amd64}`). An ARG without a default leaves the name as
 * it was: unset, or the platform value (`ARG TARGETARCH`). Undefined when a default does not expand.
 */
function globalDefaults(context: DockerfileContext): Map<string, string> | undefined {
  const last = context.stages[context.stages.length - 1];
  const variables = new Map<string, string>(Object.entries(PLATFORM_ARG_DEFAULTS));
  variables.set('TARGETSTAGE', last?.name?.value.toLowerCase() ?? '');
  for (const arg of context.globalArgs) {
    for (const { key, value } of argPairs(arg.args)) {
      if (value === undefined) continue;
      try {
        variables.set(key, expandWord(value, variables, context.parsed.escape));
      } catch (error) {
        if (error instanceof ExpansionError) return undefined;
        throw error;
      }
    }
  }
  return variables;
}

/**
 * An ARG's `name[=value]` words, the value as written (quotes kept): BuildKit's parser splits at the first `=` and
 * leaves the quotes to the lexer, so `ARG B=${B:+"x"}` and `ARG T='$HOME'` expand as the shell would.
 */
function argPairs(words: readonly { value: string }[]): { key: string; value: string | undefined }[] {
  return words.map((word) => {
    const equals = word.value.indexOf('=');
    return equals === -1
      ? { key: word.value, value: undefined }
      : { key: word.value.slice(0, equals), value: word.value.slice(equals + 1) };
  });
}
