// In-process: the embedded Cosmos account's journal restores exact documents, deletions and rid counters.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PersistentCosmosAccount } from '../../tools/local-host/cosmos-embedded';

describe('PersistentCosmosAccount', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-cosmos-journal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('restores documents with their _rid/_etag/_ts, replays deletions, and keeps rid counters moving forward', () => {
    const first = new PersistentCosmosAccount(dir, '127.0.0.1', 1);
    first.load();
    first.account.databases.create({ id: 'db1' });
    first.account.databases.create({ id: 'dropped' });
    expect(first.journalChanges()).toBe(2);
    first.account.database('db1').collections.create({ id: 'c1', partitionKey: { paths: ['/pk'] } });
    const docs = first.account.database('db1').collection('c1').documents;
    const kept = docs.create({ id: 'd1', pk: 'a', n: 1 });
    const removed = docs.create({ id: 'd2', pk: 'b', n: 2 });
    first.journalChanges();
    const replaced = docs.replace({ id: 'd1', pk: 'a', n: 10 }, kept);
    docs.delete(removed._rid, 'b');
    first.account.databases.delete('dropped', 'dropped');
    expect(first.journalChanges()).toBe(3); // d1 changed, d2 deleted, database deleted
    expect(first.journalChanges()).toBe(0); // nothing new

    // second process: snapshot is empty, everything comes from the journal
    const second = new PersistentCosmosAccount(dir, '127.0.0.1', 2);
    expect(second.load()).toEqual({ documents: 1 });
    const restoredDocs = second.account.database('db1').collection('c1').documents;
    expect(restoredDocs._item('/id', 'd1', 'a').read()).toEqual(replaced);
    expect(restoredDocs._item('/id', 'd2', 'b').read()).toBeUndefined();
    expect(second.account.database('dropped').read()).toBeUndefined();
    const fresh = restoredDocs.create({ id: 'd3', pk: 'a' });
    expect([kept._rid, removed._rid]).not.toContain(fresh._rid);
    second.journalChanges();

    // third process: now restoring from the compacted snapshot plus the new journal line
    const third = new PersistentCosmosAccount(dir, '127.0.0.1', 3);
    expect(third.load()).toEqual({ documents: 2 });
    const thirdDocs = third.account.database('db1').collection('c1').documents;
    expect(thirdDocs._item('/id', 'd3', 'a').read()).toEqual(fresh);
    expect(thirdDocs._ridCount).toBe(restoredDocs._ridCount);
    expect(thirdDocs.query({ query: 'SELECT VALUE c.id FROM c ORDER BY c.id' }, {}).result).toEqual(['d1', 'd3']);
  });
});
