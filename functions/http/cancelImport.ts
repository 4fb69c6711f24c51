import type { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { ConflictError } from '../../shared/errors';
import { isImportActive } from '../../shared/schemas/documents';
import { stores } from '../dependencies';
import { apiHandler, json, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { readImportState } from './importState';

/**
 * POST /api/tenants/{tenantId}/imports/{importId}/cancel: asks the import to stop. The orchestration
 * checks between steps, removes every role it wrote and ends Canceled; poll the import to see it.
 * Refused (409) once the import has ended or has started making its roles visible.
 */
df.app.client.http('cancelImport', {
  methods: ['POST'],
  route: 'tenants/{tenantId}/imports/{importId}/cancel',
  authLevel: 'anonymous',
  handler: (request: HttpRequest, client: df.DurableClient, invocation) =>
    apiHandler(async () => {
      const { tenantId } = await authorizeRequest(request, 'write');
      const importId = routeGuid(request, 'importId');
      const { imports } = await stores();
      const { orphaned, live } = await readImportState(imports, client, tenantId, importId);
      if (orphaned) {
        throw new ConflictError(`Import ${importId} has already ended (its orchestration is ${live?.runtimeStatus}).`, { importStatus: 'Failed' });
      }
      // Decided on the fresh record under its ETag, so a cancel never slips past a finishing import.
      await imports.updateImport(tenantId, importId, (d) => {
        if (!isImportActive(d.status)) throw new ConflictError(`Import ${importId} has already ended (${d.status}).`, { importStatus: d.status });
        if (d.commitStarted) throw new ConflictError(`Import ${importId} is already making its roles visible and can no longer be canceled.`, { importStatus: d.status });
        return { ...d, cancelRequested: true, updatedAt: new Date().toISOString() };
      });
      const importUrl = `${new URL(request.url).origin}/api/tenants/${tenantId}/imports/${importId}`;
      return json(202, { importId, cancelRequested: true, importUrl }, { Location: importUrl });
    })(request, invocation),
});
