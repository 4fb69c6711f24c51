import type { OrchestrationContext } from 'durable-functions';
import { names } from '../../../functions/names';

// Outside a Functions host, @azure/functions warns that it skips registration; that is expected here.
const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
const { importTenantRolesOrchestrator, PARALLEL_WRITE_BATCHES, WRITE_BATCH_SIZE } =
  require('../../../functions/orchestrators/importTenantRoles') as typeof import('../../../functions/orchestrators/importTenantRoles');
warn.mockRestore();

/**
 * The orchestrator stepped with a fake context: what it schedules, in which order, with which
 * (reference-only) inputs, and what it reports. No Durable runtime involved.
 */
interface Call {
  name: string;
  input: any;
}

function fakeContext(input: unknown) {
  const calls: Call[] = [];
  const statuses: any[] = [];
  const df = {
    getInput: () => input,
    callActivityWithRetry: (name: string, _retry: unknown, activityInput: unknown) => {
      const call = { name, input: activityInput };
      calls.push(call);
      return call;
    },
    Task: { all: (tasks: Call[]) => ({ all: tasks }) },
    setCustomStatus: (s: unknown) => statuses.push(s),
  };
  return { context: { df } as unknown as OrchestrationContext, calls, statuses };
}

const REF = { tenantId: 't-1', importId: 'i-1' };
const NOT_CANCELED = { canceled: false };
type Step = IteratorResult<any, any>;

function start(input: unknown = REF) {
  const fake = fakeContext(input);
  const gen = importTenantRolesOrchestrator(fake.context) as Generator<any, any, any>;
  const first = gen.next() as Step;
  /** Answers the cancellation checks between steps with "not canceled"; returns the next real step. */
  const next = (value?: unknown): Step => {
    let step = gen.next(value) as Step;
    while (!step.done && step.value?.name === names.checkCancellationActivity) step = gen.next(NOT_CANCELED);
    return step;
  };
  return { ...fake, gen, first, next };
}

describe('importTenantRoles orchestrator', () => {
  it('fans out fetches, maps workload by workload, writes in bounded batches, confirms and finalizes', () => {
    const { next, calls, statuses, first } = start();
    expect(first.value).toEqual({ name: names.enumerateWorkloadsActivity, input: REF });

    let step = next({ workloads: ['mde', 'mdo'], dryRun: false });
    expect(step.value.all.map((c: Call) => c.input)).toEqual([
      { ...REF, workload: 'mde' },
      { ...REF, workload: 'mdo' },
    ]);
    step = next([{ workload: 'mde', sourceRoles: 250 }, { workload: 'mdo', sourceRoles: 8 }]);
    expect(step.value).toEqual({ name: names.mapPermissionsActivity, input: { ...REF, workload: 'mde' } });
    step = next({ workload: 'mde', rolesMapped: 250, rolesToWrite: 250 });
    expect(statuses.at(-1)).toEqual({ stage: 'mapping', workloadsDone: 1, workloadsTotal: 2, rolesMapped: 250, rolesWritten: 0 });
    expect(step.value).toEqual({ name: names.mapPermissionsActivity, input: { ...REF, workload: 'mdo' } });
    step = next({ workload: 'mdo', rolesMapped: 10, rolesToWrite: 8 });

    // 250 MDE roles -> batches of 100, 100, 50; plus 8 MDO roles: 4 batches, run 4 at a time.
    expect(WRITE_BATCH_SIZE).toBe(100);
    expect(PARALLEL_WRITE_BATCHES).toBe(4);
    expect(step.value.all.map((c: Call) => [c.input.workload, c.input.offset, c.input.count])).toEqual([
      ['mde', 0, 100],
      ['mde', 100, 100],
      ['mde', 200, 50],
      ['mdo', 0, 8],
    ]);
    step = next([100, 100, 50, 8].map((n) => ({ written: n, created: n, unchanged: 0, replaced: 0 })));
    expect(statuses.at(-2)).toMatchObject({ stage: 'writing', rolesWritten: 258 });
    expect(statuses.at(-1)).toMatchObject({ stage: 'confirming', rolesWritten: 258 });
    expect(step.value).toEqual({ name: names.confirmImportActivity, input: REF });
    step = next({ confirmed: 258, mismatches: [] });
    expect(step.value).toEqual({ name: names.finalizeImportActivity, input: { ...REF, outcome: 'Completed', confirmed: 258 } });
    step = next({ status: 'Completed' });
    expect(step.done).toBe(true);
    expect(step.value).toMatchObject({ outcome: 'Completed', confirmed: 258, workloadsDone: 2, rolesWritten: 258 });
    expect(statuses.at(-1)).toEqual({ stage: 'done', workloadsDone: 2, workloadsTotal: 2, rolesMapped: 260, rolesWritten: 258 });
    // Cancellation is checked before fetching, mapping, each write group and confirming.
    expect(calls.filter((c) => c.name === names.checkCancellationActivity)).toHaveLength(4);
    // Only references and counts cross the orchestration boundary.
    for (const c of calls) expect(JSON.stringify(c.input).length).toBeLessThan(200);
  });

  it('in a dry run maps everything but never writes or confirms', () => {
    const { next, calls } = start();
    next({ workloads: ['mdi'], dryRun: true });
    next([{ workload: 'mdi', sourceRoles: 3 }]);
    const step = next({ workload: 'mdi', rolesMapped: 3, rolesToWrite: 2 });
    expect(step.value).toEqual({ name: names.finalizeImportActivity, input: { ...REF, outcome: 'Completed', confirmed: 0 } });
    expect(calls.map((c) => c.name)).not.toContain(names.writeRolesActivity);
    expect(calls.map((c) => c.name)).not.toContain(names.confirmImportActivity);
  });

  it('rolls back and records the failure when confirmation finds a mismatch, then fails the orchestration', () => {
    const { next, statuses } = start();
    next({ workloads: ['mde'], dryRun: false });
    next([{ workload: 'mde', sourceRoles: 1 }]);
    next({ workload: 'mde', rolesMapped: 1, rolesToWrite: 1 });
    next([{ written: 1, created: 1, unchanged: 0, replaced: 0 }]);
    let step = next({ confirmed: 0, mismatches: [{ roleId: 'r', sourceRoleId: '3101', workload: 'mde', fields: ['principals'] }] });
    expect(step.value).toEqual({ name: names.rollbackImportActivity, input: REF });
    expect(statuses.at(-1).stage).toBe('rollingBack');
    step = next({ removed: 1 });
    expect(step.value.name).toBe(names.finalizeImportActivity);
    expect(step.value.input).toMatchObject({ ...REF, outcome: 'Failed', confirmed: 0 });
    expect(step.value.input.error).toContain('mde:3101 differs in principals');
    expect(() => next({ status: 'Failed' })).toThrow('did not read back as mapped');
  });

  it('honours a cancellation between steps: rolls back, records Canceled and completes normally', () => {
    const { gen, statuses } = start();
    let step = gen.next({ workloads: ['mde'], dryRun: false }) as Step;
    expect(step.value.name).toBe(names.checkCancellationActivity);
    step = gen.next({ canceled: true });
    expect(step.value).toEqual({ name: names.rollbackImportActivity, input: REF });
    step = gen.next({ removed: 0 });
    expect(step.value).toEqual({
      name: names.finalizeImportActivity,
      input: { ...REF, outcome: 'Canceled', confirmed: 0, error: 'Canceled at the request of an administrator.' },
    });
    step = gen.next({ status: 'Canceled' });
    expect(step.done).toBe(true);
    expect(step.value.outcome).toBe('Canceled');
    expect(statuses.at(-1).stage).toBe('canceled');
  });

  it('treats a cancel that won the race with the commit like any cancel', () => {
    const { next } = start();
    next({ workloads: ['mde'], dryRun: false });
    next([{ workload: 'mde', sourceRoles: 1 }]);
    next({ workload: 'mde', rolesMapped: 1, rolesToWrite: 1 });
    next([{ written: 1, created: 1, unchanged: 0, replaced: 0 }]);
    let step = next({ confirmed: 0, canceled: true, mismatches: [] });
    expect(step.value).toEqual({ name: names.rollbackImportActivity, input: REF });
    step = next({ removed: 1 });
    expect(step.value.input).toMatchObject({ outcome: 'Canceled' });
  });

  it('rolls back when an activity fails after its retries', () => {
    const { gen } = start();
    gen.next({ workloads: ['mde'], dryRun: false });
    const step = gen.throw(new Error("Activity function 'fetchSourceRoles' failed: boom"));
    expect(step.value).toEqual({ name: names.rollbackImportActivity, input: REF });
  });

  it('rejects an input that is not an import reference before scheduling anything', () => {
    const fake = fakeContext({ tenantId: 't-1' });
    const gen = importTenantRolesOrchestrator(fake.context) as Generator;
    expect(() => gen.next()).toThrow();
    expect(fake.calls).toHaveLength(0);
  });
});
