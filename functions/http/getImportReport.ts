import { app } from '@azure/functions';
import { NotFoundError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, json, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { loadMappingResults } from '../../shared/import/stagedResults';

/** GET /api/tenants/{tenantId}/imports/{importId}/report: the parity report of one import. */
app.http('getImportReport', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/imports/{importId}/report',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'read');
    const importId = routeGuid(request, 'importId');

    const { imports } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    const results = await loadMappingResults(imports, doc);
    return json(200, {
      importId,
      tenantId,
      status: doc.status,
      dryRun: doc.request.dryRun,
      snapshotVersion: doc.snapshotVersion,
      workloads: doc.workloads,
      summary: doc.summary ?? null,
      roles: results,
    });
  }),
});
