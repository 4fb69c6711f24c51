import { createHash } from 'node:crypto';

/**
 * A deterministic synthetic tenant in source snapshot v1 format: `mdeRoles` Defender for Endpoint
 * roles over a pool of security groups, for benchmarks and scale tests.
 */
export function syntheticTenant(options: { tenantId: string; mdeRoles: number; groups?: number }): Record<string, unknown> {
  const groupCount = options.groups ?? Math.max(10, Math.ceil(options.mdeRoles / 5));
  const guid = (seed: string): string => {
    const h = createHash('sha256').update(`${options.tenantId}:${seed}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const permissionSets = [
    ['View data - Security operations', 'Alerts investigation'],
    ['View data - Security operations', 'View data - Defender Vulnerability Management', 'Active remediation actions - Security operations'],
    ['View data - Defender Vulnerability Management', 'Active remediation actions - Defender Vulnerability Management - Exception handling'],
    ['View data - Security operations', 'Live response capabilities', 'Live response capabilities - advanced'],
    ['View data - Security operations', 'Manage security settings in the Security Center'],
  ];
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    id: guid(`group-${i}`),
    type: 'group',
    displayName: `SG-Synthetic-${String(i).padStart(4, '0')}`,
    securityEnabled: true,
  }));
  const roles = Array.from({ length: options.mdeRoles }, (_, i) => ({
    id: String(10_000 + i),
    name: `Synthetic role ${String(i).padStart(4, '0')}`,
    description: `Synthetic MDE role ${i}`,
    permissions: permissionSets[i % permissionSets.length],
    assignedGroupIds: [groups[i % groupCount]!.id, groups[(i * 7 + 3) % groupCount]!.id].filter((v, k, a) => a.indexOf(v) === k),
  }));
  return {
    schema: 'source-snapshot/v1',
    tenantId: options.tenantId,
    tenantName: 'synthetic',
    capturedAt: '2026-12-01T00:00:00Z',
    directory: groups,
    mde: { permissionMode: 'rbac', roles, deviceGroups: [] },
  };
}
