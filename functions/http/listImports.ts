import { app } from '@azure/functions';
import { stores } from '../dependencies';
import { apiHandler, json } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';

/** GET /api/tenants/{tenantId}/imports: the tenant's imports, newest first (records only, no per-role rows). */
app.http('listImports', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/imports',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'read');
    
    const { imports } = await stores();
    const list = await imports.listImports(tenantId);
    return json(200, {
      value: list.map((d) => ({
        importId: d.id,
        status: d.status,
        stage: d.progress.stage,
        progress: d.progress,
        request: d.request,
        summary: d.summary ?? null,
        createdAt: d.createdAt,
        completedAt: d.completedAt ?? null,
        importUrl: `/api/tenants/${tenantId}/imports/${d.id}`,
      })),
    });
  }),
});
