import {
  allowedResourceActions,
  bestKnownAction,
  catalogueGrantsOfAction,
  resolveAllowedResourceActions,
  wildcardExcess,
  findPermissionByName,
  findRow,
  CURRENT_MAPPING_TABLES,
  isCoveredBy,
  mergeTargets,
  normaliseName,
  resolvePermissionPhrase,
} from '../../../shared/domain';

describe('normaliseName', () => {
  test.each([
    ['View data – Security operations', 'View data - Security operations'],
    ['view data - defender vulnerability management', 'View data - Defender Vulnerability Management'],
    ['  View   data —  Security operations ', 'View data - Security operations'],
    ['View data-Security operations', 'View data - Security operations'],
    ['Search And Purge', 'Search and Purge'],
    ['View-Only Audit Logs', 'View-only Audit Logs'],
    ['Defender Vulnerability management - Manage security baselines assessment profiles', 'Defender Vulnerability management – Manage security baselines assessment profiles'],
  ])('%s equals %s', (a, b) => {
    expect(normaliseName(a)).toBe(normaliseName(b));
  });

  test('different names stay different', () => {
    expect(normaliseName('Live response capabilities')).not.toBe(normaliseName('Live response capabilities - advanced'));
  });

  test.each([
    ['mde', 'View data – Security operations', 'View data - Security operations'],
    ['mde', 'view data - defender vulnerability management', 'View data - Defender Vulnerability Management'],
    ['mde', 'View data - Threat and vulnerability management', 'View data - Defender Vulnerability Management'],
    ['mde', 'Manage endpoint security settings in Microsoft Endpoint Manager', 'Manage endpoint security settings in Microsoft Intune'],
    ['mdo-email-collaboration', 'Search And Purge', 'Search and Purge'],
    ['mdo-email-collaboration', 'View-Only Audit Logs', 'View-only Audit Logs'],
    ['mdca', 'Security reader', 'Local Security reader'],
  ] as const)('%s row lookup: "%s" -> "%s"', (table, name, row) => {
    expect(findRow(CURRENT_MAPPING_TABLES[table], name)?.sourceName).toBe(row);
  });
});

describe('catalogue', () => {
  test.each([
    ['Security data basic', 'SO.SD.basics'],
    ['Security data basics', 'SO.SD.basics'],
    ['Email quarantine', 'SO.SD.emailQuarantine'],
    ['Email advanced actions', 'SO.SD.emailAdvancedActions'],
    ['Email message headers', 'SO.RAW.emailMetadata'],
    ['Email content', 'SO.RAW.emailContent'],
    ['Email & collaboration content: All Emails', 'SO.RAW.emailContent'],
    ['Email and collaboration quarantine', 'SO.SD.emailQuarantine'],
    ['Security baselines assessment', 'SP.PM.securityBaselineAssessment'],
    ['System setting', 'AS.systemSettings'],
    ['Secure Score', 'SP.PM.exposureManagement'],
    ['security settings', 'AS.SS.coreSecuritySettings'],
    ['SO.SD.alerts', 'SO.SD.alerts'],
  ])('finds "%s" as %s', (name, id) => {
    expect(findPermissionByName(name)?.id).toBe(id);
  });

  test('unknown names are not guessed', () => {
    expect(findPermissionByName('Manage endpoint security settings')).toBeUndefined();
  });

  test.each([
    ['Authorization and settings \\ Security setting (All permissions)', 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage'],
    ['Authorization and settings \\ Security settings (Read-only)', 'AS.SS.coreSecuritySettings:read'],
    ['Authorization and settings \\ System setting (Read and manage)', 'AS.systemSettings:manage'],
    ['Security operations \\ Basic live response (manage)', 'SO.SD.liveResponseBasic:manage'],
    ['Security operations \\ Security data \\ Basic live response (manage)', 'SO.SD.liveResponseBasic:manage'],
  ])('phrase "%s"', (phrase, expected) => {
    expect((resolvePermissionPhrase(phrase) ?? []).map((t) => `${t.permissionId}:${t.level}`).join(' ')).toBe(expected);
  });

  test('best-known action: observed leaf > draft/inferred leaf > wildcard', () => {
    expect(bestKnownAction({ permissionId: 'SO.SD.alerts', level: 'manage' })?.value).toBe('microsoft.xdr/secops/securitydata/alerts/manage');
    // preview-draft leaf beats the observed wildcard
    expect(bestKnownAction({ permissionId: 'SO.SD.basics', level: 'read' })?.value).toBe('microsoft.xdr/secops/securitydata/basics/read');
    expect(bestKnownAction({ permissionId: 'AS.SS.coreSecuritySettings', level: 'manage' })?.value).toBe(
      'microsoft.xdr/configuration/security/core/manage',
    );
    expect(bestKnownAction({ permissionId: 'SP.PM.vulnerabilityManagement', level: 'read' })?.value).toBe(
      'microsoft.xdr/securityposture/posturemanagement/*/read',
    );
    expect(bestKnownAction({ permissionId: 'SO.RAW.emailContentAlerts', level: 'read' })).toBeUndefined();
  });

  test('wildcard coverage: manage covers read, read does not cover manage, prefixes must match', () => {
    expect(isCoveredBy('microsoft.xdr/secops/rawdata/quarantineemailcontent/read', 'microsoft.xdr/secops/*/manage')).toBe(true);
    expect(isCoveredBy('microsoft.xdr/securityposture/posturemanagement/exceptionhandling/manage', 'microsoft.xdr/securityposture/posturemanagement/*/read')).toBe(false);
    expect(isCoveredBy('microsoft.xdr/configuration/system/manage', 'microsoft.xdr/configuration/security/*/manage')).toBe(false);
    expect(isCoveredBy('microsoft.xdr/secops/*/manage', 'microsoft.xdr/secops/*/manage')).toBe(false);
  });

  test('allowedResourceActions dedupes and drops actions covered by a wildcard in the set', () => {
    // Every posture-management permission at manage: the wildcard is safe and covers the leaves.
    const actions = allowedResourceActions([
      { permissionId: 'AS.SS.coreSecuritySettings', level: 'manage' },
      { permissionId: 'AS.SS.detectionTuning', level: 'manage' },
      { permissionId: 'SP.PM.vulnerabilityManagement', level: 'read' },
      { permissionId: 'SP.PM.exceptionHandling', level: 'manage' },
      { permissionId: 'SP.PM.remediationHandling', level: 'manage' },
      { permissionId: 'SP.PM.applicationHandling', level: 'manage' },
      { permissionId: 'SP.PM.securityBaselineAssessment', level: 'manage' },
      { permissionId: 'SP.PM.exposureManagement', level: 'manage' },
      { permissionId: 'AS.systemSettings', level: 'manage' },
      { permissionId: 'AS.systemSettings', level: 'manage' },
    ]);
    expect(actions).toEqual([
      'microsoft.xdr/configuration/security/*/manage',
      'microsoft.xdr/configuration/system/manage',
      'microsoft.xdr/securityposture/posturemanagement/*/manage',
    ]);
  });

  test('manage implies read: a permission at both levels is kept once at manage', () => {
    expect(
      mergeTargets([
        { permissionId: 'AS.authorization', level: 'read' },
        { permissionId: 'AS.authorization', level: 'manage' },
        { permissionId: 'AS.systemSettings', level: 'manage' },
        { permissionId: 'AS.systemSettings', level: 'read' },
      ]),
    ).toEqual([
      { permissionId: 'AS.authorization', level: 'manage' },
      { permissionId: 'AS.systemSettings', level: 'manage' },
    ]);
  });
});

type Target = { permissionId: string; level: 'read' | 'manage' };
const t = (permissionId: string, level: 'read' | 'manage'): Target => ({ permissionId, level });
const pairs = (targets: readonly Target[]) => targets.map((x) => `${x.permissionId}:${x.level}`);

describe('Graph actions never grant more than the permission set', () => {
  test('what a wildcard grants, from the catalogue', () => {
    expect(pairs(catalogueGrantsOfAction('microsoft.xdr/secops/rawdata/*/read'))).toEqual([
      // Emails associated with alerts has no known action: assumed to live with its sub-group.
      'SO.RAW.emailContent:read',
      'SO.RAW.emailContentAlerts:read',
      'SO.RAW.emailContentQuarantine:read',
      'SO.RAW.emailMetadata:read',
    ]);
    expect(pairs(catalogueGrantsOfAction('microsoft.xdr/securityposture/posturemanagement/*/read'))).toEqual([
      'SP.PM.exposureManagement:read',
      'SP.PM.vulnerabilityManagement:read',
    ]);
    expect(pairs(catalogueGrantsOfAction('microsoft.xdr/configuration/security/*/manage'))).toEqual([
      'AS.SS.coreSecuritySettings:manage',
      'AS.SS.coreSecuritySettings:read',
      'AS.SS.detectionTuning:manage',
    ]);
    // A leaf grants its own permission only.
    expect(pairs(catalogueGrantsOfAction('microsoft.xdr/secops/securitydata/alerts/manage'))).toEqual(['SO.SD.alerts:manage']);
  });

  test('Email & collaboration metadata (read) alone: rawdata/*/read is withheld, naming what it would also grant', () => {
    const r = resolveAllowedResourceActions([t('SO.RAW.emailMetadata', 'read'), t('SO.SD.basics', 'read')]);
    expect(r.allowedResourceActions).toEqual(['microsoft.xdr/secops/securitydata/basics/read']);
    expect(r.unresolved).toEqual([]);
    expect(r.withheld).toEqual([
      {
        permissionId: 'SO.RAW.emailMetadata',
        level: 'read',
        wildcard: 'microsoft.xdr/secops/rawdata/*/read',
        wouldAlsoGrant: [t('SO.RAW.emailContent', 'read'), t('SO.RAW.emailContentAlerts', 'read'), t('SO.RAW.emailContentQuarantine', 'read')],
      },
    ]);
  });

  test('Email & collaboration metadata with every raw-data permission: the wildcard is safe and covers the leaves', () => {
    const r = resolveAllowedResourceActions([
      t('SO.RAW.emailMetadata', 'read'),
      t('SO.RAW.emailContent', 'read'),
      t('SO.RAW.emailContentAlerts', 'read'),
      t('SO.RAW.emailContentQuarantine', 'read'),
    ]);
    expect(r.allowedResourceActions).toEqual(['microsoft.xdr/secops/rawdata/*/read']);
    expect(r.withheld).toEqual([]);
    expect(pairs(r.unresolved)).toEqual(['SO.RAW.emailContentAlerts:read']); // no action of its own is known
  });

  test('Remediation handling (manage): posturemanagement/*/manage would grant every posture permission, withheld', () => {
    const r = resolveAllowedResourceActions([t('SP.PM.remediationHandling', 'manage'), t('SP.PM.exceptionHandling', 'manage')]);
    expect(r.allowedResourceActions).toEqual(['microsoft.xdr/securityposture/posturemanagement/exceptionhandling/manage']);
    expect(r.withheld.map((w) => [w.permissionId, w.wildcard, pairs(w.wouldAlsoGrant)])).toEqual([
      [
        'SP.PM.remediationHandling',
        'microsoft.xdr/securityposture/posturemanagement/*/manage',
        [
          'SP.PM.applicationHandling:manage',
          'SP.PM.exposureManagement:manage', // also at read: manage implies read, listed once
          'SP.PM.securityBaselineAssessment:manage',
          'SP.PM.vulnerabilityManagement:read',
        ],
      ],
    ]);
  });

  test('Detection tuning (manage) without Core security settings (manage): configuration/security/*/manage is withheld', () => {
    const r = resolveAllowedResourceActions([t('AS.SS.detectionTuning', 'manage'), t('AS.SS.coreSecuritySettings', 'read')]);
    expect(r.allowedResourceActions).toEqual(['microsoft.xdr/configuration/security/read']);
    expect(r.withheld.map((w) => [w.permissionId, w.wildcard, pairs(w.wouldAlsoGrant)])).toEqual([
      ['AS.SS.detectionTuning', 'microsoft.xdr/configuration/security/*/manage', ['AS.SS.coreSecuritySettings:manage']],
    ]);
  });

  test('Core security settings (manage) + Detection tuning (manage): the wildcard is kept, the core leaf is covered', () => {
    const r = resolveAllowedResourceActions([t('AS.SS.coreSecuritySettings', 'manage'), t('AS.SS.detectionTuning', 'manage')]);
    expect(r.allowedResourceActions).toEqual(['microsoft.xdr/configuration/security/*/manage']);
    expect([r.withheld, r.unresolved]).toEqual([[], []]);
  });

  test('Vulnerability management (read): posturemanagement/*/read also reads Exposure Management, so only with it', () => {
    const alone = resolveAllowedResourceActions([t('SP.PM.vulnerabilityManagement', 'read')]);
    expect(alone.allowedResourceActions).toEqual([]);
    expect(alone.withheld.map((w) => [w.permissionId, w.wildcard, pairs(w.wouldAlsoGrant)])).toEqual([
      ['SP.PM.vulnerabilityManagement', 'microsoft.xdr/securityposture/posturemanagement/*/read', ['SP.PM.exposureManagement:read']],
    ]);
    // Manage-only posture permissions are not readable under the read wildcard: they do not block it.
    const withExposure = resolveAllowedResourceActions([
      t('SP.PM.vulnerabilityManagement', 'read'),
      t('SP.PM.exposureManagement', 'read'),
      t('SP.PM.exceptionHandling', 'manage'),
    ]);
    expect(withExposure.allowedResourceActions).toEqual([
      'microsoft.xdr/securityposture/posturemanagement/*/read',
      'microsoft.xdr/securityposture/posturemanagement/exceptionhandling/manage',
    ]);
    expect(withExposure.withheld).toEqual([]);
    // Exposure Management at manage also satisfies the read wildcard (manage implies read).
    const wildcard = 'microsoft.xdr/securityposture/posturemanagement/*/read';
    expect(wildcardExcess(wildcard, [t('SP.PM.vulnerabilityManagement', 'read'), t('SP.PM.exposureManagement', 'manage')])).toEqual([]);
  });

  test('a known leaf is always preferred to a wildcard, whatever its confidence', () => {
    // Security data basics: preview-draft leaf, never the securitydata/*/read wildcard (which would read Security Copilot).
    expect(allowedResourceActions([t('SO.SD.basics', 'read')])).toEqual(['microsoft.xdr/secops/securitydata/basics/read']);
  });

  test('no action known at all: unresolved, not withheld', () => {
    const r = resolveAllowedResourceActions([t('SP.IR.riskyUsers', 'read'), t('SP.AICS.runScan', 'manage')]);
    expect(pairs(r.unresolved)).toEqual(['SP.IR.riskyUsers:read', 'SP.AICS.runScan:manage']);
    expect([r.allowedResourceActions, r.withheld]).toEqual([[], []]);
  });
});
