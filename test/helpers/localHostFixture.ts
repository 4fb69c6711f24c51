import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalHost, type LocalHostHandle, type LocalHostOptions } from '../../tools/local-host/testkit';
import { apiClient, devAuth, sampleSnapshot, SAMPLE_TENANT_ID } from './api';

/**
 * Registers beforeAll/afterAll that run one local host (child process, own temp data dir) for a
 * describe block or file, optionally with the sample snapshot uploaded. `api` sends a Security
 * Administrator token of the sample tenant unless a call passes its own Authorization header.
 */
export interface LocalHostFixture {
  host: LocalHostHandle;
  dataDir: string;
  api: ReturnType<typeof apiClient>;
  as(tenantId: string, auth?: Parameters<typeof devAuth>[3]): Record<string, string>;
}

export function useLocalHost(options: { timerMode: NonNullable<LocalHostOptions['timerMode']>; env?: Record<string, string>; uploadSample?: boolean }): LocalHostFixture {
  const fixture: LocalHostFixture = {
    host: undefined as unknown as LocalHostHandle,
    dataDir: '',
    api: apiClient(
      () => fixture.host.url,
      () => devAuth(fixture.host, fixture.dataDir, SAMPLE_TENANT_ID),
    ),
    /** Authorization header for another tenant, role or principal. */
    as: (tenantId: string, auth: Parameters<typeof devAuth>[3] = {}) => devAuth(fixture.host, fixture.dataDir, tenantId, auth),
  };
  beforeAll(async () => {
    fixture.dataDir = mkdtempSync(path.join(os.tmpdir(), 'rbac-it-'));
    fixture.host = await startLocalHost({ port: 0, dataDir: fixture.dataDir, timerMode: options.timerMode, ...(options.env ? { env: options.env } : {}) });
    if (options.uploadSample) {
      const put = await fixture.api.put(`/api/tenants/${SAMPLE_TENANT_ID}/snapshot`, sampleSnapshot());
      if (put.status !== 201) throw new Error(`sample upload answered ${put.status}: ${JSON.stringify(put.body)}`);
    }
  });
  afterAll(async () => {
    await fixture.host?.stop();
    if (fixture.dataDir) rmSync(fixture.dataDir, { recursive: true, force: true });
  });
  return fixture;
}
