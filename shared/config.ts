import { z } from 'zod';

/**
 * App settings, parsed once from the environment. Every key is listed in local.settings.sample.json
 * and in the README's configuration table.
 */
const booleanSetting = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const AppConfigSchema = z.object({
  COSMOS_ENDPOINT: z.url({ protocol: /^https$/ }),
  /** Account key. When absent the app authenticates with its managed identity (DefaultAzureCredential). */
  COSMOS_KEY: z.string().min(1).optional(),
  COSMOS_DATABASE: z.string().min(1).max(255).default('urbac-importer'),
  /** Off only against the local embedded server, where discovery costs two extra requests per call. */
  COSMOS_ENDPOINT_DISCOVERY: booleanSetting.default(true),
  /** Create the database and containers when missing. Turn off where infrastructure-as-code owns them. */
  COSMOS_BOOTSTRAP: booleanSetting.default(true),
  /** Upper bound for a snapshot upload body, in bytes. */
  MAX_SNAPSHOT_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  /** Upper bound for any other request body, in bytes (an import may select 5,000 role ids per workload). */
  MAX_REQUEST_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
});
export type AppConfig = z.infer<typeof AppConfigSchema>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(readonly settings: string[]) {
    super(`Invalid or missing app settings: ${settings.join(', ')}`);
  }
}

let cached: AppConfig | undefined;

/** Reads the settings once; names the offending settings (never their values) on error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (cached && env === process.env) return cached;
  const parsed = AppConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError([...new Set(parsed.error.issues.map((i) => String(i.path[0])))]);
  }
  if (env === process.env) cached = parsed.data;
  return parsed.data;
}

/** True when running on Azure App Service / Functions (settings that must never be honoured there check this). */
export function isRunningInAzure(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME);
}
