import { z } from 'zod';
import { WORKLOADS } from '../domain/workloads';

export const WorkloadSchema = z.enum(WORKLOADS);

/** Source role ids are opaque strings chosen by the source product (numbers, GUIDs, prefixed keys). */
const SourceRoleIdSchema = z.string().min(1).max(256);

/** Body of `POST /api/tenants/{tenantId}/imports`. Defaults: all workloads present, all roles. */
export const StartImportRequestSchema = z
  .object({
    workloads: z
      .array(WorkloadSchema)
      .min(1)
      .refine((w) => new Set(w).size === w.length, 'workloads must not repeat')
      .optional(),
    roles: z
      .partialRecord(WorkloadSchema, z.array(SourceRoleIdSchema).min(1).max(5000))
      .optional(),
    allowPartialPrincipals: z.boolean().default(false),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type StartImportRequest = z.infer<typeof StartImportRequestSchema>;
