import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import type { AppConfig } from '../../config';

/** Container names; every container is partitioned by `/tenantId` so nothing reads across tenants. */
export const CONTAINERS = {
  snapshots: 'snapshots',
  imports: 'imports',
  roles: 'roles',
  tenants: 'tenants',
} as const;
export type ContainerName = keyof typeof CONTAINERS;

export interface CosmosContainers {
  database: Database;
  snapshots: Container;
  imports: Container;
  roles: Container;
  tenants: Container;
}

let shared: Promise<CosmosContainers> | undefined;

/**
 * One CosmosClient per process (the SDK's guidance: a singleton client), created lazily on first use
 * so function registration never touches the network.
 */
export function getContainers(config: AppConfig): Promise<CosmosContainers> {
  shared ??= openContainers(config).catch((error: unknown) => {
    shared = undefined; // let the next call retry instead of caching a failure
    throw error;
  });
  return shared;
}

async function openContainers(config: AppConfig): Promise<CosmosContainers> {
  const client = new CosmosClient({
    endpoint: config.COSMOS_ENDPOINT,
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY } : { aadCredentials: new DefaultAzureCredential() }),
    connectionPolicy: { enableEndpointDiscovery: config.COSMOS_ENDPOINT_DISCOVERY },
    userAgentSuffix: 'defender-rbac-importer',
  });
  if (config.COSMOS_BOOTSTRAP) {
    const { database } = await client.databases.createIfNotExists({ id: config.COSMOS_DATABASE });
    const open = async (name: string): Promise<Container> =>
      (await database.containers.createIfNotExists({ id: name, partitionKey: { paths: ['/tenantId'] } })).container;
    return {
      database,
      snapshots: await open(CONTAINERS.snapshots),
      imports: await open(CONTAINERS.imports),
      roles: await open(CONTAINERS.roles),
      tenants: await open(CONTAINERS.tenants),
    };
  }
  const database = client.database(config.COSMOS_DATABASE);
  return {
    database,
    snapshots: database.container(CONTAINERS.snapshots),
    imports: database.container(CONTAINERS.imports),
    roles: database.container(CONTAINERS.roles),
    tenants: database.container(CONTAINERS.tenants),
  };
}
