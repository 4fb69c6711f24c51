/**
 * An embedded, persistent Cosmos DB compatible server for local runs, built from
 * @vercel/cosmosdb-server 1.0.1's `lib/account` + `lib/routes` (its createHttpsServer hides the
 * in-memory Account in a closure, so we build our own https server and keep the Account).
 *
 * Persistence: after every request that can mutate (anything but GET and queries) the server diffs
 * databases/collections/documents (rid -> _etag) against what it last journaled and appends the
 * resulting state of each changed resource (or its deletion) to <dir>/journal.jsonl before the
 * response is sent. This covers bulk/batch requests without knowing their semantics. On start,
 * snapshot.json + journal are re-inserted with their exact _rid/_etag/_ts (Items#_set, _ridCount
 * restored), compacted into a new snapshot, and only then does the server listen.
 *
 * Not persisted: user-defined functions. cosmosdb-server gaps (TTL, change feed, GROUP BY/DISTINCT/
 * OFFSET LIMIT, atomic batch) apply.
 */
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as path from 'path';
import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import Account from '@vercel/cosmosdb-server/lib/account';
import routes from '@vercel/cosmosdb-server/lib/routes';
import type ItemObject from '@vercel/cosmosdb-server/lib/account/item-object';
import { errorStack } from './invoke';

/** The well-known Cosmos DB emulator key (public; the embedded server does not check signatures). */
export const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

type Resource = ItemObject;
type Handler = (account: Account, req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<unknown> | unknown;

type CosmosJournalRecord =
  | { op: 'db'; data: Resource; ridCount: number }
  | { op: 'dbDel'; rid: string }
  | { op: 'coll'; db: string; data: Resource; ridCount: number }
  | { op: 'collDel'; db: string; rid: string }
  | { op: 'doc'; db: string; coll: string; data: Resource; ridCount: number }
  | { op: 'docDel'; db: string; coll: string; rid: string };

interface CosmosSnapshot {
  version: 1;
  dbRidCount: number;
  databases: Array<{ data: Resource; collRidCount: number; collections: Array<{ data: Resource; docRidCount: number; documents: Resource[] }> }>;
}

interface TrackedCollection {
  etag: string | undefined;
  docs: Map<string, string | undefined>;
}
interface TrackedDatabase {
  etag: string | undefined;
  colls: Map<string, TrackedCollection>;
}

export class CosmosPersistenceError extends Error {}

export interface EmbeddedCosmos {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

function resourceOf(item: { read(): unknown }): Resource {
  return item.read() as Resource;
}

export class PersistentCosmosAccount {
  readonly account: Account;
  private tracked = new Map<string, TrackedDatabase>();
  private readonly journalPath: string;
  private readonly snapshotPath: string;

  constructor(
    readonly dir: string,
    hostname: string,
    port: number,
  ) {
    this.account = new Account(hostname, port);
    this.journalPath = path.join(dir, 'journal.jsonl');
    this.snapshotPath = path.join(dir, 'snapshot.json');
  }

  /** Restores snapshot + journal, then compacts them into a fresh snapshot. */
  load(): { documents: number } {
    fs.mkdirSync(this.dir, { recursive: true });
    if (fs.existsSync(this.snapshotPath)) {
      const snapshot = JSON.parse(fs.readFileSync(this.snapshotPath, 'utf8')) as CosmosSnapshot;
      this.restoreSnapshot(snapshot);
    }
    if (fs.existsSync(this.journalPath)) {
      const lines = fs.readFileSync(this.journalPath, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!line) return;
        let record: CosmosJournalRecord;
        try {
          record = JSON.parse(line) as CosmosJournalRecord;
        } catch {
          if (i >= lines.length - 2) return; // torn final write (killed mid-append)
          throw new CosmosPersistenceError(`${this.journalPath}: line ${i + 1} is not JSON`);
        }
        this.applyRecord(record);
      });
    }
    this.compact();
    this.tracked = this.scan();
    let documents = 0;
    for (const db of this.tracked.values()) for (const coll of db.colls.values()) documents += coll.docs.size;
    return { documents };
  }

  private restoreSnapshot(snapshot: CosmosSnapshot): void {
    const dbs = this.account.databases;
    dbs._ridCount = Math.max(dbs._ridCount, snapshot.dbRidCount);
    for (const db of snapshot.databases) {
      this.applyRecord({ op: 'db', data: db.data, ridCount: 0 });
      for (const coll of db.collections) {
        this.applyRecord({ op: 'coll', db: db.data._rid, data: coll.data, ridCount: 0 });
        for (const doc of coll.documents) this.applyRecord({ op: 'doc', db: db.data._rid, coll: coll.data._rid, data: doc, ridCount: 0 });
        const collection = dbs._data.get(db.data._rid)?.collections._data.get(coll.data._rid);
        if (collection) collection.documents._ridCount = Math.max(collection.documents._ridCount, coll.docRidCount);
      }
      const database = dbs._data.get(db.data._rid);
      if (database) database.collections._ridCount = Math.max(database.collections._ridCount, db.collRidCount);
    }
  }

  private applyRecord(record: CosmosJournalRecord): void {
    const dbs = this.account.databases;
    switch (record.op) {
      case 'db': {
        const existing = dbs._data.get(record.data._rid);
        // replace in place: a new Database object would drop its collections
        if (existing) existing._data = record.data;
        else dbs._set(record.data);
        dbs._ridCount = Math.max(dbs._ridCount, record.ridCount);
        return;
      }
      case 'dbDel': {
        const data = dbs._data.get(record.rid)?.read();
        if (data) dbs.delete(String(data.id), undefined as unknown as string);
        return;
      }
      case 'coll': {
        const db = dbs._data.get(record.db);
        if (!db) throw new CosmosPersistenceError(`collection ${record.data._rid} refers to missing database ${record.db}`);
        const existing = db.collections._data.get(record.data._rid);
        if (existing) existing._data = record.data;
        else db.collections._set(record.data);
        db.collections._ridCount = Math.max(db.collections._ridCount, record.ridCount);
        return;
      }
      case 'collDel': {
        const db = dbs._data.get(record.db);
        const data = db?.collections._data.get(record.rid)?.read();
        if (db && data) db.collections.delete(String(data.id), undefined as unknown as string);
        return;
      }
      case 'doc': {
        const coll = dbs._data.get(record.db)?.collections._data.get(record.coll);
        if (!coll) throw new CosmosPersistenceError(`document ${record.data._rid} refers to a missing collection`);
        const docs = coll.documents;
        const previous = docs._data.get(record.data._rid)?.read();
        if (previous) docs.delete(record.data._rid, docs._getPartition(previous));
        docs._set(record.data);
        docs._ridCount = Math.max(docs._ridCount, record.ridCount);
        return;
      }
      case 'docDel': {
        const docs = dbs._data.get(record.db)?.collections._data.get(record.coll)?.documents;
        const data = docs?._data.get(record.rid)?.read();
        if (docs && data) docs.delete(record.rid, docs._getPartition(data));
        return;
      }
    }
  }

  private toSnapshot(): CosmosSnapshot {
    const dbs = this.account.databases;
    return {
      version: 1,
      dbRidCount: dbs._ridCount,
      databases: [...dbs._data.values()].map((db) => ({
        data: resourceOf(db),
        collRidCount: db.collections._ridCount,
        collections: [...db.collections._data.values()].map((coll) => ({
          data: resourceOf(coll),
          docRidCount: coll.documents._ridCount,
          documents: [...coll.documents._data.values()].map(resourceOf),
        })),
      })),
    };
  }

  private compact(): void {
    const tmp = `${this.snapshotPath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.toSnapshot()));
    fs.renameSync(tmp, this.snapshotPath);
    fs.writeFileSync(this.journalPath, '');
  }

  private scan(): Map<string, TrackedDatabase> {
    const result = new Map<string, TrackedDatabase>();
    for (const [dbRid, db] of this.account.databases._data) {
      const colls = new Map<string, TrackedCollection>();
      for (const [collRid, coll] of db.collections._data) {
        const docs = new Map<string, string | undefined>();
        for (const [docRid, doc] of coll.documents._data) docs.set(docRid, resourceOf(doc)._etag);
        colls.set(collRid, { etag: resourceOf(coll)._etag, docs });
      }
      result.set(dbRid, { etag: resourceOf(db)._etag, colls });
    }
    return result;
  }

  /** Journals whatever changed since the last call. Synchronous, so it completes before the response. */
  journalChanges(): number {
    const records: CosmosJournalRecord[] = [];
    const dbs = this.account.databases;
    const seenDbs = new Set<string>();
    for (const [dbRid, db] of dbs._data) {
      seenDbs.add(dbRid);
      const dbData = resourceOf(db);
      let trackedDb = this.tracked.get(dbRid);
      if (!trackedDb || trackedDb.etag !== dbData._etag) {
        records.push({ op: 'db', data: dbData, ridCount: dbs._ridCount });
        trackedDb = trackedDb ?? { etag: dbData._etag, colls: new Map() };
        trackedDb.etag = dbData._etag;
        this.tracked.set(dbRid, trackedDb);
      }
      const seenColls = new Set<string>();
      for (const [collRid, coll] of db.collections._data) {
        seenColls.add(collRid);
        const collData = resourceOf(coll);
        let trackedColl = trackedDb.colls.get(collRid);
        if (!trackedColl || trackedColl.etag !== collData._etag) {
          records.push({ op: 'coll', db: dbRid, data: collData, ridCount: db.collections._ridCount });
          trackedColl = trackedColl ?? { etag: collData._etag, docs: new Map() };
          trackedColl.etag = collData._etag;
          trackedDb.colls.set(collRid, trackedColl);
        }
        const docs = coll.documents;
        for (const [docRid, doc] of docs._data) {
          const data = resourceOf(doc);
          if (trackedColl.docs.get(docRid) !== data._etag || !trackedColl.docs.has(docRid)) {
            records.push({ op: 'doc', db: dbRid, coll: collRid, data, ridCount: docs._ridCount });
            trackedColl.docs.set(docRid, data._etag);
          }
        }
        for (const docRid of trackedColl.docs.keys()) {
          if (!docs._data.has(docRid)) {
            records.push({ op: 'docDel', db: dbRid, coll: collRid, rid: docRid });
            trackedColl.docs.delete(docRid);
          }
        }
      }
      for (const collRid of trackedDb.colls.keys()) {
        if (!seenColls.has(collRid)) {
          records.push({ op: 'collDel', db: dbRid, rid: collRid });
          trackedDb.colls.delete(collRid);
        }
      }
    }
    for (const dbRid of this.tracked.keys()) {
      if (!seenDbs.has(dbRid)) {
        records.push({ op: 'dbDel', rid: dbRid });
        this.tracked.delete(dbRid);
      }
    }
    if (records.length) fs.appendFileSync(this.journalPath, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return records.length;
  }
}

function isTrueHeader(value: string | string[] | undefined): boolean {
  return String(value ?? '').toLowerCase() === 'true';
}

function isReadOnlyRequest(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  return req.method === 'POST' && (isTrueHeader(req.headers['x-ms-documentdb-isquery']) || req.headers['content-type'] === 'application/query+json');
}

type RouteResolver = (req: IncomingMessage) => [Record<string, string>, Handler] | undefined;

/** Starts the embedded server on 127.0.0.1 (port 0 = any free port) over HTTPS with the given cert. */
export async function startEmbeddedCosmos(opts: { dataDir: string; cert: Buffer; key: Buffer; port?: number; log(message: string): void }): Promise<EmbeddedCosmos> {
  const resolve = routes as unknown as RouteResolver;
  let store: PersistentCosmosAccount | undefined;
  const server = https.createServer({ cert: opts.cert, key: opts.key }, (req, res) => {
    void (async () => {
      if (!store) {
        res.statusCode = 503;
        res.end('');
        return;
      }
      const route = resolve(req);
      let body: Record<string, unknown>;
      if (route) {
        const [params, handler] = route;
        try {
          body = ((await handler(store.account, req, res, params)) ?? {}) as Record<string, unknown>;
        } catch (err) {
          opts.log(`[cosmos] handler error: ${errorStack(err)}`);
          body = { message: 'internal error' };
          res.statusCode = 500;
        }
        if (res.statusCode > 399 && !body.message) body.message = '';
      } else {
        res.statusCode = 400;
        body = { message: 'no route' };
      }
      if (!isReadOnlyRequest(req) && res.statusCode < 400) {
        try {
          store.journalChanges();
        } catch (err) {
          // durability failed: tell the client rather than pretend success
          opts.log(`[cosmos] journal write failed: ${errorStack(err)}`);
          res.statusCode = 500;
          body = { message: 'local persistence failed' };
        }
      } else if (!isReadOnlyRequest(req)) {
        store.journalChanges(); // e.g. a partially applied batch
      }
      if (typeof body._etag === 'string') res.setHeader('etag', body._etag);
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-location', `https://${req.headers.host ?? 'localhost'}${req.url ?? ''}`);
      res.setHeader('x-ms-activity-id', randomUUID());
      res.setHeader('x-ms-request-charge', '1');
      if (req.headers['a-im'] && res.statusCode === 200) {
        if (req.headers['if-none-match']) res.statusCode = 304;
        res.setHeader('etag', '1');
      }
      res.end(JSON.stringify(body));
    })().catch((err: unknown) => {
      opts.log(`[cosmos] request failed: ${errorStack(err)}`);
      if (!res.headersSent) res.statusCode = 500;
      res.end('');
    });
  });
  // listen first to learn the port (the Account embeds its own endpoint), but answer 503 until restored
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const persistent = new PersistentCosmosAccount(path.join(opts.dataDir, 'cosmos'), '127.0.0.1', port);
  const { documents } = persistent.load();
  store = persistent;
  opts.log(`[cosmos] embedded Cosmos DB at https://127.0.0.1:${port} (${documents} documents restored)`);
  return {
    endpoint: `https://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
