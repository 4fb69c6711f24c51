import type { MdiGroup } from '../../schemas/sourceSnapshot';
import { indexDirectory } from '../eligibility';
import type { MapOptions, PermissionDerivation, RoleMappingResult } from '../mappingResult';
import { normaliseName } from '../normalise';
import { mergeGrants } from '../permissionSet';
import { WORKLOAD_DISPLAY_NAME } from '../workloads';
import { assembleResult, importedDescription } from './assembleResult';
import { tableVersionString, type MappingRow } from './mappingTable';
import { CURRENT_MAPPING_TABLES } from './tables';
import type { MdiWorkloadSource } from './workloadSource';

/**
 * Defender for Identity: the workspace's "Azure ATP <workspace> Administrators|Users|Viewers"
 * groups become one unified role each (members = assignment), on `Mdi`; empty groups are skipped.
 * Where the MDI role-groups article disagrees with the comparison table we follow the table, and
 * every result carries that note. A group that does not follow the naming pattern is never guessed.
 */

const AZURE_ATP_GROUP = /^azure atp (.+) (administrators|users|viewers)$/;

export function parseAzureAtpGroupName(displayName: string): { workspace: string; suffix: string } | undefined {
  const match = AZURE_ATP_GROUP.exec(normaliseName(displayName));
  return match?.[1] && match[2] ? { workspace: match[1], suffix: match[2] } : undefined;
}

function rowFor(displayName: string): MappingRow | undefined {
  const parsed = parseAzureAtpGroupName(displayName);
  if (!parsed) return undefined;
  return CURRENT_MAPPING_TABLES.mdi.rows.find((r) => r.groupSuffix && normaliseName(r.groupSuffix) === parsed.suffix);
}

function mapGroup(group: MdiGroup, source: MdiWorkloadSource, options: MapOptions): RoleMappingResult {
  const table = CURRENT_MAPPING_TABLES.mdi;
  const row = rowFor(group.displayName);
  const notes: string[] = [];
  if (table.conflictChoice) notes.push(table.conflictChoice);
  const parsed = parseAzureAtpGroupName(group.displayName);
  const workspace = source.section.workspaceName;
  if (parsed && workspace && parsed.workspace !== normaliseName(workspace)) {
    notes.push(`The group names workspace "${parsed.workspace}", but the section's workspace is "${workspace}".`);
  }
  const empty = group.memberIds.length === 0;
  const derivations: PermissionDerivation[] = empty
    ? []
    : row
      ? [{ source: group.displayName, matchedRow: row.sourceName, unified: mergeGrants(row.targets), outcome: 'mapped' }]
      : [{ source: group.displayName, unified: [], outcome: 'unmapped' }];
  return assembleResult(
    {
      workload: 'mdi',
      sourceRoleId: group.id,
      sourceRoleName: group.displayName,
      sourceKind: 'mdiGroup',
      sourcePermissions: [group.displayName],
      derivations,
      principalIds: group.memberIds,
      unifiedName: group.displayName,
      description: importedDescription(WORKLOAD_DISPLAY_NAME.mdi, 'group', group.displayName),
      mappingVersion: tableVersionString(table),
      notes,
      ...(empty ? { skipReason: 'the group has no members' } : {}),
      ...(!empty && !row
        ? {
            unsupportedRole: {
              name: group.displayName,
              reason:
                'the group name is not "Azure ATP <workspace> Administrators", "... Users" or "... Viewers", so it matches no Defender for Identity role (not guessed)',
            },
          }
        : {}),
    },
    { directory: indexDirectory(source.directory), options },
  );
}

export function mapIdentity(source: MdiWorkloadSource, options: MapOptions): RoleMappingResult[] {
  return source.section.groups.map((g) => mapGroup(g, source, options));
}
