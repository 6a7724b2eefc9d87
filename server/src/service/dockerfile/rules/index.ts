import { ConsistentInstructionCasing } from './buildkit/ConsistentInstructionCasing';
import { CopyIgnoredFile } from './buildkit/CopyIgnoredFile';
import { ExposeInvalidFormat } from './buildkit/ExposeInvalidFormat';
import { ExposeProtoCasing } from './buildkit/ExposeProtoCasing';
import { FromAsCasing } from './buildkit/FromAsCasing';
import { FromPlatformFlagConstDisallowed } from './buildkit/FromPlatformFlagConstDisallowed';
import { InvalidDefaultArgInFrom } from './buildkit/InvalidDefaultArgInFrom';
import { InvalidDefinitionDescription } from './buildkit/InvalidDefinitionDescription';
import { LegacyKeyValueFormat } from './buildkit/LegacyKeyValueFormat';
import { NoEmptyContinuation } from './buildkit/NoEmptyContinuation';
import { RedundantTargetPlatform } from './buildkit/RedundantTargetPlatform';
import { ReservedStageName } from './buildkit/ReservedStageName';
import { SecretsUsedInArgOrEnv } from './buildkit/SecretsUsedInArgOrEnv';
import { StageNameCasing } from './buildkit/StageNameCasing';
import { UndefinedArgInFrom } from './buildkit/UndefinedArgInFrom';
import { UndefinedVar } from './buildkit/UndefinedVar';
import { DL3000 } from './DL3000';
import { DL3002 } from './DL3002';
import { DL3003 } from './DL3003';
import { DL3004 } from './DL3004';
import { DL3006 } from './DL3006';
import { DL3007 } from './DL3007';
import { DL3008 } from './DL3008';
import { DL3009 } from './DL3009';
import { DL3011 } from './DL3011';
import { DL3012 } from './DL3012';
import { DL3013 } from './DL3013';
import { DL3014 } from './DL3014';
import { DL3015 } from './DL3015';
import { DL3018 } from './DL3018';
import { DL3019 } from './DL3019';
import { DL3020 } from './DL3020';
import { DL3021 } from './DL3021';
import { DL3022 } from './DL3022';
import { DL3023 } from './DL3023';
import { DL3024 } from './DL3024';
import { DL3025 } from './DL3025';
import { DL3026 } from './DL3026';
import { DL3027 } from './DL3027';
import { DL3042 } from './DL3042';
import { DL3043 } from './DL3043';
import { DL3044 } from './DL3044';
import { DL3045 } from './DL3045';
import { DL3059 } from './DL3059';
import { DL3061 } from './DL3061';
import { DL4000 } from './DL4000';
import { DL4003 } from './DL4003';
import { DL4004 } from './DL4004';
import { DL4006 } from './DL4006';
import type { DockerfileRule } from './rule';
import { argumentsRule } from './syntax/arguments';
import { flagValueRule } from './syntax/flagValue';
import { heredocRule } from './syntax/heredoc';
import { instructionCasingRule } from './syntax/instructionCasing';
import { jsonSingleQuotesRule } from './syntax/jsonSingleQuotes';
import { noFromRule } from './syntax/noFrom';
import { unknownFlagRule } from './syntax/unknownFlag';
import { unknownInstructionRule } from './syntax/unknownInstruction';

/** Syntax checks: every error in one pass, not just the first. */
export const SYNTAX_RULES: readonly DockerfileRule[] = [
  unknownInstructionRule,
  instructionCasingRule,
  unknownFlagRule,
  flagValueRule,
  argumentsRule,
  heredocRule,
  noFromRule,
  jsonSingleQuotesRule,
];

/** hadolint's rules, under hadolint's ids, so existing `# hadolint ignore=` pragmas and configs keep working. */
export const HADOLINT_RULES: readonly DockerfileRule[] = [
  DL3000,
  DL3002,
  DL3003,
  DL3004,
  DL3006,
  DL3007,
  DL3008,
  DL3009,
  DL3011,
  DL3012,
  DL3013,
  DL3014,
  DL3015,
  DL3018,
  DL3019,
  DL3020,
  DL3021,
  DL3022,
  DL3023,
  DL3024,
  DL3025,
  DL3026,
  DL3027,
  DL3042,
  DL3043,
  DL3044,
  DL3045,
  DL3059,
  DL3061,
  DL4000,
  DL4003,
  DL4004,
  DL4006,
];

/** BuildKit's build checks that hadolint has no twin for, under BuildKit's names (`# check=skip=` uses them). */
export const BUILDKIT_RULES: readonly DockerfileRule[] = [
  UndefinedVar,
  UndefinedArgInFrom,
  SecretsUsedInArgOrEnv,
  LegacyKeyValueFormat,
  StageNameCasing,
  FromAsCasing,
  RedundantTargetPlatform,
  InvalidDefaultArgInFrom,
  ExposeProtoCasing,
  CopyIgnoredFile,
  NoEmptyContinuation,
  ReservedStageName,
  FromPlatformFlagConstDisallowed,
  InvalidDefinitionDescription,
  ConsistentInstructionCasing,
  ExposeInvalidFormat,
];

export const ALL_RULES: readonly DockerfileRule[] = [...SYNTAX_RULES, ...HADOLINT_RULES, ...BUILDKIT_RULES];
