export interface TenantSettings {
  tenantId: string;
  /** Managing (MSSP) tenants this tenant's own admin allowed to act on it. */
  managingTenantIds: string[];
  updatedAt: string;
  updatedBy: string;
  etag?: string;
}

/** Per-tenant settings written by the tenant's own administrators. */
export interface TenantSettingsStore {
  getSettings(tenantId: string): Promise<TenantSettings | undefined>;
  /** Replaces the settings; with `ifMatch`, only if they are still at that ETag (else PreconditionFailedError). */
  putSettings(settings: Omit<TenantSettings, 'etag'>, options?: { ifMatch?: string }): Promise<TenantSettings>;
}
