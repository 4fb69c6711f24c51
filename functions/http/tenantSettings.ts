import { app } from '@azure/functions';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../shared/errors';
import { GuidSchema } from '../../shared/schemas/ids';
import { stores } from '../dependencies';
import { apiHandler, json, parseOrThrow, readJsonBody } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';

/** At most this many managing (MSSP) tenants per tenant. */
export const MAX_MANAGING_TENANTS = 50;

const PutTenantSettingsSchema = z
  .object({
    managingTenantIds: z
      .array(GuidSchema)
      .max(MAX_MANAGING_TENANTS)
      .refine((ids) => new Set(ids).size === ids.length, 'managingTenantIds must not repeat'),
  })
  .strict();

/** GET /api/tenants/{tenantId}/settings */
app.http('getTenantSettings', {
  methods: ['GET'],
  route: 'tenants/{tenantId}/settings',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request }) => {
    const { tenantId } = await authorizeRequest(request, 'read');
    const { tenantSettings } = await stores();
    const settings = await tenantSettings.getSettings(tenantId);
    if (!settings) throw new NotFoundError(`Settings of tenant ${tenantId}`);
    return json(200, settings, settings.etag ? { ETag: settings.etag } : {});
  }),
});

/**
 * PUT /api/tenants/{tenantId}/settings [If-Match]: which managing tenants may act on this tenant.
 * Only the tenant's own administrators may grant that: a managing tenant can never widen its own access.
 */
app.http('putTenantSettings', {
  methods: ['PUT'],
  route: 'tenants/{tenantId}/settings',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request, config }) => {
    const { tenantId, actor } = await authorizeRequest(request, 'write', { sameTenantOnly: true });
    const body = parseOrThrow(PutTenantSettingsSchema, await readJsonBody(request, config.MAX_REQUEST_BYTES), 'The tenant settings');
    const own = body.managingTenantIds.indexOf(tenantId);
    if (own >= 0) throw new InvalidInputError('A tenant cannot manage itself.', [{ path: `managingTenantIds[${own}]`, message: 'must differ from the tenant itself' }]);
    const { tenantSettings } = await stores();
    const ifMatch = request.headers.get('if-match') ?? undefined;
    const saved = await tenantSettings.putSettings(
      { tenantId, managingTenantIds: body.managingTenantIds, updatedAt: new Date().toISOString(), updatedBy: actor },
      ifMatch ? { ifMatch } : {},
    );
    return json(200, saved, saved.etag ? { ETag: saved.etag } : {});
  }),
});
