import { app } from '@azure/functions';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, json, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';

/**
 * POST /api/tenants/{tenantId}/imports/{importId}/cancel: asks the import to stop. The orchestration
 * checks between steps, removes every role it wrote and ends Canceled; poll the import to see it.
 */
app.http('cancelImport', {
  methods: ['POST'],
  route: 'tenants/{tenantId}/imports/{importId}/cancel',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'write');
    const importId = routeGuid(request, 'importId');
    const { imports } = await stores();
    const doc = await imports.getImport(tenantId, importId);
    if (!doc) throw new NotFoundError(`Import ${importId}`);
    if (doc.status !== 'Pending' && doc.status !== 'Running') {
      throw new ConflictError(`Import ${importId} has already ended (${doc.status}).`, { importStatus: doc.status });
    }
    await imports.updateImport(tenantId, importId, (d) => ({ ...d, cancelRequested: true, updatedAt: new Date().toISOString() }));
    const importUrl = `${new URL(request.url).origin}/api/tenants/${tenantId}/imports/${importId}`;
    return json(202, { importId, cancelRequested: true, importUrl }, { Location: importUrl });
  }),
});
