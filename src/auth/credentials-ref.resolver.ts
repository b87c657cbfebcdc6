import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EnvelopeCipher, EnvelopeError } from './envelope';

/** A credentials reference name: one file `<name>.json` of CREDENTIALS_DIR (no path separators, no traversal). */
export const CREDENTIALS_REF_NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** How long a file's stat is trusted before it is checked again (a rotated file takes effect within this). */
export const CREDENTIALS_REF_RECHECK_MS = 1000;
/** Larger files are refused (a credentials file holds a few PEMs). */
const MAX_FILE_BYTES = 256 * 1024;

/** Why a reference cannot be used: the message names the reason, never the file's content. */
export class CredentialsRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsRefError';
  }
}

/** A referenced file, opened. */
export interface ResolvedCredentialsRef {
  /** The plain credentials (the file's object, or its sealed envelope opened). */
  plain: unknown;
  /** Changes whenever the file does (inode, size, mtime): a memo keyed by it never serves a rotated file. */
  version: string;
}

interface Entry {
  checkedAt: number;
  version: string;
  /** The parsed file, or why it is refused. */
  file?: { tenants: Set<string>; providerId?: string; plain: unknown };
  error?: string;
}

/**
 * Resolves `credentials: { "ref": "<name>" }` token claims from CREDENTIALS_DIR: one file `<name>.json` per name,
 *
 *   { "tenants": ["t1", "t2"], "providerId": "cora", "credentials": { ... } | "v1.<sealed envelope>" }
 *
 * (`providerId` optional), the layout a Kubernetes Secret volume (one key per file) or a Vault agent template
 * produces. Files are stat'ed at most once per CREDENTIALS_REF_RECHECK_MS and re-read when their inode, size or mtime
 * changed, so a rotated certificate takes effect without re-issuing tokens or restarting (a Secret volume swaps its
 * `..data` symlink, which changes the inode the file name resolves to).
 */
export class CredentialsRefResolver {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly dir: string | undefined,
    private readonly cipher: EnvelopeCipher,
    private readonly recheckMs = CREDENTIALS_REF_RECHECK_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The `ref` of a credentials claim of the reference form, or undefined for any other form. */
  static refOf(raw: unknown): unknown {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('ref' in raw)) return undefined;
    return (raw as { ref: unknown }).ref;
  }

  /** The file's current version (cheap: at most one stat per name per recheck interval). Throws CredentialsRefError. */
  version(name: unknown): string {
    return this.entry(name).version;
  }

  /** The credentials `name` refers to, for `tenantId` on `providerId`. Throws CredentialsRefError. */
  resolve(name: unknown, tenantId: string, providerId: string): ResolvedCredentialsRef {
    const entry = this.entry(name);
    const label = `credentials ref "${name as string}"`;
    if (entry.error !== undefined) throw new CredentialsRefError(`${label}: ${entry.error}`);
    const file = entry.file!;
    if (!file.tenants.has(tenantId)) throw new CredentialsRefError(`${label} is not allowed for this tenant`);
    if (file.providerId !== undefined && file.providerId !== providerId)
      throw new CredentialsRefError(`${label} is for provider "${file.providerId}", not "${providerId}"`);
    return { plain: file.plain, version: entry.version };
  }

  private entry(name: unknown): Entry {
    if (this.dir === undefined)
      throw new CredentialsRefError('credentials by reference are not enabled here (CREDENTIALS_DIR is unset)');
    if (typeof name !== 'string' || !CREDENTIALS_REF_NAME.test(name) || name === '.' || name === '..')
      throw new CredentialsRefError('credentials ref must be a name matching ^[A-Za-z0-9._-]{1,64}$');
    const now = this.now();
    const cached = this.entries.get(name);
    if (cached && now - cached.checkedAt < this.recheckMs) return cached;
    const path = join(this.dir, `${name}.json`);
    let version: string;
    try {
      const st = statSync(path);
      if (!st.isFile()) return this.remember(name, { checkedAt: now, version: 'not-a-file', error: 'not a file' });
      version = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const error = code === 'ENOENT' || code === 'ENOTDIR' ? 'unknown name (no such file)' : 'file cannot be read';
      return this.remember(name, { checkedAt: now, version: `missing:${code ?? ''}`, error });
    }
    if (cached && cached.version === version) {
      cached.checkedAt = now;
      return cached;
    }
    return this.remember(name, { checkedAt: now, version, ...this.load(path) });
  }

  private remember(name: string, entry: Entry): Entry {
    // Bounded by the names tokens carry that passed the pattern; drop everything rather than grow without limit.
    if (this.entries.size >= 10_000 && !this.entries.has(name)) this.entries.clear();
    this.entries.set(name, entry);
    return entry;
  }

  private load(path: string): Pick<Entry, 'file' | 'error'> {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return { error: 'file cannot be read' };
    }
    if (Buffer.byteLength(text) > MAX_FILE_BYTES)
      return { error: `malformed file (larger than ${MAX_FILE_BYTES} bytes)` };
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return { error: 'malformed file (not valid JSON)' };
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
      return { error: 'malformed file (not a JSON object)' };
    const { tenants, credentials, providerId } = doc as Record<string, unknown>;
    if (!Array.isArray(tenants) || tenants.length === 0 || !tenants.every((t) => typeof t === 'string'))
      return { error: 'malformed file ("tenants" must be a non-empty array of tenant ids)' };
    if (providerId !== undefined && typeof providerId !== 'string')
      return { error: 'malformed file ("providerId" must be a string)' };
    let plain: unknown;
    if (EnvelopeCipher.isEnvelope(credentials)) {
      try {
        plain = JSON.parse(this.cipher.open(credentials, 'credentials'));
      } catch (err) {
        return {
          error: `malformed file ("credentials": ${err instanceof EnvelopeError ? err.message : 'sealed text is not valid JSON'})`,
        };
      }
    } else {
      plain = credentials;
    }
    if (plain === null || typeof plain !== 'object' || Array.isArray(plain))
      return { error: 'malformed file ("credentials" must be an object or a sealed envelope of one)' };
    return { file: { tenants: new Set(tenants as string[]), providerId, plain } };
  }
}
