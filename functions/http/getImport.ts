import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { NotFoundError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, json, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { loadMappingResults } from '../../shared/import/stagedResults';
import { ENDED, importView } from './importView';

/** GET /api/tenants/{tenantId}/imports/{importId}: stage, progress, summary and per-role results (202 while running). */
df.app.client.http('getImport', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/imports/{importId}',
  authLevel: 'anonymous',
  handler: (request: HttpRequest, client: df.DurableClient, invocation) =>
    apiHandler(async () => {
      const { tenantId } = await authorizeRequest(request, 'read');
      const importId = routeGuid(request, 'importId');

      const { imports } = await stores();
      const read = async () => {
        const found = await imports.getImport(tenantId, importId);
        if (!found) throw new NotFoundError(`Import ${importId}`);
        return found;
      };
      let doc = await read();
      const status = await client.getStatus(doc.instanceId, { showInput: false }).catch(() => undefined);
      // The record is read before the runtime status: an import that finished in between shows an
      // ended orchestration next to a running record. Read the record again before calling it orphaned.
      if ((doc.status === 'Pending' || doc.status === 'Running') && status && ENDED.has(String(status.runtimeStatus))) doc = await read();
      const results = await loadMappingResults(imports, doc);
      const view = importView(doc, results, status ? { runtimeStatus: status.runtimeStatus, customStatus: status.customStatus } : undefined);
      // Durable's polling contract: 202 with Location and Retry-After until the import ends, then 200.
      const running = view.status === 'Pending' || view.status === 'Running';
      return json(running ? 202 : 200, view, running ? { Location: request.url, 'Retry-After': '2' } : {});
    })(request, invocation),
});
