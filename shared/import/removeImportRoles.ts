import type { RoleStore } from '../ports/roleStore';

/**
 * Removes every role an import wrote, pending or committed: what a failed, canceled or orphaned
 * import leaves behind must never stay (a half-written import).
 */
export async function removeImportRoles(roles: RoleStore, tenantId: string, importId: string): Promise<number> {
  const written = await roles.listRoles(tenantId, { importId, includePending: true });
  for (const role of written) await roles.deleteRole(tenantId, role.id);
  return written.length;
}
