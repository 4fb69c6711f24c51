import type { Container } from '@azure/cosmos';
import { ConflictError, NotFoundError, StoredDataError } from '../../errors';
import type { ImportStore } from '../../ports/importStore';
import { ImportDocumentSchema, isImportActive, type ImportDocument } from '../../schemas/documents';
import { getChunkedJson, putChunkedJson } from './chunkedJson';
import { isConflict, isNotFound, isPreconditionFailed } from './cosmosErrors';

const MAX_UPDATE_ATTEMPTS = 8;
const IMPORT_SLOT_ID = 'import-slot';


interface ImportSlotDocument {
  id: typeof IMPORT_SLOT_ID;
  tenantId: string;
  kind: 'importSlot';
  importId: string;
}

export class CosmosImportStore implements ImportStore {
  constructor(private readonly container: Container) {}

  async createImport(doc: ImportDocument): Promise<void> {
    try {
      await this.container.items.create(doc);
    } catch (error) {
      if (isConflict(error)) throw new ConflictError(`Import ${doc.id} already exists.`);
      throw error;
    }
  }

  async getImport(tenantId: string, importId: string): Promise<ImportDocument | undefined> {
    try {
      const { resource } = await this.container.item(importId, tenantId).read();
      return resource === undefined ? undefined : parseImport(resource, importId);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async listImports(tenantId: string): Promise<ImportDocument[]> {
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.kind = @kind ORDER BY c.createdAt DESC',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@kind', value: 'import' },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((r) => parseImport(r, 'list'));
  }

  async claimImportSlot(tenantId: string, importId: string, isRunning: (holder: ImportDocument) => Promise<boolean>): Promise<{ released?: ImportDocument }> {
    const slot: ImportSlotDocument = { id: IMPORT_SLOT_ID, tenantId, kind: 'importSlot', importId };
    try {
      await this.container.items.create(slot);
      return {};
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
    const { resource: held, etag } = await this.container.item(IMPORT_SLOT_ID, tenantId).read<ImportSlotDocument>();
    let released: ImportDocument | undefined;
    if (held && held.importId !== importId) {
      const holder = await this.getImport(tenantId, held.importId);
      if (holder && isImportActive(holder.status)) {
        if (await isRunning(holder)) {
          throw new ConflictError(`Import ${holder.id} of this tenant is still ${holder.status}.`, { importId: holder.id, importStatus: holder.status });
        }
        const now = new Date().toISOString();
        // Re-checked on the fresh record: an import that finished meanwhile keeps its real outcome.
        let orphaned = false;
        const updated = await this.updateImport(tenantId, holder.id, (d) => {
          orphaned = isImportActive(d.status);
          return !orphaned
            ? d
            : {
                ...d,
                status: 'Failed',
                progress: { ...d.progress, stage: 'failed' },
                error: { message: 'The orchestration ended without recording an outcome (terminated or purged outside this API).' },
                updatedAt: now,
                completedAt: d.completedAt ?? now,
              };
        });
        if (orphaned) released = updated;
      }
    }
    try {
      // The ETag makes two callers racing for a freed slot see exactly one winner.
      await this.container.item(IMPORT_SLOT_ID, tenantId).replace(slot, { accessCondition: { type: 'IfMatch', condition: etag ?? '' } });
      return released ? { released } : {};
    } catch (error) {
      if (isPreconditionFailed(error)) throw new ConflictError('Another import of this tenant has just started.');
      throw error;
    }
  }

  async updateImport(tenantId: string, importId: string, change: (doc: ImportDocument) => ImportDocument): Promise<ImportDocument> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.getImport(tenantId, importId);
      if (!current) throw new NotFoundError(`Import ${importId}`);
      const next = change(current);
      try {
        const { resource } = await this.container.item(importId, tenantId).replace(next, {
          accessCondition: { type: 'IfMatch', condition: current._etag ?? '' },
        });
        return parseImport(resource, importId);
      } catch (error) {
        if (isPreconditionFailed(error) && attempt < MAX_UPDATE_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async putStaged(tenantId: string, importId: string, name: string, value: unknown): Promise<void> {
    await putChunkedJson(this.container, tenantId, `${importId}:staged:${name}`, value);
  }

  async getStaged(tenantId: string, importId: string, name: string): Promise<unknown> {
    return getChunkedJson(this.container, tenantId, `${importId}:staged:${name}`);
  }
}

function parseImport(raw: unknown, id: string): ImportDocument {
  const parsed = ImportDocumentSchema.safeParse(raw);
  if (!parsed.success) throw new StoredDataError('import', id);
  return parsed.data;
}
