import { z } from 'zod';
import { WorkloadSchema } from './importRequest';

/**
 * Cosmos DB documents. Every document carries `tenantId` (the partition key of every container)
 * and `schemaVersion`, and is validated when read back.
 */
const Iso = z.string().min(1);

export const PermissionLevelSchema = z.enum(['read', 'manage']);
export const DataSourceSchema = z.enum(['Mde', 'Mdo', 'Mdi', 'Mda']);

export const StoredPermissionSchema = z.object({
  permissionId: z.string(),
  group: z.string(),
  name: z.string(),
  level: PermissionLevelSchema,
});

export const RoleAssignmentSchema = z.object({
  displayName: z.string(),
  principalIds: z.array(z.string()),
  appScopeIds: z.array(DataSourceSchema),
});

/** Writes are visible only once the import that made them has confirmed them (`committed`). */
export const ImportStateSchema = z.enum(['pending', 'committed']);

export const RoleDocumentSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.literal('role'),
  schemaVersion: z.literal(1),
  displayName: z.string(),
  description: z.string(),
  isImported: z.boolean(),
  importState: ImportStateSchema,
  source: z.object({
    workload: WorkloadSchema,
    roleId: z.string(),
    roleName: z.string(),
    importId: z.string(),
    importedAt: Iso,
    mappingVersion: z.string(),
  }),
  /** sha256 of the mapped content; lets a later sync tell "unchanged" from "changed" without a diff. */
  fingerprint: z.string(),
  editedSinceImport: z.boolean(),
  permissions: z.array(StoredPermissionSchema),
  rolePermissions: z.array(z.object({ allowedResourceActions: z.array(z.string()) })),
  assignments: z.array(RoleAssignmentSchema),
  createdAt: Iso,
  updatedAt: Iso,
  createdBy: z.string(),
  updatedBy: z.string(),
  _etag: z.string().optional(),
});
export type RoleDocument = z.infer<typeof RoleDocumentSchema>;

export const ImportStatusSchema = z.enum(['Pending', 'Running', 'Completed', 'Failed', 'Canceled']);
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

/** Pending or Running: the import has not recorded an outcome yet. */
export const isImportActive = (status: ImportStatus): boolean => status === 'Pending' || status === 'Running';

export const ImportStageSchema = z.enum([
  'queued',
  'enumerating',
  'fetching',
  'mapping',
  'writing',
  'confirming',
  'rollingBack',
  'done',
  'failed',
  'canceled',
]);
export type ImportStage = z.infer<typeof ImportStageSchema>;

export const ImportProgressSchema = z.object({
  stage: ImportStageSchema,
  workloadsDone: z.number().int().nonnegative(),
  workloadsTotal: z.number().int().nonnegative(),
  rolesMapped: z.number().int().nonnegative(),
  rolesWritten: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const WorkloadCountsSchema = z.object({
  sourceRoles: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  notEligible: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  unsupported: z.number().int().nonnegative(),
  unmappedNames: z.number().int().nonnegative(),
  unsupportedPermissions: z.number().int().nonnegative(),
  widened: z.number().int().nonnegative(),
  narrowed: z.number().int().nonnegative(),
  partialPrincipals: z.number().int().nonnegative(),
});
export type WorkloadCounts = z.infer<typeof WorkloadCountsSchema>;

export const ImportWorkloadSchema = z.object({
  workload: WorkloadSchema,
  /** false: the snapshot had no section for it ("not captured"), never reported as 0 roles. */
  captured: z.boolean(),
  mappingVersion: z.string().optional(),
  notes: z.array(z.string()),
  counts: WorkloadCountsSchema.optional(),
});

export const ImportDocumentSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.literal('import'),
  schemaVersion: z.literal(1),
  instanceId: z.string(),
  snapshotVersion: z.string(),
  request: z.object({
    workloads: z.array(WorkloadSchema),
    roles: z.partialRecord(WorkloadSchema, z.array(z.string())),
    allowPartialPrincipals: z.boolean(),
    dryRun: z.boolean(),
  }),
  status: ImportStatusSchema,
  progress: ImportProgressSchema,
  workloads: z.array(ImportWorkloadSchema),
  summary: WorkloadCountsSchema.extend({ confirmed: z.number().int().nonnegative() }).optional(),
  error: z.object({ message: z.string() }).optional(),
  createdAt: Iso,
  updatedAt: Iso,
  completedAt: Iso.optional(),
  requestedBy: z.string(),
  /** Set by POST …/cancel; the orchestration checks it between steps, rolls back and ends Canceled. */
  cancelRequested: z.boolean().optional(),
  /** Set by the confirm step just before it makes roles visible; from then on a cancel is refused. */
  commitStarted: z.boolean().optional(),
  /** The correlation id of the request that started the import, for tracing it through logs. */
  correlationId: z.string().optional(),
  _etag: z.string().optional(),
});
export type ImportDocument = z.infer<typeof ImportDocumentSchema>;
