/**
 * A local Durable Task backend that drives durable-functions 3.x orchestrators through the SDK's own
 * replay engine, speaking the extension's out-of-proc protocol:
 *   in : { history: HistoryEvent[], input, instanceId, isReplaying, parentInstanceId, upperSchemaVersion(New), ... }
 *   out: OrchestratorState { isDone, actions: [[...]], output, error, customStatus, schemaVersion }
 *
 * Keeping task ids in step with the SDK (TaskOrchestrationExecutor gives each yielded task
 * id = sequenceNumber++ and matches TaskScheduledId / TimerId against it):
 *   - new actions get ids in the order of the flattened action list (WhenAll/WhenAny children
 *     depth-first), after all ids handed out before;
 *   - the SDK's RetryableTask also allocates ids while *processing* events (a timer after every
 *     failure, including the last; a new attempt when that timer fires). Such an event is always
 *     delivered alone in its episode and the host allocates the same ids first (mirrors DTFx's
 *     RetryInterceptor). Every other event is batched, DTFx-style, which keeps fan-outs cheap;
 *   - a cheap non-determinism guard: earlier actions must come back with the same type and name.
 *
 * Durability: every change to an instance is an InstancePatch that is journaled (DurableStore) and
 * then applied, so a restart replays exactly the state the engine had. On restore the engine
 * re-schedules pending activities whose completion is not recorded (at-least-once), re-arms timers,
 * reconciles sub-orchestrations and restarts the pump; an orchestration that was mid-flight then
 * continues by replay.
 *
 * FIDELITY GAPS (unsupported or approximated):
 *   - durable entities (callEntity/signalEntity/locks, entity triggers): unsupported;
 *   - callHttp: unsupported; rewind and restart: unsupported (501);
 *   - retryOptions.retryTimeoutInMilliseconds is ignored (the SDK would wait for another attempt);
 *   - failure/reason strings and default sub-orchestration ids ("<executionId>:<seq>") approximate
 *     the extension's; history carries internal "_" fields the SDK ignores;
 *   - virtual time (timer modes fast/manual) is not persisted across restarts.
 */
import { randomUUID } from 'crypto';
import { TimerMode } from './config';
import {
  ActionType,
  actionTypeName,
  EventType,
  eventTypeName,
  HistoryEvent,
  InboxEntry,
  InstancePatch,
  InstanceState,
  isTerminal,
  OrchestratorAction,
  OrchestratorState,
  ParentRef,
  PendingTask,
  RetriableTask,
  RuntimeStatus,
  applyPatch,
} from './durable-protocol';
import { DurableStore } from './durable-store';
import { errorMessage, errorStack, fromTypedData, invokeFunction } from './invoke';

/** Errors a client call can map to an HTTP status. */
export class DurableClientError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
  }
}
export class OrchestratorNotFoundError extends DurableClientError {
  constructor(name: string) {
    super(`The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`, 400);
  }
}
export class InstanceAlreadyRunningError extends DurableClientError {
  constructor(id: string, status: RuntimeStatus) {
    super(`An Orchestration instance with the status ${status} already exists (instance '${id}').`, 409);
  }
}
export class NonDeterminismError extends Error {}
export class UnsupportedActionError extends Error {}

const OUT_OF_PROC_LABEL = '\n\n$OutOfProcData$:';

export interface OrchestrationStatus {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Array<Record<string, unknown>>;
}

export interface StatusQuery {
  runtimeStatus?: RuntimeStatus[];
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  instanceIdPrefix?: string;
  showInput?: boolean;
}

export interface DurableEngineOptions {
  taskHubName: string;
  timerMode: TimerMode;
  store: DurableStore;
  isOrchestrator(name: string): boolean;
  maxConcurrentActivities: number;
  log(message: string): void;
}

function toJsonString(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** durable-functions JSON.stringify()s string inputs of callActivity/continueAsNew; the extension unwraps them. */
function unwrapProcessedInput(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function newId(): string {
  return randomUUID().replace(/-/g, '');
}

/** .NET DateTime.ToString("s") + "Z": no milliseconds. */
function dotnetTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Orchestration clock; in fast/manual mode virtual time runs ahead of the wall clock by `offset`. */
class OrchestrationClock {
  private offset = 0;
  private last = 0;
  constructor(public mode: TimerMode) {}
  nowMs(): number {
    const t = Math.max(Date.now() + this.offset, this.last + 1);
    this.last = t;
    return t;
  }
  now(): Date {
    return new Date(this.nowMs());
  }
  advanceTo(ms: number): void {
    const delta = ms - Date.now();
    if (delta > this.offset) this.offset = delta;
  }
}

interface TimerHandle {
  cancel(): void;
}

interface VirtualTimer extends TimerHandle {
  fireAtMs: number;
  fire(): void;
  cancelled: boolean;
}

/** Runtime-only companion of an InstanceState. */
class Instance {
  running = false;
  readonly timers = new Map<number, TimerHandle>();
  constructor(public state: InstanceState) {}
}

/** What one episode decides, before it is committed. */
class EpisodePlan {
  readonly decisions: HistoryEvent[] = [];
  readonly pendingAdd: Array<[number, PendingTask]> = [];
  readonly pendingDel: number[] = [];
  readonly afterCommit: Array<() => void> = [];
  constructor(public nextSeq: number) {}
}

export class DurableEngine {
  readonly taskHubName: string;
  readonly stats = { episodes: 0, activities: 0 };
  private readonly clock: OrchestrationClock;
  private readonly instances = new Map<string, Instance>();
  private readonly waiters = new Map<string, Array<(status: OrchestrationStatus) => void>>();
  private readonly activityQueue: Array<() => Promise<void>> = [];
  private activeActivities = 0;
  private virtualTimers: VirtualTimer[] = [];
  private kickScheduled = false;
  private closed = false;

  constructor(private readonly options: DurableEngineOptions) {
    this.taskHubName = options.taskHubName;
    this.clock = new OrchestrationClock(options.timerMode);
  }

  get timerMode(): TimerMode {
    return this.clock.mode;
  }

  // ------------------------------------------------------------------ restore

  /** Loads persisted instances and resumes everything that was in flight. */
  restore(): { instances: number; resumed: number } {
    const states = this.options.store.loadAll((file, err) => this.options.log(`[durable] skipping unreadable journal ${file}: ${errorMessage(err)}`));
    for (const state of states) this.instances.set(state.instanceId, new Instance(state));
    // Orchestration time must not run backwards: a previous run may have advanced virtual time.
    let latest = 0;
    for (const s of states) if (!isTerminal(s.runtimeStatus)) latest = Math.max(latest, Date.parse(s.lastUpdatedTime) || 0);
    if (latest > Date.now()) this.clock.advanceTo(latest);
    let resumed = 0;
    for (const inst of this.instances.values()) {
      const s = inst.state;
      if (isTerminal(s.runtimeStatus)) continue;
      resumed++;
      s.inbox = s.inbox.filter((e) => e.executionId === s.executionId);
      const answered = new Set<number>();
      for (const { event } of s.inbox) {
        if (event.TaskScheduledId !== undefined) answered.add(event.TaskScheduledId);
        if (event.TimerId !== undefined) answered.add(event.TimerId);
      }
      for (const [seq, task] of s.pending) {
        if (answered.has(seq)) continue;
        this.dispatch(inst, seq, task);
      }
      this.pump(inst);
    }
    return { instances: states.length, resumed };
  }

  /** Starts (or re-arms) the work behind a pending task. */
  private dispatch(inst: Instance, seq: number, task: PendingTask): void {
    switch (task.kind) {
      case 'activity':
        this.scheduleActivity(inst, seq, task);
        return;
      case 'timer':
      case 'retryTimer':
        this.armTimer(inst, seq, new Date(task.fireAt));
        return;
      case 'suborch': {
        const child = this.instances.get(task.instanceId);
        if (!child || child.state.parent?.executionId !== inst.state.executionId) this.startSubOrchestration(inst, seq, task);
        else if (isTerminal(child.state.runtimeStatus)) this.notifyParent(child.state);
        return;
      }
    }
  }

  // ------------------------------------------------------------------ client API

  startNew(name: string, opts: { instanceId?: string; input?: unknown; parent?: ParentRef } = {}): string {
    if (!this.options.isOrchestrator(name)) throw new OrchestratorNotFoundError(name);
    const instanceId = opts.instanceId || newId();
    const existing = this.instances.get(instanceId);
    if (existing && !isTerminal(existing.state.runtimeStatus)) throw new InstanceAlreadyRunningError(instanceId, existing.state.runtimeStatus);
    if (existing) this.cancelTimers(existing);
    const now = this.clock.now().toISOString();
    const input = opts.input === undefined ? null : opts.input;
    const state: InstanceState = {
      instanceId,
      name,
      input,
      output: null,
      customStatus: null,
      createdTime: now,
      lastUpdatedTime: now,
      runtimeStatus: 'Pending',
      parent: opts.parent ?? null,
      suspended: false,
      executionId: newId(),
      history: [],
      inbox: [],
      nextInboxN: 0,
      nextSeq: 0,
      knownActions: 0,
      actionSigs: [],
      pending: new Map(),
    };
    const inst = new Instance(state);
    this.instances.set(instanceId, inst);
    this.addToInbox(state, {
      EventType: EventType.ExecutionStarted,
      Name: name,
      Input: toJsonString(input),
      ParentInstance: opts.parent ? { OrchestrationInstance: { InstanceId: opts.parent.instanceId } } : null,
    });
    this.options.store.writeSnapshot(state);
    this.pump(inst);
    return instanceId;
  }

  getStatus(instanceId: string, opts: { showHistory?: boolean; showHistoryOutput?: boolean; showInput?: boolean } = {}): OrchestrationStatus | undefined {
    const inst = this.instances.get(instanceId);
    return inst ? this.toStatus(inst.state, opts) : undefined;
  }

  listStatus(query: StatusQuery = {}): OrchestrationStatus[] {
    return this.query(query).map((s) => this.toStatus(s, { showInput: query.showInput !== false }));
  }

  private query(q: StatusQuery): InstanceState[] {
    let list = [...this.instances.values()].map((i) => i.state);
    if (q.runtimeStatus?.length) list = list.filter((s) => q.runtimeStatus?.includes(s.runtimeStatus));
    if (q.createdTimeFrom) list = list.filter((s) => new Date(s.createdTime) >= (q.createdTimeFrom as Date));
    if (q.createdTimeTo) list = list.filter((s) => new Date(s.createdTime) <= (q.createdTimeTo as Date));
    if (q.instanceIdPrefix) list = list.filter((s) => s.instanceId.startsWith(q.instanceIdPrefix as string));
    return list.sort((a, b) => a.createdTime.localeCompare(b.createdTime));
  }

  /** Returns the HTTP status the management API answers with. */
  raiseEvent(instanceId: string, eventName: string, data: unknown): 202 | 404 | 410 {
    const inst = this.instances.get(instanceId);
    if (!inst) return 404;
    if (isTerminal(inst.state.runtimeStatus)) return 410;
    this.enqueue(inst, { EventType: EventType.EventRaised, Name: eventName, Input: toJsonString(data) });
    return 202;
  }

  terminate(instanceId: string, reason?: string): 202 | 404 | 410 {
    const inst = this.instances.get(instanceId);
    if (!inst) return 404;
    if (isTerminal(inst.state.runtimeStatus)) return 410;
    const now = this.clock.now().toISOString();
    this.commit(inst, this.finishPatch('Terminated', reason ?? null, now, { EventType: EventType.ExecutionTerminated, Input: toJsonString(reason ?? null) }));
    this.afterFinish(inst);
    return 202;
  }

  suspend(instanceId: string): 202 | 404 | 410 {
    const inst = this.instances.get(instanceId);
    if (!inst) return 404;
    if (isTerminal(inst.state.runtimeStatus)) return 410;
    this.commit(inst, { set: { suspended: true, runtimeStatus: 'Suspended', lastUpdatedTime: this.clock.now().toISOString() } });
    return 202;
  }

  resume(instanceId: string): 202 | 404 | 410 {
    const inst = this.instances.get(instanceId);
    if (!inst) return 404;
    if (isTerminal(inst.state.runtimeStatus)) return 410;
    const status: RuntimeStatus = inst.state.history.length ? 'Running' : 'Pending';
    this.commit(inst, { set: { suspended: false, runtimeStatus: status, lastUpdatedTime: this.clock.now().toISOString() } });
    this.pump(inst);
    return 202;
  }

  /** Deletes a finished instance; returns how many were deleted (0 or 1). */
  purge(instanceId: string): number {
    const inst = this.instances.get(instanceId);
    if (!inst || !isTerminal(inst.state.runtimeStatus)) return 0;
    this.instances.delete(instanceId);
    this.options.store.remove(instanceId);
    return 1;
  }

  purgeBy(query: StatusQuery): number {
    let n = 0;
    for (const s of this.query(query)) n += this.purge(s.instanceId);
    return n;
  }

  waitForCompletion(instanceId: string, timeoutMs = 30_000): Promise<OrchestrationStatus> {
    const current = this.getStatus(instanceId);
    if (current && isTerminal(current.runtimeStatus)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = this.waiters.get(instanceId);
        if (list) list.splice(list.indexOf(onDone), 1);
        reject(new Error(`Timed out waiting for instance ${instanceId}`));
      }, timeoutMs);
      const onDone = (status: OrchestrationStatus): void => {
        clearTimeout(timer);
        resolve(status);
      };
      const list = this.waiters.get(instanceId) ?? [];
      list.push(onDone);
      this.waiters.set(instanceId, list);
    });
  }

  isIdle(): boolean {
    if (this.activeActivities > 0 || this.activityQueue.length > 0) return false;
    for (const inst of this.instances.values()) {
      const s = inst.state;
      if (inst.running) return false;
      if (!s.suspended && !isTerminal(s.runtimeStatus) && s.inbox.some((e) => e.executionId === s.executionId)) return false;
    }
    return true;
  }

  /** Resolves when nothing is queued or running (timers may still be armed). */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (this.isIdle()) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Manual/fast mode: moves orchestration time forward, firing due durable timers in order. */
  async advanceTime(ms: number): Promise<void> {
    const target = this.clock.nowMs() + ms;
    for (;;) {
      await this.idle();
      const timer = this.popEarliestVirtualTimer(target);
      if (!timer) break;
      this.clock.advanceTo(timer.fireAtMs);
      timer.fire();
    }
    this.clock.advanceTo(target);
    await this.idle();
  }

  pendingVirtualTimers(): number {
    return this.virtualTimers.filter((t) => !t.cancelled).length;
  }

  instanceCount(): number {
    return this.instances.size;
  }

  close(): void {
    this.closed = true;
    for (const inst of this.instances.values()) this.cancelTimers(inst);
  }

  // ------------------------------------------------------------------ state changes

  private commit(inst: Instance, patch: InstancePatch): void {
    this.options.store.appendPatch(inst.state.instanceId, patch);
    applyPatch(inst.state, patch);
  }

  /** Adds an event to the in-memory inbox only (the caller persists it). */
  private addToInbox(state: InstanceState, event: Omit<HistoryEvent, 'EventId' | 'IsPlayed' | 'Timestamp'> & Partial<HistoryEvent>): InboxEntry {
    const entry: InboxEntry = {
      n: state.nextInboxN++,
      executionId: state.executionId,
      event: { EventId: -1, ...event, IsPlayed: false, Timestamp: event.Timestamp ?? this.clock.now().toISOString() },
    };
    state.inbox.push(entry);
    return entry;
  }

  private enqueue(inst: Instance, event: Omit<HistoryEvent, 'EventId' | 'IsPlayed' | 'Timestamp'> & Partial<HistoryEvent>): void {
    const entry = this.addToInbox(inst.state, event);
    this.options.store.appendInbox(inst.state.instanceId, entry);
    this.pump(inst);
  }

  private finishPatch(status: RuntimeStatus, output: unknown, nowIso: string, event: Omit<HistoryEvent, 'EventId' | 'IsPlayed' | 'Timestamp'>): InstancePatch {
    return {
      set: { runtimeStatus: status, output: output === undefined ? null : output, lastUpdatedTime: nowIso },
      historyAppend: [{ EventId: -1, IsPlayed: true, Timestamp: nowIso, ...event }],
      clearInbox: true,
    };
  }

  private afterFinish(inst: Instance): void {
    this.cancelTimers(inst);
    this.notifyParent(inst.state);
    const waiters = this.waiters.get(inst.state.instanceId);
    if (waiters) {
      this.waiters.delete(inst.state.instanceId);
      const status = this.toStatus(inst.state, {});
      for (const w of waiters) w(status);
    }
  }

  private notifyParent(child: InstanceState): void {
    const ref = child.parent;
    if (!ref) return;
    const parent = this.instances.get(ref.instanceId);
    if (!parent || parent.state.executionId !== ref.executionId || isTerminal(parent.state.runtimeStatus)) return;
    if (!parent.state.pending.has(ref.seq)) return; // already delivered
    if (parent.state.inbox.some((e) => e.event.TaskScheduledId === ref.seq)) return;
    if (child.runtimeStatus === 'Completed') {
      this.enqueue(parent, { EventType: EventType.SubOrchestrationInstanceCompleted, TaskScheduledId: ref.seq, Result: toJsonString(child.output) });
    } else {
      const detail = typeof child.output === 'string' ? child.output : JSON.stringify(child.output);
      this.enqueue(parent, {
        EventType: EventType.SubOrchestrationInstanceFailed,
        TaskScheduledId: ref.seq,
        Reason: `Sub-orchestration '${child.name}' (${child.instanceId}) ${child.runtimeStatus.toLowerCase()}: ${detail}`,
        Details: '',
      });
    }
  }

  // ------------------------------------------------------------------ episodes

  /** Events that make the SDK allocate sequence ids while processing them (retry bookkeeping). */
  private isRetryEvent(state: InstanceState, ev: HistoryEvent): boolean {
    if ((ev.EventType === EventType.TaskFailed || ev.EventType === EventType.SubOrchestrationInstanceFailed) && ev.TaskScheduledId !== undefined) {
      const task = state.pending.get(ev.TaskScheduledId);
      return !!task && (task.kind === 'activity' || task.kind === 'suborch') && !!task.retry;
    }
    if (ev.EventType === EventType.TimerFired && ev.TimerId !== undefined) return state.pending.get(ev.TimerId)?.kind === 'retryTimer';
    return false;
  }

  private pump(inst: Instance): void {
    const s = inst.state;
    if (inst.running || s.suspended || this.closed || isTerminal(s.runtimeStatus)) return;
    let i = 0;
    while (i < s.inbox.length && s.inbox[i]?.executionId !== s.executionId) i++;
    const first = s.inbox[i];
    if (!first) return;
    const batch: InboxEntry[] = [first];
    // Batch like DTFx, except that an event that makes the SDK allocate ids goes alone (see header).
    if (!this.isRetryEvent(s, first.event)) {
      for (let j = i + 1; j < s.inbox.length; j++) {
        const next = s.inbox[j];
        if (!next || next.executionId !== s.executionId || this.isRetryEvent(s, next.event)) break;
        batch.push(next);
      }
    }
    inst.running = true;
    setImmediate(() => {
      this.runEpisode(inst, batch)
        .catch((err: unknown) => this.failOnEngineError(inst, err))
        .finally(() => {
          inst.running = false;
          this.pump(inst);
          this.kick();
        });
    });
  }

  private failOnEngineError(inst: Instance, err: unknown): void {
    if (this.instances.get(inst.state.instanceId) !== inst || isTerminal(inst.state.runtimeStatus)) return;
    if (!(err instanceof NonDeterminismError) && !(err instanceof UnsupportedActionError)) {
      this.options.log(`[durable] engine error in ${inst.state.instanceId}: ${errorStack(err)}`);
    }
    const message = `Orchestrator function '${inst.state.name}' failed: ${errorMessage(err)}`;
    const now = this.clock.now().toISOString();
    this.commit(inst, this.finishPatch('Failed', message, now, { EventType: EventType.ExecutionFailed, Reason: message }));
    this.afterFinish(inst);
  }

  private async runEpisode(inst: Instance, batch: InboxEntry[]): Promise<void> {
    this.stats.episodes++;
    const s = inst.state;
    const executionId = s.executionId;
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const lastEntry = batch[batch.length - 1];
    const consumedThrough = lastEntry ? lastEntry.n : -1;
    const started: HistoryEvent = { EventType: EventType.OrchestratorStarted, EventId: -1, IsPlayed: false, Timestamp: nowIso };
    const newEvents = batch.map((e) => ({ ...e.event, IsPlayed: false }));
    const plan = new EpisodePlan(s.nextSeq);

    // 1) host-side bookkeeping the SDK performs while processing these events
    for (const ev of newEvents) this.retryBookkeeping(inst, ev, now, plan);

    // 2) run the orchestrator over the full history
    const payload = {
      history: [...s.history, started, ...newEvents],
      input: s.input,
      instanceId: s.instanceId,
      isReplaying: s.history.length > 0,
      parentInstanceId: s.parent?.instanceId ?? null,
      upperSchemaVersion: 1, // what the real extension sends (V2) ...
      upperSchemaVersionNew: 2, // ... and V3 for newer SDKs
      longRunningTimerIntervalDuration: '3.00:00:00',
      maximumShortTimerDuration: '6.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    let state: OrchestratorState | undefined;
    let failure: string | undefined;
    try {
      const response = await invokeFunction(s.name, { triggerData: { string: JSON.stringify(payload) } });
      state = fromTypedData(response.returnValue) as OrchestratorState | undefined;
    } catch (err) {
      const msg = errorMessage(err);
      const at = msg.indexOf(OUT_OF_PROC_LABEL);
      if (at >= 0) {
        // durable-functions puts a boolean before the label; the real error text is state.error
        state = JSON.parse(msg.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState;
        failure = state.error ?? msg.slice(0, at);
      } else {
        failure = msg;
      }
    }
    // terminated, purged or restarted while the orchestrator ran
    if (this.instances.get(s.instanceId) !== inst || s.executionId !== executionId || isTerminal(s.runtimeStatus)) return;

    const played = (e: HistoryEvent): HistoryEvent => ({ ...e, IsPlayed: true });
    const completedMarker: HistoryEvent = { EventType: EventType.OrchestratorCompleted, EventId: -1, IsPlayed: true, Timestamp: nowIso };
    const patch: InstancePatch = {
      set: { lastUpdatedTime: nowIso, runtimeStatus: s.runtimeStatus === 'Pending' ? 'Running' : s.runtimeStatus },
      consumedThrough,
    };
    if (state && 'customStatus' in state && patch.set) patch.set.customStatus = state.customStatus ?? null;

    if (failure !== undefined && !state?.isDone) {
      const message = `Orchestrator function '${s.name}' failed: ${failure}`;
      const finish = this.finishPatch('Failed', message, nowIso, { EventType: EventType.ExecutionCompleted, OrchestrationStatus: 'Failed', Result: toJsonString(failure) });
      this.commit(inst, {
        ...patch,
        ...finish,
        set: { ...patch.set, ...finish.set },
        historyAppend: [played(started), ...newEvents.map(played), ...plan.decisions.map(played), completedMarker, ...(finish.historyAppend ?? [])],
      });
      this.afterFinish(inst);
      return;
    }
    if (!state || !Array.isArray(state.actions)) throw new Error(`Orchestrator '${s.name}' returned no OrchestratorState (is it registered with df.app.orchestration?)`);

    // 3) new actions
    const flat: OrchestratorAction[] = [];
    const flatten = (list: readonly OrchestratorAction[]): void => {
      for (const a of list) {
        if (a.actionType === ActionType.WhenAll || a.actionType === ActionType.WhenAny) flatten(a.compoundActions ?? []);
        else flat.push(a);
      }
    };
    if (state.schemaVersion === 0) for (const set of state.actions) flatten(set);
    else flatten(state.actions[0] ?? []);

    // timers cancelled since (Task.any losers)
    for (const [seq, task] of s.pending) {
      if (task.kind === 'timer' && flat[task.actionIndex]?.isCanceled) {
        plan.pendingDel.push(seq);
        plan.afterCommit.push(() => this.cancelTimer(inst, seq));
      }
    }

    const signature = (a: OrchestratorAction): string => `${actionTypeName(a.actionType)}:${a.functionName ?? a.externalEventName ?? ''}`;
    for (let i = 0; i < Math.min(s.knownActions, flat.length); i++) {
      const action = flat[i];
      if (action && s.actionSigs[i] !== signature(action)) {
        throw new NonDeterminismError(`Non-deterministic workflow detected: action #${i} was ${s.actionSigs[i]} in an earlier replay but is now ${signature(action)}`);
      }
    }
    if (flat.length < s.knownActions && !state.isDone) {
      throw new NonDeterminismError(`Non-deterministic workflow detected: ${s.knownActions} actions were scheduled earlier but only ${flat.length} were replayed`);
    }
    const sigsAppend = flat.slice(s.knownActions).map(signature);

    let continueAsNew: OrchestratorAction | undefined;
    for (let i = s.knownActions; i < flat.length; i++) {
      const a = flat[i];
      if (!a) continue;
      switch (a.actionType) {
        case ActionType.CallActivity:
        case ActionType.CallActivityWithRetry: {
          const seq = plan.nextSeq++;
          const input = unwrapProcessedInput(a.input);
          const task: PendingTask = { kind: 'activity', name: a.functionName ?? '', input, scheduledTime: nowIso };
          if (a.actionType === ActionType.CallActivityWithRetry && a.retryOptions) task.retry = { options: a.retryOptions, attempt: 1 };
          plan.decisions.push({ EventType: EventType.TaskScheduled, EventId: seq, Name: task.name, Input: toJsonString(input), IsPlayed: true, Timestamp: nowIso });
          plan.pendingAdd.push([seq, task]);
          plan.afterCommit.push(() => this.scheduleActivity(inst, seq, task));
          break;
        }
        case ActionType.CallSubOrchestrator:
        case ActionType.CallSubOrchestratorWithRetry: {
          const seq = plan.nextSeq++;
          const childId = a.instanceId || `${s.executionId}:${seq}`;
          const input = a.input === undefined ? null : a.input;
          const task: PendingTask = { kind: 'suborch', name: a.functionName ?? '', input, instanceId: childId, scheduledTime: nowIso };
          if (a.actionType === ActionType.CallSubOrchestratorWithRetry && a.retryOptions) task.retry = { options: a.retryOptions, attempt: 1 };
          plan.decisions.push({ EventType: EventType.SubOrchestrationInstanceCreated, EventId: seq, Name: task.name, InstanceId: childId, Input: toJsonString(input), IsPlayed: true, Timestamp: nowIso });
          plan.pendingAdd.push([seq, task]);
          plan.afterCommit.push(() => this.startSubOrchestration(inst, seq, task));
          break;
        }
        case ActionType.CreateTimer: {
          const seq = plan.nextSeq++;
          const fireAt = new Date(a.fireAt ?? nowIso).toISOString();
          plan.decisions.push({ EventType: EventType.TimerCreated, EventId: seq, FireAt: fireAt, IsPlayed: true, Timestamp: nowIso });
          if (!a.isCanceled) {
            plan.pendingAdd.push([seq, { kind: 'timer', fireAt, actionIndex: i }]);
            plan.afterCommit.push(() => this.armTimer(inst, seq, new Date(fireAt)));
          }
          break;
        }
        case ActionType.WaitForExternalEvent:
          break; // EventRaised is matched by name; nothing to schedule
        case ActionType.ContinueAsNew:
          continueAsNew = a;
          break;
        default:
          throw new UnsupportedActionError(`Action ${actionTypeName(a.actionType)} is not supported by the local durable host`);
      }
    }

    const history = [played(started), ...newEvents.map(played), ...plan.decisions.map(played), completedMarker];

    if (state.isDone && continueAsNew) {
      this.continueAsNew(inst, unwrapProcessedInput(continueAsNew.input), nowIso, patch.set?.customStatus);
      return;
    }
    const episodePatch: InstancePatch = {
      ...patch,
      historyAppend: history,
      pendingDel: plan.pendingDel,
      pendingAdd: plan.pendingAdd,
      sigsAppend,
      knownActions: Math.max(s.knownActions, flat.length),
      nextSeq: plan.nextSeq,
    };
    if (state.isDone) {
      const finish = this.finishPatch('Completed', state.output, nowIso, { EventType: EventType.ExecutionCompleted, OrchestrationStatus: 'Completed', Result: toJsonString(state.output) });
      this.commit(inst, { ...episodePatch, set: { ...episodePatch.set, ...finish.set }, historyAppend: [...history, ...(finish.historyAppend ?? [])], clearInbox: true });
      this.afterFinish(inst);
      return;
    }
    this.commit(inst, episodePatch);
    for (const run of plan.afterCommit) run();
  }

  /** Starts a fresh execution of the same instance; written as one snapshot so a crash cannot split it. */
  private continueAsNew(inst: Instance, newInput: unknown, nowIso: string, customStatus: unknown): void {
    const old = inst.state;
    this.cancelTimers(inst);
    const carried = old.inbox.filter((e) => e.executionId === old.executionId && e.event.EventType === EventType.EventRaised);
    const state: InstanceState = {
      ...old,
      input: newInput === undefined ? null : newInput,
      customStatus: customStatus === undefined ? old.customStatus : customStatus,
      runtimeStatus: 'Running',
      lastUpdatedTime: nowIso,
      executionId: newId(),
      history: [],
      inbox: [],
      nextSeq: 0,
      knownActions: 0,
      actionSigs: [],
      pending: new Map(),
    };
    this.addToInbox(state, { EventType: EventType.ExecutionStarted, Name: state.name, Input: toJsonString(state.input) });
    for (const c of carried) this.addToInbox(state, { ...c.event, Timestamp: undefined });
    inst.state = state;
    this.options.store.writeSnapshot(state);
  }

  /**
   * Mirrors RetryableTask + DTFx RetryInterceptor: a failure of a retriable task creates a retry timer
   * (even after the last attempt; the SDK checks the attempt count when the timer fires), and a fired
   * retry timer schedules the next attempt if attempts remain.
   */
  private retryBookkeeping(inst: Instance, ev: HistoryEvent, now: Date, plan: EpisodePlan): void {
    const s = inst.state;
    const nowIso = now.toISOString();
    if (ev.EventType === EventType.TaskCompleted || ev.EventType === EventType.SubOrchestrationInstanceCompleted || ev.EventType === EventType.TaskFailed || ev.EventType === EventType.SubOrchestrationInstanceFailed) {
      const seq = ev.TaskScheduledId;
      if (seq === undefined) return;
      const task = s.pending.get(seq);
      plan.pendingDel.push(seq);
      if (ev.EventType === EventType.TaskCompleted || ev.EventType === EventType.SubOrchestrationInstanceCompleted) return;
      if (!task || (task.kind !== 'activity' && task.kind !== 'suborch') || !task.retry) return;
      const o = task.retry.options;
      let delay = o.firstRetryIntervalInMilliseconds * Math.pow(o.backoffCoefficient || 1, task.retry.attempt - 1);
      if (o.maxRetryIntervalInMilliseconds) delay = Math.min(delay, o.maxRetryIntervalInMilliseconds);
      const fireAt = new Date(now.getTime() + delay).toISOString();
      const timerSeq = plan.nextSeq++;
      plan.decisions.push({ EventType: EventType.TimerCreated, EventId: timerSeq, FireAt: fireAt, IsPlayed: true, Timestamp: nowIso });
      plan.pendingAdd.push([timerSeq, { kind: 'retryTimer', fireAt, retryOf: task }]);
      plan.afterCommit.push(() => this.armTimer(inst, timerSeq, new Date(fireAt)));
      return;
    }
    if (ev.EventType === EventType.TimerFired && ev.TimerId !== undefined) {
      const task = s.pending.get(ev.TimerId);
      plan.pendingDel.push(ev.TimerId);
      if (!task || task.kind !== 'retryTimer') return;
      const previous = task.retryOf;
      if (!previous.retry || previous.retry.attempt >= previous.retry.options.maxNumberOfAttempts) return; // the SDK fails the task now
      const seq = plan.nextSeq++;
      const next: RetriableTask = { ...previous, retry: { ...previous.retry, attempt: previous.retry.attempt + 1 }, scheduledTime: nowIso };
      plan.pendingAdd.push([seq, next]);
      if (next.kind === 'activity') {
        plan.decisions.push({ EventType: EventType.TaskScheduled, EventId: seq, Name: next.name, Input: toJsonString(next.input), IsPlayed: true, Timestamp: nowIso });
        plan.afterCommit.push(() => this.scheduleActivity(inst, seq, next));
      } else {
        plan.decisions.push({ EventType: EventType.SubOrchestrationInstanceCreated, EventId: seq, Name: next.name, InstanceId: next.instanceId, Input: toJsonString(next.input), IsPlayed: true, Timestamp: nowIso });
        plan.afterCommit.push(() => this.startSubOrchestration(inst, seq, next));
      }
    }
  }

  // ------------------------------------------------------------------ work: activities, sub-orchestrations, timers

  private scheduleActivity(inst: Instance, seq: number, task: Extract<PendingTask, { kind: 'activity' }>): void {
    const executionId = inst.state.executionId;
    const stillWanted = (): boolean => this.instances.get(inst.state.instanceId) === inst && inst.state.executionId === executionId && !isTerminal(inst.state.runtimeStatus);
    this.activityQueue.push(async () => {
      if (!stillWanted()) return;
      this.stats.activities++;
      let event: Omit<HistoryEvent, 'EventId' | 'IsPlayed' | 'Timestamp'>;
      try {
        const response = await invokeFunction(task.name, { triggerData: { json: toJsonString(task.input) } });
        event = { EventType: EventType.TaskCompleted, TaskScheduledId: seq, Result: toJsonString(fromTypedData(response.returnValue)), _scheduledTime: task.scheduledTime };
      } catch (err) {
        event = {
          EventType: EventType.TaskFailed,
          TaskScheduledId: seq,
          Reason: `Activity function '${task.name}' failed: ${errorMessage(err)}`,
          Details: errorStack(err),
          _scheduledTime: task.scheduledTime,
        };
      }
      if (stillWanted()) this.enqueue(inst, event);
    });
    this.drainActivities();
  }

  private drainActivities(): void {
    while (!this.closed && this.activeActivities < this.options.maxConcurrentActivities) {
      const job = this.activityQueue.shift();
      if (!job) break;
      this.activeActivities++;
      setImmediate(() => {
        job()
          .catch((err: unknown) => this.options.log(`[durable] activity dispatch error: ${errorStack(err)}`))
          .finally(() => {
            this.activeActivities--;
            this.drainActivities();
            this.kick();
          });
      });
    }
  }

  private startSubOrchestration(inst: Instance, seq: number, task: Extract<PendingTask, { kind: 'suborch' }>): void {
    try {
      this.startNew(task.name, { instanceId: task.instanceId, input: task.input, parent: { instanceId: inst.state.instanceId, executionId: inst.state.executionId, seq } });
    } catch (err) {
      this.enqueue(inst, { EventType: EventType.SubOrchestrationInstanceFailed, TaskScheduledId: seq, Reason: errorMessage(err), Details: '' });
    }
  }

  private armTimer(inst: Instance, seq: number, fireAt: Date): void {
    const executionId = inst.state.executionId;
    const fire = (): void => {
      inst.timers.delete(seq);
      if (this.instances.get(inst.state.instanceId) !== inst || inst.state.executionId !== executionId || isTerminal(inst.state.runtimeStatus)) return;
      // never let the orchestration observe a time before fireAt (LongTimerTask would wait again)
      this.clock.advanceTo(fireAt.getTime());
      this.enqueue(inst, { EventType: EventType.TimerFired, TimerId: seq, FireAt: fireAt.toISOString() });
    };
    this.cancelTimer(inst, seq);
    if (this.clock.mode === 'real') {
      const MAX_DELAY = 0x7fffffff; // Node timers max out at ~24.8 days; chain longer delays
      let handle: NodeJS.Timeout | undefined;
      const arm = (remaining: number): void => {
        handle = setTimeout(() => (remaining > MAX_DELAY ? arm(remaining - MAX_DELAY) : fire()), Math.min(remaining, MAX_DELAY));
      };
      arm(Math.max(0, fireAt.getTime() - this.clock.nowMs()));
      inst.timers.set(seq, { cancel: () => clearTimeout(handle) });
    } else {
      const timer: VirtualTimer = {
        fireAtMs: fireAt.getTime(),
        fire,
        cancelled: false,
        cancel() {
          timer.cancelled = true;
        },
      };
      this.virtualTimers.push(timer);
      inst.timers.set(seq, timer);
      this.kick();
    }
  }

  private cancelTimer(inst: Instance, seq: number): void {
    inst.timers.get(seq)?.cancel();
    inst.timers.delete(seq);
  }

  private cancelTimers(inst: Instance): void {
    for (const handle of inst.timers.values()) handle.cancel();
    inst.timers.clear();
  }

  private popEarliestVirtualTimer(limitMs = Infinity): VirtualTimer | undefined {
    this.virtualTimers = this.virtualTimers.filter((t) => !t.cancelled).sort((a, b) => a.fireAtMs - b.fireAtMs);
    const first = this.virtualTimers[0];
    if (!first || first.fireAtMs > limitMs) return undefined;
    return this.virtualTimers.shift();
  }

  /** Fast mode: whenever the engine is idle, fire the earliest durable timer. */
  private kick(): void {
    if (this.clock.mode !== 'fast' || this.kickScheduled || this.closed) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      if (!this.isIdle()) return;
      const timer = this.popEarliestVirtualTimer();
      if (!timer) return;
      this.clock.advanceTo(timer.fireAtMs);
      timer.fire();
    });
  }

  // ------------------------------------------------------------------ status projection

  private toStatus(s: InstanceState, opts: { showHistory?: boolean; showHistoryOutput?: boolean; showInput?: boolean }): OrchestrationStatus {
    const status: OrchestrationStatus = {
      name: s.name,
      instanceId: s.instanceId,
      runtimeStatus: s.runtimeStatus,
      input: opts.showInput === false ? null : s.input,
      customStatus: s.customStatus ?? null,
      output: s.output ?? null,
      createdTime: dotnetTime(s.createdTime),
      lastUpdatedTime: dotnetTime(s.lastUpdatedTime),
    };
    if (opts.showHistory) {
      const hidden: number[] = [EventType.OrchestratorStarted, EventType.OrchestratorCompleted, EventType.TimerCreated];
      status.historyEvents = s.history
        .filter((e) => !hidden.includes(e.EventType))
        .map((e) => {
          const out: Record<string, unknown> = { EventType: eventTypeName(e.EventType), Timestamp: e.Timestamp };
          if (e.Name) out.FunctionName = e.Name;
          if (e.EventType === EventType.TaskCompleted || e.EventType === EventType.SubOrchestrationInstanceCompleted) {
            out.ScheduledTime = e._scheduledTime;
            if (opts.showHistoryOutput && e.Result !== undefined) out.Result = JSON.parse(e.Result) as unknown;
          }
          if (e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed) {
            out.Reason = e.Reason;
            out.Details = e.Details;
          }
          if (e.EventType === EventType.TimerFired) out.FireAt = e.FireAt;
          if (e.EventType === EventType.ExecutionCompleted) {
            out.OrchestrationStatus = e.OrchestrationStatus;
            if (opts.showHistoryOutput) out.Result = e.Result;
          }
          return out;
        });
    }
    return status;
  }
}
