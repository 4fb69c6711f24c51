import type { MappingTableId } from '../../../shared/domain';

/**
 * Independent expectation for every row of the current mapping tables, written from the
 * comparison document's flattened view (manage wins over read; `id:level` pairs, space separated).
 * The tables under shared/domain/mapping/tables are transcribed separately; a wrong table fails
 * against this list.
 */
export interface ExpectedRow {
  table: MappingTableId;
  sourceName: string;
  type?: 'Role' | 'Role group';
  unified: string;
  unsupported?: string;
}

export const EXPECTED_CURRENT_ROWS: readonly ExpectedRow[] = [
  { table: 'mde', sourceName: "View data - Security operations", unified: 'SO.SD.basics:read' },
  { table: 'mde', sourceName: "View data - Defender Vulnerability Management", unified: 'SP.PM.vulnerabilityManagement:read' },
  { table: 'mde', sourceName: "Alerts investigation", unified: 'SO.SD.alerts:manage' },
  { table: 'mde', sourceName: "Active remediation actions - Security operations", unified: 'SO.SD.response:manage' },
  { table: 'mde', sourceName: "Active remediation actions - Defender Vulnerability Management - Exception handling", unified: 'SP.PM.exceptionHandling:manage' },
  { table: 'mde', sourceName: "Active remediation actions - Defender Vulnerability Management - Remediation handling", unified: 'SP.PM.remediationHandling:manage' },
  { table: 'mde', sourceName: "Active remediation actions - Defender Vulnerability Management - Application handling", unified: 'SP.PM.applicationHandling:manage' },
  { table: 'mde', sourceName: "Defender Vulnerability management – Manage security baselines assessment profiles", unified: 'SP.PM.securityBaselineAssessment:manage' },
  { table: 'mde', sourceName: "Live response capabilities", unified: 'SO.SD.liveResponseBasic:manage' },
  { table: 'mde', sourceName: "Live response capabilities - advanced", unified: 'SO.SD.fileCollection:manage SO.SD.liveResponseAdvanced:manage' },
  { table: 'mde', sourceName: "Manage security settings in the Security Center", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage' },
  { table: 'mde', sourceName: "Manage portal system settings", unified: 'AS.systemSettings:manage' },
  { table: 'mde', sourceName: "Manage endpoint security settings in Microsoft Intune", unified: '', unsupported: "Not supported - managed in the Microsoft Intune admin center" },
  { table: 'mdo-email-collaboration', sourceName: "Global Reader", type: "Role group", unified: 'AS.SS.coreSecuritySettings:read AS.systemSettings:read SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.basics:read SO.SD.response:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Organization Management", type: "Role group", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.authorization:manage AS.systemSettings:manage SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.alerts:manage SO.SD.basics:read SO.SD.emailAdvancedActions:manage SO.SD.emailQuarantine:manage SO.SD.response:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Security Administrator", type: "Role group", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.authorization:read AS.systemSettings:manage SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.alerts:manage SO.SD.basics:read SO.SD.emailQuarantine:manage SO.SD.response:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Security Reader", type: "Role group", unified: 'AS.SS.coreSecuritySettings:read AS.systemSettings:read SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.basics:read SO.SD.response:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Security Operator", type: "Role group", unified: 'AS.SS.coreSecuritySettings:read AS.systemSettings:read SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.alerts:manage SO.SD.basics:read SO.SD.response:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Audit Manager", type: "Role group", unified: 'SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Audit Reader", type: "Role group", unified: 'SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Quarantine Administrator", type: "Role group", unified: 'SO.RAW.emailContentQuarantine:read SO.SD.emailQuarantine:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Security Reader", type: "Role", unified: 'AS.SS.coreSecuritySettings:read AS.systemSettings:read SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.basics:read SO.SD.response:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Security Administrator", type: "Role", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.authorization:read AS.systemSettings:manage SO.RAW.emailContentQuarantine:read SO.RAW.emailMetadata:read SO.SD.alerts:manage SO.SD.basics:read SO.SD.emailQuarantine:manage SO.SD.response:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Audit Logs", type: "Role", unified: 'SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Manage Alerts", type: "Role", unified: 'SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Preview", type: "Role", unified: 'SO.RAW.emailContent:read' },
  { table: 'mdo-email-collaboration', sourceName: "Quarantine", type: "Role", unified: 'SO.RAW.emailContentQuarantine:read SO.SD.emailQuarantine:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Role Management", type: "Role", unified: 'AS.authorization:manage' },
  { table: 'mdo-email-collaboration', sourceName: "Search and Purge", type: "Role", unified: 'SO.SD.emailAdvancedActions:manage' },
  { table: 'mdo-email-collaboration', sourceName: "View-Only Manage Alerts", type: "Role", unified: 'SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "View-Only Recipients", type: "Role", unified: 'SO.RAW.emailMetadata:read SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "View-only Audit Logs", type: "Role", unified: 'SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Compliance Administrator", type: "Role", unified: 'SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "DLP Compliance Management", type: "Role", unified: 'SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Organization Configuration", type: "Role", unified: 'SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Record Management", type: "Role", unified: 'SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "Retention Management", type: "Role", unified: 'SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "View-Only DLP Compliance Management", type: "Role", unified: 'SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "View-Only Record Management", type: "Role", unified: 'SO.SD.basics:read' },
  { table: 'mdo-email-collaboration', sourceName: "View-Only Retention Management", type: "Role", unified: 'SO.SD.basics:read' },
  { table: 'mdo-exchange-online', sourceName: "Hygiene Management", type: "Role group", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage SO.RAW.emailMetadata:read SO.SD.emailQuarantine:manage' },
  { table: 'mdo-exchange-online', sourceName: "Organization Management", type: "Role group", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.systemSettings:manage SO.RAW.emailMetadata:read' },
  { table: 'mdo-exchange-online', sourceName: "Security Administrator", type: "Role group", unified: 'AS.SS.detectionTuning:manage AS.systemSettings:manage' },
  { table: 'mdo-exchange-online', sourceName: "View-Only Organization Management", type: "Role group", unified: 'AS.SS.coreSecuritySettings:read AS.systemSettings:read SO.RAW.emailMetadata:read' },
  { table: 'mdo-exchange-online', sourceName: "Tenant AllowBlockList Manager", type: "Role", unified: 'AS.SS.detectionTuning:manage' },
  { table: 'mdo-exchange-online', sourceName: "View-only Recipients", type: "Role", unified: 'SO.RAW.emailMetadata:read' },
  { table: 'mdo-exchange-online', sourceName: "Security Reader", type: "Role group", unified: 'AS.SS.coreSecuritySettings:read' },
  { table: 'mdo-exchange-online', sourceName: "View-Only Configuration", type: "Role", unified: 'AS.SS.coreSecuritySettings:read' },
  { table: 'mdo-exchange-online', sourceName: "Security Operator", type: "Role group", unified: 'AS.SS.detectionTuning:manage' },
  { table: 'mdi', sourceName: "MDI admin", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.authorization:manage AS.systemSettings:manage SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdi', sourceName: "MDI user", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.systemSettings:read SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdi', sourceName: "MDI viewer", unified: 'AS.SS.coreSecuritySettings:read AS.systemSettings:read SO.SD.basics:read' },
  { table: 'mdca', sourceName: "Local Global administrator", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.authorization:manage AS.systemSettings:manage SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdca', sourceName: "Local Security operator", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.authorization:read AS.systemSettings:read SO.SD.alerts:manage SO.SD.basics:read' },
  { table: 'mdca', sourceName: "Local Security reader", unified: 'AS.SS.coreSecuritySettings:read AS.authorization:read AS.systemSettings:read SO.SD.basics:read' },
  { table: 'mdca', sourceName: "Local Compliance administrator", unified: 'AS.SS.coreSecuritySettings:manage AS.SS.detectionTuning:manage AS.authorization:read AS.systemSettings:read SO.SD.alerts:manage SO.SD.basics:read' },
];

/** MDCA scoped roles: no unified equivalent (CMP-2026, "unsupported after activation"). */
export const EXPECTED_MDCA_SCOPED = ['App/instance admin', 'User group admin', 'Cloud Discovery global admin', 'Cloud Discovery report admin'];
