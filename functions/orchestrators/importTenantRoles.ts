import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task } from 'durable-functions';
import type { ImportProgress } from '../../shared/schemas/documents';
import {
  CancellationCheckOutputSchema,
  ConfirmImportOutputSchema,
  EnumerateWorkloadsOutputSchema,
  ImportRefSchema,
  MapPermissionsOutputSchema,
  WriteRolesOutputSchema,
  type WriteRolesInput,
} from '../../shared/schemas/orchestration';
import { names } from '../names';

/** Roles written by one activity call, and how many such calls run at once. */
export const WRITE_BATCH_SIZE = 100;
export const PARALLEL_WRITE_BATCHES = 4;

/** Activities are retried by Durable (host-side timers), so every activity is idempotent. */
const retry = new df.RetryOptions(1000, 4);
retry.backoffCoefficient = 2;
retry.maxRetryIntervalInMilliseconds = 30_000;

/** Thrown inside the orchestrator when an admin canceled the import; never crosses the Durable boundary. */
class ImportCanceled extends Error {
  override readonly name = 'ImportCanceled';
}

/**
 * One import: enumerate workloads -> fetch source roles (fan-out) -> map per workload -> write in
 * batches -> confirm (read back, then commit). Only ids and counts pass through here; activities
 * stage the data in Cosmos DB. Deterministic: no clock, randomness or I/O.
 * On any failure the roles this import wrote are removed and the import is recorded as Failed; a
 * cancellation requested through the API is honoured between steps the same way (recorded Canceled).
 */
export const importTenantRolesOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const ref = ImportRefSchema.parse(context.df.getInput());
  const progress: ImportProgress = { stage: 'enumerating', workloadsDone: 0, workloadsTotal: 0, rolesMapped: 0, rolesWritten: 0 };
  const report = (stage: ImportProgress['stage']): void => {
    progress.stage = stage;
    context.df.setCustomStatus({ ...progress });
  };
  const call = (name: string, input: unknown) => context.df.callActivityWithRetry(name, retry, input);
  /** A point read between steps; cheaper and more predictable than interrupting an activity. */
  function* stopIfCanceled(): Generator<Task, void, unknown> {
    if (CancellationCheckOutputSchema.parse(yield call(names.checkCancellationActivity, ref)).canceled) throw new ImportCanceled();
  }

  report('enumerating');
  try {
    const plan = EnumerateWorkloadsOutputSchema.parse(yield call(names.enumerateWorkloadsActivity, ref));
    progress.workloadsTotal = plan.workloads.length;

    yield* stopIfCanceled();
    report('fetching');
    yield context.df.Task.all(plan.workloads.map((workload) => call(names.fetchSourceRolesActivity, { ...ref, workload })));

    // Mapping is CPU-only and fast; running it workload by workload gives the portal a progress step each.
    yield* stopIfCanceled();
    report('mapping');
    const batches: WriteRolesInput[] = [];
    for (const workload of plan.workloads) {
      const mapped = MapPermissionsOutputSchema.parse(yield call(names.mapPermissionsActivity, { ...ref, workload }));
      progress.workloadsDone += 1;
      progress.rolesMapped += mapped.rolesMapped;
      for (let offset = 0; offset < mapped.rolesToWrite; offset += WRITE_BATCH_SIZE) {
        batches.push({ ...ref, workload, offset, count: Math.min(WRITE_BATCH_SIZE, mapped.rolesToWrite - offset) });
      }
      report('mapping');
    }

    let confirmed = 0;
    if (!plan.dryRun) {
      report('writing');
      for (let i = 0; i < batches.length; i += PARALLEL_WRITE_BATCHES) {
        yield* stopIfCanceled();
        const group = batches.slice(i, i + PARALLEL_WRITE_BATCHES);
        const outputs = (yield context.df.Task.all(group.map((b) => call(names.writeRolesActivity, b)))) as unknown[];
        for (const out of outputs) progress.rolesWritten += WriteRolesOutputSchema.parse(out).written;
        report('writing');
      }
      yield* stopIfCanceled();
      report('confirming');
      const confirmation = ConfirmImportOutputSchema.parse(yield call(names.confirmImportActivity, ref));
      if (confirmation.canceled) throw new ImportCanceled();
      if (confirmation.mismatches.length > 0) {
        const first = confirmation.mismatches[0];
        throw new Error(
          `${confirmation.mismatches.length} role(s) did not read back as mapped (first: ${first?.workload}:${first?.sourceRoleId} differs in ${first?.fields.join(', ')})`,
        );
      }
      confirmed = confirmation.confirmed;
    }
    yield call(names.finalizeImportActivity, { ...ref, outcome: 'Completed', confirmed });
    report('done');
    return { outcome: 'Completed', ...progress, confirmed };
  } catch (error) {
    const canceled = error instanceof ImportCanceled;
    const message = canceled ? 'Canceled at the request of an administrator.' : error instanceof Error ? error.message : String(error);
    report('rollingBack');
    yield call(names.rollbackImportActivity, ref);
    yield call(names.finalizeImportActivity, { ...ref, outcome: canceled ? 'Canceled' : 'Failed', confirmed: 0, error: message.slice(0, 2000) });
    if (canceled) {
      report('canceled');
      return { outcome: 'Canceled', ...progress, confirmed: 0 };
    }
    report('failed');
    throw error;
  }
};

df.app.orchestration(names.importTenantRolesOrchestrator, importTenantRolesOrchestrator);
