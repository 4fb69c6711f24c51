import type { MdoRoleGroup } from '../../schemas/sourceSnapshot';
import { permissionLabel } from '../catalogue/catalogue';
import { indexDirectory } from '../eligibility';
import type { MapOptions, PermissionDerivation, RoleMappingResult } from '../mappingResult';
import { normaliseName } from '../normalise';
import { grants } from '../permissionSet';
import { WORKLOAD_DISPLAY_NAME } from '../workloads';
import { assembleResult, importedDescription, type AssembleContext } from './assembleResult';
import { deriveFromTable, uniqueNames } from './derive';
import { findRow, tableVersionString, type MappingTable } from './mappingTable';
import { CURRENT_MAPPING_TABLES } from './tables';
import type { MdoWorkloadSource } from './workloadSource';

/**
 * Defender for Office 365: Email & collaboration and Exchange Online role groups.
 * One unified role per role group with at least one member (empty ones are skipped). A built-in
 * role group with its own table row uses that row: its roles are "covered-by-role-group-row" when
 * their own rows grant nothing beyond it (or they match no row, which the notes list by name), and
 * "not-granted-by-role-group-row" otherwise, which narrows the role and is noted. Otherwise the
 * role group gets the union of its roles' rows, and any role name matching no row is unmapped.
 * Source role ids are prefixed (`ec:` / `exo:`) because both kinds have groups named
 * "Organization Management".
 */

export const EXCHANGE_ONLINE_NAME_SUFFIX = ' (Exchange Online)';

interface Kind {
  prefix: 'ec' | 'exo';
  sourceKind: 'emailCollaborationRoleGroup' | 'exchangeOnlineRoleGroup';
  label: string;
  table: MappingTable;
}

const EMAIL_COLLABORATION: Kind = {
  prefix: 'ec',
  sourceKind: 'emailCollaborationRoleGroup',
  label: 'Email & collaboration role group',
  table: CURRENT_MAPPING_TABLES['mdo-email-collaboration'],
};
const EXCHANGE_ONLINE: Kind = {
  prefix: 'exo',
  sourceKind: 'exchangeOnlineRoleGroup',
  label: 'Exchange Online role group',
  table: CURRENT_MAPPING_TABLES['mdo-exchange-online'],
};

function derivationsFor(group: MdoRoleGroup, table: MappingTable): { derivations: PermissionDerivation[]; notes: string[] } {
  const roles = uniqueNames(group.roles);
  const groupRow = group.isBuiltIn ? findRow(table, group.name, 'Role group') : undefined;
  if (groupRow) {
    // Issue rule: a role group with a row of its own maps to that row, not to the union of its
    // roles' rows. Built-in role groups' roles are fixed by Microsoft, so an inner role granting
    // more than the group's row means a tampered or unexpected snapshot: never hide it.
    const own = deriveFromTable(table, group.name, 'Role group');
    const unmatched: string[] = [];
    const inner = roles.map((role): PermissionDerivation => {
      const roleRow = findRow(table, role, 'Role');
      if (!roleRow) {
        unmatched.push(role);
        return { source: role, unified: [], outcome: 'covered-by-role-group-row' };
      }
      const notGranted = deriveFromTable(table, role, 'Role').unified.filter((g) => !grants(own.unified, g));
      return notGranted.length > 0
        ? { source: role, matchedRow: roleRow.sourceName, unified: [], outcome: 'not-granted-by-role-group-row', notGranted }
        : { source: role, matchedRow: roleRow.sourceName, unified: [], outcome: 'covered-by-role-group-row' };
    });
    const lost = inner.filter((d) => d.outcome === 'not-granted-by-role-group-row');
    const notes = [
      lost.length === 0
        ? `Built-in role group mapped by its own table row "${groupRow.sourceName}"; its roles are covered by that row.`
        : `Built-in role group mapped by its own table row "${groupRow.sourceName}"; not all of its roles are covered by that row.`,
      ...lost.map(
        (d) =>
          `Role "${d.source}" (row "${d.matchedRow}") grants what the role group's row "${groupRow.sourceName}" does not: ` +
          `${(d.notGranted ?? []).map(permissionLabel).join(', ')}. Not granted (the role group's own row applies): ` +
          "this built-in role group's roles differ from Microsoft's definition; check the snapshot.",
      ),
    ];
    if (unmatched.length > 0) {
      notes.push(
        `Roles with no mapping-table row (no Unified RBAC meaning; covered by the role group's row): ${unmatched.join(', ')}.`,
      );
    }
    return { derivations: [own, ...inner], notes };
  }
  const notes: string[] = [];
  if (findRow(table, group.name, 'Role group')) {
    notes.push('A custom role group named like a built-in one: mapped from its roles, not from the built-in row.');
  }
  return { derivations: roles.map((role) => deriveFromTable(table, role, 'Role')), notes };
}

function mapGroup(group: MdoRoleGroup, kind: Kind, unifiedName: string, ctx: AssembleContext): RoleMappingResult {
  const { derivations, notes } = group.memberIds.length === 0 ? { derivations: [], notes: [] } : derivationsFor(group, kind.table);
  return assembleResult(
    {
      workload: 'mdo',
      sourceRoleId: `${kind.prefix}:${group.id}`,
      sourceRoleName: group.name,
      sourceKind: kind.sourceKind,
      sourcePermissions: group.roles,
      derivations,
      principalIds: group.memberIds,
      unifiedName,
      description: importedDescription(WORKLOAD_DISPLAY_NAME.mdo, kind.label, group.name, group.description),
      mappingVersion: tableVersionString(kind.table),
      notes,
      ...(group.memberIds.length === 0
        ? { skipReason: 'the role group has no members (only role groups assigned to at least one user are imported)' }
        : {}),
    },
    ctx,
  );
}

export function mapOffice365(source: MdoWorkloadSource, options: MapOptions): RoleMappingResult[] {
  const ctx = { directory: indexDirectory(source.directory), options };
  const { emailCollaborationRoleGroups: ec, exchangeOnlineRoleGroups: exo } = source.section;
  // Unified role names must be unique: an EXO group named like an E&C group gets a suffix.
  const ecNames = new Set(ec.map((g) => normaliseName(g.name)));
  return [
    ...ec.map((g) => mapGroup(g, EMAIL_COLLABORATION, g.name, ctx)),
    ...exo.map((g) =>
      mapGroup(g, EXCHANGE_ONLINE, ecNames.has(normaliseName(g.name)) ? `${g.name}${EXCHANGE_ONLINE_NAME_SUFFIX}` : g.name, ctx),
    ),
  ];
}
