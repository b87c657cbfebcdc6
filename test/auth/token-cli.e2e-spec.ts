import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { EnvelopeCipher } from '../../src/auth/envelope';
import { TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET } from '../helpers/app';

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', MCP_TOKEN_SECRET: TEST_TOKEN_SECRET, ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY };
const cli = (args: string[], extraEnv: Record<string, string> = env) =>
  spawnSync('npm', ['run', '--silent', 'token', '--', ...args], { env: extraEnv, encoding: 'utf8', timeout: 30000, cwd: process.cwd() });

describe('token CLI (npm run --silent token)', () => {
  it('prints the signed JWT alone on stdout with sealed credentials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const file = join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify({ latencyMs: 5 }));
    const r = cli(['--tenant', 'acme', '--provider', 'sandbox', '--credentials-file', file, '--ttl', '600', '--session-ttl', '120', '--cache', 'false', '--prefix', 'pfx']);
    expect(r.status).toBe(0);
    const token = r.stdout.trim();
    expect(r.stdout).toBe(`${token}\n`);
    const payload = new JwtService().verify(token, { secret: TEST_TOKEN_SECRET, algorithms: ['HS256'] });
    expect(payload).toMatchObject({ tenantId: 'acme', providerId: 'sandbox', meta: { ttlSeconds: 120, cacheEnabled: false, redisKeyPrefix: 'pfx' } });
    expect(payload.exp - payload.iat).toBe(600);
    expect(typeof payload.credentials).toBe('string');
    expect(JSON.parse(new EnvelopeCipher(TEST_ENCRYPTION_KEY).open(payload.credentials, 'credentials'))).toEqual({ latencyMs: 5 });
  });

  it('defaults the lifetime to 3600 s and the prefix to the tenant id', () => {
    const r = cli(['--tenant', 'acme', '--provider', 'sandbox', '--credentials', '{}']);
    const payload = new JwtService().verify(r.stdout.trim(), { secret: TEST_TOKEN_SECRET });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(payload.meta.redisKeyPrefix).toBe('acme');
  });

  it.each([
    [['--provider', 'sandbox']],
    [['--tenant', 'a:b', '--provider', 'sandbox']],
    [['--tenant', 'acme', '--provider', 'sandbox', '--credentials', '{not json']],
    [['--tenant', 'acme', '--provider', 'sandbox', '--ttl', 'abc']],
    [['--tenant', 'acme', '--provider', 'sandbox', '--bogus', 'x']],
    [['--tenant', 'acme', '--provider', 'sandbox', '--ttl', '7200']],
  ])('prints usage on stderr and exits 2 for bad arguments %j', (args) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('usage:');
  });

  it('exits 2 naming the variable when the secret is missing', () => {
    const r = cli(['--tenant', 'acme', '--provider', 'sandbox'], { PATH: env.PATH, HOME: env.HOME });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('MCP_TOKEN_SECRET');
  });
});
