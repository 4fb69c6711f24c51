import type { MdoRoleGroup } from '../../schemas/sourceSnapshot';
import { indexDirectory } from '../eligibility';
import type { MapOptions, PermissionDerivation, RoleMappingResult } from '../mappingResult';
import { normaliseName } from '../normalise';
import { WORKLOAD_DISPLAY_NAME } from '../workloads';
import { assembleResult, importedDescription, type AssembleContext } from './assembleResult';
import { deriveFromTable, uniqueNames } from './derive';
import { findRow, tableVersionString, type MappingTable } from './mappingTable';
import { CURRENT_MAPPING_TABLES } from './tables';
import type { MdoWorkloadSource } from './workloadSource';

/**
 * Defender for Office 365: Email & collaboration and Exchange Online role groups.
 * One unified role per role group with at least one member (empty ones are skipped). A built-in
 * role group with its own table row uses that row (its roles are "covered-by-role-group-row");
 * otherwise the role group gets the union of its roles' rows, and any role name matching no row is
 * unmapped. Source role ids are prefixed (`ec:` / `exo:`) because both kinds have groups named
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
    const own = deriveFromTable(table, group.name, 'Role group');
    const covered = roles.map((role): PermissionDerivation => {
      const roleRow = findRow(table, role, 'Role');
      return {
        source: role,
        ...(roleRow ? { matchedRow: roleRow.sourceName } : {}),
        unified: [],
        outcome: 'covered-by-role-group-row',
      };
    });
    return {
      derivations: [own, ...covered],
      notes: [`Built-in role group mapped by its own table row "${groupRow.sourceName}"; its roles are covered by that row.`],
    };
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
