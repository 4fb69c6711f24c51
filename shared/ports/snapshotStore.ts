import type { Workload } from '../domain/workloads';
import type { SourceSnapshot } from '../schemas/sourceSnapshot';

export interface StoredSnapshotInfo {
  tenantId: string;
  /** Content hash of the snapshot: uploading the same document twice yields the same version. */
  version: string;
  capturedAt: string;
  uploadedAt: string;
  uploadedBy: string;
  bytes: number;
  /** Product sections present in the snapshot (absent = not captured). */
  sections: Workload[];
}

/** Where source snapshots live. Imports reference an immutable version, never "the latest". */
export interface SnapshotStore {
  putSnapshot(snapshot: SourceSnapshot, meta: { uploadedBy: string; now: string }): Promise<{ info: StoredSnapshotInfo; created: boolean }>;
  getCurrentSnapshotInfo(tenantId: string): Promise<StoredSnapshotInfo | undefined>;
  getSnapshot(tenantId: string, version: string): Promise<SourceSnapshot | undefined>;
}
