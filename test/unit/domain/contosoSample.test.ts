import { mapSnapshot, summariseResults, type RoleMappingResult } from '../../../shared/domain';
import { parseSourceSnapshot } from '../../../shared/schemas/sourceSnapshot';
import { compact, readContosoSample } from './helpers';

/** The shipped sample tenant, mapped end to end, against the outcome samples/README.md states. */

function load() {
  const parsed = parseSourceSnapshot(readContosoSample());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.snapshot;
}

const { results, notCaptured, notes } = mapSnapshot(load(), { allowPartialPrincipals: false });
const byName = (workload: string, name: string): RoleMappingResult => {
  const r = results.find((x) => x.workload === workload && x.sourceRoleName === name);
  if (!r) throw new Error(`no ${workload} result "${name}"`);
  return r;
};

describe('contoso sample, end to end', () => {
  test('summary matches the README table', () => {
    const { byWorkload, total } = summariseResults(results);
    expect([byWorkload.mde.imported, byWorkload.mdo.imported, byWorkload.mdi.imported, byWorkload.mdca.imported]).toEqual([9, 8, 2, 3]);
    expect(total.imported).toBe(22);
    expect([byWorkload.mdo.narrowed, byWorkload.mdo.widened]).toEqual([0, 0]);
    expect([byWorkload.mde.notEligible, byWorkload.mdo.notEligible, total.notEligible]).toEqual([1, 1, 2]);
    expect([byWorkload.mdo.skipped, byWorkload.mdi.skipped, total.skipped]).toEqual([3, 1, 4]);
    expect([byWorkload.mdca.unsupported, total.unsupported]).toEqual([2, 2]);
    expect(total.unmappedNames).toBe(0);
    expect(total.unsupportedPermissions).toBe(2);
    expect(notCaptured).toEqual([]);
  });

  test('MDO imports 6 Email & collaboration and 2 Exchange Online role groups', () => {
    const imported = results.filter((r) => r.workload === 'mdo' && r.unifiedRole);
    expect(imported.filter((r) => r.sourceKind === 'emailCollaborationRoleGroup')).toHaveLength(6);
    expect(imported.filter((r) => r.sourceKind === 'exchangeOnlineRoleGroup')).toHaveLength(2);
  });

  test('not eligible roles name their dead principal', () => {
    const contractors = byName('mde', 'SOC Contractors (legacy)');
    expect(contractors.verdict).toBe('not-eligible');
    expect(contractors.unifiedRole).toBeUndefined();
    expect(contractors.principals.dropped).toEqual([
      expect.objectContaining({ displayName: 'SG-SOC-Contractors-2024', type: 'group', reason: 'deleted' }),
    ]);
    expect(contractors.notes.join(' ')).toContain('SG-SOC-Contractors-2024');

    const quarantine = byName('mdo', 'Quarantine Administrator');
    expect(quarantine.verdict).toBe('not-eligible');
    expect(quarantine.principals.dropped).toEqual([expect.objectContaining({ displayName: 'Brian Walsh', type: 'user', reason: 'deleted' })]);
    expect(quarantine.notes.join(' ')).toContain('Brian Walsh');
  });

  test('skipped: empty built-in role groups and the empty Viewers group', () => {
    const skipped = results.filter((r) => r.verdict === 'skipped').map((r) => r.sourceRoleName);
    expect(skipped).toEqual(['Global Reader', 'Audit Reader', 'eDiscovery Manager', 'Azure ATP contoso Viewers']);
  });

  test('scoped MDCA admins are unsupported and never mapped to a broader role', () => {
    const unsupported = results.filter((r) => r.verdict === 'unsupported');
    expect(unsupported.map((r) => r.sourceKind)).toEqual(['mdcaScopedRole', 'mdcaScopedRole']);
    expect(unsupported.map((r) => r.sourcePermissions[0])).toEqual(['App/instance admin', 'Cloud Discovery report admin']);
    for (const r of unsupported) {
      expect(r.unifiedRole).toBeUndefined();
      expect(r.permissions).toEqual([]);
    }
  });

  test('Intune permission is unsupported on Security Administrators and Endpoint Engineering, which are still imported', () => {
    for (const name of ['Security Administrators', 'Endpoint Engineering']) {
      const r = byName('mde', name);
      expect(r.unsupported.map((u) => u.name)).toEqual(['Manage endpoint security settings in Microsoft Intune']);
      expect(r.verdict).toBe('narrowed');
      expect(r.unifiedRole).toBeDefined();
    }
    const withUnsupported = results.filter((r) => r.verdict !== 'unsupported' && r.unsupported.length > 0).map((r) => r.sourceRoleName);
    expect(withUnsupported).toEqual(['Security Administrators', 'Endpoint Engineering']);
  });

  test('MDCA: one role per built-in role in use, assigned to its users', () => {
    const builtIns = results.filter((r) => r.sourceKind === 'mdcaBuiltInRole');
    expect(builtIns.map((r) => [r.sourceRoleId, r.unifiedRole?.assignments[0]?.principalIds.length])).toEqual([
      ['builtin:security-reader', 2],
      ['builtin:security-operator', 1],
      ['builtin:global-administrator', 1],
    ]);
  });

  test('exact permission sets', () => {
    expect(compact(byName('mde', 'SOC Tier 1 Analysts').permissions)).toBe('SO.SD.alerts:manage SO.SD.basics:read SP.PM.vulnerabilityManagement:read');
    expect(compact(byName('mde', 'Live Response Operators').permissions)).toBe(
      'SO.SD.basics:read SO.SD.fileCollection:manage SO.SD.liveResponseAdvanced:manage SO.SD.liveResponseBasic:manage',
    );
    // En dash + lower case in the source still match.
    expect(compact(byName('mde', 'Helpdesk Read-only').permissions)).toBe('SO.SD.basics:read SP.PM.vulnerabilityManagement:read');
    expect(byName('mde', 'Helpdesk Read-only').verdict).toBe('exact');
    // Union of Manage Alerts + View-Only Recipients + Quarantine.
    expect(compact(byName('mdo', 'Contoso SOC Email Triage').permissions)).toBe(
      'SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.alerts:manage SO.SD.basics:read SO.SD.emailQuarantine:manage',
    );
    expect(compact(byName('mdo', 'Contoso Mail Incident Response').permissions)).toBe(
      'SO.SD.alerts:manage SO.SD.basics:read SO.SD.emailAdvancedActions:manage',
    );
    expect(compact(byName('mdca', 'Security reader').permissions)).toBe(
      'AS.SS.coreSecuritySettings:read AS.authorization:read AS.systemSettings:read SO.SD.basics:read',
    );
    const tier1 = byName('mde', 'SOC Tier 1 Analysts').unifiedRole;
    expect(tier1?.permissions.map((p) => `${p.group} \\ ${p.name} (${p.level})`)).toEqual([
      'Security operations \\ Alerts (manage)',
      'Security operations \\ Security data basics (read)',
      'Security posture \\ Vulnerability management (read)',
    ]);
    // posturemanagement/*/read would also read Exposure Management: not written, reported instead.
    expect(tier1?.rolePermissions).toEqual([
      {
        allowedResourceActions: ['microsoft.xdr/secops/securitydata/alerts/manage', 'microsoft.xdr/secops/securitydata/basics/read'],
      },
    ]);
  });

  test('Graph projection: what is left out of allowedResourceActions, per role (verdicts unchanged)', () => {
    const unresolved = results
      .filter((r) => r.graphActionsUnresolved)
      .map((r) => `${r.workload} / ${r.sourceRoleName}: ${compact(r.graphActionsUnresolved ?? [])}`);
    expect(unresolved).toEqual([
      'mde / SOC Tier 1 Analysts: SP.PM.vulnerabilityManagement:read',
      'mde / SOC Tier 2 Analysts: SP.PM.vulnerabilityManagement:read',
      'mde / SOC Tier 3 Incident Response: SP.PM.vulnerabilityManagement:read',
      'mde / Threat Hunters: SP.PM.vulnerabilityManagement:read',
      'mde / Vulnerability Managers: SP.PM.remediationHandling:manage SP.PM.vulnerabilityManagement:read',
      'mde / Helpdesk Read-only: SP.PM.vulnerabilityManagement:read',
      'mde / Security Administrators: SP.PM.remediationHandling:manage SP.PM.vulnerabilityManagement:read',
      'mde / Endpoint Engineering: SP.PM.vulnerabilityManagement:read',
      'mdo / Organization Management: SO.RAW.emailMetadata:read',
      'mdo / Security Administrator: SO.RAW.emailMetadata:read',
      'mdo / Security Operator: SO.RAW.emailMetadata:read',
      'mdo / Security Reader: SO.RAW.emailMetadata:read',
      'mdo / Contoso SOC Email Triage: SO.RAW.emailMetadata:read',
      'mdo / Hygiene Management: SO.RAW.emailMetadata:read',
      'mdo / View-Only Organization Management: SO.RAW.emailMetadata:read',
    ]);
    for (const r of results.filter((x) => x.graphActionsUnresolved)) {
      expect(r.unifiedRole).toBeDefined();
      expect(r.graphActionsUnresolved?.every((u) => u.withheldWildcard !== undefined)).toBe(true);
      expect(r.notes.some((n) => n.startsWith('Graph projection incomplete'))).toBe(true);
    }
    // Security settings (all) keeps its wildcard where the role has both settings permissions.
    expect(byName('mde', 'Threat Hunters').unifiedRole?.rolePermissions[0]?.allowedResourceActions).toContain(
      'microsoft.xdr/configuration/security/*/manage',
    );
  });

  test("built-in role groups with their own row: every inner role is within the group's row (exact)", () => {
    const builtIns = results.filter((r) => r.workload === 'mdo' && r.derivations.some((d) => d.outcome === 'covered-by-role-group-row'));
    expect(builtIns.map((r) => [r.sourceRoleName, r.verdict])).toEqual([
      ['Organization Management', 'exact'],
      ['Security Administrator', 'exact'],
      ['Security Operator', 'exact'],
      ['Security Reader', 'exact'],
      ['Quarantine Administrator', 'not-eligible'], // a departed member, not its roles
      ['Hygiene Management', 'exact'],
      ['View-Only Organization Management', 'exact'],
    ]);
    expect(results.flatMap((r) => r.derivations).filter((d) => d.outcome === 'not-granted-by-role-group-row')).toEqual([]);
    expect(byName('mdo', 'Quarantine Administrator').deviations).toEqual([]);
    // Role names without a row are listed in a note, never silently dropped.
    const org = byName('mdo', 'Organization Management');
    expect(org.notes.find((n) => n.startsWith('Roles with no mapping-table row'))).toContain('Case Management, Compliance Search');
    expect(org.notes.find((n) => n.startsWith('Roles with no mapping-table row'))).toContain('Hold');
  });

  test('built-in role groups with their own row cover their roles (no unmapped names)', () => {
    const org = byName('mdo', 'Organization Management');
    expect(org.derivations[0]).toEqual(expect.objectContaining({ outcome: 'mapped', matchedRow: 'Organization Management' }));
    expect(org.derivations.slice(1).every((d) => d.outcome === 'covered-by-role-group-row')).toBe(true);
    expect(org.unmapped).toEqual([]);
  });

  test('every unified role carries exactly one data source, its own product; MDE assigns groups, others users', () => {
    const token = { mde: 'Mde', mdo: 'Mdo', mdi: 'Mdi', mdca: 'Mda' } as const;
    const snapshot = load();
    const typeOf = new Map(snapshot.directory.map((o) => [o.id, o.type]));
    const deviceGroupIds = new Set(snapshot.mde?.deviceGroups.map((g) => g.id));
    for (const r of results.filter((x) => x.unifiedRole)) {
      expect(r.unifiedRole?.assignments).toHaveLength(1);
      const assignment = r.unifiedRole?.assignments[0];
      expect(assignment?.appScopeIds).toEqual([token[r.workload]]);
      expect(r.dataSource).toBe(token[r.workload]);
      expect(r.unifiedRole?.description).toMatch(/^Imported from /);
      for (const id of assignment?.principalIds ?? []) {
        expect(typeOf.get(id)).toBe(r.workload === 'mde' ? 'group' : 'user');
        expect(deviceGroupIds.has(id)).toBe(false);
      }
    }
  });

  test('device groups stay where they are, and every MDE result says so', () => {
    for (const r of results.filter((x) => x.workload === 'mde')) {
      expect(r.notes.some((n) => n.includes('Device groups are not part of the role'))).toBe(true);
    }
    expect(notes.mde?.some((n) => n.includes('EU workstations') && n.includes('SG-SOC-Contractors-2024'))).toBe(true);
  });

  test('with partial principals allowed, the two not-eligible roles import without their dead principal', () => {
    const partial = mapSnapshot(load(), { allowPartialPrincipals: true }).results;
    const contractors = partial.find((r) => r.sourceRoleName === 'SOC Contractors (legacy)');
    expect(contractors?.partialPrincipals).toBe(true);
    expect(contractors?.verdict).toBe('narrowed');
    expect(contractors?.unifiedRole?.assignments[0]?.principalIds).toEqual(['f8ad907e-f8be-4cac-b489-4ca33b1480bd']);
    expect(summariseResults(partial).total.imported).toBe(24);
  });

  test('mapping is deterministic', () => {
    expect(mapSnapshot(load(), { allowPartialPrincipals: false }).results).toEqual(results);
  });
});
