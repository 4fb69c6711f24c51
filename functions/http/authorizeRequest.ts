import type { HttpRequest } from '@azure/functions';

export type ApiAction = 'read' | 'write' | 'activate';

export interface AuthorizedCaller {
  objectId: string;
  tenantId: string;
}

/**
 * Authenticates the caller and checks it may perform `action` on `tenantId`.
 * TEMPORARY (issue 2 walking skeleton): accepts every caller; issue 4 replaces this body.
 */
export async function authorizeRequest(_request: HttpRequest, tenantId: string, _action: ApiAction): Promise<AuthorizedCaller> {
  return { objectId: 'anonymous', tenantId };
}
