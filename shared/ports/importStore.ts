import type { ImportDocument } from '../schemas/documents';

/** Import runs, plus the data an import stages between its activities (passed by reference). */
export interface ImportStore {
  createImport(doc: ImportDocument): Promise<void>;
  getImport(tenantId: string, importId: string): Promise<ImportDocument | undefined>;
  listImports(tenantId: string): Promise<ImportDocument[]>;
  /**
   * Claims the tenant's single import slot for `importId` (never two imports of one tenant at once).
   * Throws ConflictError naming the import that holds it while that import is still Pending or Running
   * and `isRunning(holder)` confirms it; a holder whose orchestration ended without recording an
   * outcome (terminated, purged) is marked Failed and the slot is taken; it is returned as `released`
   * so the caller can remove what it wrote.
   */
  claimImportSlot(tenantId: string, importId: string, isRunning: (holder: ImportDocument) => Promise<boolean>): Promise<{ released?: ImportDocument }>;
  /** Read-modify-write guarded by the document's ETag; retried on a concurrent change. */
  updateImport(tenantId: string, importId: string, change: (doc: ImportDocument) => ImportDocument): Promise<ImportDocument>;
  putStaged(tenantId: string, importId: string, name: string, value: unknown): Promise<void>;
  getStaged(tenantId: string, importId: string, name: string): Promise<unknown>;
}
