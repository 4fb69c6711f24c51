import {
  allowedResourceActions,
  bestKnownAction,
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
    const actions = allowedResourceActions([
      { permissionId: 'AS.SS.coreSecuritySettings', level: 'manage' },
      { permissionId: 'AS.SS.detectionTuning', level: 'manage' },
      { permissionId: 'SP.PM.vulnerabilityManagement', level: 'read' },
      { permissionId: 'SP.PM.exceptionHandling', level: 'manage' },
      { permissionId: 'SP.PM.remediationHandling', level: 'manage' },
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
