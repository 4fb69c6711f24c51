import type * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import type { ImportStore } from '../../shared/ports/importStore';
import { isImportActive, type ImportDocument } from '../../shared/schemas/documents';

/** Durable runtime statuses after which an orchestration makes no more progress. */
export const ENDED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

export interface ImportState {
  doc: ImportDocument;
  live?: { runtimeStatus: string; customStatus: unknown };
  /** Still Pending/Running in its record, but its orchestration ended (terminated or purged outside this API). */
  orphaned: boolean;
}

/** An import's record together with its orchestration's runtime status (404 if the tenant has no such import). */
export async function readImportState(imports: ImportStore, client: df.DurableClient, tenantId: string, importId: string): Promise<ImportState> {
  const read = async (): Promise<ImportDocument> => {
    const found = await imports.getImport(tenantId, importId);
    if (!found) throw new NotFoundError(`Import ${importId}`);
    return found;
  };
  let doc = await read();
  const status = await client.getStatus(doc.instanceId, { showInput: false }).catch(() => undefined);
  const live = status ? { runtimeStatus: String(status.runtimeStatus), customStatus: status.customStatus } : undefined;
  const ended = live !== undefined && ENDED.has(live.runtimeStatus);
  // The record is read before the runtime status: an import that finished in between shows an
  // ended orchestration next to a running record. Read the record again before calling it orphaned.
  if (ended && isImportActive(doc.status)) doc = await read();
  return { doc, ...(live ? { live } : {}), orphaned: ended && isImportActive(doc.status) };
}
