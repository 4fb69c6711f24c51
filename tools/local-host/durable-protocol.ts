/**
 * The Durable Functions out-of-proc JSON protocol between the extension and durable-functions 3.x:
 * PascalCase history events (DTFx names and numbers), orchestrator actions, OrchestratorState, and
 * the shapes of the engine's persisted per-instance state.
 */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;
export type EventTypeCode = (typeof EventType)[keyof typeof EventType];
export const eventTypeName = (code: number): string =>
  Object.entries(EventType).find(([, v]) => v === code)?.[0] ?? `Unknown(${code})`;

export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;
export const actionTypeName = (code: number): string =>
  Object.entries(ActionType).find(([, v]) => v === code)?.[0] ?? `Unknown(${code})`;

/** A DTFx history event as the SDK reads it. Fields starting with "_" are host bookkeeping (ignored by the SDK). */
export interface HistoryEvent {
  EventType: EventTypeCode;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string;
  Result?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  Reason?: string;
  Details?: string;
  InstanceId?: string;
  OrchestrationStatus?: string;
  ParentInstance?: { OrchestrationInstance: { InstanceId: string } } | null;
  _scheduledTime?: string;
}

export interface RetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/** One action from OrchestratorState.actions (only the fields the host reads). */
export interface OrchestratorAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  retryOptions?: RetryOptions;
  instanceId?: string;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: OrchestratorAction[];
}

export interface OrchestratorState {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Canceled' | 'Terminated' | 'Suspended';
export const TERMINAL_STATUSES: ReadonlySet<RuntimeStatus> = new Set<RuntimeStatus>(['Completed', 'Failed', 'Terminated', 'Canceled']);
export const isTerminal = (status: RuntimeStatus): boolean => TERMINAL_STATUSES.has(status);
export const RUNTIME_STATUSES: readonly RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Canceled', 'Terminated', 'Suspended'];

export interface RetryState {
  options: RetryOptions;
  attempt: number;
}

/** Work the host owes an instance, keyed by the SDK's sequence id. JSON-serializable (it is journaled). */
export type PendingTask =
  | { kind: 'activity'; name: string; input: unknown; scheduledTime: string; retry?: RetryState }
  | { kind: 'suborch'; name: string; input: unknown; instanceId: string; scheduledTime: string; retry?: RetryState }
  | { kind: 'timer'; fireAt: string; actionIndex: number }
  | { kind: 'retryTimer'; fireAt: string; retryOf: RetriableTask };
export type RetriableTask = Extract<PendingTask, { kind: 'activity' | 'suborch' }>;

export interface ParentRef {
  instanceId: string;
  executionId: string;
  seq: number;
}

/** An event waiting to be delivered to the orchestrator. `n` increases per instance. */
export interface InboxEntry {
  n: number;
  executionId: string;
  event: HistoryEvent;
}

/** Everything durable about one orchestration instance. */
export interface InstanceState {
  instanceId: string;
  name: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  runtimeStatus: RuntimeStatus;
  parent: ParentRef | null;
  suspended: boolean;
  executionId: string;
  history: HistoryEvent[];
  inbox: InboxEntry[];
  nextInboxN: number;
  /** The SDK's next task sequence id (see the engine's header comment). */
  nextSeq: number;
  knownActions: number;
  /** "Type:name" of every action seen, for the non-determinism guard. */
  actionSigs: string[];
  pending: Map<number, PendingTask>;
}

/** A change to an instance. The engine applies exactly what it journals, so replay rebuilds the same state. */
export interface InstancePatch {
  set?: Partial<Pick<InstanceState, 'runtimeStatus' | 'customStatus' | 'output' | 'lastUpdatedTime' | 'suspended'>>;
  historyAppend?: HistoryEvent[];
  pendingDel?: number[];
  pendingAdd?: Array<[number, PendingTask]>;
  sigsAppend?: string[];
  knownActions?: number;
  nextSeq?: number;
  /** Removes inbox entries with n <= this (episodes always consume from the front). */
  consumedThrough?: number;
  clearInbox?: boolean;
}

export function applyPatch(state: InstanceState, patch: InstancePatch): void {
  if (patch.set) Object.assign(state, patch.set);
  if (patch.historyAppend) for (const e of patch.historyAppend) state.history.push(e);
  if (patch.pendingDel) for (const seq of patch.pendingDel) state.pending.delete(seq);
  if (patch.pendingAdd) for (const [seq, task] of patch.pendingAdd) state.pending.set(seq, task);
  if (patch.sigsAppend) for (const s of patch.sigsAppend) state.actionSigs.push(s);
  if (patch.knownActions !== undefined) state.knownActions = patch.knownActions;
  if (patch.nextSeq !== undefined) state.nextSeq = patch.nextSeq;
  if (patch.consumedThrough !== undefined) {
    const through = patch.consumedThrough;
    let drop = 0;
    while (drop < state.inbox.length && (state.inbox[drop]?.n ?? Infinity) <= through) drop++;
    if (drop) state.inbox.splice(0, drop);
  }
  if (patch.clearInbox) state.inbox.length = 0;
}

/** Serialized form of InstanceState (Map -> entries). */
export type SerializedInstance = Omit<InstanceState, 'pending'> & { pending: Array<[number, PendingTask]> };

export function serializeInstance(state: InstanceState): SerializedInstance {
  return { ...state, pending: [...state.pending.entries()] };
}

export function deserializeInstance(data: SerializedInstance): InstanceState {
  return { ...data, history: [...data.history], inbox: [...data.inbox], actionSigs: [...data.actionSigs], pending: new Map(data.pending) };
}
