import { app } from '@azure/functions';
import { z } from 'zod';
import { InvalidInputError, NotFoundError, PreconditionFailedError } from '../../shared/errors';
import { GuidSchema } from '../../shared/schemas/ids';
import type { TenantSettings } from '../../shared/ports/tenantSettingsStore';
import { stores } from '../dependencies';
import { apiHandler, json, parseOrThrow, readJsonBody } from './apiHandler';
import { authorizeRequest } from './authorizeRequest';
import { ifMatchAllows, toHttpEtag } from './etag';

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
    return json(200, settingsView(settings), settings.etag ? { ETag: toHttpEtag(settings.etag) } : {});
  }),
});

/**
 * PUT /api/tenants/{tenantId}/settings [If-Match]: which managing tenants may act on this tenant.
 * Only the tenant's own Entra Security (or Global) Administrators may grant that: never a managing
 * tenant, and never through unified roles (which a managing tenant could have imported).
 */
app.http('putTenantSettings', {
  methods: ['PUT'],
  route: 'tenants/{tenantId}/settings',
  authLevel: 'anonymous',
  handler: apiHandler(async ({ request, config }) => {
    const { tenantId, actor } = await authorizeRequest(request, 'grantTenantAccess');
    const body = parseOrThrow(PutTenantSettingsSchema, await readJsonBody(request, config.MAX_REQUEST_BYTES), 'The tenant settings');
    const own = body.managingTenantIds.indexOf(tenantId);
    if (own >= 0) throw new InvalidInputError('A tenant cannot manage itself.', [{ path: `managingTenantIds[${own}]`, message: 'must differ from the tenant itself' }]);
    const { tenantSettings } = await stores();
    const ifMatch = request.headers.get('if-match');
    const current = ifMatch === null ? undefined : await tenantSettings.getSettings(tenantId);
    if (!ifMatchAllows(ifMatch, current?.etag)) throw new PreconditionFailedError(`Settings of tenant ${tenantId}`);
    const saved = await tenantSettings.putSettings(
      { tenantId, managingTenantIds: body.managingTenantIds, updatedAt: new Date().toISOString(), updatedBy: actor },
      current?.etag ? { ifMatch: current.etag } : {},
    );
    return json(200, settingsView(saved), saved.etag ? { ETag: toHttpEtag(saved.etag) } : {});
  }),
});

function settingsView(s: TenantSettings) {
  return { tenantId: s.tenantId, managingTenantIds: s.managingTenantIds, updatedAt: s.updatedAt, updatedBy: s.updatedBy, etag: s.etag ? toHttpEtag(s.etag) : null };
}
