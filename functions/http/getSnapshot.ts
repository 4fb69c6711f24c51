import { app } from '@azure/functions';
import { NotFoundError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, json } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';

/** GET /api/tenants/{tenantId}/snapshot: what is stored (version, capture time, sections), not the document. */
app.http('getSnapshot', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/snapshot',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'read');
    
    const { snapshots } = await stores();
    const info = await snapshots.getCurrentSnapshotInfo(tenantId);
    if (!info) throw new NotFoundError(`Tenant ${tenantId}`);
    return json(200, info);
  }),
});
