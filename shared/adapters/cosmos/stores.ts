import type { AppConfig } from '../../config';
import type { ImportStore } from '../../ports/importStore';
import type { RoleStore } from '../../ports/roleStore';
import type { SnapshotStore } from '../../ports/snapshotStore';
import type { TenantSettingsStore } from '../../ports/tenantSettingsStore';
import { getContainers } from './cosmosClient';
import { CosmosImportStore } from './importRepository';
import { CosmosRoleStore } from './roleRepository';
import { CosmosSnapshotStore } from './snapshotRepository';
import { CosmosTenantSettingsStore } from './tenantSettingsRepository';

export interface Stores {
  snapshots: SnapshotStore;
  imports: ImportStore;
  roles: RoleStore;
  tenantSettings: TenantSettingsStore;
}

/** The Cosmos DB implementations of the storage ports, over one shared client. */
export async function openStores(config: AppConfig): Promise<Stores> {
  const c = await getContainers(config);
  return {
    snapshots: new CosmosSnapshotStore(c.snapshots),
    imports: new CosmosImportStore(c.imports),
    roles: new CosmosRoleStore(c.roles),
    tenantSettings: new CosmosTenantSettingsStore(c.tenants),
  };
}

/** Cheap reachability probe for the health endpoint: one point read that may 404. */
export async function pingDatabase(config: AppConfig): Promise<void> {
  const c = await getContainers(config);
  await c.database.read();
}
