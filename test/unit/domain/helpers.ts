import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  extractWorkloadSource,
  mapWorkloadSource,
  type RoleMappingResult,
  type Workload,
  type WorkloadSource,
} from '../../../shared/domain';
import {
  SourceSnapshotSchema,
  type SourceSnapshot,
  type SourceSnapshotInput,
} from '../../../shared/schemas/sourceSnapshot';

/** Deterministic GUIDs for test principals. */
export function guid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const TENANT = '11111111-2222-4333-8444-555555555555';

export function user(n: number, extra: { deleted?: boolean; displayName?: string } = {}) {
  return { id: guid(n), type: 'user' as const, displayName: extra.displayName ?? `User ${n}`, ...(extra.deleted ? { deleted: true } : {}) };
}

export function group(n: number, extra: { deleted?: boolean; displayName?: string } = {}) {
  return {
    id: guid(n),
    type: 'group' as const,
    displayName: extra.displayName ?? `Group ${n}`,
    securityEnabled: true,
    ...(extra.deleted ? { deleted: true } : {}),
  };
}

/** A valid snapshot document with the given sections (validated through the real schema). */
export function snapshotOf(parts: Partial<SourceSnapshotInput>): SourceSnapshot {
  const doc: SourceSnapshotInput = {
    schema: 'source-snapshot/v1',
    tenantId: TENANT,
    capturedAt: '2026-11-30T10:00:00Z',
    directory: [],
    ...parts,
  };
  return SourceSnapshotSchema.parse(doc);
}

export function sourceOf(parts: Partial<SourceSnapshotInput>, workload: Workload): WorkloadSource {
  const source = extractWorkloadSource(snapshotOf(parts), workload);
  if (!source) throw new Error(`no ${workload} section`);
  return source;
}

export function mapParts(
  parts: Partial<SourceSnapshotInput>,
  workload: Workload,
  allowPartialPrincipals = false,
): RoleMappingResult[] {
  return mapWorkloadSource(sourceOf(parts, workload), { allowPartialPrincipals });
}

export function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one item, got ${items.length}`);
  return items[0] as T;
}

/** `id:level` pairs, sorted, space separated: the compact form used by the expectations. */
export function compact(perms: ReadonlyArray<{ permissionId: string; level: string }>): string {
  return perms
    .map((p) => `${p.permissionId}:${p.level}`)
    .sort()
    .join(' ');
}

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found');
    dir = parent;
  }
  return dir;
}

/** The shipped sample tenant, as raw JSON. */
export function readContosoSample(): unknown {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), 'samples', 'contoso.snapshot.json'), 'utf8'));
}
