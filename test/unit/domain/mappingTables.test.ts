import {
  CURRENT_MAPPING_TABLES,
  grants,
  MAPPING_TABLE_HISTORY,
  mergeTargets,
  missingPrerequisites,
  normaliseName,
  PERMISSION_CATALOGUE,
  resolveAllowedResourceActions,
  resolvePermissionPhrase,
  tableVersionString,
  type MappingRow,
  type MappingTableId,
} from '../../../shared/domain';
import { EXPECTED_CURRENT_ROWS, EXPECTED_MDCA_SCOPED, type ExpectedRow } from './expectedCurrentRows';
import { compact, group, guid, mapParts, only, user } from './helpers';

/**
 * One case per row of every current table. The expected unified values come from the table data
 * itself, and each is cross-checked against the independent list in expectedCurrentRows.ts, so a
 * wrong table fails; then the row is pushed through the real product mapper.
 */

type Case = { table: MappingTableId; row: MappingRow };
const cases: Case[] = (Object.keys(CURRENT_MAPPING_TABLES) as MappingTableId[]).flatMap((table) =>
  CURRENT_MAPPING_TABLES[table].rows.map((row) => ({ table, row })),
);

function expectedFor(table: MappingTableId, row: MappingRow): ExpectedRow | undefined {
  return EXPECTED_CURRENT_ROWS.find(
    (e) =>
      e.table === table &&
      normaliseName(e.sourceName) === normaliseName(row.sourceName) &&
      (e.type === undefined || e.type === row.type),
  );
}

/** Maps one table row through its product mapper, as the smallest source that uses it. */
function mapRow(table: MappingTableId, row: MappingRow) {
  const members = [guid(1)];
  const directory = [user(1), group(2)];
  switch (table) {
    case 'mde':
      return only(
        mapParts(
          {
            directory,
            mde: {
              permissionMode: 'rbac',
              roles: [{ id: '1', name: 'Case', permissions: [row.sourceName], assignedGroupIds: [guid(2)] }],
            },
          },
          'mde',
        ),
      );
    case 'mdo-email-collaboration':
    case 'mdo-exchange-online': {
      const rg =
        row.type === 'Role group'
          ? { id: 'rg', name: row.sourceName, isBuiltIn: true, roles: [], memberIds: members }
          : { id: 'rg', name: 'Custom case group', isBuiltIn: false, roles: [row.sourceName], memberIds: members };
      const key = table === 'mdo-email-collaboration' ? 'emailCollaborationRoleGroups' : 'exchangeOnlineRoleGroups';
      return only(mapParts({ directory, mdo: { [key]: [rg] } }, 'mdo'));
    }
    case 'mdi':
      return only(
        mapParts(
          { directory, mdi: { groups: [{ id: guid(3), displayName: `Azure ATP case ${row.groupSuffix}`, memberIds: members }] } },
          'mdi',
        ),
      );
    case 'mdca':
      return only(mapParts({ directory, mdca: { admins: [{ principalId: guid(1), role: row.mdcaRoleName ?? row.sourceName }] } }, 'mdca'));
  }
}

describe('current mapping tables', () => {
  test.each(cases.map((c) => [c.table, c.row.type ?? '-', c.row.sourceName, c] as const))(
    '%s / %s / %s',
    (table, _type, _name, { row }) => {
      const tableValues = compact(row.targets);
      // 1. The raw text of the row resolves to exactly the row's targets.
      expect(compact(row.raw.flatMap((r) => resolvePermissionPhrase(r) ?? []))).toBe(tableValues);

      // 2. Independent expectation.
      if (table === 'mdca' && row.type === 'Scoped role') {
        expect(EXPECTED_MDCA_SCOPED).toContain(row.sourceName);
        expect(row.unsupported).toBeDefined();
        expect(row.targets).toEqual([]);
      } else {
        const expected = expectedFor(table, row);
        expect(expected).toBeDefined();
        expect(tableValues).toBe(expected?.unified);
        expect(row.unsupported).toBe(expected?.unsupported);
      }

      // 3. Through the real mapper.
      const result = mapRow(table, row);
      expect(result.mappingVersion).toBe(tableVersionString(CURRENT_MAPPING_TABLES[table]));
      if (row.unsupported !== undefined && table === 'mde') {
        expect(result.verdict).toBe('unsupported'); // the only permission of the role is unsupported
        expect(result.unsupported).toContainEqual({ name: row.sourceName, reason: row.unsupported });
      } else if (row.unsupported !== undefined) {
        expect(result.verdict).toBe('unsupported');
        expect(result.unifiedRole).toBeUndefined();
      } else {
        const prereq = compact(result.addedByPrerequisite);
        const withoutPrereq = result.permissions.filter(
          (p) => !result.addedByPrerequisite.some((a) => a.permissionId === p.permissionId && a.level === p.level),
        );
        expect(compact(withoutPrereq)).toBe(tableValues);
        expect(result.unifiedRole).toBeDefined();
        expect(result.unmapped).toEqual([]);
        // Only Email & collaboration content pulls prerequisites in.
        expect(prereq).toBe(tableValues.includes('SO.RAW.emailContent:') ? 'SO.RAW.emailMetadata:read SO.SD.basics:read' : '');
      }
    },
  );

  test('every independently expected row exists in a current table', () => {
    for (const e of EXPECTED_CURRENT_ROWS) {
      const found = CURRENT_MAPPING_TABLES[e.table].rows.some(
        (r) => normaliseName(r.sourceName) === normaliseName(e.sourceName) && (e.type === undefined || e.type === r.type),
      );
      expect([e.table, e.sourceName, found]).toEqual([e.table, e.sourceName, true]);
    }
  });

  test('table versions follow CMP-2026 (2026-07-30)', () => {
    for (const table of Object.values(CURRENT_MAPPING_TABLES)) {
      expect(tableVersionString(table)).toBe('CMP-2026 (2026-07-30)');
    }
  });

  test('history keeps the previous MDO and MDCA versions, current first', () => {
    expect(MAPPING_TABLE_HISTORY['mdo-email-collaboration'].map((t) => t.version.source)).toEqual(['CMP-2026', 'CMP-2025', 'CMP-2022-11']);
    expect(MAPPING_TABLE_HISTORY['mdo-exchange-online'].map((t) => t.version.source)).toEqual(['CMP-2026', 'CMP-2025']);
    expect(MAPPING_TABLE_HISTORY.mdca.map((t) => t.version.source)).toEqual(['CMP-2026', 'CMP-2024-11']);
    // The 2024-11 MDCA table still granted Security settings (all) to a Security reader.
    const old = MAPPING_TABLE_HISTORY.mdca[1]?.rows.find((r) => r.sourceName === 'Local Security reader');
    expect(compact(old?.targets ?? [])).toContain('AS.SS.coreSecuritySettings:manage');
    expect(compact(CURRENT_MAPPING_TABLES.mdca.rows.find((r) => r.sourceName === 'Local Security reader')?.targets ?? [])).toContain(
      'AS.SS.coreSecuritySettings:read',
    );
  });

  test('older MDE names are aliases of the current rows', () => {
    const aliases = CURRENT_MAPPING_TABLES.mde.rows.flatMap((r) => r.aliases);
    expect(aliases).toContain('View data - Threat and vulnerability management');
    expect(aliases).toContain('Manage endpoint security settings in Microsoft Endpoint Manager');
  });
});

/**
 * Oracle, independent of shared/domain/catalogue/actions.ts: the catalogue (permission, level)
 * pairs an action grants, by the catalogue's known action strings (equal, or under a wildcard
 * `<prefix>/*\/<verb>`; a manage wildcard also grants read actions).
 */
function catalogueCoverage(action: string): Array<{ permissionId: string; level: 'read' | 'manage' }> {
  const wildcard = /^(.+)\/\*\/(read|manage)$/.exec(action);
  const found: Array<{ permissionId: string; level: 'read' | 'manage' }> = [];
  for (const p of PERMISSION_CATALOGUE) {
    for (const known of p.actionStrings) {
      const level = known.value.endsWith('/manage') ? 'manage' : known.value.endsWith('/read') ? 'read' : undefined;
      if (!level || !p.levels.includes(level)) continue;
      const under = wildcard !== null && known.value.startsWith(`${wildcard[1]}/`) && (wildcard[2] === 'manage' || level === 'read');
      if (known.value === action || under) found.push({ permissionId: p.id, level });
    }
  }
  return found;
}

/** What the written actions grant beyond `permissions` (manage implies read): must be empty. */
function excessOf(actions: readonly string[], permissions: ReadonlyArray<{ permissionId: string; level: 'read' | 'manage' }>): string[] {
  return actions.flatMap((a) => catalogueCoverage(a).filter((c) => !grants(permissions, c)).map((c) => `${a} -> ${c.permissionId}:${c.level}`));
}

describe('Graph projection never grants more than the role (every row of every table)', () => {
  test.each(cases.map((c) => [c.table, c.row.type ?? '-', c.row.sourceName, c] as const))(
    '%s / %s / %s',
    (table, _type, _name, { row }) => {
      const result = mapRow(table, row);
      if (!result.unifiedRole) return; // unsupported rows write nothing
      const actions = result.unifiedRole.rolePermissions.flatMap((p) => p.allowedResourceActions);
      expect(excessOf(actions, result.permissions)).toEqual([]);
      // Every permission is either carried by a written action or reported as unresolved.
      const carried = actions.flatMap(catalogueCoverage);
      const unresolved = result.graphActionsUnresolved ?? [];
      for (const p of result.permissions) {
        const isCarried = grants(carried, p);
        const isReported = unresolved.some((u) => u.permissionId === p.permissionId && u.level === p.level);
        expect([p.permissionId, p.level, isCarried || isReported]).toEqual([p.permissionId, p.level, true]);
      }
      // Verdicts are not changed by an incomplete Graph projection.
      if (unresolved.length > 0) expect(result.notes.join(' ')).toContain('resourceNamespaces');
    },
  );

  test('also for every row of every older table version', () => {
    for (const [id, versions] of Object.entries(MAPPING_TABLE_HISTORY)) {
      for (const table of versions) {
        for (const row of table.rows) {
          const targets = mergeTargets([...row.targets, ...missingPrerequisites(row.targets)]);
          const { allowedResourceActions } = resolveAllowedResourceActions(targets);
          expect([id, table.version.source, row.sourceName, excessOf(allowedResourceActions, targets)]).toEqual([
            id,
            table.version.source,
            row.sourceName,
            [],
          ]);
        }
      }
    }
  });
});
