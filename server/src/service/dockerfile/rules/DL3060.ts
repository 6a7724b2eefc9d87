import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Instruction } from '../parse/model';
import { missingCleanup } from './cleanup';
import { argumentIn, programOf, runsWith } from './commands';
import { mountsCache } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = { clean: '`yarn cache clean` missing after `yarn install` was run.' };

/**
 * DL3060: `yarn install` keeps its package cache in the layer unless the same RUN runs `yarn cache clean` after it or
 * a cache or tmpfs mount holds `.cache/yarn`. As hadolint (src/Hadolint/Rule/DL3060.hs), only in stages that end up
 * in an image: the last one and those another stage builds FROM (a builder's cache is thrown away); ONBUILD RUNs
 * always (they run in the child images).
 */
export const DL3060: DockerfileRule = {
  id: 'DL3060',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: '`yarn cache clean` missing after `yarn install` was run.',
  fix: "suggestion: appends && yarn cache clean to the RUN (under Yarn 2/3 Plug'n'Play the cache is the packages)",
  reference: 'hadolint src/Hadolint/Rule/DL3060.hs',
  check(context) {
    const stages = context.stages;
    const kept = new Set(stages.length === 0 ? [] : [stages[stages.length - 1]]);
    for (const stage of stages) if (stage.parent) kept.add(stage.parent);
    const triggers = new Set(context.instructions.map((instruction) => instruction.trigger));
    const only = new Set<Instruction>();
    for (const run of context.runs()) {
      const stage = context.stageOf(run);
      if (stage === undefined || kept.has(stage) || triggers.has(run)) only.add(run);
    }
    return missingCleanup(context, {
      install: (command) => (programOf(command) === 'yarn' ? argumentIn(command, ['install']) : undefined),
      clean: (command) => runsWith(command, ['yarn'], ['cache', 'clean']),
      exempt: (run) => mountsCache(run, [], '.cache/yarn'),
      only,
      cleanCommand: () => 'yarn cache clean',
      message: messages.clean,
      // Yarn 2 and 3 keep the cache in the project (.yarn/cache) by default, and under Plug'n'Play those zip files
      // are the installed packages: cleaning them breaks the app. Which yarn runs is not known here: a suggestion.
      preferred: false,
    });
  },
};
