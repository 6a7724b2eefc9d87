import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import type { DockerfileContext, Stage } from '../context';
import type { Instruction } from '../parse/model';
import { mountsCache, packageCalls, type PackageProgram } from './packageManagers';
import type { DockerfileRule } from './rule';

export const messages = {
  lists: 'Delete the apt-get lists after installing something',
  fixTitle: 'Add && rm -rf /var/lib/apt/lists/* to this RUN',
};

const CLEANUP = /rm\s+(-[a-zA-Z]+\s+)*(-[a-zA-Z]+\s+)?\/var\/lib\/apt\/lists\/?(\*|\s|$)/;
/** `apt-get dist-clean` (apt 2.7+, Debian trixie's official images use it) removes the lists too; hadolint does not know it yet. */
const APT_TOOLS: readonly PackageProgram[] = ['apt-get', 'apt', 'aptitude'];
const DIST_CLEAN = /\bapt(-get)?\s+(-\S+\s+)*dist-clean\b/;

/**
 * DL3009: `apt-get update` leaves ~40 MB of package lists in the layer unless the same RUN removes them. Only in
 * stages that end up in an image (the last one, and those another stage builds FROM): a builder's lists are thrown away.
 */
/**
 * A later RUN that installs with apt without its own `apt-get update` relies on the lists this one leaves: removing
 * them would break that RUN, so then the fix is only a suggestion (never applied by fix-all).
 */
function laterAptInstall(context: DockerfileContext, run: Instruction): boolean {
  const updated = new Set(APT_TOOLS.flatMap((tool) => packageCalls(context, tool, ['update']).map((call) => call.run)));
  for (const call of APT_TOOLS.flatMap((tool) => packageCalls(context, tool, ['install']))) {
    if (call.run.start > run.start && !updated.has(call.run)) return true;
  }
  return false;
}

export const DL3009: DockerfileRule = {
  id: 'DL3009',
  origin: 'hadolint',
  severity: DiagnosticSeverity.Information,
  description: 'Delete the apt-get lists after installing something.',
  check(context) {
    const findings: RuleFinding[] = [];
    const kept = new Set<Stage | undefined>([context.stages[context.stages.length - 1]]);
    for (const stage of context.stages) if (stage.parent) kept.add(stage.parent);
    const reported = new Set<unknown>();
    // An ONBUILD RUN runs in the images built FROM this one: its lists stay there whichever stage holds it (as hadolint).
    const triggers = new Set(
      context.instructions.map((instruction) => instruction.trigger).filter((trigger) => trigger !== undefined),
    );
    // hadolint's hasUpdate: `apt-get update`, `apt update` and `aptitude update` all leave the lists.
    const updates = APT_TOOLS.flatMap((tool) => packageCalls(context, tool, ['update']));
    updates.sort((a, b) => a.command.start - b.command.start);
    for (const call of updates) {
      const run = call.run;
      if (reported.has(run)) continue;
      if (!kept.has(context.stageOf(run)) && !triggers.has(run)) continue;
      // hadolint (src/Hadolint/Rule/DL3009.hs): a cache or tmpfs on the lists, or on both /var/lib/apt and
      // /var/cache/apt; /var/lib/apt alone still leaves the downloaded packages in the layer.
      if (
        mountsCache(run, ['/var/lib/apt/lists'], '/var/lib/apt/lists') ||
        (mountsCache(run, ['/var/lib/apt']) && mountsCache(run, ['/var/cache/apt']))
      )
        continue;
      const text = context.text.slice(run.start, run.end);
      if (CLEANUP.test(text) || DIST_CLEAN.test(text)) continue;
      reported.add(run);
      const commands = context.shell(run);
      const last = commands[commands.length - 1];
      const multiline = context.position(run.start).line !== context.position(last.end).line;
      const addition = multiline
        ? ` \\\n${context.indentOf(last.start) || '    '}&& rm -rf /var/lib/apt/lists/*`
        : ' && rm -rf /var/lib/apt/lists/*';
      findings.push({
        range: context.range(call.command.start, call.subcommand.end),
        message: messages.lists,
        fixes:
          run.heredocs.length > 0 || context.parsed.escape !== '\\'
            ? []
            : [
                {
                  title: messages.fixTitle,
                  edits: [context.insert(last.end, addition)],
                  isPreferred: !laterAptInstall(context, run),
                },
              ],
      });
    }
    return findings;
  },
};
