import type { Container } from '@azure/cosmos';
import { z } from 'zod';
import { PreconditionFailedError, StoredDataError } from '../../errors';
import type { TenantSettings, TenantSettingsStore } from '../../ports/tenantSettingsStore';
import { isNotFound, isPreconditionFailed } from './cosmosErrors';

const SETTINGS_ID = 'settings';

const TenantSettingsDocumentSchema = z.object({
  id: z.literal(SETTINGS_ID),
  tenantId: z.string(),
  kind: z.literal('tenantSettings'),
  schemaVersion: z.literal(1),
  managingTenantIds: z.array(z.string()),
  updatedAt: z.string(),
  updatedBy: z.string(),
  _etag: z.string().optional(),
});

export class CosmosTenantSettingsStore implements TenantSettingsStore {
  constructor(private readonly container: Container) {}

  async getSettings(tenantId: string): Promise<TenantSettings | undefined> {
    try {
      const { resource } = await this.container.item(SETTINGS_ID, tenantId).read();
      return resource === undefined ? undefined : toSettings(resource);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async putSettings(settings: Omit<TenantSettings, 'etag'>, options: { ifMatch?: string } = {}): Promise<TenantSettings> {
    const doc = { id: SETTINGS_ID, kind: 'tenantSettings', schemaVersion: 1, ...settings };
    try {
      const { resource } = options.ifMatch
        ? await this.container.item(SETTINGS_ID, settings.tenantId).replace(doc, { accessCondition: { type: 'IfMatch', condition: options.ifMatch } })
        : await this.container.items.upsert(doc);
      return toSettings(resource);
    } catch (error) {
      if (isPreconditionFailed(error) || (options.ifMatch && isNotFound(error))) throw new PreconditionFailedError(`Settings of tenant ${settings.tenantId}`);
      throw error;
    }
  }
}

function toSettings(raw: unknown): TenantSettings {
  const parsed = TenantSettingsDocumentSchema.safeParse(raw);
  if (!parsed.success) throw new StoredDataError('tenantSettings', SETTINGS_ID);
  const { tenantId, managingTenantIds, updatedAt, updatedBy, _etag } = parsed.data;
  return { tenantId, managingTenantIds, updatedAt, updatedBy, ...(_etag ? { etag: _etag } : {}) };
}
