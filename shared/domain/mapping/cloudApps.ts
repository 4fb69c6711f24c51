import type { MdcaAdmin } from '../../schemas/sourceSnapshot';
import { indexDirectory } from '../eligibility';
import type { MapOptions, RoleMappingResult } from '../mappingResult';
import { normaliseName } from '../normalise';
import { WORKLOAD_DISPLAY_NAME } from '../workloads';
import { assembleResult, importedDescription, type AssembleContext } from './assembleResult';
import { deriveFromTable } from './derive';
import { findRow, tableVersionString, type MappingRow } from './mappingTable';
import { CURRENT_MAPPING_TABLES } from './tables';
import type { MdcaWorkloadSource } from './workloadSource';

/**
 * Defender for Cloud Apps: per-user admin entries.
 * - Built-in roles (Global administrator, Compliance administrator, Security reader, Security
 *   operator): one unified role per distinct role in use, assigned to the users holding it, on `Mda`.
 * - Scoped roles (App/instance admin, User group admin, Cloud Discovery global/report admin): no
 *   unified equivalent; one `unsupported` result per entry, never mapped to a broader role.
 * - Unknown role names: unmapped, not imported (one result per distinct name).
 */

/** `Security reader` -> `security-reader` (stable id segment). */
export function slug(name: string): string {
  return normaliseName(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Unified role name for an MDCA built-in role, kept apart from MDO's "Security Reader" etc. */
export function cloudAppsRoleName(mdcaRoleName: string): string {
  return `${mdcaRoleName} (Defender for Cloud Apps)`;
}

const version = (): string => tableVersionString(CURRENT_MAPPING_TABLES.mdca);

function builtIn(row: MappingRow, admins: MdcaAdmin[], ctx: AssembleContext): RoleMappingResult {
  const name = row.mdcaRoleName ?? row.sourceName;
  const spelled = [...new Set(admins.map((a) => a.role))];
  return assembleResult(
    {
      workload: 'mdca',
      sourceRoleId: `builtin:${slug(name)}`,
      sourceRoleName: name,
      sourceKind: 'mdcaBuiltInRole',
      sourcePermissions: spelled,
      derivations: [deriveFromTable(CURRENT_MAPPING_TABLES.mdca, admins[0]?.role ?? name)],
      principalIds: admins.map((a) => a.principalId),
      unifiedName: cloudAppsRoleName(name),
      description: importedDescription(WORKLOAD_DISPLAY_NAME.mdca, 'admin role', name),
      mappingVersion: version(),
      notes: [`Table row "${row.sourceName}"; assigned to the ${new Set(admins.map((a) => a.principalId.toLowerCase())).size} user(s) holding this role.`],
    },
    ctx,
  );
}

function scoped(row: MappingRow, admin: MdcaAdmin, ctx: AssembleContext): RoleMappingResult {
  const name = row.mdcaRoleName ?? row.sourceName;
  const scopeLabel = admin.scope ? ` – ${admin.scope.name ?? admin.scope.id}` : '';
  const reason = row.unsupported ?? 'No Unified RBAC equivalent';
  return assembleResult(
    {
      workload: 'mdca',
      sourceRoleId: `scoped:${slug(name)}:${admin.principalId.toLowerCase()}:${admin.scope?.id ?? '-'}`,
      sourceRoleName: `${name}${scopeLabel}`,
      sourceKind: 'mdcaScopedRole',
      sourcePermissions: [admin.role],
      derivations: [deriveFromTable(CURRENT_MAPPING_TABLES.mdca, admin.role)],
      principalIds: [admin.principalId],
      unifiedName: `${name}${scopeLabel}`,
      description: importedDescription(WORKLOAD_DISPLAY_NAME.mdca, 'scoped admin role', name),
      mappingVersion: version(),
      notes: admin.accessLevel ? [`Scoped access level: ${admin.accessLevel}.`] : [],
      unsupportedRole: { name: admin.role, reason },
    },
    ctx,
  );
}

function unknown(roleName: string, admins: MdcaAdmin[], ctx: AssembleContext): RoleMappingResult {
  return assembleResult(
    {
      workload: 'mdca',
      sourceRoleId: `unknown:${slug(roleName)}`,
      sourceRoleName: roleName,
      sourceKind: 'mdcaBuiltInRole',
      sourcePermissions: [roleName],
      derivations: [{ source: roleName, unified: [], outcome: 'unmapped' }],
      principalIds: admins.map((a) => a.principalId),
      unifiedName: roleName,
      description: importedDescription(WORKLOAD_DISPLAY_NAME.mdca, 'admin role', roleName),
      mappingVersion: version(),
      notes: [],
      unsupportedRole: { name: roleName, reason: 'unknown Defender for Cloud Apps role name; not mapped (not guessed)' },
    },
    ctx,
  );
}

export function mapCloudApps(source: MdcaWorkloadSource, options: MapOptions): RoleMappingResult[] {
  const table = CURRENT_MAPPING_TABLES.mdca;
  const ctx = { directory: indexDirectory(source.directory), options };
  // Group in order of first appearance so the output order is deterministic.
  const groups = new Map<string, { build: (admins: MdcaAdmin[]) => RoleMappingResult; admins: MdcaAdmin[] }>();
  const add = (key: string, admin: MdcaAdmin, build: (admins: MdcaAdmin[]) => RoleMappingResult): void => {
    const entry = groups.get(key);
    if (entry) entry.admins.push(admin);
    else groups.set(key, { build, admins: [admin] });
  };
  for (const admin of source.section.admins) {
    const row = findRow(table, admin.role);
    if (!row) {
      add(`unknown:${slug(admin.role)}`, admin, (admins) => unknown(admin.role, admins, ctx));
    } else if (row.type === 'Scoped role' || row.unsupported !== undefined) {
      // One result per scoped entry; identical repeated entries collapse into one.
      add(`scoped:${slug(row.sourceName)}:${admin.principalId.toLowerCase()}:${admin.scope?.id ?? '-'}`, admin, ([first]) =>
        scoped(row, first ?? admin, ctx),
      );
    } else {
      add(`builtin:${row.sourceName}`, admin, (admins) => builtIn(row, admins, ctx));
    }
  }
  return [...groups.values()].map((g) => g.build(g.admins));
}
