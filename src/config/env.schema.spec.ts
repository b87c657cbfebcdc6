import { BANKS, baseUrlOverrides } from '@lib/providers';
import { readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { ConfigValidationError, ENV_VARS, loadConfig } from './env.schema';

const strong = {
  MCP_TOKEN_SECRET: 's'.repeat(40),
  ENCRYPTION_KEY_HEX: 'ab'.repeat(32),
  WEBHOOK_HMAC_SECRET: 'w'.repeat(40),
};
/** The base-URL overrides the banks declare in libs/providers (the config never names a bank). */
const BANK_URLS = baseUrlOverrides(BANKS);

/** The problems loadConfig reports for env (fails when it accepts it). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigValidationError);
    return (e as ConfigValidationError).problems;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({ ...strong });
    expect(c).toMatchObject({
      port: 3000,
      rateLimit: 200,
      logLevel: 'info',
      httpAdapter: 'fastify',
      bodyLimitBytes: 102400,
      sandboxEnabled: true,
      requireSealedCredentials: false,
    });
    expect(c.redisUrl).toBeUndefined();
  });

  it('reads the Redis topology (REDIS_MODE and its node lists) and refuses incomplete ones', () => {
    expect(loadConfig({ ...strong })).toMatchObject({ redisMode: 'standalone', redisNodes: [] });
    expect(
      loadConfig({
        ...strong,
        REDIS_MODE: 'cluster',
        REDIS_URL: 'redis://n1:7000',
        REDIS_CLUSTER_NODES: 'n2:7001, [::1]:7002',
      }),
    ).toMatchObject({
      redisMode: 'cluster',
      redisNodes: [
        { host: 'n2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
    expect(
      loadConfig({ ...strong, REDIS_MODE: 'sentinel', REDIS_URL: 'rediss://u:p@primary', REDIS_SENTINELS: 's1:26379' }),
    ).toMatchObject({ redisMode: 'sentinel', redisNodes: [{ host: 's1', port: 26379 }] });
    expect(problemsOf({ ...strong, REDIS_MODE: 'ring' })).toEqual([
      'REDIS_MODE must be standalone, cluster or sentinel',
    ]);
    expect(problemsOf({ ...strong, REDIS_MODE: 'cluster' })).toEqual(['REDIS_MODE=cluster needs REDIS_URL']);
    expect(problemsOf({ ...strong, REDIS_MODE: 'sentinel', REDIS_URL: 'redis://primary' })).toEqual([
      'REDIS_MODE=sentinel needs REDIS_SENTINELS',
    ]);
    expect(
      problemsOf({ ...strong, REDIS_MODE: 'cluster', REDIS_URL: 'redis://n1:7000', REDIS_CLUSTER_NODES: 'n2' }),
    ).toEqual(['REDIS_CLUSTER_NODES must be comma-separated host:port (got "n2")']);
  });

  it('reads CREDENTIALS_DIR', () => {
    expect(loadConfig({ ...strong }).credentialsDir).toBeUndefined();
    expect(loadConfig({ ...strong, CREDENTIALS_DIR: '/etc/creds' }).credentialsDir).toBe('/etc/creds');
  });

  it('generates missing secrets outside production and says which', () => {
    const c = loadConfig({});
    expect(c.tokenSecret.length).toBeGreaterThanOrEqual(32);
    expect(c.encryptionKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(c.generatedSecrets).toEqual(['MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET']);
  });

  it('refuses missing, short or placeholder secrets in production, listing them all', () => {
    try {
      loadConfig({
        NODE_ENV: 'production',
        MCP_TOKEN_SECRET: 'short',
        ENCRYPTION_KEY_HEX: 'xyz',
        WEBHOOK_HMAC_SECRET: 'changeme-changeme-changeme-changeme-1',
      });
      throw new Error('expected a ConfigValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigValidationError);
      const problems = (e as ConfigValidationError).problems.join('\n');
      expect(problems).toContain('MCP_TOKEN_SECRET');
      expect(problems).toContain('ENCRYPTION_KEY_HEX');
      expect(problems).toContain('WEBHOOK_HMAC_SECRET');
    }
  });

  it('accepts redis:// and rediss:// with credentials and refuses other schemes', () => {
    expect(loadConfig({ ...strong, REDIS_URL: 'rediss://user:pa%40ss@redis.example:6380/0' }).redisUrl).toContain(
      'rediss://',
    );
    expect(() => loadConfig({ ...strong, REDIS_URL: 'http://redis:6379' })).toThrow(/REDIS_URL/);
  });

  it('turns the sandbox off and requires sealed credentials in production by default', () => {
    const c = loadConfig({ ...strong, NODE_ENV: 'production' });
    expect(c.sandboxEnabled).toBe(false);
    expect(c.requireSealedCredentials).toBe(true);
  });

  it('documents every variable in .env.example and the README', () => {
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    for (const v of ENV_VARS) {
      expect({ v: v.name, inExample: example.includes(v.name) }).toEqual({ v: v.name, inExample: true });
      expect({ v: v.name, inReadme: readme.includes(`\`${v.name}\``) }).toEqual({ v: v.name, inReadme: true });
    }
  });

  it('reads the document origins a bank declares as normalized origins, refusing anything else', () => {
    expect(
      loadConfig({ ...strong, ASAAS_DOCUMENT_ORIGINS: 'https://CDN.example:443/, http://127.0.0.1:4030' })
        .providerDocumentOrigins,
    ).toMatchObject({
      asaas: ['https://cdn.example', 'http://127.0.0.1:4030'],
    });
    expect(loadConfig({ ...strong }).providerDocumentOrigins.asaas).toBeUndefined();
    for (const bad of ['https://cdn.example/path', 'ftp://cdn.example', 'https://u:p@cdn.example', 'cdn.example'])
      expect(problemsOf({ ...strong, EFI_DOCUMENT_ORIGINS: bad })).toEqual([
        'EFI_DOCUMENT_ORIGINS must be comma-separated origins such as https://host or https://host:port',
      ]);
  });

  it('reads the base-URL override every bank declares, documented with the line the bank declares', () => {
    expect(BANK_URLS.length).toBeGreaterThan(0);
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    for (const { name, doc, providerId } of BANK_URLS) {
      expect(ENV_VARS).toContainEqual({ name, doc });
      expect(readme).toContain(`| \`${name}\` | — | ${doc} |`);
      expect(example).toMatch(new RegExp(`^# ${name}=$`, 'm'));
      expect(loadConfig({ ...strong, [name]: 'https://127.0.0.1:4010' }).providerBaseUrls).toMatchObject({
        [providerId]: 'https://127.0.0.1:4010',
      });
      expect(loadConfig({ ...strong }).providerBaseUrls[providerId]).toBeUndefined();
      expect(problemsOf({ ...strong, [name]: 'ftp://127.0.0.1' })).toEqual([
        `${name} must be a URL with scheme https:// or http://`,
      ]);
    }
  });

  describe('placeholders in production', () => {
    const prod = { ...strong, NODE_ENV: 'production' };

    it('refuses every placeholder of .env.production.example as shipped, naming each variable once and quoting no value', () => {
      const shipped = parseDotenv(readFileSync('.env.production.example', 'utf8'));
      const withPlaceholder = Object.entries(shipped).filter(([, v]) => /<[^<>]*>/.test(v));
      expect(withPlaceholder.map(([k]) => k)).toEqual(
        expect.arrayContaining(['REDIS_PASSWORD', 'MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET']),
      );
      const problems = problemsOf({ ...shipped, NODE_ENV: 'production' });
      for (const [name, value] of withPlaceholder) {
        expect({ name, problems: problems.filter((p) => p.startsWith(`${name} `)).length }).toEqual({
          name,
          problems: 1,
        });
        expect(problems.join('\n')).not.toContain(value);
      }
      expect(problems.join('\n')).not.toMatch(/openssl|same as/);
    });

    it.each([
      ['REDIS_URL', 'redis://default:<same as REDIS_PASSWORD>@redis:6379'],
      ['REDIS_URL', 'redis://default:<openssl rand -hex 24>@redis:6379'],
      ['REDIS_URL', 'redis://default:%3Csame%20as%20REDIS_PASSWORD%3E@redis:6379'],
      ['REDIS_URL', 'redis://default:password@127.0.0.1:6379'],
      ['REDIS_URL', 'rediss://change-me:s3cr3t-Vq8x@redis.example:6380'],
      ['IDEMPOTENCY_REDIS_URL', 'redis://:your-redis-password@redis:6379'],
      ['MCP_TOKEN_SECRET', '<openssl rand -base64 48>'],
      ['MCP_TOKEN_SECRET', 'change-me-change-me-change-me-change-me'],
      ['WEBHOOK_HMAC_SECRET', 'your-webhook-secret-of-at-least-32-characters'],
      ['ENCRYPTION_KEY_HEX', '<openssl rand -hex 32>'],
      ['MCP_TOKEN_SECRET_PREVIOUS', 'replace-me-with-the-previous-secret-0123'],
      ['METRICS_TOKEN', '<openssl rand -hex 24>'],
      ['TOKEN_ISSUER', 'https://your-issuer.example'],
      ['TOKEN_AUDIENCE', 'changeme'],
      [BANK_URLS[0].name, 'https://<bank host>/v2'],
      ['MCP_ALLOWED_ORIGINS', 'https://console.example.com, https://your-app.example.com'],
      ['LOG_LEVEL', '<info|debug>'],
      ['PORT', '<port>'],
      ['REDIS_PASSWORD', '<openssl rand -hex 24>'],
    ])('refuses %s = %j, naming the variable and not the value', (name, value) => {
      const problems = problemsOf({ ...prod, [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^${name} .*placeholder`));
      expect(problems[0]).not.toContain(value);
      expect(problems[0]).not.toContain(encodeURIComponent(value));
    });

    it('lists every placeholder with the other problems at once', () => {
      const problems = problemsOf({
        NODE_ENV: 'production',
        MCP_TOKEN_SECRET: '<openssl rand -base64 48>',
        ENCRYPTION_KEY_HEX: 'xyz',
        REDIS_URL: 'redis://default:<same as REDIS_PASSWORD>@redis:6379',
        RATE_LIMIT: 'lots',
      });
      expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
        'ENCRYPTION_KEY_HEX',
        'MCP_TOKEN_SECRET',
        'RATE_LIMIT',
        'REDIS_URL',
        'WEBHOOK_HMAC_SECRET',
      ]);
    });

    it('accepts real values that merely resemble the words', () => {
      const c = loadConfig({
        ...prod,
        REDIS_URL: 'rediss://default:Vq8x2LmN0pR7sT4w@redis.yourcompany.com:6380',
        TOKEN_ISSUER: 'https://auth.yourcompany.com',
        TOKEN_AUDIENCE: 'charges-exchange-meter',
        MCP_ALLOWED_ORIGINS: 'https://console.example.com',
        REDIS_PASSWORD: 'Vq8x2LmN0pR7sT4w',
      });
      expect(c.redisUrl).toContain('redis.yourcompany.com');
    });

    it('leaves placeholders alone outside production', () => {
      expect(
        loadConfig({ ...strong, TOKEN_ISSUER: '<issuer>', REDIS_URL: 'redis://default:password@127.0.0.1:6379' })
          .tokenIssuer,
      ).toBe('<issuer>');
    });
  });
});
