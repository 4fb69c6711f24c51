import {
  extractWorkloadSource,
  listSourceRoleIds,
  mapWorkloadSource,
  summariseResults,
  workloadNotes,
} from '../../../shared/domain';
import { compact, group, guid, mapParts, only, snapshotOf, sourceOf, user } from './helpers';

const mdeRole = (permissions: string[], groups: string[], id = '1') => ({ id, name: `Role ${id}`, permissions, assignedGroupIds: groups });
const roleGroup = (name: string, roles: string[], members: string[], isBuiltIn = false, id = name) => ({ id, name, isBuiltIn, roles, memberIds: members });

describe('MDE', () => {
  const directory = [group(1), group(2), group(3, { deleted: true })];

  test('one role per MDE role, same name, one assignment to its groups on Mde', () => {
    const r = only(mapParts({ directory, mde: { permissionMode: 'rbac', roles: [mdeRole(['Alerts investigation'], [guid(1), guid(2)])] } }, 'mde'));
    expect(r.verdict).toBe('exact');
    expect(r.unifiedRole?.displayName).toBe('Role 1');
    expect(r.unifiedRole?.description).toBe('Imported from Microsoft Defender for Endpoint role "Role 1".');
    expect(r.unifiedRole?.assignments).toEqual([{ displayName: 'Role 1 – Defender for Endpoint', principalIds: [guid(1), guid(2)], appScopeIds: ['Mde'] }]);
  });

  test('Intune permission: unsupported for the role, role still imported, narrowed', () => {
    const r = only(
      mapParts({ directory, mde: { permissionMode: 'rbac', roles: [mdeRole(['Alerts investigation', 'Manage endpoint security settings in Microsoft Intune'], [guid(1)])] } }, 'mde'),
    );
    expect(r.unsupported).toEqual([{ name: 'Manage endpoint security settings in Microsoft Intune', reason: 'Not supported - managed in the Microsoft Intune admin center' }]);
    expect([r.verdict, r.deviations]).toEqual(['narrowed', ['narrowed']]);
    expect(compact(r.permissions)).toBe('SO.SD.alerts:manage');
  });

  test('unknown permission name is unmapped (narrowed), never aborts', () => {
    const r = only(mapParts({ directory, mde: { permissionMode: 'rbac', roles: [mdeRole(['Alerts investigation', 'Make coffee'], [guid(1)])] } }, 'mde'));
    expect(r.unmapped).toEqual(['Make coffee']);
    expect(r.verdict).toBe('narrowed');
    expect(r.unifiedRole).toBeDefined();
  });

  test('device groups: a note on every result, never an assignment principal; none without device groups', () => {
    const mde = {
      permissionMode: 'rbac' as const,
      roles: [mdeRole(['Alerts investigation'], [guid(1)]), mdeRole(['Alerts investigation'], [guid(2)], '2')],
      deviceGroups: [{ id: '7', name: 'EU devices', rank: 1, userAccessGroupIds: [guid(1)] }],
    };
    const results = mapParts({ directory, mde }, 'mde');
    for (const r of results) expect(r.notes.some((n) => n.startsWith('Device groups are not part of the role'))).toBe(true);
    expect(results[0]?.notes.join(' ')).toContain('"EU devices"');
    expect(results[1]?.notes.join(' ')).not.toContain('"EU devices"');
    const without = mapParts({ directory, mde: { ...mde, deviceGroups: [] } }, 'mde');
    for (const r of without) expect(r.notes.some((n) => n.includes('Device groups'))).toBe(false);
  });

  test('basic permission mode: no roles, and a visible workload note', () => {
    const source = sourceOf({ directory, mde: { permissionMode: 'basic', roles: [] } }, 'mde');
    expect(mapWorkloadSource(source, { allowPartialPrincipals: false })).toEqual([]);
    expect(workloadNotes(source).join(' ')).toContain('basic permissions');
  });
});

describe('Graph projection (rolePermissions) never grants more than the permissions', () => {
  const directory = [group(1), user(2)];
  const mde = (permissions: string[]) =>
    only(mapParts({ directory, mde: { permissionMode: 'rbac', roles: [mdeRole(permissions, [guid(1)])] } }, 'mde'));

  test('Vulnerability management (read) alone: left out of the actions, reported, verdict and permissions unchanged', () => {
    const r = mde(['View data - Security operations', 'View data - Defender Vulnerability Management']);
    expect(compact(r.permissions)).toBe('SO.SD.basics:read SP.PM.vulnerabilityManagement:read');
    expect(r.verdict).toBe('exact');
    expect(r.deviations).toEqual([]);
    expect(r.unifiedRole?.permissions).toEqual(r.permissions);
    expect(r.unifiedRole?.rolePermissions).toEqual([{ allowedResourceActions: ['microsoft.xdr/secops/securitydata/basics/read'] }]);
    expect(r.graphActionsUnresolved).toEqual([
      {
        permissionId: 'SP.PM.vulnerabilityManagement',
        group: 'Security posture',
        name: 'Vulnerability management',
        level: 'read',
        reason:
          'only a wildcard action is known (microsoft.xdr/securityposture/posturemanagement/*/read) and it would also grant Security posture \\ Exposure Management (read)',
        withheldWildcard: 'microsoft.xdr/securityposture/posturemanagement/*/read',
      },
    ]);
    const note = r.notes.find((n) => n.startsWith('Graph projection incomplete'));
    expect(note).toContain('Vulnerability management (read)');
    expect(note).toContain("resolve the leaf action from the tenant's resourceNamespaces");
  });

  test('Remediation handling (manage): the posture-management wildcard is not written', () => {
    const r = mde(['Active remediation actions - Defender Vulnerability Management - Remediation handling']);
    expect(r.verdict).toBe('exact');
    expect(r.unifiedRole?.rolePermissions[0]?.allowedResourceActions).toEqual([]);
    expect(r.graphActionsUnresolved?.map((u) => [u.permissionId, u.level, u.withheldWildcard])).toEqual([
      ['SP.PM.remediationHandling', 'manage', 'microsoft.xdr/securityposture/posturemanagement/*/manage'],
    ]);
    expect(r.graphActionsUnresolved?.[0]?.reason).toContain('Exposure Management (manage)');
  });

  test('MDE "Manage security settings in the Security Center" keeps configuration/security/*/manage', () => {
    const r = mde(['Manage security settings in the Security Center']);
    expect(compact(r.permissions)).toBe('AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage');
    expect(r.unifiedRole?.rolePermissions).toEqual([{ allowedResourceActions: ['microsoft.xdr/configuration/security/*/manage'] }]);
    expect(r.graphActionsUnresolved).toBeUndefined();
    expect(r.notes.some((n) => n.startsWith('Graph projection incomplete'))).toBe(false);
  });

  test('Detection tuning (manage) without Core security settings (manage): not written (Exchange Online)', () => {
    const r = only(
      mapParts({ directory, mdo: { exchangeOnlineRoleGroups: [roleGroup('Allow/block', ['Tenant AllowBlockList Manager'], [guid(2)])] } }, 'mdo'),
    );
    expect(compact(r.permissions)).toBe('AS.SS.detectionTuning:manage');
    expect(r.verdict).toBe('exact');
    expect(r.unifiedRole?.rolePermissions[0]?.allowedResourceActions).toEqual([]);
    expect(r.graphActionsUnresolved?.map((u) => [u.name, u.level, u.reason])).toEqual([
      [
        'Detection tuning',
        'manage',
        'only a wildcard action is known (microsoft.xdr/configuration/security/*/manage) and it would also grant Authorization and settings \\ Core security settings (manage)',
      ],
    ]);
  });

  test('Email & collaboration metadata (read): rawdata/*/read is not written (it would read email content)', () => {
    const r = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Recipients', ['View-Only Recipients'], [guid(2)])] } }, 'mdo'));
    expect(compact(r.permissions)).toBe('SO.RAW.emailMetadata:read SO.SD.basics:read');
    expect(r.verdict).toBe('exact');
    expect(r.unifiedRole?.rolePermissions[0]?.allowedResourceActions).toEqual(['microsoft.xdr/secops/securitydata/basics/read']);
    expect(r.graphActionsUnresolved?.map((u) => u.permissionId)).toEqual(['SO.RAW.emailMetadata']);
    expect(r.graphActionsUnresolved?.[0]?.reason).toContain('Email & collaboration content (read)');
    expect(r.graphActionsUnresolved?.[0]?.reason).toContain('Email & collaboration content: Quarantine Emails (read)');
  });
});

describe('eligibility', () => {
  const directory = [group(1), group(2, { deleted: true })];
  const parts = (groups: string[]) => ({ directory, mde: { permissionMode: 'rbac' as const, roles: [mdeRole(['Alerts investigation'], groups)] } });

  test('a deleted principal makes the role not eligible, listing it', () => {
    const r = only(mapParts(parts([guid(1), guid(2)]), 'mde'));
    expect(r.verdict).toBe('not-eligible');
    expect(r.unifiedRole).toBeUndefined();
    expect(r.principals.dropped).toEqual([{ id: guid(2), type: 'group', displayName: 'Group 2', reason: 'deleted' }]);
  });

  test('a principal missing from the directory makes the role not eligible', () => {
    const r = only(mapParts(parts([guid(1), guid(99)]), 'mde'));
    expect(r.verdict).toBe('not-eligible');
    expect(r.principals.dropped).toEqual([{ id: guid(99), type: 'unknown', reason: 'missing-from-directory' }]);
  });

  test('allowPartialPrincipals imports with the remaining principals, flagged and narrowed', () => {
    const r = only(mapParts(parts([guid(1), guid(2)]), 'mde', true));
    expect([r.verdict, r.partialPrincipals, r.deviations]).toEqual(['narrowed', true, ['narrowed']]);
    expect(r.unifiedRole?.assignments[0]?.principalIds).toEqual([guid(1)]);
  });

  test('no principal left: not eligible even with partial allowed', () => {
    const r = only(mapParts(parts([guid(2)]), 'mde', true));
    expect([r.verdict, r.partialPrincipals]).toEqual(['not-eligible', false]);
  });

  test('not-eligible outranks every other verdict', () => {
    const r = only(
      mapParts({ directory, mde: { permissionMode: 'rbac', roles: [mdeRole(['Manage endpoint security settings in Microsoft Intune', 'Alerts investigation'], [guid(2)])] } }, 'mde'),
    );
    expect(r.verdict).toBe('not-eligible');
    expect(r.deviations).toEqual(['narrowed']);
  });

  test('GUIDs compare case-insensitively', () => {
    const r = only(mapParts(parts([guid(1).toUpperCase()]), 'mde'));
    expect(r.verdict).toBe('exact');
  });
});

describe('MDO', () => {
  const directory = [user(1), user(2), user(3, { deleted: true })];

  test('empty role groups are skipped, members make them count', () => {
    const results = mapParts(
      { directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Audit Reader', ['View-Only Audit Logs'], [], true), roleGroup('Custom', ['Manage Alerts'], [guid(1)])] } },
      'mdo',
    );
    expect(results.map((r) => r.verdict)).toEqual(['skipped', 'exact']);
    expect(results[0]?.unifiedRole).toBeUndefined();
  });

  test('built-in role group with its own row uses it; inner roles are covered, not unmapped', () => {
    const r = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Quarantine Administrator', ['Quarantine', 'Unknown thing'], [guid(1)], true)] } }, 'mdo'));
    expect(compact(r.permissions)).toBe('SO.RAW.emailContentQuarantine:read SO.SD.emailQuarantine:manage');
    expect(r.derivations.map((d) => d.outcome)).toEqual(['mapped', 'covered-by-role-group-row', 'covered-by-role-group-row']);
    expect(r.unmapped).toEqual([]);
    expect(r.verdict).toBe('exact');
    // A role name with no row is covered, but never silently: the note names it.
    expect(r.notes).toContain("Roles with no mapping-table row (no Unified RBAC meaning; covered by the role group's row): Unknown thing.");
  });

  test("a built-in role group's role granting more than the group's row: not granted, narrowed, named in a note", () => {
    const r = only(
      mapParts(
        { directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Security Reader', ['Security Reader', 'Search And Purge', 'Role Management', 'Tag Reader'], [guid(1)], true)] } },
        'mdo',
      ),
    );
    // The group's own row still applies: nothing from the extra roles is granted.
    expect(compact(r.permissions)).toBe(
      'AS.SS.coreSecuritySettings:read AS.systemSettings:read SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.basics:read SO.SD.response:manage',
    );
    expect(r.derivations.map((d) => [d.source, d.outcome, compact(d.notGranted ?? [])])).toEqual([
      ['Security Reader', 'mapped', ''],
      ['Security Reader', 'covered-by-role-group-row', ''],
      ['Search And Purge', 'not-granted-by-role-group-row', 'SO.SD.emailAdvancedActions:manage'],
      ['Role Management', 'not-granted-by-role-group-row', 'AS.authorization:manage'],
      ['Tag Reader', 'covered-by-role-group-row', ''],
    ]);
    expect([r.verdict, r.deviations]).toEqual(['narrowed', ['narrowed']]);
    expect(r.unifiedRole).toBeDefined();
    expect(r.unmapped).toEqual([]);
    const notes = r.notes.join('\n');
    expect(notes).toMatch(/Role "Search And Purge".*Email & collaboration advanced actions \(manage\)/);
    expect(notes).toMatch(/Role "Role Management".*Authorization \(manage\)/);
    expect(notes).toContain('Tag Reader');
    expect(notes).toContain('not all of its roles are covered by that row');
  });

  test("manage implies read when comparing a role with its group's row; a read role under a manage row is covered", () => {
    // Organization Management grants Authorization (manage): Security Administrator's Authorization (read) is within it.
    const covered = only(
      mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Organization Management', ['Security Administrator', 'Role Management'], [guid(1)], true)] } }, 'mdo'),
    );
    expect(covered.derivations.slice(1).map((d) => d.outcome)).toEqual(['covered-by-role-group-row', 'covered-by-role-group-row']);
    expect(covered.verdict).toBe('exact');
    // Exchange Online: Security Reader row has Core security settings (read) only; Tenant AllowBlockList Manager tunes detections.
    const exo = only(
      mapParts({ directory, mdo: { exchangeOnlineRoleGroups: [roleGroup('Security Reader', ['View-Only Configuration', 'Tenant AllowBlockList Manager'], [guid(1)], true)] } }, 'mdo'),
    );
    expect(exo.derivations.map((d) => [d.outcome, compact(d.notGranted ?? [])])).toEqual([
      ['mapped', ''],
      ['covered-by-role-group-row', ''],
      ['not-granted-by-role-group-row', 'AS.SS.detectionTuning:manage'],
    ]);
    expect(exo.verdict).toBe('narrowed');
    expect(exo.notes.join(' ')).toContain('Detection tuning (manage)');
  });

  test('a custom role group is the union of its roles; unknown role names are unmapped (narrowed)', () => {
    const r = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Triage', ['Manage Alerts', 'Search And Purge', 'Tag Reader'], [guid(1)])] } }, 'mdo'));
    expect(compact(r.permissions)).toBe('SO.SD.alerts:manage SO.SD.basics:read SO.SD.emailAdvancedActions:manage');
    expect(r.unmapped).toEqual(['Tag Reader']);
    expect(r.verdict).toBe('narrowed');
  });

  test('a built-in role group without a row maps from its roles', () => {
    const r = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Data Investigator', ['Preview', 'Search And Purge'], [guid(1)], true)] } }, 'mdo'));
    expect(compact(r.permissions)).toBe('SO.RAW.emailContent:read SO.RAW.emailMetadata:read SO.SD.basics:read SO.SD.emailAdvancedActions:manage');
  });

  test('Preview pulls in the two prerequisites (widened), unless already granted', () => {
    const r = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Readers', ['Preview'], [guid(1)])] } }, 'mdo'));
    expect(compact(r.addedByPrerequisite)).toBe('SO.RAW.emailMetadata:read SO.SD.basics:read');
    expect([r.verdict, r.deviations]).toEqual(['widened', ['widened']]);

    const partly = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Readers', ['Preview', 'Manage Alerts'], [guid(1)])] } }, 'mdo'));
    expect(compact(partly.addedByPrerequisite)).toBe('SO.RAW.emailMetadata:read');

    const none = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Readers', ['Preview', 'View-Only Recipients'], [guid(1)])] } }, 'mdo'));
    expect(none.addedByPrerequisite).toEqual([]);
    expect(none.verdict).toBe('exact');
  });

  test('widened and narrowed together: verdict widened, both deviations listed', () => {
    const r = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('eDiscovery Manager', ['Preview', 'Case Management'], [guid(1)], true)] } }, 'mdo'));
    expect([r.verdict, r.deviations]).toEqual(['widened', ['widened', 'narrowed']]);
  });

  test('E&C and EXO share names: unique source ids, EXO role name suffixed', () => {
    const results = mapParts(
      {
        directory,
        mdo: {
          emailCollaborationRoleGroups: [roleGroup('Organization Management', ['Role Management'], [guid(1)], true, 'om')],
          exchangeOnlineRoleGroups: [
            roleGroup('Organization Management', [], [guid(2)], true, 'om'),
            roleGroup('Hygiene Management', ['Transport Hygiene'], [guid(2)], true, 'hm'),
          ],
        },
      },
      'mdo',
    );
    expect(results.map((r) => [r.sourceRoleId, r.unifiedRole?.displayName, r.dataSource])).toEqual([
      ['ec:om', 'Organization Management', 'Mdo'],
      ['exo:om', 'Organization Management (Exchange Online)', 'Mdo'],
      ['exo:hm', 'Hygiene Management', 'Mdo'],
    ]);
    expect(compact(results[1]?.permissions ?? [])).toBe(
      'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.systemSettings:manage SO.RAW.emailMetadata:read',
    );
  });

  test('a role group with a departed member is not eligible', () => {
    const r = only(mapParts({ directory, mdo: { emailCollaborationRoleGroups: [roleGroup('Quarantine Administrator', ['Quarantine'], [guid(1), guid(3)], true)] } }, 'mdo'));
    expect(r.verdict).toBe('not-eligible');
    expect(r.principals.dropped.map((p) => p.displayName)).toEqual(['User 3']);
  });
});

describe('MDI', () => {
  const directory = [user(1), user(2)];
  const mdi = (groups: Array<{ n: number; name: string; members: string[] }>) => ({
    workspaceName: 'contoso',
    groups: groups.map((g) => ({ id: guid(g.n), displayName: g.name, memberIds: g.members })),
  });

  test('admin / user / viewer rows by group suffix; empty group skipped; conflict note on each result', () => {
    const results = mapParts(
      {
        directory,
        mdi: mdi([
          { n: 10, name: 'Azure ATP contoso Administrators', members: [guid(1)] },
          { n: 11, name: 'azure atp contoso users', members: [guid(2)] },
          { n: 12, name: 'Azure ATP contoso Viewers', members: [] },
        ]),
      },
      'mdi',
    );
    expect(results.map((r) => [r.verdict, r.derivations[0]?.matchedRow])).toEqual([
      ['exact', 'MDI admin'],
      ['exact', 'MDI user'],
      ['skipped', undefined],
    ]);
    for (const r of results) expect(r.notes.some((n) => n.includes('CMP-2026'))).toBe(true);
    expect(results[0]?.unifiedRole?.assignments[0]?.appScopeIds).toEqual(['Mdi']);
  });

  test('a group outside the naming pattern is unmapped and not imported (never guessed)', () => {
    const r = only(mapParts({ directory, mdi: mdi([{ n: 10, name: 'MDI Admins', members: [guid(1)] }]) }, 'mdi'));
    expect(r.verdict).toBe('unsupported');
    expect(r.unmapped).toEqual(['MDI Admins']);
    expect(r.unifiedRole).toBeUndefined();
    expect(r.unsupported[0]?.reason).toContain('not guessed');
  });
});

describe('MDCA', () => {
  const directory = [user(1), user(2), user(3)];

  test('one role per distinct built-in role in use, assigned to its users', () => {
    const results = mapParts(
      {
        directory,
        mdca: {
          admins: [
            { principalId: guid(1), role: 'Security reader' },
            { principalId: guid(2), role: 'security reader' },
            { principalId: guid(3), role: 'Compliance administrator' },
          ],
        },
      },
      'mdca',
    );
    expect(results.map((r) => [r.sourceRoleId, r.unifiedRole?.assignments[0]?.principalIds, r.dataSource])).toEqual([
      ['builtin:security-reader', [guid(1), guid(2)], 'Mda'],
      ['builtin:compliance-administrator', [guid(3)], 'Mda'],
    ]);
  });

  test('scoped roles: one unsupported result per entry, never mapped to a broader role', () => {
    const results = mapParts(
      {
        directory,
        mdca: {
          admins: [
            { principalId: guid(1), role: 'App/instance admin', accessLevel: 'full', scope: { kind: 'app', id: '1|EU', name: 'Box' } },
            { principalId: guid(2), role: 'App/instance admin', scope: { kind: 'app', id: '2|US' } },
            { principalId: guid(3), role: 'User group admin' },
          ],
        },
      },
      'mdca',
    );
    expect(results.map((r) => [r.sourceKind, r.verdict, r.permissions.length, r.unifiedRole])).toEqual([
      ['mdcaScopedRole', 'unsupported', 0, undefined],
      ['mdcaScopedRole', 'unsupported', 0, undefined],
      ['mdcaScopedRole', 'unsupported', 0, undefined],
    ]);
    expect(summariseResults(results).total.unsupported).toBe(3);
  });

  test('unknown role name: unmapped, not imported', () => {
    const r = only(mapParts({ directory, mdca: { admins: [{ principalId: guid(1), role: 'Super admin' }] } }, 'mdca'));
    expect(r.unmapped).toEqual(['Super admin']);
    expect(r.unifiedRole).toBeUndefined();
  });
});

describe('workload sources and selection', () => {
  const parts = {
    directory: [group(1), group(2), user(3)],
    mde: { permissionMode: 'rbac' as const, roles: [mdeRole(['Alerts investigation'], [guid(1)]), mdeRole(['Alerts investigation'], [guid(2)], '2')] },
  };

  test('absent section = not captured (undefined), not zero roles', () => {
    expect(extractWorkloadSource(snapshotOf(parts), 'mdi')).toBeUndefined();
  });

  test('directory is reduced to the objects the section references', () => {
    expect(sourceOf(parts, 'mde').directory.map((o) => o.id)).toEqual([guid(1), guid(2)]);
  });

  test('selectedRoleIds filters results; listSourceRoleIds lists all', () => {
    const source = sourceOf(parts, 'mde');
    expect(listSourceRoleIds(source)).toEqual(['1', '2']);
    expect(mapWorkloadSource(source, { allowPartialPrincipals: false, selectedRoleIds: ['2'] }).map((r) => r.sourceRoleId)).toEqual(['2']);
  });
});
