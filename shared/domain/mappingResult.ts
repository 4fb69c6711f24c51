import type { DataSource, Workload } from './workloads';

/**
 * Contract between the pure mapping domain and the import pipeline.
 * One `RoleMappingResult` per source role (MDE role, MDO role group, MDI group, MDCA built-in role
 * in use, MDCA scoped admin entry). It is both the parity-report row and, when `unifiedRole` is
 * present, the unified role to write.
 */
export type PermissionLevel = 'read' | 'manage';

/** A unified permission with the catalogue's canonical group, name and level. */
export interface UnifiedPermissionGrant {
  /** Catalogue id, e.g. `SO.SD.basics`. */
  permissionId: string;
  /** Canonical permission group, e.g. `Security operations`. */
  group: string;
  /** Canonical permission name, e.g. `Security data basics`. */
  name: string;
  level: PermissionLevel;
}

/** How one source permission / role name became unified permissions. */
export interface PermissionDerivation {
  /** The source name as it appears in the snapshot (MDE permission, MDO role or role-group name, ...). */
  source: string;
  /** The mapping-table row it matched (its canonical `sourceName`), absent when unmapped. */
  matchedRow?: string;
  unified: UnifiedPermissionGrant[];
  /**
   * `covered-by-role-group-row`: a role inside a built-in role group mapped by the group's own row,
   * and everything the role's own row grants is within that row (or the role matches no row).
   * `not-granted-by-role-group-row`: such a role whose own row grants permissions the group's row
   * does not (listed in `notGranted`); they are not granted, so the role is narrowed.
   */
  outcome: 'mapped' | 'unmapped' | 'unsupported' | 'covered-by-role-group-row' | 'not-granted-by-role-group-row';
  /** Why, for `unsupported` (e.g. "Not supported - managed in the Microsoft Intune admin center"). */
  reason?: string;
  /** For `not-granted-by-role-group-row`: what the role's own row grants that the group's row does not. */
  notGranted?: UnifiedPermissionGrant[];
}

/**
 * A permission of the role that `rolePermissions[].allowedResourceActions` does not carry: either
 * no Graph action string is known for it, or the only known one is a wildcard that would also grant
 * permissions the role does not have. The role's `permissions` still include it; a Graph writer
 * must resolve its action from the tenant's resourceNamespaces.
 */
export interface GraphActionUnresolved extends UnifiedPermissionGrant {
  /** e.g. "only a wildcard action is known (microsoft.xdr/...) and it would also grant ...". */
  reason: string;
  /** The wildcard action that was withheld, when that is the cause. */
  withheldWildcard?: string;
}

export interface PrincipalRef {
  id: string;
  type: 'user' | 'group' | 'unknown';
  displayName?: string;
  userPrincipalName?: string;
}

export interface DroppedPrincipal extends PrincipalRef {
  reason: 'missing-from-directory' | 'deleted';
}

export type ParityVerdict = 'exact' | 'widened' | 'narrowed' | 'not-eligible' | 'skipped' | 'unsupported';
export type Deviation = 'widened' | 'narrowed';

export interface UnifiedRoleAssignmentDraft {
  displayName: string;
  principalIds: string[];
  appScopeIds: DataSource[];
}

/** The unified role as the import will write it (ids and timestamps are added by the pipeline). */
export interface UnifiedRoleDraft {
  displayName: string;
  description: string;
  permissions: UnifiedPermissionGrant[];
  rolePermissions: Array<{ allowedResourceActions: string[] }>;
  assignments: UnifiedRoleAssignmentDraft[];
}

export interface RoleMappingResult {
  workload: Workload;
  /** Stable id of the source role within its workload (the id an import request selects by). */
  sourceRoleId: string;
  sourceRoleName: string;
  sourceKind:
    | 'mdeRole'
    | 'emailCollaborationRoleGroup'
    | 'exchangeOnlineRoleGroup'
    | 'mdiGroup'
    | 'mdcaBuiltInRole'
    | 'mdcaScopedRole';
  /** Raw source permission / role names, as in the snapshot. */
  sourcePermissions: string[];
  derivations: PermissionDerivation[];
  /** Final unified permissions (manage wins over read, deduplicated, sorted by permissionId). */
  permissions: UnifiedPermissionGrant[];
  /** Permissions present only because a prerequisite rule added them (they widen access). */
  addedByPrerequisite: UnifiedPermissionGrant[];
  unmapped: string[];
  unsupported: Array<{ name: string; reason: string }>;
  principals: { kept: PrincipalRef[]; dropped: DroppedPrincipal[] };
  dataSource: DataSource;
  /** Version (Microsoft document date) of the mapping table applied, e.g. `CMP-2026 (2026-07-30)`. */
  mappingVersion: string;
  verdict: ParityVerdict;
  /** Every deviation from exact parity (a role can be both widened and narrowed). */
  deviations: Deviation[];
  /** True when imported with only the remaining principals (allowPartialPrincipals). */
  partialPrincipals: boolean;
  /** Human-readable facts an admin must see (device groups stay, MDI doc conflict choice, ...). */
  notes: string[];
  /** Present when this source role becomes a unified role. */
  unifiedRole?: UnifiedRoleDraft;
  /**
   * Present (non-empty) when `unifiedRole` is, and some of its permissions are missing from
   * `unifiedRole.rolePermissions[].allowedResourceActions` (the Graph projection is incomplete).
   */
  graphActionsUnresolved?: GraphActionUnresolved[];
}

export interface MapOptions {
  /** Import roles that reference dead principals with the remaining ones (and flag them). */
  allowPartialPrincipals: boolean;
}
