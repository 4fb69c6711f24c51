import { app } from '@azure/functions';
import { NotFoundError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, json, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { roleView } from './roleView';

/** GET /api/tenants/{tenantId}/roles/{roleId}, with the role's ETag for later conditional edits. */
app.http('getRole', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/roles/{roleId}',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'read');
    const roleId = routeGuid(request, 'roleId');
    const { roles } = await stores();
    const role = await roles.getRole(tenantId, roleId);
    if (!role) throw new NotFoundError(`Role ${roleId}`);
    const view = roleView(role);
    return json(200, view, view.etag ? { ETag: view.etag } : {});
  }),
});
