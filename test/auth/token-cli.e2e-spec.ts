import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { EnvelopeCipher } from '../../src/auth/envelope';
import { TEST_ENCRYPTION_KEY, TEST_TOKEN_SECRET } from '../helpers/app';

const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  MCP_TOKEN_SECRET: TEST_TOKEN_SECRET,
  ENCRYPTION_KEY_HEX: TEST_ENCRYPTION_KEY,
};
const cli = (args: string[], extraEnv: Record<string, string> = env) =>
  spawnSync('npm', ['run', '--silent', 'token', '--', ...args], {
    env: extraEnv,
    encoding: 'utf8',
    timeout: 30000,
    cwd: process.cwd(),
  });

describe('token CLI (npm run --silent token)', () => {
  it('prints the signed JWT alone on stdout with sealed credentials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const file = join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify({ latencyMs: 5 }));
    const r = cli([
      '--tenant',
      'acme',
      '--provider',
      'sandbox',
      '--credentials-file',
      file,
      '--ttl',
      '600',
      '--session-ttl',
      '120',
      '--cache',
      'false',
      '--prefix',
      'pfx',
    ]);
    expect(r.status).toBe(0);
    const token = r.stdout.trim();
    expect(r.stdout).toBe(`${token}\n`);
    const payload = new JwtService().verify(token, { secret: TEST_TOKEN_SECRET, algorithms: ['HS256'] });
    expect(payload).toMatchObject({
      tenantId: 'acme',
      providerId: 'sandbox',
      meta: { ttlSeconds: 120, cacheEnabled: false, redisKeyPrefix: 'pfx' },
    });
    expect(payload.exp - payload.iat).toBe(600);
    expect(typeof payload.credentials).toBe('string');
    expect(JSON.parse(new EnvelopeCipher(TEST_ENCRYPTION_KEY).open(payload.credentials, 'credentials'))).toEqual({
      latencyMs: 5,
    });
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

  describe('--env-file', () => {
    const OTHER_SECRET = 'env-file-token-secret-0123456789-abcdefghijkl';
    const bare = { PATH: env.PATH, HOME: env.HOME };
    const envFile = (lines: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'cli-env-')), '.env.production');
      writeFileSync(file, lines);
      return file;
    };

    it('reads the secrets from the file given instead of .env', () => {
      const file = envFile(
        `# comment\nMCP_TOKEN_SECRET=${OTHER_SECRET}\nENCRYPTION_KEY_HEX="${TEST_ENCRYPTION_KEY}"\nTOKEN_ISSUER=https://issuer.example\n`,
      );
      for (const args of [['--env-file', file], [`--env-file=${file}`]]) {
        const r = cli(['--tenant', 'acme', '--provider', 'sandbox', ...args], bare);
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
        const payload = new JwtService().verify(r.stdout.trim(), { secret: OTHER_SECRET, algorithms: ['HS256'] });
        expect(payload).toMatchObject({ tenantId: 'acme', providerId: 'sandbox', iss: 'https://issuer.example' });
      }
    });

    it('lets variables already in the environment win over the file, as dotenv does', () => {
      const file = envFile(`MCP_TOKEN_SECRET=${OTHER_SECRET}\nENCRYPTION_KEY_HEX=${TEST_ENCRYPTION_KEY}\n`);
      const r = cli(['--tenant', 'acme', '--provider', 'sandbox', '--env-file', file], {
        ...bare,
        MCP_TOKEN_SECRET: TEST_TOKEN_SECRET,
      });
      expect(r.status).toBe(0);
      expect(new JwtService().verify(r.stdout.trim(), { secret: TEST_TOKEN_SECRET }).tenantId).toBe('acme');
    });

    it('resolves a relative path from the directory npm was run from', () => {
      const file = envFile(`MCP_TOKEN_SECRET=${OTHER_SECRET}\nENCRYPTION_KEY_HEX=${TEST_ENCRYPTION_KEY}\n`);
      const r = spawnSync(
        'npm',
        [
          '--prefix',
          process.cwd(),
          'run',
          '--silent',
          'token',
          '--',
          '--tenant',
          'acme',
          '--provider',
          'sandbox',
          '--env-file',
          '.env.production',
        ],
        {
          env: bare,
          encoding: 'utf8',
          timeout: 30000,
          cwd: join(file, '..'),
        },
      );
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      expect(new JwtService().verify(r.stdout.trim(), { secret: OTHER_SECRET }).tenantId).toBe('acme');
    });

    it.each([
      ['a missing file', () => join(tmpdir(), 'no-such-dir-for-cli', '.env.production')],
      ['a directory', () => mkdtempSync(join(tmpdir(), 'cli-dir-'))],
    ])('exits 2 with usage on stderr for %s, even when the environment holds the secrets', (_label, path) => {
      const r = cli(['--tenant', 'acme', '--provider', 'sandbox', '--env-file', path()]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('error: cannot read --env-file');
      expect(r.stderr).toContain('usage:');
      expect(r.stderr).toContain('--env-file <path, default .env>');
    });

    it('works run with node directly when the arguments follow a --, and then ignores ./.env', () => {
      // A directory whose .env holds the other secret: read by default, ignored when --env-file names another file.
      const cwd = mkdtempSync(join(tmpdir(), 'cli-cwd-'));
      writeFileSync(join(cwd, '.env'), `MCP_TOKEN_SECRET=${OTHER_SECRET}\nENCRYPTION_KEY_HEX=${TEST_ENCRYPTION_KEY}\n`);
      const run = (...extra: string[]) =>
        spawnSync(
          process.execPath,
          [
            join(process.cwd(), 'scripts/run-ts.cjs'),
            join(process.cwd(), 'src/auth/token.cli.ts'),
            '--',
            '--tenant',
            'acme',
            '--provider',
            'sandbox',
            ...extra,
          ],
          {
            env: bare,
            encoding: 'utf8',
            timeout: 30000,
            cwd,
          },
        );
      const fromDotenv = run();
      expect(fromDotenv.status).toBe(0);
      expect(new JwtService().verify(fromDotenv.stdout.trim(), { secret: OTHER_SECRET }).tenantId).toBe('acme');
      const fromFile = run(
        '--env-file',
        envFile(`MCP_TOKEN_SECRET=${TEST_TOKEN_SECRET}\nENCRYPTION_KEY_HEX=${TEST_ENCRYPTION_KEY}\n`),
      );
      expect(fromFile.status).toBe(0);
      expect(new JwtService().verify(fromFile.stdout.trim(), { secret: TEST_TOKEN_SECRET }).tenantId).toBe('acme');
      const missing = run('--env-file', 'missing.env');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain(`error: cannot read --env-file ${join(cwd, 'missing.env')}`);
    });

    it('exits 2 naming the file when it lacks the secret', () => {
      const file = envFile('LOG_LEVEL=info\n');
      const r = cli(['--tenant', 'acme', '--provider', 'sandbox', '--env-file', file], bare);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`MCP_TOKEN_SECRET (32+ characters) must be set in the environment or ${file}`);
    });
  });
});
