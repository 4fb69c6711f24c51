import type { RoleDocument } from '../schemas/documents';

export type RoleWriteOutcome = 'created' | 'unchanged' | 'replaced';

/** Unified roles held by this service. Readers see only roles whose import committed them. */
export interface RoleStore {
  /**
   * Idempotent: ids are deterministic, so a retried write finds its earlier self (same fingerprint:
   * 'unchanged') instead of creating a second role. Outcomes are in the order of `docs`.
   */
  writeRoles(docs: RoleDocument[]): Promise<RoleWriteOutcome[]>;
  getRole(tenantId: string, roleId: string, options?: { includePending?: boolean }): Promise<RoleDocument | undefined>;
  listRoles(tenantId: string, options?: { importId?: string; includePending?: boolean }): Promise<RoleDocument[]>;
  /**
   * Committed roles granting the Authorization permission in which one of `principalIds` is assigned:
   * the only roles that can authorise a caller.
   */
  listAuthorizationRolesFor(tenantId: string, principalIds: string[]): Promise<RoleDocument[]>;
  /** Makes confirmed roles visible. */
  commitRoles(tenantId: string, roleIds: string[]): Promise<void>;
  /** Deletes the role; with `ifMatch`, only while it is still at that ETag (else PreconditionFailedError). */
  deleteRole(tenantId: string, roleId: string, options?: { ifMatch?: string }): Promise<void>;
}
