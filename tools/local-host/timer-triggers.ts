/**
 * Runs timer-triggered functions on their NCRONTAB/TimeSpan schedules (UTC), and builds the timer
 * payload the Functions host sends (PascalCase; @azure/functions camel-cases it).
 */
import { RpcTypedData } from './core-api';
import { errorStack } from './invoke';
import { parseSchedule, Schedule } from './ncrontab';

export interface TimerFunction {
  name: string;
  schedule: string;
  runOnStartup: boolean;
}

export function timerPayload(last: Date, next: Date, isPastDue = false): RpcTypedData {
  return {
    json: JSON.stringify({
      Schedule: { AdjustForDST: true },
      ScheduleStatus: { Last: last.toISOString(), Next: next.toISOString(), LastUpdated: last.toISOString() },
      IsPastDue: isPastDue,
    }),
  };
}

const MAX_TIMEOUT_MS = 0x7fffffff;

export class TimerTriggerScheduler {
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly invoke: (functionName: string, triggerData: RpcTypedData) => Promise<unknown>,
    private readonly log: (message: string) => void,
  ) {}

  start(functions: readonly TimerFunction[]): void {
    for (const fn of functions) {
      let schedule: Schedule;
      try {
        schedule = parseSchedule(fn.schedule);
      } catch (err) {
        this.log(`[timer] ${fn.name}: ${errorStack(err)} (not scheduled)`);
        continue;
      }
      let last = new Date();
      const arm = (): void => {
        if (this.stopped) return;
        const next = schedule.next(new Date());
        const wait = (): void => {
          const remaining = next.getTime() - Date.now();
          if (remaining > 0) {
            this.handles.set(fn.name, setTimeout(wait, Math.min(remaining, MAX_TIMEOUT_MS)));
            return;
          }
          this.run(fn.name, last, schedule.next(next)).finally(() => {
            last = next;
            arm();
          });
        };
        wait();
      };
      if (fn.runOnStartup) void this.run(fn.name, last, schedule.next(last));
      arm();
    }
  }

  private async run(name: string, last: Date, next: Date): Promise<void> {
    try {
      await this.invoke(name, timerPayload(last, next));
    } catch (err) {
      this.log(`[timer] ${name} failed: ${errorStack(err)}`);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}
