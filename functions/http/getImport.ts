import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { stores } from '../dependencies';
import { apiHandler, json, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { loadMappingResults } from '../../shared/import/stagedResults';
import { isImportActive } from '../../shared/schemas/documents';
import { readImportState } from './importState';
import { importView } from './importView';

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
      const state = await readImportState(imports, client, tenantId, importId);
      const view = importView(state, await loadMappingResults(imports, state.doc));
      // Durable's polling contract: 202 with Location and Retry-After until the import ends, then 200.
      const running = isImportActive(view.status);
      return json(running ? 202 : 200, view, running ? { Location: request.url, 'Retry-After': '2' } : {});
    })(request, invocation),
});
