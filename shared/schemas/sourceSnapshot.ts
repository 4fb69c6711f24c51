import { z } from 'zod';

/**
 * Source snapshot v1: one JSON document capturing a tenant's legacy per-product Defender RBAC
 * models. This is the offline input of an import; the schema is the only place it is validated
 * (the domain trusts the inferred types).
 *
 * - Strict at the top level (an unknown top-level key is an error).
 * - Unknown keys inside product sections are ignored (stripped), so newer exporters still load.
 * - Every product section is optional: absent = "not captured", never "0 roles".
 * - Bounds below exist so a hostile or runaway document is rejected before any mapping runs.
 */

export const SOURCE_SNAPSHOT_SCHEMA_ID = 'source-snapshot/v1';

/** Directory objects (users + groups) in one snapshot. */
export const MAX_DIRECTORY_OBJECTS = 50_000;
/** Transitive group memberships listed on one user. */
export const MAX_MEMBER_OF = 5_000;
/** Roles / role groups / groups / admin entries in one product section list. */
export const MAX_ROLES_PER_SECTION = 2_000;
/** MDE device groups. */
export const MAX_DEVICE_GROUPS = 2_000;
/** MDCA admin entries. */
export const MAX_MDCA_ADMINS = 10_000;
/** Principals (groups, members) referenced by one role. */
export const MAX_PRINCIPALS_PER_ROLE = 10_000;
/** Permission or role names inside one role / role group. */
export const MAX_PERMISSIONS_PER_ROLE = 500;
/** Names, display names, UPNs, permission names. */
export const MAX_NAME_LENGTH = 256;
/** Free-text descriptions. */
export const MAX_DESCRIPTION_LENGTH = 4_096;
/** Non-GUID ids (MDE role ids, role-group ids that may be names, scope ids). */
export const MAX_ID_LENGTH = 256;

/** Any RFC-4122-shaped GUID (8-4-4-4-12 hex, any case, any version/variant nibble). */
export const GuidSchema = z.guid({ error: 'Expected a GUID (Entra object id)' });

const Name = z.string().trim().min(1).max(MAX_NAME_LENGTH);
const Description = z.string().max(MAX_DESCRIPTION_LENGTH);
const Id = z.string().trim().min(1).max(MAX_ID_LENGTH);
const PrincipalIds = z.array(GuidSchema).max(MAX_PRINCIPALS_PER_ROLE);

export const DirectoryUserSchema = z.object({
  id: GuidSchema,
  type: z.literal('user'),
  displayName: Name.optional(),
  userPrincipalName: z.string().max(MAX_NAME_LENGTH).optional(),
  /** Security groups the user is in (transitive), for effective-access views. */
  memberOf: z.array(GuidSchema).max(MAX_MEMBER_OF).optional(),
  deleted: z.boolean().optional(),
});

export const DirectoryGroupSchema = z.object({
  id: GuidSchema,
  type: z.literal('group'),
  displayName: Name.optional(),
  securityEnabled: z.boolean().optional(),
  deleted: z.boolean().optional(),
});

export const DirectoryObjectSchema = z.discriminatedUnion('type', [DirectoryUserSchema, DirectoryGroupSchema]);

export const MdeRoleSchema = z.object({
  id: Id,
  name: Name,
  description: Description.optional(),
  permissions: z.array(Name).max(MAX_PERMISSIONS_PER_ROLE),
  /** Entra security groups only. */
  assignedGroupIds: PrincipalIds,
});

export const MdeDeviceGroupSchema = z.object({
  id: Id,
  name: Name,
  rank: z.number().int().min(0).max(1_000_000).optional(),
  userAccessGroupIds: PrincipalIds.optional(),
});

export const MdeSectionSchema = z.object({
  permissionMode: z.enum(['rbac', 'basic']),
  roles: z.array(MdeRoleSchema).max(MAX_ROLES_PER_SECTION).default([]),
  deviceGroups: z.array(MdeDeviceGroupSchema).max(MAX_DEVICE_GROUPS).default([]),
});

export const MdoRoleGroupSchema = z.object({
  /** A GUID or the role group's name, whichever the exporter had. */
  id: Id,
  name: Name,
  description: Description.optional(),
  isBuiltIn: z.boolean().default(false),
  roles: z.array(Name).max(MAX_PERMISSIONS_PER_ROLE),
  memberIds: PrincipalIds,
});

export const MdoSectionSchema = z.object({
  emailCollaborationRoleGroups: z.array(MdoRoleGroupSchema).max(MAX_ROLES_PER_SECTION).default([]),
  exchangeOnlineRoleGroups: z.array(MdoRoleGroupSchema).max(MAX_ROLES_PER_SECTION).default([]),
});

export const MdiGroupSchema = z.object({
  id: GuidSchema,
  displayName: Name,
  memberIds: PrincipalIds,
});

export const MdiSectionSchema = z.object({
  workspaceName: Name.optional(),
  groups: z.array(MdiGroupSchema).max(MAX_ROLES_PER_SECTION).default([]),
});

export const MdcaAdminScopeSchema = z.object({
  kind: z.string().trim().min(1).max(64),
  id: Id,
  name: Name.optional(),
});

export const MdcaAdminSchema = z.object({
  principalId: GuidSchema,
  role: Name,
  /** Scoped roles only: full or read-only. Kept as text; the mapping never widens on it. */
  accessLevel: z.string().trim().min(1).max(64).optional(),
  scope: MdcaAdminScopeSchema.optional(),
});

export const MdcaSectionSchema = z.object({
  admins: z.array(MdcaAdminSchema).max(MAX_MDCA_ADMINS).default([]),
});

type Dup = { index: number; path: Array<string | number> };

/** Reports every repeat of a key (case-insensitive), pointing at the repeated element's id. */
function reportDuplicates(
  ctx: z.core.$RefinementCtx<unknown>,
  items: ReadonlyArray<unknown> | undefined,
  keyOf: (item: never) => string,
  pathOf: (index: number) => Dup['path'],
  what: string,
): void {
  if (!items) return;
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item as never).toLowerCase();
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: pathOf(index),
      message: `Duplicate ${what} "${keyOf(item as never)}" (first at index ${first})`,
    });
  });
}

export const SourceSnapshotSchema = z
  .strictObject({
    schema: z.literal(SOURCE_SNAPSHOT_SCHEMA_ID, { error: `Expected "${SOURCE_SNAPSHOT_SCHEMA_ID}"` }),
    tenantId: GuidSchema,
    tenantName: Name.optional(),
    capturedAt: z.iso.datetime({ offset: true, error: 'Expected an ISO-8601 date-time with a time zone' }),
    directory: z.array(DirectoryObjectSchema).max(MAX_DIRECTORY_OBJECTS),
    mde: MdeSectionSchema.optional(),
    mdo: MdoSectionSchema.optional(),
    mdi: MdiSectionSchema.optional(),
    mdca: MdcaSectionSchema.optional(),
  })
  .superRefine((s, ctx) => {
    // Ids are keys for selection, re-import and principal resolution: a repeat would make them ambiguous.
    reportDuplicates(ctx, s.directory, (o: { id: string }) => o.id, (i) => ['directory', i, 'id'], 'directory id');
    reportDuplicates(ctx, s.mde?.roles, (r: { id: string }) => r.id, (i) => ['mde', 'roles', i, 'id'], 'MDE role id');
    reportDuplicates(
      ctx,
      s.mde?.deviceGroups,
      (g: { id: string }) => g.id,
      (i) => ['mde', 'deviceGroups', i, 'id'],
      'MDE device group id',
    );
    reportDuplicates(
      ctx,
      s.mdo?.emailCollaborationRoleGroups,
      (g: { id: string }) => g.id,
      (i) => ['mdo', 'emailCollaborationRoleGroups', i, 'id'],
      'Email & collaboration role group id',
    );
    reportDuplicates(
      ctx,
      s.mdo?.exchangeOnlineRoleGroups,
      (g: { id: string }) => g.id,
      (i) => ['mdo', 'exchangeOnlineRoleGroups', i, 'id'],
      'Exchange Online role group id',
    );
    reportDuplicates(ctx, s.mdi?.groups, (g: { id: string }) => g.id, (i) => ['mdi', 'groups', i, 'id'], 'MDI group id');
  });

export type SourceSnapshot = z.infer<typeof SourceSnapshotSchema>;
/** What callers may send (before defaults are applied). */
export type SourceSnapshotInput = z.input<typeof SourceSnapshotSchema>;
export type DirectoryObject = z.infer<typeof DirectoryObjectSchema>;
export type MdeSection = z.infer<typeof MdeSectionSchema>;
export type MdeRole = z.infer<typeof MdeRoleSchema>;
export type MdeDeviceGroup = z.infer<typeof MdeDeviceGroupSchema>;
export type MdoSection = z.infer<typeof MdoSectionSchema>;
export type MdoRoleGroup = z.infer<typeof MdoRoleGroupSchema>;
export type MdiSection = z.infer<typeof MdiSectionSchema>;
export type MdiGroup = z.infer<typeof MdiGroupSchema>;
export type MdcaSection = z.infer<typeof MdcaSectionSchema>;
export type MdcaAdmin = z.infer<typeof MdcaAdminSchema>;

/** One validation problem, shaped for an RFC 7807 problem-details `errors` list. */
export interface SnapshotIssue {
  /** Dotted path with array indexes, e.g. `mde.roles[3].assignedGroupIds[0]`; `""` for the document itself. */
  path: string;
  message: string;
}

/** Renders a zod path as `a.b[3].c` (keys that are not identifiers are bracket-quoted). */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/**
 * Flattens a ZodError into `{ path, message }` items (HTTP 400 problem details).
 * Unknown top-level keys become one item per key, with the key as the path.
 */
export function snapshotIssues(error: z.ZodError): SnapshotIssue[] {
  const issues: SnapshotIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: formatIssuePath([...issue.path, key]), message: `Unknown key "${key}"` });
      }
      continue;
    }
    issues.push({ path: formatIssuePath(issue.path), message: issue.message });
  }
  return issues;
}

export type ParseSnapshotResult =
  | { ok: true; snapshot: SourceSnapshot }
  | { ok: false; issues: SnapshotIssue[] };

/** Validates an untrusted document; never throws for bad input. */
export function parseSourceSnapshot(input: unknown): ParseSnapshotResult {
  const parsed = SourceSnapshotSchema.safeParse(input);
  return parsed.success ? { ok: true, snapshot: parsed.data } : { ok: false, issues: snapshotIssues(parsed.error) };
}
