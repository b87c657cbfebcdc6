import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialsRefError, CredentialsRefResolver } from './credentials-ref.resolver';
import { EnvelopeCipher } from './envelope';

const KEY = '11'.repeat(32);

describe('CredentialsRefResolver', () => {
  let dir: string;
  let now: number;
  const cipher = new EnvelopeCipher(KEY);
  const resolver = () => new CredentialsRefResolver(dir, cipher, 1000, () => now);
  const write = (name: string, doc: unknown) =>
    writeFileSync(join(dir, `${name}.json`), typeof doc === 'string' ? doc : JSON.stringify(doc));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'creds-ref-'));
    now = 1_000_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves plain and sealed credentials for a listed tenant', () => {
    write('a', { tenants: ['t1'], credentials: { k: 1 } });
    write('b', { tenants: ['t1'], providerId: 'cora', credentials: cipher.seal('{"k":2}', 'credentials') });
    const r = resolver();
    expect(r.resolve('a', 't1', 'cora').plain).toEqual({ k: 1 });
    expect(r.resolve('b', 't1', 'cora').plain).toEqual({ k: 2 });
    expect(() => r.resolve('a', 't2', 'cora')).toThrow('credentials ref "a" is not allowed for this tenant');
    expect(() => r.resolve('b', 't1', 'inter')).toThrow('is for provider "cora", not "inter"');
  });

  it('re-reads a changed file after the recheck interval, not before', () => {
    write('a', { tenants: ['t1'], credentials: { k: 1 } });
    const r = resolver();
    const first = r.resolve('a', 't1', 'x');
    write('a', { tenants: ['t1'], credentials: { k: 22 } });
    now += 500;
    expect(r.resolve('a', 't1', 'x')).toEqual(first);
    now += 600;
    const second = r.resolve('a', 't1', 'x');
    expect(second.plain).toEqual({ k: 22 });
    expect(second.version).not.toBe(first.version);
    expect(r.version('a')).toBe(second.version);
  });

  it.each([
    [undefined, 'x', 'CREDENTIALS_DIR is unset'],
    ['dir', '../etc/passwd', 'must be a name matching'],
    ['dir', '', 'must be a name matching'],
    ['dir', 'x'.repeat(65), 'must be a name matching'],
    ['dir', 'missing', 'unknown name (no such file)'],
  ])('refuses (dir %s, name %j): %s', (d, name, message) => {
    const r = new CredentialsRefResolver(d === undefined ? undefined : dir, cipher);
    expect(() => r.resolve(name, 't1', 'x')).toThrow(CredentialsRefError);
    expect(() => r.resolve(name, 't1', 'x')).toThrow(message);
  });

  it.each([
    ['{', 'not valid JSON'],
    [[], 'not a JSON object'],
    [{ tenants: [], credentials: {} }, '"tenants" must be a non-empty array'],
    [{ tenants: ['t1'], credentials: 'v1.00000000.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA' }, '"credentials": '],
    [{ tenants: ['t1'], credentials: 'plain-secret-text' }, '"credentials" must be an object'],
  ])('names a malformed file without quoting it (%j)', (doc, message) => {
    write('bad', doc);
    let error: Error | undefined;
    try {
      resolver().resolve('bad', 't1', 'x');
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toContain('credentials ref "bad": malformed file');
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain('plain-secret-text');
  });
});
