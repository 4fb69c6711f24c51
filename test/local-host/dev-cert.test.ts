// In-process: the embedded Cosmos certificate is generated, reused, and regenerated when unusable.
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { devCertPaths, ensureDevCert, isDevCertUsable } from '../../tools/local-host/dev-cert';

describe('dev certificate', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-cert-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates a localhost + 127.0.0.1 certificate under the data dir and reuses it', async () => {
    const first = await ensureDevCert(dataDir);
    expect(first.regenerated).toBe(true);
    expect(first.certPath).toBe(devCertPaths(dataDir).certPath);
    const cert = new X509Certificate(fs.readFileSync(first.certPath));
    expect(cert.subject).toContain('CN=localhost');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
    expect((fs.statSync(first.keyPath).mode & 0o077)).toBe(0); // private key readable by the owner only

    const second = await ensureDevCert(dataDir);
    expect(second.regenerated).toBe(false);
  });

  it('regenerates when the certificate is close to expiry or unreadable', async () => {
    const { certPath } = devCertPaths(dataDir);
    const validTo = new Date(new X509Certificate(fs.readFileSync(certPath)).validTo).getTime();
    expect(isDevCertUsable(dataDir, validTo - 10 * 24 * 3600 * 1000)).toBe(false); // 10 days left
    fs.writeFileSync(certPath, 'garbage');
    expect(isDevCertUsable(dataDir)).toBe(false);
    expect((await ensureDevCert(dataDir)).regenerated).toBe(true);
    expect(isDevCertUsable(dataDir)).toBe(true);
  });
});
