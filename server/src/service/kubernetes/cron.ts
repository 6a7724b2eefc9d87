/**
 * The CronJob schedule syntax as the API server parses it: robfig/cron v3's ParseStandard (five fields, or a
 * descriptor), called from pkg/apis/batch/validation validateScheduleFormat. Returns what is wrong, or undefined.
 */

interface FieldBounds {
  name: string;
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** robfig/cron v3 parser.go: minutes, hours, dom, months, dow (0-6: 7 is out of range there). */
const FIELDS: readonly FieldBounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** A Go duration (`time.ParseDuration`): `90s`, `1h30m`, `1.5h`. */
const GO_DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;

export function cronScheduleError(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed === '') return 'the schedule is empty';
  if (trimmed.includes('TZ'))
    return 'TZ= and CRON_TZ= are not allowed in the schedule (the API server rejects them): use spec.timeZone';
  if (trimmed.startsWith('@')) {
    if (trimmed.startsWith('@every ')) {
      const duration = trimmed.slice('@every '.length).trim();
      return GO_DURATION.test(duration) ? undefined : `"${duration}" is not a duration (@every 1h30m)`;
    }
    return DESCRIPTORS.has(trimmed.toLowerCase())
      ? undefined
      : `unknown descriptor ${trimmed}: use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or five fields`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== FIELDS.length)
    return `expected five fields (minute hour day-of-month month day-of-week), found ${fields.length}${fields.length === 6 ? ' (seconds are not supported)' : ''}`;
  for (let index = 0; index < FIELDS.length; index++) {
    const problem = fieldError(fields[index], FIELDS[index]);
    if (problem) return `${FIELDS[index].name} "${fields[index]}": ${problem}`;
  }
  return undefined;
}

function fieldError(field: string, bounds: FieldBounds): string | undefined {
  for (const part of field.split(',')) {
    const problem = rangeError(part, bounds);
    if (problem) return problem;
  }
  return undefined;
}

/** robfig/cron getRange: `*` or `?`, `n`, `a-b`, each with an optional `/step`. */
function rangeError(expression: string, bounds: FieldBounds): string | undefined {
  const [range, step, ...extra] = expression.split('/');
  if (extra.length > 0) return 'too many slashes';
  let start: number;
  let end: number;
  if (range === '*' || range === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    const [low, high, ...rest] = range.split('-');
    if (rest.length > 0) return 'too many hyphens';
    const lowValue = value(low, bounds);
    if (typeof lowValue === 'string') return lowValue;
    start = lowValue;
    if (high === undefined) {
      end = step === undefined ? start : bounds.max;
    } else {
      const highValue = value(high, bounds);
      if (typeof highValue === 'string') return highValue;
      end = highValue;
    }
  }
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `"${step}" is not a step`;
    if (Number(step) === 0) return 'a step must be positive';
  }
  if (start < bounds.min) return `${start} is below the minimum ${bounds.min}`;
  if (end > bounds.max) return `${end} is above the maximum ${bounds.max}`;
  if (start > end) return `the range starts after it ends (${start} > ${end})`;
  return undefined;
}

function value(text: string, bounds: FieldBounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) return `"${text}" is not a number${bounds.names ? ' or a name' : ''}`;
  return Number(text);
}

/**
 * `spec.timeZone`: the API server rejects `Local` and anything Go's time.LoadLocation cannot load
 * (pkg/apis/batch/validation validateTimeZone). The form is checked here; whether the zone exists is known only to
 * a tz database, so that part is a warning from the runtime's own (ICU's) list.
 */
export function timeZoneFormError(zone: string): string | undefined {
  if (zone.toLowerCase() === 'local')
    return '"Local" is not allowed: name an explicit IANA time zone (Europe/Paris, UTC)';
  if (!/^[A-Za-z][A-Za-z0-9._+-]*(?:\/[A-Za-z0-9._+-]+)*$/.test(zone) || zone.length > 255)
    return `"${zone}" is not an IANA time zone name (Area/Location, such as Europe/Paris, or UTC)`;
  return undefined;
}

export function isKnownTimeZone(zone: string): boolean | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch (error) {
    return error instanceof RangeError ? false : undefined;
  }
}
