/**
 * Durable state on disk: one append-only journal per orchestration instance.
 *
 *   <dir>/<base64url(instanceId)>.jsonl
 *     {"t":"s","state":{...}}     full snapshot (instance start, continueAsNew, compaction)
 *     {"t":"e","entry":{...}}     an event entered the inbox
 *     {"t":"p","patch":{...}}     an episode / status change (see InstancePatch)
 *
 * Why a journal: appendFileSync of one line per change survives SIGKILL (the page cache outlives the
 * process) and never rewrites a large history. Not fsync'ed, so a power loss may lose the tail.
 * On load each journal is replayed and compacted into a single snapshot (write tmp + rename).
 * A torn last line (killed mid-write) is ignored: its change is redone (activities are at-least-once).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  applyPatch,
  deserializeInstance,
  InboxEntry,
  InstancePatch,
  InstanceState,
  SerializedInstance,
  serializeInstance,
} from './durable-protocol';

type JournalRecord = { t: 's'; state: SerializedInstance } | { t: 'e'; entry: InboxEntry } | { t: 'p'; patch: InstancePatch };

export class CorruptJournalError extends Error {}

export class DurableStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private fileFor(instanceId: string): string {
    return path.join(this.dir, `${Buffer.from(instanceId, 'utf8').toString('base64url')}.jsonl`);
  }

  private append(instanceId: string, record: JournalRecord): void {
    fs.appendFileSync(this.fileFor(instanceId), JSON.stringify(record) + '\n');
  }

  /** Replaces the instance's journal with one snapshot, atomically. */
  writeSnapshot(state: InstanceState): void {
    const file = this.fileFor(state.instanceId);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ t: 's', state: serializeInstance(state) } satisfies JournalRecord) + '\n');
    fs.renameSync(tmp, file);
  }

  appendInbox(instanceId: string, entry: InboxEntry): void {
    this.append(instanceId, { t: 'e', entry });
  }

  appendPatch(instanceId: string, patch: InstancePatch): void {
    this.append(instanceId, { t: 'p', patch });
  }

  remove(instanceId: string): void {
    fs.rmSync(this.fileFor(instanceId), { force: true });
  }

  /** Replays and compacts every journal. Unreadable journals are reported and skipped, not fatal. */
  loadAll(onError: (file: string, err: unknown) => void): InstanceState[] {
    const states: InstanceState[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (name.endsWith('.tmp')) {
        fs.rmSync(file, { force: true }); // a snapshot that never got renamed
        continue;
      }
      if (!name.endsWith('.jsonl')) continue;
      try {
        const state = replayJournal(fs.readFileSync(file, 'utf8'), file);
        this.writeSnapshot(state);
        states.push(state);
      } catch (err) {
        onError(file, err);
      }
    }
    return states;
  }
}

export function replayJournal(text: string, label: string): InstanceState {
  const lines = text.split('\n');
  let state: InstanceState | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch (err) {
      if (i >= lines.length - 2) break; // torn final write
      throw new CorruptJournalError(`${label}: line ${i + 1} is not JSON`);
    }
    if (record.t === 's') state = deserializeInstance(record.state);
    else if (!state) throw new CorruptJournalError(`${label}: journal does not start with a snapshot`);
    else if (record.t === 'e') {
      state.inbox.push(record.entry);
      state.nextInboxN = Math.max(state.nextInboxN, record.entry.n + 1);
    } else if (record.t === 'p') applyPatch(state, record.patch);
  }
  if (!state) throw new CorruptJournalError(`${label}: empty journal`);
  return state;
}
