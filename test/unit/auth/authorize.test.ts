import {
  authorize,
  ENTRA_ROLE_TEMPLATES,
  MISSING,
  principalIdsForRoleLookup,
  type AuthorizationAction,
  type Caller,
  type CallerRole,
} from '../../../shared/auth';
import type { UnifiedPermissionGrant } from '../../../shared/domain/mappingResult';
import { GROUP_ID, OTHER_TENANT, TENANT, USER_OID } from './helpers';

const { GlobalAdministrator: GA, SecurityAdministrator: SA, SecurityReader: SR, GlobalReader: GR } = ENTRA_ROLE_TEMPLATES;
const OTHER_PRINCIPAL = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';

function caller(overrides: Partial<Caller> = {}): Caller {
  return { tenantId: TENANT, objectId: USER_OID, kind: 'user', wids: [], groups: [GROUP_ID], authMethod: 'bearer', ...overrides };
}

const authz = (level: 'read' | 'manage'): UnifiedPermissionGrant => ({
  permissionId: 'AS.authorization',
  group: 'Authorization and settings',
  name: 'Authorization',
  level,
});
const otherManage: UnifiedPermissionGrant = {
  permissionId: 'AS.SS.coreSecuritySettings',
  group: 'Authorization and settings',
  name: 'Core security settings',
  level: 'manage',
};
const role = (permissions: UnifiedPermissionGrant[], principalIds: string[]): CallerRole => ({
  permissions,
  assignments: [{ principalIds: ['eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee'] }, { principalIds }],
});

function decide(action: AuthorizationAction, c: Caller, callerRoles: CallerRole[] = [], route = TENANT, managing?: string[]) {
  return authorize({
    caller: c,
    routeTenantId: route,
    action,
    callerRoles,
    ...(managing !== undefined ? { tenantSettings: { managingTenantIds: managing } } : {}),
  });
}

describe('authorize: Entra roles', () => {
  it.each([
    ['write', GA, 'Entra role Global Administrator'],
    ['write', SA, 'Entra role Security Administrator'],
    ['activate', GA, 'Entra role Global Administrator'],
    ['activate', SA, 'Entra role Security Administrator'],
    ['read', GA, 'Entra role Global Administrator'],
    ['read', SA, 'Entra role Security Administrator'],
    ['read', GR, 'Entra role Global Reader'],
    ['read', SR, 'Entra role Security Reader'],
  ] as const)('%s is allowed for %s', (action, r, basis) => {
    expect(decide(action, caller({ wids: [r.id.toUpperCase()] }))).toEqual({ allowed: true, basis });
  });

  it.each([
    ['write', SR, MISSING.write],
    ['write', GR, MISSING.write],
    ['activate', SR, MISSING.activate],
    ['activate', GR, MISSING.activate],
  ] as const)('%s is refused for %s', (action, r, missing) => {
    expect(decide(action, caller({ wids: [r.id] }))).toEqual({ allowed: false, status: 403, missing });
  });

  it('refuses everything to a caller with no roles, naming only what is missing', () => {
    expect(decide('read', caller())).toEqual({ allowed: false, status: 403, missing: 'Authorization (read) or Entra Security Reader' });
    expect(decide('write', caller())).toEqual({ allowed: false, status: 403, missing: 'Authorization (manage) or Entra Security Administrator' });
    expect(decide('activate', caller())).toEqual({ allowed: false, status: 403, missing: 'Entra Security Administrator' });
  });
});

describe('authorize: unified roles (Authorization permission)', () => {
  it('Authorization manage through the caller\'s own assignment allows write and read', () => {
    const roles = [role([authz('manage')], [USER_OID])];
    expect(decide('write', caller(), roles)).toEqual({ allowed: true, basis: 'Unified RBAC Authorization (manage)' });
    expect(decide('read', caller(), roles)).toEqual({ allowed: true, basis: 'Unified RBAC Authorization (manage)' });
  });

  it('counts assignments to one of the caller\'s groups (ids compared case-insensitively)', () => {
    const roles = [role([authz('manage')], [GROUP_ID.toUpperCase()])];
    expect(decide('write', caller(), roles)).toEqual({ allowed: true, basis: 'Unified RBAC Authorization (manage)' });
  });

  it('Authorization read allows read but refuses write (partial permissions)', () => {
    const roles = [role([authz('read'), otherManage], [USER_OID])];
    expect(decide('read', caller(), roles)).toEqual({ allowed: true, basis: 'Unified RBAC Authorization (read)' });
    expect(decide('write', caller(), roles)).toEqual({ allowed: false, status: 403, missing: MISSING.write });
  });

  it('manage granted on a role not assigned to the caller does not count', () => {
    const roles = [role([authz('manage')], [OTHER_PRINCIPAL]), role([authz('read')], [USER_OID])];
    expect(decide('write', caller(), roles)).toEqual({ allowed: false, status: 403, missing: MISSING.write });
    expect(decide('read', caller(), roles)).toEqual({ allowed: true, basis: 'Unified RBAC Authorization (read)' });
    expect(decide('read', caller(), [role([authz('manage')], [OTHER_PRINCIPAL])])).toEqual({
      allowed: false,
      status: 403,
      missing: MISSING.read,
    });
  });

  it('other manage permissions are not Authorization', () => {
    expect(decide('write', caller(), [role([otherManage], [USER_OID])])).toMatchObject({ allowed: false, missing: MISSING.write });
    expect(decide('read', caller(), [role([otherManage], [USER_OID])])).toMatchObject({ allowed: false, missing: MISSING.read });
  });

  it('activate is not delegable through unified roles', () => {
    const roles = [role([authz('manage')], [USER_OID])];
    expect(decide('activate', caller(), roles)).toEqual({ allowed: false, status: 403, missing: MISSING.activate });
  });

  it('an assignment to a group the caller is not in does not count', () => {
    const roles = [role([authz('manage')], [OTHER_PRINCIPAL])];
    expect(decide('write', caller({ groups: [] }), roles)).toMatchObject({ allowed: false, missing: MISSING.write });
  });
});

describe('authorize: tenants', () => {
  it('refuses a caller from another tenant (403 tenant access), even a Global Administrator', () => {
    for (const action of ['read', 'write', 'activate'] as const) {
      expect(decide(action, caller({ wids: [GA.id] }), [], OTHER_TENANT)).toEqual({ allowed: false, status: 403, missing: 'tenant access' });
      expect(decide(action, caller({ wids: [GA.id] }), [], OTHER_TENANT, [])).toEqual({ allowed: false, status: 403, missing: 'tenant access' });
    }
  });

  it('compares tenant ids case-insensitively', () => {
    expect(decide('read', caller({ wids: [SR.id] }), [], TENANT.toUpperCase())).toMatchObject({ allowed: true });
  });

  it('MSSP: a managing tenant\'s admin may read and write, with its wids', () => {
    const msspAdmin = caller({ tenantId: OTHER_TENANT, wids: [SA.id] });
    expect(decide('write', msspAdmin, [], TENANT, [OTHER_TENANT.toUpperCase()])).toEqual({
      allowed: true,
      basis: `Entra role Security Administrator (managing tenant ${OTHER_TENANT})`,
    });
    expect(decide('read', caller({ tenantId: OTHER_TENANT, wids: [GR.id] }), [], TENANT, [OTHER_TENANT])).toMatchObject({ allowed: true });
  });

  it('MSSP: unified-role grants count from the route tenant roles naming the caller', () => {
    const analyst = caller({ tenantId: OTHER_TENANT });
    expect(decide('write', analyst, [role([authz('manage')], [USER_OID])], TENANT, [OTHER_TENANT])).toEqual({
      allowed: true,
      basis: `Unified RBAC Authorization (manage) (managing tenant ${OTHER_TENANT})`,
    });
    expect(decide('write', analyst, [role([authz('manage')], [OTHER_PRINCIPAL])], TENANT, [OTHER_TENANT])).toMatchObject({
      allowed: false,
      missing: MISSING.write,
    });
  });

  it('MSSP: a tenant not listed as managing gets tenant access refused', () => {
    const stranger = caller({ tenantId: OTHER_TENANT, wids: [GA.id] });
    expect(decide('write', stranger, [], TENANT, ['33333333-3333-4333-8333-333333333333'])).toEqual({
      allowed: false,
      status: 403,
      missing: 'tenant access',
    });
  });

  it('MSSP: activation never crosses tenants', () => {
    const msspAdmin = caller({ tenantId: OTHER_TENANT, wids: [GA.id] });
    expect(decide('activate', msspAdmin, [], TENANT, [OTHER_TENANT])).toEqual({ allowed: false, status: 403, missing: 'tenant access' });
  });
});

describe('principalIdsForRoleLookup', () => {
  it('lists the oid then the groups, lower-cased and unique', () => {
    expect(principalIdsForRoleLookup({ objectId: USER_OID, groups: [GROUP_ID.toUpperCase(), GROUP_ID] })).toEqual([USER_OID, GROUP_ID]);
  });
});

describe('ENTRA_ROLE_TEMPLATES', () => {
  it('holds the documented template ids', () => {
    expect(Object.fromEntries(Object.entries(ENTRA_ROLE_TEMPLATES).map(([k, v]) => [k, v.id]))).toEqual({
      GlobalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
      SecurityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
      SecurityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
      GlobalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    });
  });
});
