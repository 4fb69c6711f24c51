import { createHash } from 'node:crypto';
import type { RoleMappingResult, UnifiedRoleDraft } from '../domain/mappingResult';
import type { RoleDocument } from '../schemas/documents';
import { unifiedRoleId } from './unifiedRoleId';

export interface RoleWriteContext {
  tenantId: string;
  importId: string;
  importedAt: string;
  writtenBy: string;
}

/** The mapped content a role must carry; confirmation and future sync compare exactly this. */
export function roleContent(draft: UnifiedRoleDraft) {
  return {
    displayName: draft.displayName,
    description: draft.description,
    permissions: draft.permissions.map(({ permissionId, group, name, level }) => ({ permissionId, group, name, level })),
    rolePermissions: draft.rolePermissions.map((p) => ({ allowedResourceActions: [...p.allowedResourceActions] })),
    assignments: draft.assignments.map((a) => ({
      displayName: a.displayName,
      principalIds: [...a.principalIds],
      appScopeIds: [...a.appScopeIds],
    })),
  };
}

export function fingerprintOf(draft: UnifiedRoleDraft): string {
  return createHash('sha256').update(JSON.stringify(roleContent(draft))).digest('hex');
}

/** Builds the pending role document for one mapped source role (which must have a unifiedRole). */
export function buildRoleDocument(result: RoleMappingResult, ctx: RoleWriteContext): RoleDocument {
  const draft = result.unifiedRole;
  if (!draft) throw new TypeError(`Source role ${result.workload}:${result.sourceRoleId} has no unified role to write`);
  return {
    id: unifiedRoleId(ctx.tenantId, ctx.importId, result.workload, result.sourceRoleId),
    tenantId: ctx.tenantId,
    kind: 'role',
    schemaVersion: 1,
    ...roleContent(draft),
    isImported: true,
    importState: 'pending',
    source: {
      workload: result.workload,
      roleId: result.sourceRoleId,
      roleName: result.sourceRoleName,
      importId: ctx.importId,
      importedAt: ctx.importedAt,
      mappingVersion: result.mappingVersion,
    },
    fingerprint: fingerprintOf(draft),
    editedSinceImport: false,
    createdAt: ctx.importedAt,
    updatedAt: ctx.importedAt,
    createdBy: ctx.writtenBy,
    updatedBy: ctx.writtenBy,
  };
}

/**
 * What differs between a role read back and what was mapped: permissions, principals and data
 * sources (plus names), each named so the import can say exactly what did not persist.
 */
export function differencesFromMapped(stored: RoleDocument, draft: UnifiedRoleDraft): string[] {
  const expected = roleContent(draft);
  const diffs: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (stored.displayName !== expected.displayName) diffs.push('displayName');
  if (stored.description !== expected.description) diffs.push('description');
  if (!same(stored.permissions.map(({ permissionId, group, name, level }) => ({ permissionId, group, name, level })), expected.permissions)) diffs.push('permissions');
  if (!same(stored.rolePermissions, expected.rolePermissions)) diffs.push('rolePermissions');
  if (!same(stored.assignments.map((a) => a.principalIds), expected.assignments.map((a) => a.principalIds))) diffs.push('principals');
  if (!same(stored.assignments.map((a) => a.appScopeIds), expected.assignments.map((a) => a.appScopeIds))) diffs.push('dataSources');
  if (!same(stored.assignments.map((a) => a.displayName), expected.assignments.map((a) => a.displayName))) diffs.push('assignmentNames');
  return diffs;
}
