import type { SourceSnapshot } from '../../schemas/sourceSnapshot';
import { indexDirectory } from '../eligibility';
import type { MapOptions, RoleMappingResult } from '../mappingResult';
import { WORKLOADS, type Workload } from '../workloads';
import { mapCloudApps } from './cloudApps';
import { mapEndpoint } from './endpoint';
import { mapIdentity } from './identity';
import { mapOffice365 } from './office365';
import { CURRENT_MAPPING_TABLES } from './tables';
import { extractWorkloadSource, type WorkloadSource } from './workloadSource';

export type MapWorkloadOptions = MapOptions & {
  /** Only these source role ids (as in `RoleMappingResult.sourceRoleId`); all when absent. */
  selectedRoleIds?: string[];
};

function mapAll(source: WorkloadSource, options: MapOptions): RoleMappingResult[] {
  switch (source.workload) {
    case 'mde':
      return mapEndpoint(source, options);
    case 'mdo':
      return mapOffice365(source, options);
    case 'mdi':
      return mapIdentity(source, options);
    case 'mdca':
      return mapCloudApps(source, options);
  }
}

/**
 * Maps one workload's source roles to unified roles with the current mapping tables.
 * Pure and deterministic: results follow the source order (MDO: Email & collaboration first, then
 * Exchange Online). Selection never changes a result, only which results are returned.
 */
export function mapWorkloadSource(source: WorkloadSource, options: MapWorkloadOptions): RoleMappingResult[] {
  const results = mapAll(source, { allowPartialPrincipals: options.allowPartialPrincipals });
  if (!options.selectedRoleIds) return results;
  const selected = new Set(options.selectedRoleIds);
  return results.filter((r) => selected.has(r.sourceRoleId));
}

/** Every source role id a workload offers for selection (including ones that will be skipped). */
export function listSourceRoleIds(source: WorkloadSource): string[] {
  return mapAll(source, { allowPartialPrincipals: false }).map((r) => r.sourceRoleId);
}

/** Facts about a workload as a whole that an admin must see next to its roles. */
export function workloadNotes(source: WorkloadSource): string[] {
  const notes: string[] = [];
  switch (source.workload) {
    case 'mde': {
      const { permissionMode, deviceGroups, roles } = source.section;
      if (permissionMode === 'basic') {
        notes.push(
          'Defender for Endpoint uses basic permissions: there are no roles to import. Access comes from Entra roles (Security Administrator: full; Security Reader: read-only), which Unified RBAC keeps honouring.',
        );
        if (roles.length > 0) notes.push(`${roles.length} role(s) listed despite basic permissions were ignored.`);
      }
      if (deviceGroups.length > 0) {
        notes.push(
          `${deviceGroups.length} device group(s) stay in Defender for Endpoint and keep governing device visibility; they are not imported and no device-group id appears in an assignment.`,
        );
        const directory = indexDirectory(source.directory);
        for (const g of deviceGroups) {
          const dead = (g.userAccessGroupIds ?? []).filter((id) => {
            const o = directory.get(id.toLowerCase());
            return !o || o.deleted === true;
          });
          if (dead.length > 0) {
            const names = dead.map((id) => directory.get(id.toLowerCase())?.displayName ?? id);
            notes.push(`Device group "${g.name}" still grants user access to deleted or unknown group(s): ${names.join(', ')}.`);
          }
        }
      }
      break;
    }
    case 'mdo':
      notes.push('Only role groups with at least one member are imported; Exchange Online role groups ride on the Mdo data source.');
      break;
    case 'mdi': {
      const choice = CURRENT_MAPPING_TABLES.mdi.conflictChoice;
      if (choice) notes.push(choice);
      break;
    }
    case 'mdca':
      notes.push(
        'Entra roles that grant Defender for Cloud Apps access are not listed on its admin page and are not imported; they keep working. Scoped roles have no Unified RBAC equivalent.',
      );
      break;
  }
  return notes;
}

export interface SnapshotMapping {
  results: RoleMappingResult[];
  /** Workloads whose section is absent from the snapshot ("not captured", not "0 roles"). */
  notCaptured: Workload[];
  notes: Partial<Record<Workload, string[]>>;
}

/** Convenience over `extractWorkloadSource` + `mapWorkloadSource` for a whole snapshot. */
export function mapSnapshot(
  snapshot: SourceSnapshot,
  options: MapOptions & { workloads?: readonly Workload[] },
): SnapshotMapping {
  const out: SnapshotMapping = { results: [], notCaptured: [], notes: {} };
  for (const workload of options.workloads ?? WORKLOADS) {
    const source = extractWorkloadSource(snapshot, workload);
    if (!source) {
      out.notCaptured.push(workload);
      continue;
    }
    out.results.push(...mapWorkloadSource(source, { allowPartialPrincipals: options.allowPartialPrincipals }));
    out.notes[workload] = workloadNotes(source);
  }
  return out;
}
