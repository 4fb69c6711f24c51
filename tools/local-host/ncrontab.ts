/**
 * Timer trigger schedules: six-field NCRONTAB "{second} {minute} {hour} {day} {month} {day-of-week}"
 * evaluated in UTC (WEBSITE_TIME_ZONE is not supported), or the TimeSpan form "[d.]hh:mm:ss"
 * meaning "every interval".
 */
export class ScheduleParseError extends Error {}

export interface Schedule {
  /** The first occurrence strictly after `from`. */
  next(from: Date): Date;
}

const FIELD_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];
const MONTH_NAMES: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAY_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function parseValue(text: string, fieldIndex: number, schedule: string): number {
  const names = fieldIndex === 4 ? MONTH_NAMES : fieldIndex === 5 ? DAY_NAMES : undefined;
  const named = names?.[text.toLowerCase()];
  const value = named ?? (/^\d+$/.test(text) ? Number(text) : NaN);
  const [lo, hi] = FIELD_RANGES[fieldIndex] ?? [0, 0];
  const normalized = fieldIndex === 5 && value === 7 ? 0 : value;
  if (!Number.isInteger(normalized) || (normalized < lo || normalized > hi)) {
    throw new ScheduleParseError(`Bad value "${text}" in field ${fieldIndex + 1} of schedule "${schedule}"`);
  }
  return normalized;
}

export function parseField(expr: string, fieldIndex: number, schedule = expr): Set<number> {
  const [lo, hi] = FIELD_RANGES[fieldIndex] ?? [0, 0];
  const values = new Set<number>();
  for (const part of expr.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new ScheduleParseError(`Bad step "${stepText}" in schedule "${schedule}"`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = lo;
      to = hi;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = parseValue(a, fieldIndex, schedule);
      to = parseValue(b, fieldIndex, schedule);
      // "5-7" in day-of-week: 7 normalizes to 0 (Sunday)
      if (fieldIndex === 5 && b === '7') {
        to = 6;
        values.add(0);
      }
    } else {
      from = parseValue(range, fieldIndex, schedule);
      to = stepText === undefined ? from : hi;
    }
    if (from > to) throw new ScheduleParseError(`Bad range "${range}" in schedule "${schedule}"`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/;

export function parseSchedule(schedule: string): Schedule {
  const span = TIMESPAN.exec(schedule.trim());
  if (span) {
    const [, days = '0', h = '0', m = '0', s = '0'] = span;
    const intervalMs = (((Number(days) * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000;
    if (intervalMs <= 0) throw new ScheduleParseError(`TimeSpan schedule "${schedule}" must be positive`);
    return { next: (from) => new Date(from.getTime() + intervalMs) };
  }
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 6) throw new ScheduleParseError(`Timer schedule "${schedule}" must have 6 fields (NCRONTAB with seconds)`);
  const [sec, min, hour, dom, mon, dow] = fields.map((f, i) => parseField(f, i, schedule)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const domAny = fields[3] === '*';
  const dowAny = fields[5] === '*';
  // cron semantics: when both day fields are restricted, either may match
  const dayMatches = (d: Date): boolean => {
    const byDom = dom.has(d.getUTCDate());
    const byDow = dow.has(d.getUTCDay());
    if (domAny && dowAny) return true;
    if (domAny) return byDow;
    if (dowAny) return byDom;
    return byDom || byDow;
  };
  return {
    next(from: Date): Date {
      const d = new Date(Math.floor(from.getTime() / 1000) * 1000 + 1000);
      // bounded search: at most a few years of skipping whole months/days/hours/minutes
      for (let guard = 0; guard < 1_000_000; guard++) {
        if (!mon.has(d.getUTCMonth() + 1)) {
          d.setUTCMonth(d.getUTCMonth() + 1, 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!dayMatches(d)) {
          d.setUTCDate(d.getUTCDate() + 1);
          d.setUTCHours(0, 0, 0, 0);
        } else if (!hour.has(d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
        } else if (!min.has(d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
        } else if (!sec.has(d.getUTCSeconds())) {
          d.setUTCSeconds(d.getUTCSeconds() + 1, 0);
        } else {
          return new Date(d.getTime());
        }
      }
      throw new ScheduleParseError(`No occurrence of "${schedule}" found`);
    },
  };
}
