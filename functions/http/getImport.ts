import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, json, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { loadMappingResults } from '../../shared/import/stagedResults';
import { importView } from './importView';

/** GET /api/tenants/{tenantId}/imports/{importId}: stage, progress, summary and per-role results. */
df.app.client.http('getImport', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/imports/{importId}',
  authLevel: 'anonymous',
  handler: (request: HttpRequest, client: df.DurableClient, invocation) =>
    apiHandler(async () => {
      const { tenantId } = await authorizeRequest(request, 'read');
      const importId = routeGuid(request, 'importId');

      const { imports } = await stores();
      const doc = await imports.getImport(tenantId, importId);
      if (!doc) throw new NotFoundError(`Import ${importId}`);
      const [results, status] = await Promise.all([
        loadMappingResults(imports, doc),
        client.getStatus(doc.instanceId, { showInput: false }).catch(() => undefined),
      ]);
      const view = importView(doc, results, status ? { runtimeStatus: status.runtimeStatus, customStatus: status.customStatus } : undefined);
      const running = doc.status === 'Pending' || doc.status === 'Running';
      return json(200, view, running ? { 'Retry-After': '2' } : {});
    })(request, invocation),
});
