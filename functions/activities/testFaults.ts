import { isRunningInAzure } from '../../shared/config';

/**
 * Fault injection for the retry and restart tests, e.g. IMPORTER_TEST_FAULTS="writeRoles:failAfterWrite,writeRoles:delayMs=3000".
 * Ignored when running in Azure, so a stray setting can never break production.
 */
export interface ActivityFaults {
  failAfterWrite: boolean;
  delayMs: number;
}

const failedOnce = new Set<string>();

export function faultsFor(activity: string, env: NodeJS.ProcessEnv = process.env): ActivityFaults {
  const spec = env.IMPORTER_TEST_FAULTS;
  const faults: ActivityFaults = { failAfterWrite: false, delayMs: 0 };
  if (!spec || isRunningInAzure(env)) return faults;
  for (const entry of spec.split(',')) {
    const [name, fault] = entry.trim().split(':');
    if (name !== activity || !fault) continue;
    if (fault === 'failAfterWrite') faults.failAfterWrite = true;
    const delay = /^delayMs=(\d+)$/.exec(fault);
    if (delay?.[1]) faults.delayMs = Number(delay[1]);
  }
  return faults;
}

/** True the first time for a key in this process: the first attempt fails, the retry succeeds. */
export function firstAttempt(key: string): boolean {
  if (failedOnce.has(key)) return false;
  failedOnce.add(key);
  return true;
}
