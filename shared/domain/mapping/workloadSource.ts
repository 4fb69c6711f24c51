import type {
  DirectoryObject,
  MdcaSection,
  MdeSection,
  MdiSection,
  MdoSection,
  SourceSnapshot,
} from '../../schemas/sourceSnapshot';
import type { Workload } from '../workloads';

/**
 * What mapping one workload needs, and nothing else: the workload's section and the directory
 * objects it references. Reading the source (snapshot today, live Graph later) produces this;
 * mapping never knows where it came from.
 */
interface WorkloadSourceBase {
  tenantId: string;
  capturedAt: string;
  /** Only the directory objects referenced by `section`. */
  directory: DirectoryObject[];
}

export type MdeWorkloadSource = WorkloadSourceBase & { workload: 'mde'; section: MdeSection };
export type MdoWorkloadSource = WorkloadSourceBase & { workload: 'mdo'; section: MdoSection };
export type MdiWorkloadSource = WorkloadSourceBase & { workload: 'mdi'; section: MdiSection };
export type MdcaWorkloadSource = WorkloadSourceBase & { workload: 'mdca'; section: MdcaSection };

export type WorkloadSource = MdeWorkloadSource | MdoWorkloadSource | MdiWorkloadSource | MdcaWorkloadSource;

/** Every principal id a section references (role principals and, for MDE, device-group user access). */
export function referencedPrincipalIds(source: WorkloadSource): string[] {
  switch (source.workload) {
    case 'mde':
      return [
        ...source.section.roles.flatMap((r) => r.assignedGroupIds),
        ...source.section.deviceGroups.flatMap((g) => g.userAccessGroupIds ?? []),
      ];
    case 'mdo':
      return [
        ...source.section.emailCollaborationRoleGroups.flatMap((g) => g.memberIds),
        ...source.section.exchangeOnlineRoleGroups.flatMap((g) => g.memberIds),
      ];
    case 'mdi':
      return source.section.groups.flatMap((g) => g.memberIds);
    case 'mdca':
      return source.section.admins.map((a) => a.principalId);
  }
}

function withSection(snapshot: SourceSnapshot, workload: Workload): WorkloadSource | undefined {
  const base = { tenantId: snapshot.tenantId, capturedAt: snapshot.capturedAt, directory: [] as DirectoryObject[] };
  switch (workload) {
    case 'mde':
      return snapshot.mde ? { ...base, workload, section: snapshot.mde } : undefined;
    case 'mdo':
      return snapshot.mdo ? { ...base, workload, section: snapshot.mdo } : undefined;
    case 'mdi':
      return snapshot.mdi ? { ...base, workload, section: snapshot.mdi } : undefined;
    case 'mdca':
      return snapshot.mdca ? { ...base, workload, section: snapshot.mdca } : undefined;
  }
}

/**
 * One workload's source from a snapshot; `undefined` when the section is absent, which means
 * "not captured" (reported as such, never as "0 roles").
 */
export function extractWorkloadSource(snapshot: SourceSnapshot, workload: Workload): WorkloadSource | undefined {
  const source = withSection(snapshot, workload);
  if (!source) return undefined;
  const wanted = new Set(referencedPrincipalIds(source).map((id) => id.toLowerCase()));
  source.directory = snapshot.directory.filter((o) => wanted.has(o.id.toLowerCase()));
  return source;
}
