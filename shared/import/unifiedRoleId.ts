import { createHash } from 'node:crypto';
import type { Workload } from '../domain/workloads';

/**
 * Deterministic role id from the import and the source role key, formatted as a GUID.
 * A retried write computes the same id, so it can never create a second role.
 */
export function unifiedRoleId(tenantId: string, importId: string, workload: Workload, sourceRoleId: string): string {
  const hex = createHash('sha256').update(`${tenantId}\n${importId}\n${workload}\n${sourceRoleId}`).digest('hex');
  // RFC 4122 layout with version 8 ("custom") and the variant bits set, so it validates as a GUID.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
