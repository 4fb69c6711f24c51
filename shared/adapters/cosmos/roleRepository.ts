import type { Container } from '@azure/cosmos';
import { AUTHORIZATION_PERMISSION_ID } from '../../auth/roleTemplates';
import { StoredDataError } from '../../errors';
import type { RoleStore, RoleWriteOutcome } from '../../ports/roleStore';
import { RoleDocumentSchema, type RoleDocument } from '../../schemas/documents';
import { isConflict, isNotFound, isPreconditionFailed } from './cosmosErrors';

export class CosmosRoleStore implements RoleStore {
  constructor(private readonly container: Container) {}

  async writeRole(doc: RoleDocument): Promise<RoleWriteOutcome> {
    try {
      await this.container.items.create(doc);
      return 'created';
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
    // A retried activity finds the document it wrote before: same fingerprint means nothing to do.
    const existing = await this.getRole(doc.tenantId, doc.id, { includePending: true });
    if (existing && existing.fingerprint === doc.fingerprint && existing.source.importId === doc.source.importId) {
      return 'unchanged';
    }
    try {
      await this.container.item(doc.id, doc.tenantId).replace(
        { ...doc, createdAt: existing?.createdAt ?? doc.createdAt },
        { accessCondition: { type: 'IfMatch', condition: existing?._etag ?? '' } },
      );
      return 'replaced';
    } catch (error) {
      // Someone else replaced it between our read and write: their write wins; the caller's confirm step checks content.
      if (isPreconditionFailed(error)) return 'unchanged';
      throw error;
    }
  }

  async getRole(tenantId: string, roleId: string, options: { includePending?: boolean } = {}): Promise<RoleDocument | undefined> {
    try {
      const { resource } = await this.container.item(roleId, tenantId).read();
      if (resource === undefined) return undefined;
      const role = parseRole(resource, roleId);
      return role.importState === 'committed' || options.includePending ? role : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async listRoles(tenantId: string, options: { importId?: string; includePending?: boolean } = {}): Promise<RoleDocument[]> {
    const filters = ['c.tenantId = @tenantId', 'c.kind = @kind'];
    const parameters = [
      { name: '@tenantId', value: tenantId },
      { name: '@kind', value: 'role' },
    ];
    if (options.importId) {
      filters.push('c.source.importId = @importId');
      parameters.push({ name: '@importId', value: options.importId });
    }
    if (!options.includePending) {
      filters.push('c.importState = @committed');
      parameters.push({ name: '@committed', value: 'committed' });
    }
    const { resources } = await this.container.items
      .query<unknown>(
        { query: `SELECT * FROM c WHERE ${filters.join(' AND ')} ORDER BY c.displayName`, parameters },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((r) => parseRole(r, 'list'));
  }

  async listAuthorizationRolesFor(tenantId: string, principalIds: string[]): Promise<RoleDocument[]> {
    const wanted = new Set(principalIds.map((p) => p.toLowerCase()));
    const { resources } = await this.container.items
      .query<unknown>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.kind = @kind AND c.importState = @committed AND ARRAY_CONTAINS(c.permissions, { "permissionId": @permissionId }, true)',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@kind', value: 'role' },
            { name: '@committed', value: 'committed' },
            { name: '@permissionId', value: AUTHORIZATION_PERMISSION_ID },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources
      .map((r) => parseRole(r, 'authorization'))
      .filter((role) => role.assignments.some((a) => a.principalIds.some((p) => wanted.has(p.toLowerCase()))));
  }

  async commitRole(tenantId: string, roleId: string): Promise<void> {
    await this.container.item(roleId, tenantId).patch([{ op: 'set', path: '/importState', value: 'committed' }]);
  }

  async deleteRole(tenantId: string, roleId: string): Promise<void> {
    try {
      await this.container.item(roleId, tenantId).delete();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function parseRole(raw: unknown, id: string): RoleDocument {
  const parsed = RoleDocumentSchema.safeParse(raw);
  if (!parsed.success) throw new StoredDataError('role', id);
  return parsed.data;
}
