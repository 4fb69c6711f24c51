import { resolveAllowedResourceActions } from '../catalogue/actions';
import { permissionLabel as label, toGrant, type PermissionTarget } from '../catalogue/catalogue';
import {
  assessEligibility,
  describeDroppedPrincipal,
  resolvePrincipals,
  type DirectoryIndex,
} from '../eligibility';
import type { GraphActionUnresolved, MapOptions, PermissionDerivation, RoleMappingResult } from '../mappingResult';
import { decideParity, isImportedVerdict } from '../parity';
import { mergeGrants, mergeTargets } from '../permissionSet';
import { missingPrerequisites } from '../prerequisites';
import { DATA_SOURCE_OF, type Workload } from '../workloads';

/**
 * Turns what a product mapper found out about one source role into a `RoleMappingResult`.
 * All cross-product rules live here: manage implies read, prerequisites, eligibility,
 * verdict priority, and the unified role draft (name, "Imported" description, Graph actions,
 * one assignment on the workload's data source).
 */

/** Short product names used in assignment names, e.g. "SOC Tier 1 – Defender for Endpoint". */
export const WORKLOAD_SHORT_NAME: Readonly<Record<Workload, string>> = {
  mde: 'Defender for Endpoint',
  mdo: 'Defender for Office 365',
  mdi: 'Defender for Identity',
  mdca: 'Defender for Cloud Apps',
};

export interface SourceRoleFindings {
  workload: Workload;
  sourceRoleId: string;
  sourceRoleName: string;
  sourceKind: RoleMappingResult['sourceKind'];
  sourcePermissions: string[];
  derivations: PermissionDerivation[];
  /** Principal ids as the source lists them (the assignment's principals). */
  principalIds: readonly string[];
  /** Name of the unified role to create. */
  unifiedName: string;
  /** e.g. `Imported from Microsoft Defender for Endpoint role "X". <source description>` */
  description: string;
  mappingVersion: string;
  notes: string[];
  /** Set when the source role is not imported because it is inactive (e.g. empty role group). */
  skipReason?: string;
  /** Set when the source role as a whole has no unified equivalent. */
  unsupportedRole?: { name: string; reason: string };
}

export interface AssembleContext {
  directory: DirectoryIndex;
  options: MapOptions;
}

export function assembleResult(f: SourceRoleFindings, ctx: AssembleContext): RoleMappingResult {
  const notes = [...f.notes];
  const granted: PermissionTarget[] = f.derivations.flatMap((d) =>
    d.unified.map((g) => ({ permissionId: g.permissionId, level: g.level })),
  );
  const prerequisites = f.skipReason ? [] : missingPrerequisites(granted);
  const finalTargets = mergeTargets([...granted, ...prerequisites]);
  const permissions = mergeGrants(finalTargets);
  const addedByPrerequisite = mergeGrants(prerequisites);
  if (addedByPrerequisite.length > 0) {
    notes.push(
      `Added as prerequisites (as the portal does for Email & collaboration content): ${prerequisites.map(label).join(', ')}.`,
    );
  }

  const unmapped = f.derivations.filter((d) => d.outcome === 'unmapped').map((d) => d.source);
  // A role inside a built-in role group whose own row grants more than the group's row (the mapper notes it).
  const notGrantedByRoleGroupRow = f.derivations.some((d) => d.outcome === 'not-granted-by-role-group-row');
  const unsupported = f.derivations
    .filter((d) => d.outcome === 'unsupported')
    .map((d) => ({ name: d.source, reason: d.reason ?? 'No Unified RBAC equivalent' }));

  const principals = resolvePrincipals(f.principalIds, ctx.directory);
  const skipReason = f.skipReason ?? (f.principalIds.length === 0 ? 'No principals assigned' : undefined);
  const eligibility = skipReason ? 'eligible' : assessEligibility(principals, ctx.options);
  const notEligible = eligibility === 'not-eligible';
  const partial = eligibility === 'partial';

  let unsupportedRole = f.unsupportedRole;
  if (!unsupportedRole && !skipReason && permissions.length === 0) {
    unsupportedRole = { name: f.sourceRoleName, reason: 'Nothing in this role maps to a Unified RBAC permission' };
  }
  if (unsupportedRole && !unsupported.some((u) => u.name === unsupportedRole.name)) {
    unsupported.push(unsupportedRole);
  }

  // Permissions for which no Graph action string is known cannot be written: that narrows the role.
  // Permissions whose only known action is a wildcard that would grant more than the role are
  // left out of the Graph projection too (never written wider), but the unified permission set
  // stays exact: reported in graphActionsUnresolved, the verdict does not change.
  const actions = resolveAllowedResourceActions(finalTargets);
  if (actions.unresolved.length > 0) {
    notes.push(`No Graph action string is known for: ${actions.unresolved.map(label).join(', ')}; not written.`);
  }
  const graphActionsUnresolved: GraphActionUnresolved[] = [
    ...actions.unresolved.map((t) => ({ ...toGrant(t), reason: 'no Graph action string is known for this permission' })),
    ...actions.withheld.map((w) => ({
      ...toGrant(w),
      reason: `only a wildcard action is known (${w.wildcard}) and it would also grant ${w.wouldAlsoGrant.map(label).join(', ')}`,
      withheldWildcard: w.wildcard,
    })),
  ].sort((a, b) => (a.permissionId < b.permissionId ? -1 : a.permissionId > b.permissionId ? 1 : 0));

  if (skipReason) notes.push(`Skipped: ${skipReason}.`);
  if (notEligible) {
    notes.push(
      principals.dropped.length > 0
        ? `Not eligible for import: ${principals.dropped.map(describeDroppedPrincipal).join('; ')}. Remove the dead principal at the source, or import with partial principals.`
        : 'Not eligible for import: no principal remains.',
    );
    if (principals.dropped.length > 0 && principals.kept.length === 0 && ctx.options.allowPartialPrincipals) {
      notes.push('Partial import was allowed, but no principal would remain.');
    }
  }
  if (partial) {
    notes.push(`Imported without ${principals.dropped.map(describeDroppedPrincipal).join('; ')}.`);
  }
  if (unsupportedRole) notes.push(`Not imported: ${unsupportedRole.reason}.`);

  const { verdict, deviations } = decideParity({
    notEligible,
    skipped: skipReason !== undefined,
    unsupportedRole: unsupportedRole !== undefined,
    widened: addedByPrerequisite.length > 0,
    narrowed:
      unsupported.length > 0 || unmapped.length > 0 || partial || actions.unresolved.length > 0 || notGrantedByRoleGroupRow,
  });

  if (actions.withheld.length > 0 && isImportedVerdict(verdict)) {
    notes.push(
      `Graph projection incomplete: ${actions.withheld.map((w) => `${label(w)} has only the wildcard action ${w.wildcard}, which would also grant ${w.wouldAlsoGrant.map(label).join(', ')}`).join('; ')}. ` +
        'Left out of allowedResourceActions so the written role never grants more than its permissions (see graphActionsUnresolved); ' +
        "the unified permission set is unchanged. A Graph writer must resolve the leaf action from the tenant's resourceNamespaces.",
    );
  }

  const dataSource = DATA_SOURCE_OF[f.workload];
  const result: RoleMappingResult = {
    workload: f.workload,
    sourceRoleId: f.sourceRoleId,
    sourceRoleName: f.sourceRoleName,
    sourceKind: f.sourceKind,
    sourcePermissions: f.sourcePermissions,
    derivations: f.derivations,
    permissions,
    addedByPrerequisite,
    unmapped,
    unsupported,
    principals: { kept: principals.kept, dropped: principals.dropped },
    dataSource,
    mappingVersion: f.mappingVersion,
    verdict,
    deviations,
    partialPrincipals: partial && isImportedVerdict(verdict),
    notes,
  };
  if (isImportedVerdict(verdict)) {
    result.unifiedRole = {
      displayName: f.unifiedName,
      description: f.description,
      permissions,
      rolePermissions: [{ allowedResourceActions: actions.allowedResourceActions }],
      assignments: [
        {
          displayName: `${f.unifiedName} – ${WORKLOAD_SHORT_NAME[f.workload]}`,
          principalIds: principals.kept.map((p) => p.id),
          appScopeIds: [dataSource],
        },
      ],
    };
    if (graphActionsUnresolved.length > 0) result.graphActionsUnresolved = graphActionsUnresolved;
  }
  return result;
}

/** `Imported from <product> <kind> "<name>". <source description>` */
export function importedDescription(productName: string, kind: string, name: string, sourceDescription?: string): string {
  const base = `Imported from ${productName} ${kind} "${name}".`;
  const extra = sourceDescription?.trim();
  return extra ? `${base} ${extra}` : base;
}
