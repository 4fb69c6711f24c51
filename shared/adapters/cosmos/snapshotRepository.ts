import type { Container } from '@azure/cosmos';
import { WORKLOADS } from '../../domain/workloads';
import { StoredDataError } from '../../errors';
import type { SnapshotStore, StoredSnapshotInfo } from '../../ports/snapshotStore';
import { SourceSnapshotSchema, type SourceSnapshot } from '../../schemas/sourceSnapshot';
import { getChunkedJson, putChunkedJson, sha256 } from './chunkedJson';
import { isNotFound } from './cosmosErrors';

interface CurrentSnapshotDocument extends StoredSnapshotInfo {
  id: 'current';
  kind: 'currentSnapshot';
}

export class CosmosSnapshotStore implements SnapshotStore {
  constructor(private readonly container: Container) {}

  async putSnapshot(snapshot: SourceSnapshot, meta: { uploadedBy: string; now: string }) {
    const tenantId = snapshot.tenantId;
    const text = JSON.stringify(snapshot);
    const version = sha256(text).slice(0, 32);
    const current = await this.getCurrentSnapshotInfo(tenantId);
    if (current?.version === version) return { info: current, created: false };
    // The content is written before the pointer to it, so a failure leaves the previous snapshot current.
    const { bytes } = await putChunkedJson(this.container, tenantId, `snapshot:${version}`, snapshot);
    const info: StoredSnapshotInfo = {
      tenantId,
      version,
      capturedAt: snapshot.capturedAt,
      uploadedAt: meta.now,
      uploadedBy: meta.uploadedBy,
      bytes,
      sections: WORKLOADS.filter((w) => snapshot[w] !== undefined),
    };
    const doc: CurrentSnapshotDocument = { id: 'current', kind: 'currentSnapshot', ...info };
    await this.container.items.upsert(doc);
    return { info, created: true };
  }

  async getCurrentSnapshotInfo(tenantId: string): Promise<StoredSnapshotInfo | undefined> {
    try {
      const { resource } = await this.container.item('current', tenantId).read<CurrentSnapshotDocument>();
      if (!resource) return undefined;
      const { tenantId: t, version, capturedAt, uploadedAt, uploadedBy, bytes, sections } = resource;
      return { tenantId: t, version, capturedAt, uploadedAt, uploadedBy, bytes, sections };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async getSnapshot(tenantId: string, version: string): Promise<SourceSnapshot | undefined> {
    const raw = await getChunkedJson(this.container, tenantId, `snapshot:${version}`);
    if (raw === undefined) return undefined;
    const parsed = SourceSnapshotSchema.safeParse(raw);
    if (!parsed.success) throw new StoredDataError('snapshot', version);
    return parsed.data;
  }
}
