import { z } from 'zod';
import { WorkloadSchema } from './importRequest';

/**
 * Inputs and outputs of the import orchestration and its activities. They carry references and
 * counts only; the data itself is staged in Cosmos DB (Durable payload limits, service-limits.md).
 */
export const ImportRefSchema = z.object({ tenantId: z.string().min(1), importId: z.string().min(1) });
export type ImportRef = z.infer<typeof ImportRefSchema>;

export const WorkloadRefSchema = ImportRefSchema.extend({ workload: WorkloadSchema });
export type WorkloadRef = z.infer<typeof WorkloadRefSchema>;

export const EnumerateWorkloadsOutputSchema = z.object({
  workloads: z.array(WorkloadSchema),
  dryRun: z.boolean(),
});
export type EnumerateWorkloadsOutput = z.infer<typeof EnumerateWorkloadsOutputSchema>;

export const FetchSourceRolesOutputSchema = z.object({ workload: WorkloadSchema, sourceRoles: z.number().int().nonnegative() });
export type FetchSourceRolesOutput = z.infer<typeof FetchSourceRolesOutputSchema>;

export const MapPermissionsOutputSchema = z.object({
  workload: WorkloadSchema,
  rolesMapped: z.number().int().nonnegative(),
  rolesToWrite: z.number().int().nonnegative(),
});
export type MapPermissionsOutput = z.infer<typeof MapPermissionsOutputSchema>;

/** One write batch: roles [offset, offset + count) of a workload's roles to write. */
export const WriteRolesInputSchema = WorkloadRefSchema.extend({
  offset: z.number().int().nonnegative(),
  count: z.number().int().positive(),
});
export type WriteRolesInput = z.infer<typeof WriteRolesInputSchema>;

export const WriteRolesOutputSchema = z.object({
  written: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  replaced: z.number().int().nonnegative(),
});
export type WriteRolesOutput = z.infer<typeof WriteRolesOutputSchema>;

export const ConfirmImportOutputSchema = z.object({
  confirmed: z.number().int().nonnegative(),
  /** A cancel won the race with the commit: nothing was made visible. */
  canceled: z.boolean().default(false),
  mismatches: z.array(z.object({ roleId: z.string(), sourceRoleId: z.string(), workload: WorkloadSchema, fields: z.array(z.string()) })),
});
export type ConfirmImportOutput = z.infer<typeof ConfirmImportOutputSchema>;

export const CancellationCheckOutputSchema = z.object({ canceled: z.boolean() });

export const FinalizeImportInputSchema = ImportRefSchema.extend({
  outcome: z.enum(['Completed', 'Failed', 'Canceled']),
  confirmed: z.number().int().nonnegative(),
  error: z.string().max(2000).optional(),
});
export type FinalizeImportInput = z.infer<typeof FinalizeImportInputSchema>;
