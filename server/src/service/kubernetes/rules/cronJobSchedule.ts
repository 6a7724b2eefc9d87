import { isScalar } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { RuleFinding } from '../../types';
import { cronScheduleError, isKnownTimeZone, timeZoneFormError } from '../cron';
import { isPlaceholder } from '../placeholders';
import type { KubernetesRule } from './rule';

export const messages = {
  schedule: (problem: string) => `spec.schedule: ${problem}`,
  timeZone: (problem: string) => `spec.timeZone: ${problem}`,
  unknownZone: (zone: string) =>
    `spec.timeZone: "${zone}" is not a time zone this checker knows; the API server rejects a zone its tz database lacks`,
};

/**
 * A CronJob's `schedule` as the API server parses it (robfig/cron ParseStandard: five fields or a descriptor; `TZ=`
 * inside it rejected on create), and its `timeZone` (not `Local`, an IANA name the server's tz database has).
 */
export const cronJobScheduleRule: KubernetesRule = {
  id: 'k8s/cronjob-schedule',
  severity: DiagnosticSeverity.Error,
  description:
    'a CronJob `schedule` the API server cannot parse (five fields: ranges, steps, names; or @yearly/@monthly/@weekly/@daily/@hourly...; no `TZ=`), or a `timeZone` that is `Local` or not an IANA name (an unknown zone: warning)',
  family: 'kubernetes-workloads',
  reference:
    'pkg/apis/batch/validation: validateScheduleFormat (robfig/cron v3 ParseStandard; "cannot use TZ or CRON_TZ in schedule"), validateTimeZone (time.LoadLocation, not Local)',
  kinds: ['CronJob'],
  check(manifest) {
    const findings: RuleFinding[] = [];
    const schedule = manifest.nodeAt(['spec', 'schedule']);
    if (isScalar(schedule) && typeof schedule.value === 'string' && !isPlaceholder(schedule.value)) {
      const problem = cronScheduleError(schedule.value);
      if (problem) findings.push({ range: manifest.rangeOf(schedule), message: messages.schedule(problem) });
    }
    const zone = manifest.nodeAt(['spec', 'timeZone']);
    if (isScalar(zone) && typeof zone.value === 'string' && !isPlaceholder(zone.value)) {
      const problem = timeZoneFormError(zone.value);
      if (problem) findings.push({ range: manifest.rangeOf(zone), message: messages.timeZone(problem) });
      else if (isKnownTimeZone(zone.value) === false)
        findings.push({
          range: manifest.rangeOf(zone),
          message: messages.unknownZone(zone.value),
          severity: DiagnosticSeverity.Warning,
        });
    }
    return findings;
  },
};
