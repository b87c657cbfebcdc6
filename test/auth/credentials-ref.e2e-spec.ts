import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { EnvelopeCipher } from '../../src/auth/envelope';
import { boletoBody, CHARGES_TEST_ENV } from '../charges/charge-fixtures';
import { startTestApp, TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET, TestApp } from '../helpers/app';
import { deleteKeys, uniquePrefix } from '../helpers/redis';
import { generateSimPki, issueClientCertificate, SimPki } from '../pki/sim-pki';
import { coraCredentials } from '../providers/bank-credentials';
import { pemBody } from '../providers/gateway-fixtures';
import { CoraSimulator } from '../simulators/cora.simulator';

// Spawning the token CLI (npm) and waiting out the resolver's recheck take seconds on a loaded machine.
jest.setTimeout(30000);

/** The resolver trusts a file's stat for 1 s (CREDENTIALS_REF_RECHECK_MS): wait past it after a change. */
const RECHECK_WAIT_MS = 1100;

let pki: SimPki;
let sim: CoraSimulator;
/** CNs of the client certificates the simulator saw, in order. */
const clientCns: string[] = [];

/**
 * A credentials directory laid out as kubelet lays out a Secret volume: `<name>.json -> ..data/<name>.json`,
 * `..data -> ..<timestamp>/`, and an update writes a new timestamped directory and swaps `..data` atomically.
 */
class SecretVolume {
  readonly dir = mkdtempSync(join(tmpdir(), 'mcpcob-creds-'));
  private generation = 0;
  private readonly files = new Map<string, unknown>();

  /** Updates the given files; the others keep their content (kubelet rewrites the whole Secret each time). */
  write(files: Record<string, unknown>): void {
    const gen = `..gen_${++this.generation}`;
    mkdirSync(join(this.dir, gen));
    for (const [name, content] of Object.entries(files)) {
      if (!this.files.has(name)) symlinkSync(join('..data', name), join(this.dir, name));
      this.files.set(name, content);
    }
    for (const [name, content] of this.files)
      writeFileSync(join(this.dir, gen, name), typeof content === 'string' ? content : JSON.stringify(content));
    symlinkSync(gen, join(this.dir, '..data_tmp'));
    renameSync(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  pki = generateSimPki();
  sim = new CoraSimulator(pki);
  await sim.start();
  (sim as unknown as { server: import('node:https').Server }).server.on('secureConnection', (s: TLSSocket) => {
    const cn = s.getPeerCertificate()?.subject?.CN;
    if (typeof cn === 'string') clientCns.push(cn);
  });
});
afterAll(async () => {
  await sim?.stop();
  pki?.cleanup();
});

describe('credentials by reference (CREDENTIALS_DIR)', () => {
  let t: TestApp;
  const volume = new SecretVolume();
  const tenantId = uniquePrefix('t-ref');
  const prefix = uniquePrefix('pref');
  const otherTenant = uniquePrefix('t-other');
  /** Signed by hand (the issuer refuses bad names, which the gateway must refuse too). */
  const refToken = (ref: unknown, tenant = tenantId) =>
    new JwtService().sign(
      {
        tenantId: tenant,
        providerId: 'cora',
        meta: { redisKeyPrefix: prefix, cacheEnabled: false },
        credentials: { ref },
      },
      { secret: TEST_TOKEN_SECRET, algorithm: 'HS256', expiresIn: 600 },
    );
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const createCharge = (token: string) =>
    request(t.url).post('/v1/charges').set(auth(token)).set('Idempotency-Key', randomUUID()).send(boletoBody());
  const cora = (cert: string, key: string) => coraCredentials(pki, { certificate: cert, privateKey: key });

  beforeAll(async () => {
    volume.write({
      'cora-main.json': {
        tenants: [tenantId],
        providerId: 'cora',
        credentials: cora(pki.clientCertPem, pki.clientKeyPem),
      },
      'cora-sealed.json': {
        tenants: [tenantId],
        credentials: new EnvelopeCipher(TEST_ENCRYPTION_KEY).seal(
          JSON.stringify(cora(pki.clientCertPem, pki.clientKeyPem)),
          'credentials',
        ),
      },
      'not-json.json': `{"tenants": ["${tenantId}"], "credentials": ${JSON.stringify(pki.clientKeyPem)}`,
      'no-tenants.json': { credentials: cora(pki.clientCertPem, pki.clientKeyPem) },
      'other-bank.json': { tenants: [tenantId], providerId: 'inter', credentials: {} },
    });
    t = await startTestApp({
      env: {
        ...CHARGES_TEST_ENV,
        CORA_BASE_URL: sim.url,
        PROVIDER_CA_CERTS_FILE: pki.caFile,
        CREDENTIALS_DIR: volume.dir,
        REQUIRE_SEALED_CREDENTIALS: 'true',
      },
    });
  });
  afterAll(async () => {
    await deleteKeys(t.redisUrl as string, `${prefix}:*`);
    await t?.close();
    volume.cleanup();
  });

  it('creates and reads a Cora charge with a reference token (plain file, and a file holding a sealed envelope)', async () => {
    for (const ref of ['cora-main', 'cora-sealed']) {
      const token = refToken(ref);
      const created = await createCharge(token).expect(201);
      expect(created.body).toMatchObject({ providerId: 'cora', type: 'boleto', status: 'PENDING' });
      const read = await request(t.url).get(`/v1/charges/${created.body.id}`).set(auth(token)).expect(200);
      expect(read.body.id).toBe(created.body.id);
    }
    expect(clientCns).toContain('sim-client');
  });

  it('takes a rotated certificate (Secret volume update) without a restart or a new token', async () => {
    const token = refToken('cora-main');
    const before = (await createCharge(token).expect(201)).body;

    // A certificate of another CA: the bank refuses it, so the gateway must be using the new file.
    volume.write({
      'cora-main.json': {
        tenants: [tenantId],
        providerId: 'cora',
        credentials: cora(pki.rogueClientCertPem, pki.rogueClientKeyPem),
      },
    });
    await new Promise((r) => setTimeout(r, RECHECK_WAIT_MS));
    const refused = await createCharge(token);
    expect(refused.status).toBeGreaterThanOrEqual(500);

    // The rotated certificate of the right CA (another CN, to see it on the bank side).
    const rotated = issueClientCertificate(pki, 'client-rotated', 'sim-client-rotated');
    volume.write({
      'cora-main.json': { tenants: [tenantId], providerId: 'cora', credentials: cora(rotated.certPem, rotated.keyPem) },
    });
    await new Promise((r) => setTimeout(r, RECHECK_WAIT_MS));
    const seen = clientCns.length;
    const after = (await createCharge(token).expect(201)).body;
    expect(clientCns.slice(seen)).toContain('sim-client-rotated');
    expect(clientCns.slice(seen)).not.toContain('sim-client');
    // Same Cora account: the charge created with the old certificate reads with the new one.
    await request(t.url).get(`/v1/charges/${before.id}`).set(auth(token)).expect(200);
    await request(t.url).get(`/v1/charges/${after.id}`).set(auth(token)).expect(200);
  });

  it('takes a tenant off the file list at once (the verified-token memo follows the file)', async () => {
    const token = refToken('cora-sealed');
    await createCharge(token).expect(201);
    volume.write({
      'cora-sealed.json': { tenants: [otherTenant], credentials: cora(pki.clientCertPem, pki.clientKeyPem) },
    });
    await new Promise((r) => setTimeout(r, RECHECK_WAIT_MS));
    const res = await createCharge(token).expect(401);
    expect(res.body.detail).toBe('credentials ref "cora-sealed" is not allowed for this tenant');
  });

  it.each([
    ['an unknown name', 'nope', 'credentials ref "nope": unknown name (no such file)'],
    ['a tenant not on the list', 'cora-main', 'credentials ref "cora-main" is not allowed for this tenant', true],
    ['a malformed file (not JSON)', 'not-json', 'credentials ref "not-json": malformed file (not valid JSON)'],
    [
      'a malformed file (no tenants)',
      'no-tenants',
      'credentials ref "no-tenants": malformed file ("tenants" must be a non-empty array of tenant ids)',
    ],
    ['a file of another bank', 'other-bank', 'credentials ref "other-bank" is for provider "inter", not "cora"'],
    ['a path', '../cora-main', 'credentials ref must be a name matching ^[A-Za-z0-9._-]{1,64}$'],
    ['a parent directory', '..', 'credentials ref must be a name matching ^[A-Za-z0-9._-]{1,64}$'],
    ['a name that is not a string', 42, 'credentials ref must be a name matching ^[A-Za-z0-9._-]{1,64}$'],
  ] as Array<[string, unknown, string, boolean?]>)(
    'answers 401 AUTH_INVALID_TOKEN for %s, naming the reason and never the secret',
    async (...[, ref, detail, asOtherTenant]: [string, unknown, string, boolean?]) => {
      const token = refToken(ref, asOtherTenant ? otherTenant : tenantId);
      const res = await request(t.url).post('/initialize').set(auth(token));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'AUTH_INVALID_TOKEN', detail });
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(JSON.stringify(res.body)).not.toContain(pemBody(pki.clientKeyPem));
      expect(t.logs.join('\n')).not.toContain(pemBody(pki.clientKeyPem));
    },
  );

  it('refuses a reference object carrying more than "ref"', async () => {
    const token = new JwtService().sign(
      { tenantId, providerId: 'cora', credentials: { ref: 'cora-main', clientId: 'x' } },
      { secret: TEST_TOKEN_SECRET, algorithm: 'HS256', expiresIn: 600 },
    );
    const res = await request(t.url).post('/initialize').set(auth(token)).expect(401);
    expect(res.body.detail).toBe('credentials: a reference carries "ref" alone');
  });

  it('answers 401 when CREDENTIALS_DIR is unset', async () => {
    const bare = await startTestApp({ redis: false, env: { CORA_BASE_URL: sim.url } });
    try {
      const res = await request(bare.url)
        .post('/initialize')
        .set(auth(refToken('cora-main')))
        .expect(401);
      expect(res.body).toMatchObject({
        code: 'AUTH_INVALID_TOKEN',
        detail: 'credentials by reference are not enabled here (CREDENTIALS_DIR is unset)',
      });
    } finally {
      await bare.close();
    }
  });

  it('token CLI: --credentials-ref puts the name in the token, not the secret', () => {
    const run = (args: string[]) =>
      spawnSync('npm', ['run', '--silent', 'token', '--', '--tenant', 'acme', '--provider', 'cora', ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          MCP_TOKEN_SECRET: TEST_TOKEN_SECRET,
          ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY,
        },
        encoding: 'utf8',
        timeout: 30000,
      });
    const ok = run(['--credentials-ref', 'cora-main']);
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    const payload = new JwtService().verify(ok.stdout.trim(), { secret: TEST_TOKEN_SECRET, algorithms: ['HS256'] });
    expect(payload.credentials).toEqual({ ref: 'cora-main' });
    for (const bad of [
      ['--credentials-ref', '../x'],
      ['--credentials-ref', 'a', '--credentials', '{}'],
    ]) {
      const r = run(bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('usage:');
    }
  });
});
