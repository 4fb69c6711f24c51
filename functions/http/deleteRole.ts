import { app } from '@azure/functions';
import { NotFoundError, PreconditionFailedError } from '../../shared/errors';
import { stores } from '../dependencies';
import { apiHandler, routeGuid } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { ifMatchAllows } from './etag';

/**
 * DELETE /api/tenants/{tenantId}/roles/{roleId} [If-Match]: removes a unified role (and with it every
 * grant it made here). The legacy source is never touched.
 */
app.http('deleteRole', {
  methods: ['DELETE'],
  route: 'tenants/{tenantId}/roles/{roleId}',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request, invocation, correlationId }) => {
    const { tenantId, actor } = await authorizeRequest(request, 'write');
    const roleId = routeGuid(request, 'roleId');
    const { roles } = await stores();
    const role = await roles.getRole(tenantId, roleId);
    if (!role) throw new NotFoundError(`Role ${roleId}`);
    const ifMatch = request.headers.get('if-match');
    if (!ifMatchAllows(ifMatch, role._etag)) throw new PreconditionFailedError(`Role ${roleId}`);
    await roles.deleteRole(tenantId, roleId, role._etag ? { ifMatch: role._etag } : {});
    invocation.info(`[${correlationId}] role ${roleId} ("${role.displayName}") of tenant ${tenantId} deleted by ${actor}`);
    return { status: 204 };
  }),
});
