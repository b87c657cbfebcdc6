import { readFileSync } from 'node:fs';
import { ConfigValidationError, ENV_VARS, loadConfig } from './env.schema';

const strong = { MCP_TOKEN_SECRET: 's'.repeat(40), ENCRYPTION_KEY_HEX: 'ab'.repeat(32), WEBHOOK_HMAC_SECRET: 'w'.repeat(40) };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({ ...strong });
    expect(c).toMatchObject({ port: 3000, rateLimit: 200, logLevel: 'info', httpAdapter: 'fastify', bodyLimitBytes: 102400, sandboxEnabled: true, requireSealedCredentials: false });
    expect(c.redisUrl).toBeUndefined();
  });

  it('generates missing secrets outside production and says which', () => {
    const c = loadConfig({});
    expect(c.tokenSecret.length).toBeGreaterThanOrEqual(32);
    expect(c.encryptionKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(c.generatedSecrets).toEqual(['MCP_TOKEN_SECRET', 'ENCRYPTION_KEY_HEX', 'WEBHOOK_HMAC_SECRET']);
  });

  it('refuses missing, short or placeholder secrets in production, listing them all', () => {
    try {
      loadConfig({ NODE_ENV: 'production', MCP_TOKEN_SECRET: 'short', ENCRYPTION_KEY_HEX: 'xyz', WEBHOOK_HMAC_SECRET: 'changeme-changeme-changeme-changeme-1' });
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
    expect(loadConfig({ ...strong, REDIS_URL: 'rediss://user:pa%40ss@redis.example:6380/0' }).redisUrl).toContain('rediss://');
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
});
