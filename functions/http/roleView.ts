import type { RoleDocument } from '../../shared/schemas/documents';
import { toHttpEtag } from './etag';

/** A unified role as the API shows it (the stored document minus storage bookkeeping). */
export function roleView(doc: RoleDocument) {
  return {
    id: doc.id,
    displayName: doc.displayName,
    description: doc.description,
    isImported: doc.isImported,
    source: {
      workload: doc.source.workload,
      roleId: doc.source.roleId,
      roleName: doc.source.roleName,
      importId: doc.source.importId,
      importedAt: doc.source.importedAt,
      mappingVersion: doc.source.mappingVersion,
    },
    permissions: doc.permissions.map(({ group, name, level }) => ({ group, name, level })),
    rolePermissions: doc.rolePermissions,
    assignments: doc.assignments,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    etag: doc._etag ? toHttpEtag(doc._etag) : null,
  };
}
