import { app } from '@azure/functions';
import { extractWorkloadSource, mapWorkloadSource, workloadNotes } from '../../shared/domain';
import { WORKLOADS, type Workload } from '../../shared/domain/workloads';
import { InvalidInputError, NotFoundError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, json } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';

/**
 * GET /api/tenants/{tenantId}/import-candidates[?workloads=mde,mdo]: every source role of the stored
 * snapshot with what it would become, so a portal can offer "all or some" with a preview.
 */
app.http('listImportCandidates', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/import-candidates',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'read');
    
    const workloads = parseWorkloads(request.query.get('workloads'));
    const allowPartialPrincipals = parseBooleanQuery(request.query.get('allowPartialPrincipals'), 'allowPartialPrincipals');
    const { snapshots } = await stores();
    const info = await snapshots.getCurrentSnapshotInfo(tenantId);
    if (!info) throw new NotFoundError(`Tenant ${tenantId} (no source snapshot stored)`);
    const snapshot = await snapshots.getSnapshot(tenantId, info.version);
    if (!snapshot) throw new NotFoundError(`Snapshot ${info.version} of tenant ${tenantId}`);
    const selected = workloads ?? info.sections;
    const perWorkload = selected.map((workload) => {
      const source = extractWorkloadSource(snapshot, workload);
      if (!source) return { workload, captured: false, notes: ['Not captured: the snapshot has no section for this product.'], candidates: [] };
      const results = mapWorkloadSource(source, { allowPartialPrincipals });
      return {
        workload,
        captured: true,
        notes: workloadNotes(source),
        candidates: results.map((r) => ({
          id: `${r.workload}:${r.sourceRoleId}`,
          workload: r.workload,
          sourceRoleId: r.sourceRoleId,
          name: r.sourceRoleName,
          kind: r.sourceKind,
          assignees: [...r.principals.kept.map((p) => ({ ...p, status: 'active' })), ...r.principals.dropped.map((p) => ({ ...p, status: p.reason }))],
          permissions: r.permissions.map(({ group, name, level }) => ({ group, name, level })),
          addedByPrerequisite: r.addedByPrerequisite.map(({ group, name, level }) => ({ group, name, level })),
          unmapped: r.unmapped,
          unsupported: r.unsupported,
          eligibility: r.verdict === 'not-eligible' || r.verdict === 'skipped' || r.verdict === 'unsupported' ? r.verdict : 'eligible',
          verdict: r.verdict,
          deviations: r.deviations,
          notes: r.notes,
          mappingVersion: r.mappingVersion,
        })),
      };
    });
    return json(200, { tenantId, snapshotVersion: info.version, capturedAt: info.capturedAt, workloads: perWorkload });
  }),
});

function parseWorkloads(raw: string | null): Workload[] | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const values = raw.split(',').map((s) => s.trim().toLowerCase());
  const bad = values.filter((v) => !(WORKLOADS as readonly string[]).includes(v));
  if (bad.length > 0) throw new InvalidInputError('Unknown workloads.', [{ path: 'workloads', message: `unknown: ${bad.join(', ')}; expected any of ${WORKLOADS.join(', ')}` }]);
  return [...new Set(values)] as Workload[];
}

function parseBooleanQuery(raw: string | null, name: string): boolean {
  if (raw === null || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InvalidInputError(`Query parameter ${name} must be true or false.`, [{ path: name, message: 'must be true or false' }]);
}
