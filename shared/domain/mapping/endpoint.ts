import type { MapOptions, RoleMappingResult } from '../mappingResult';
import { indexDirectory } from '../eligibility';
import { WORKLOAD_DISPLAY_NAME } from '../workloads';
import { assembleResult, importedDescription } from './assembleResult';
import { deriveFromTable, uniqueNames } from './derive';
import { tableVersionString } from './mappingTable';
import { CURRENT_MAPPING_TABLES } from './tables';
import type { MdeWorkloadSource } from './workloadSource';

/**
 * Defender for Endpoint: one unified role per MDE role, same name, one assignment to the role's
 * groups on `Mde`. Permissions map row by row (CMP-2026); "Manage endpoint security settings in
 * Microsoft Intune" has no equivalent and is reported unsupported (the role is still imported).
 * Device groups are not part of a role: they stay in MDE, and every result says so.
 */

export function deviceGroupNote(source: MdeWorkloadSource, groupIds: readonly string[]): string | undefined {
  const groups = source.section.deviceGroups;
  if (groups.length === 0) return undefined;
  const mine = new Set(groupIds.map((id) => id.toLowerCase()));
  const linked = groups.filter((g) => (g.userAccessGroupIds ?? []).some((id) => mine.has(id.toLowerCase())));
  const base =
    `Device groups are not part of the role: the tenant's ${groups.length} device group(s) stay in Defender for Endpoint and keep ` +
    'governing which devices these users see; no device-group scope is imported.';
  return linked.length > 0
    ? `${base} Device groups granting user access to this role's groups: ${linked.map((g) => `"${g.name}"`).join(', ')}.`
    : base;
}

export function mapEndpoint(source: MdeWorkloadSource, options: MapOptions): RoleMappingResult[] {
  // Basic permissions mode has no roles; access comes from Entra roles (see workloadNotes).
  if (source.section.permissionMode === 'basic') return [];
  const table = CURRENT_MAPPING_TABLES.mde;
  const ctx = { directory: indexDirectory(source.directory), options };
  return source.section.roles.map((role) => {
    const derivations = uniqueNames(role.permissions).map((p) => deriveFromTable(table, p));
    const note = deviceGroupNote(source, role.assignedGroupIds);
    return assembleResult(
      {
        workload: 'mde',
        sourceRoleId: role.id,
        sourceRoleName: role.name,
        sourceKind: 'mdeRole',
        sourcePermissions: role.permissions,
        derivations,
        principalIds: role.assignedGroupIds,
        unifiedName: role.name,
        description: importedDescription(WORKLOAD_DISPLAY_NAME.mde, 'role', role.name, role.description),
        mappingVersion: tableVersionString(table),
        notes: note ? [note] : [],
        ...(role.assignedGroupIds.length === 0 ? { skipReason: 'the role has no assigned groups' } : {}),
      },
      ctx,
    );
  });
}
