import { randomUUID } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { extractWorkloadSource, listSourceRoleIds } from '../../shared/domain';
import { WORKLOADS, type Workload } from '../../shared/domain/workloads';
import { InvalidInputError, NotFoundError } from '../../shared/errors';
import { removeImportRoles } from '../../shared/import/removeImportRoles';
import type { ImportDocument } from '../../shared/schemas/documents';
import { StartImportRequestSchema } from '../../shared/schemas/importRequest';
import { stores } from '../dependencies';
import { names } from '../names';
import { apiHandler, parseOrThrow, readJsonBody } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { ENDED } from './importState';

/**
 * POST /api/tenants/{tenantId}/imports: validate the selection against the stored snapshot, claim the
 * tenant's import slot, record the import, start the orchestration, answer 202 with the import's URLs.
 */
df.app.client.http('startImport', {
  methods: ['POST'],
  route: 'tenants/{tenantId}/imports',
  authLevel: 'anonymous',
  handler: (request: HttpRequest, client: df.DurableClient, invocation) =>
    apiHandler(async ({ config, correlationId, invocation: log }) => {
      const { tenantId, actor } = await authorizeRequest(request, 'write');
      const body = parseOrThrow(StartImportRequestSchema, (await readJsonBody(request, config.MAX_REQUEST_BYTES)) ?? {}, 'The import request');

      const { snapshots, imports, roles: roleStore } = await stores();
      const info = await snapshots.getCurrentSnapshotInfo(tenantId);
      if (!info) throw new NotFoundError(`Tenant ${tenantId} (no source snapshot stored; PUT /api/tenants/${tenantId}/snapshot first)`);
      const workloads: Workload[] = body.workloads ?? info.sections;
      const roles = body.roles ?? {};
      await validateRoleSelection(tenantId, info.version, workloads, roles);

      const importId = randomUUID();
      const { released } = await imports.claimImportSlot(tenantId, importId, async (holder) => {
        const status = await client.getStatus(holder.instanceId, { showInput: false }).catch(() => undefined);
        return status !== undefined && !ENDED.has(String(status.runtimeStatus));
      });
      // An import whose orchestration was terminated outside this API never rolled back: do it now.
      if (released) {
        const removed = await removeImportRoles(roleStore, tenantId, released.id);
        await imports.updateImport(tenantId, released.id, (d) => ({
          ...d,
          error: { message: `${d.error?.message ?? 'The orchestration ended without recording an outcome.'} Removed ${removed} role(s) it had written.` },
        }));
        log.warn(`[${correlationId}] import ${released.id} of tenant ${tenantId} had ended without an outcome; removed ${removed} role(s) it wrote`);
      }
      const now = new Date().toISOString();
      const doc: ImportDocument = {
        id: importId,
        tenantId,
        kind: 'import',
        schemaVersion: 1,
        instanceId: importId,
        snapshotVersion: info.version,
        request: { workloads, roles, allowPartialPrincipals: body.allowPartialPrincipals, dryRun: body.dryRun },
        status: 'Pending',
        progress: { stage: 'queued', workloadsDone: 0, workloadsTotal: 0, rolesMapped: 0, rolesWritten: 0 },
        workloads: [],
        createdAt: now,
        updatedAt: now,
        requestedBy: actor,
        correlationId,
      };
      await imports.createImport(doc);
      try {
        await client.startNew(names.importTenantRolesOrchestrator, { instanceId: importId, input: { tenantId, importId } });
      } catch (error) {
        // Never leave a Pending import behind that would hold the tenant's slot forever.
        await imports.updateImport(tenantId, importId, (d) => ({
          ...d,
          status: 'Failed',
          progress: { ...d.progress, stage: 'failed' },
          error: { message: 'The orchestration could not be started.' },
          updatedAt: new Date().toISOString(),
          completedAt: new Date().toISOString(),
        }));
        throw error;
      }
      log.info(`[${correlationId}] import ${importId} of tenant ${tenantId} started by ${actor} (${workloads.join(', ')}${body.dryRun ? ', dry run' : ''})`);
      // Not the Durable check-status payload: its URLs carry the Functions system key, which controls
      // every tenant's orchestrations. The same polling contract is served by this API, per tenant.
      const importUrl = `${new URL(request.url).origin}/api/tenants/${tenantId}/imports/${importId}`;
      return {
        status: 202,
        jsonBody: { id: importId, importId, statusQueryGetUri: importUrl, importUrl, reportUrl: `${importUrl}/report`, cancelPostUri: `${importUrl}/cancel` },
        headers: { 'Content-Type': 'application/json; charset=utf-8', Location: importUrl, 'Retry-After': '2' },
      };
    })(request, invocation),
});

/** Every selected role id must exist in the snapshot; unknown ids are named by path (e.g. roles.mde[1]). */
async function validateRoleSelection(tenantId: string, snapshotVersion: string, workloads: Workload[], roles: Partial<Record<Workload, string[]>>): Promise<void> {
  const selected = WORKLOADS.filter((w) => roles[w] !== undefined);
  const outside = selected.filter((w) => !workloads.includes(w));
  if (outside.length > 0) {
    throw new InvalidInputError('Roles were selected for workloads the import does not include.', outside.map((w) => ({ path: `roles.${w}`, message: `workload ${w} is not in workloads` })));
  }
  if (selected.length === 0) return;
  const { snapshots } = await stores();
  const snapshot = await snapshots.getSnapshot(tenantId, snapshotVersion);
  if (!snapshot) throw new NotFoundError(`Snapshot ${snapshotVersion} of tenant ${tenantId}`);
  const issues = selected.flatMap((w) => {
    const source = extractWorkloadSource(snapshot, w);
    const known = new Set(source ? listSourceRoleIds(source) : []);
    return (roles[w] ?? []).flatMap((id, i) => (known.has(id) ? [] : [{ path: `roles.${w}[${i}]`, message: `no source role "${id}" in the stored snapshot (see import-candidates)` }]));
  });
  if (issues.length > 0) throw new InvalidInputError('The import request selects unknown source roles.', issues);
}
