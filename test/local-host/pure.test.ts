// Pure, in-process unit tests of the host's parsers.
import { compareRoutePrecedence, compileRoute, RouteTemplateError } from '../../tools/local-host/routes';
import { parseSchedule, ScheduleParseError, parseField } from '../../tools/local-host/ncrontab';
import { replayJournal } from '../../tools/local-host/durable-store';

describe('route template matcher', () => {
  it('matches literals case-insensitively and extracts parameters', () => {
    const match = compileRoute('users/{userId}/roles/{roleId}');
    expect(match('/Users/u1/ROLES/r%202')).toEqual({ userId: 'u1', roleId: 'r 2' });
    expect(match('users/u1/roles')).toBeNull();
    expect(match('users/u1/roles/r2/extra')).toBeNull();
  });

  it('supports optional parameters and defaults', () => {
    expect(compileRoute('hello/{name?}')('hello')).toEqual({});
    expect(compileRoute('hello/{name?}')('hello/ann')).toEqual({ name: 'ann' });
    expect(compileRoute('page/{n=1}')('page')).toEqual({ n: '1' });
  });

  it('applies constraints', () => {
    const match = compileRoute('items/{id:int}');
    expect(match('items/42')).toEqual({ id: '42' });
    expect(match('items/abc')).toBeNull();
    expect(compileRoute('x/{g:guid}')('x/0f8fad5b-d9cb-469f-a165-70867728950e')).toEqual({ g: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(compileRoute('x/{b:bool}')('x/maybe')).toBeNull();
    expect(compileRoute('x/{a:alpha}')('x/abc')).toEqual({ a: 'abc' });
  });

  it('supports catch-all parameters', () => {
    const match = compileRoute('files/{*path}');
    expect(match('files/a/b/c.txt')).toEqual({ path: 'a/b/c.txt' });
    expect(match('files')).toEqual({});
  });

  it('orders routes literal-first, segment by segment', () => {
    const routes = ['t/{id}/imports/{importId}', 't/{id}/{*rest}', 't/{id}/imports/latest', 't/{id:int}/imports/{importId?}'];
    expect([...routes].sort(compareRoutePrecedence)).toEqual(['t/{id:int}/imports/{importId?}', 't/{id}/imports/latest', 't/{id}/imports/{importId}', 't/{id}/{*rest}']);
  });

  it('rejects unsupported segments', () => {
    expect(() => compileRoute('a/pre{id}')).toThrow(RouteTemplateError);
  });
});

describe('NCRONTAB parser', () => {
  const at = (iso: string): Date => new Date(iso);

  it('finds the next occurrence of a daily schedule (UTC)', () => {
    const s = parseSchedule('0 0 2 * * *');
    expect(s.next(at('2026-01-01T01:00:00Z')).toISOString()).toBe('2026-01-01T02:00:00.000Z');
    expect(s.next(at('2026-01-01T02:00:00Z')).toISOString()).toBe('2026-01-02T02:00:00.000Z');
  });

  it('handles steps, ranges, lists and names', () => {
    expect(parseSchedule('*/15 * * * * *').next(at('2026-01-01T00:00:07Z')).toISOString()).toBe('2026-01-01T00:00:15.000Z');
    expect(parseSchedule('0 30 9-17 * * mon-fri').next(at('2026-01-03T12:00:00Z')).toISOString()).toBe('2026-01-05T09:30:00.000Z'); // Sat -> Mon
    expect(parseSchedule('0 0 0 1 jan,jul *').next(at('2026-02-01T00:00:00Z')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect([...parseField('5-7', 5)].sort()).toEqual([0, 5, 6]); // 7 = Sunday
    expect([...parseField('10/20', 1)]).toEqual([10, 30, 50]);
  });

  it('treats day-of-month and day-of-week as OR when both are restricted', () => {
    // 13th of the month OR a Friday; from Mon 2026-02-02 the next is Fri 2026-02-06
    expect(parseSchedule('0 0 0 13 * fri').next(at('2026-02-02T00:00:00Z')).toISOString()).toBe('2026-02-06T00:00:00.000Z');
  });

  it('accepts TimeSpan schedules', () => {
    expect(parseSchedule('00:05:00').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(parseSchedule('1.00:00:00').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it('rejects malformed schedules', () => {
    expect(() => parseSchedule('0 0 * * *')).toThrow(ScheduleParseError);
    expect(() => parseSchedule('0 61 * * * *')).toThrow(ScheduleParseError);
    expect(() => parseSchedule('0 0 0 * foo *')).toThrow(ScheduleParseError);
  });
});

describe('durable journal replay', () => {
  const snapshot = {
    t: 's',
    state: {
      instanceId: 'i1', name: 'X', input: null, output: null, customStatus: null, createdTime: 't', lastUpdatedTime: 't',
      runtimeStatus: 'Running', parent: null, suspended: false, executionId: 'e1', history: [], inbox: [], nextInboxN: 0,
      nextSeq: 0, knownActions: 0, actionSigs: [], pending: [],
    },
  };
  const ev = (n: number) => ({ t: 'e', entry: { n, executionId: 'e1', event: { EventType: 5, EventId: -1, IsPlayed: false, Timestamp: 't', TaskScheduledId: n } } });

  it('applies inbox entries and patches, and ignores a torn final line', () => {
    const lines = [
      JSON.stringify(snapshot),
      JSON.stringify(ev(0)),
      JSON.stringify(ev(1)),
      JSON.stringify({ t: 'p', patch: { consumedThrough: 0, nextSeq: 3, pendingAdd: [[2, { kind: 'timer', fireAt: 'x', actionIndex: 0 }]], set: { customStatus: 'c' } } }),
      '{"t":"e","entry":{"n":2,', // killed mid-write
    ];
    const state = replayJournal(lines.join('\n'), 'test');
    expect(state.inbox.map((e) => e.n)).toEqual([1]);
    expect(state.nextSeq).toBe(3);
    expect(state.nextInboxN).toBe(2);
    expect(state.customStatus).toBe('c');
    expect([...state.pending.keys()]).toEqual([2]);
  });
});
