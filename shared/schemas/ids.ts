import { z } from 'zod';

/** Entra tenant and object ids: GUIDs, compared case-insensitively, stored lower-case. */
export const GuidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID')
  .transform((s) => s.toLowerCase());

export const TenantIdSchema = GuidSchema.brand<'TenantId'>();
export type TenantId = z.infer<typeof TenantIdSchema>;

/** Import ids are GUIDs minted at the HTTP edge. */
export const ImportIdSchema = GuidSchema.brand<'ImportId'>();
export type ImportId = z.infer<typeof ImportIdSchema>;

/** Unified role ids are GUIDs derived deterministically from the import and the source role key. */
export const UnifiedRoleIdSchema = GuidSchema.brand<'UnifiedRoleId'>();
export type UnifiedRoleId = z.infer<typeof UnifiedRoleIdSchema>;
