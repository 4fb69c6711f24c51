import { app } from '@azure/functions';
import { stores } from '../dependencies';
import { apiHandler, json } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { roleView } from './roleView';

/** GET /api/tenants/{tenantId}/roles[?importId=]: the tenant's unified roles (committed only). */
app.http('listRoles', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/roles',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'read');
    
    const importId = request.query.get('importId') ?? undefined;
    const { roles } = await stores();
    const list = await roles.listRoles(tenantId, importId ? { importId } : {});
    return json(200, { value: list.map(roleView) });
  }),
});
