import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createSecretKey } from 'node:crypto';
import { ProviderError } from '@lib/providers';
import { AppError } from '../common/errors/app-error';
import { FifoMemo } from '../common/fifo-memo';
import { APP_CONFIG } from '../config/app-config.module';
import type { AppConfig } from '../config/env.schema';
import { ProviderRegistry } from '@lib/providers';
import { CredentialsRefError, CredentialsRefResolver } from './credentials-ref.resolver';
import { EnvelopeCipher, EnvelopeError } from './envelope';
import type { TenantContext } from './tenant-context';
import { claimProblem, DEFAULT_SESSION_TTL_SECONDS, grantedScopes } from './token-claims';

const SKEW_SECONDS = 30;
const OPENED_CACHE_MAX = 2000;
const VERIFIED_CACHE_MAX = 5000;

/**
 * 401 AUTH_INVALID_TOKEN with the RFC 6750 challenge: `Bearer error="invalid_token"` when credentials were sent,
 * a bare `Bearer` when none were (§3.1). The reason goes in the problem's `detail` only.
 */
export function invalidToken(reason: string, credentialsSent = true): AppError {
  return new AppError('AUTH_INVALID_TOKEN', reason, {
    headers: { 'WWW-Authenticate': credentialsSent ? 'Bearer error="invalid_token"' : 'Bearer' },
  });
}

/**
 * Verifies Bearer tokens (HS256 only, current or previous secret), checks claims strictly, opens the
 * sealed credentials and lets the provider parse them. Opened credentials are memoized per token
 * credentials string (bounded), so the hot path does one HMAC and no AES per request.
 */
@Injectable()
export class TokenService {
  private readonly opened = new FifoMemo<string, { credentials: unknown; fingerprint: string }>(OPENED_CACHE_MAX);
  /**
   * Tokens that passed every check, until they expire: a repeat skips signature and claim work. A token with
   * credentials by reference also remembers the referenced file's version: when the file changed (a rotated
   * certificate, a tenant taken off its list), the token is verified again.
   */
  private readonly verified = new FifoMemo<string, { tenant: TenantContext; ref?: { name: string; version: string } }>(
    VERIFIED_CACHE_MAX,
  );
  /** CREDENTIALS_DIR: `credentials: { "ref": "<name>" }` claims. */
  private readonly refs: CredentialsRefResolver;
  /** One verifier per accepted secret (current, then previous). */
  private readonly verifiers: JwtService[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProviderRegistry) private readonly registry: ProviderRegistry,
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
  ) {
    this.refs = new CredentialsRefResolver(config.credentialsDir, cipher);
    // Secrets are imported once as KeyObjects: given a string, jsonwebtoken first tries (and fails)
    // to parse it as a public key on every call, which costs ~300 µs per request instead of ~7 µs.
    this.verifiers = [config.tokenSecret, config.tokenSecretPrevious]
      .filter((s): s is string => typeof s === 'string' && s.length > 0)
      .map((secret) => {
        const key = createSecretKey(Buffer.from(secret, 'utf8'));
        return new JwtService({ secretOrKeyProvider: () => key });
      });
  }

  verify(token: string): TenantContext {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.tenant.exp + SKEW_SECONDS > Date.now() / 1000 && this.sameRefVersion(hit.ref)) return hit.tenant;
      this.verified.delete(token);
    }
    const verified = this.verifyFully(token);
    this.verified.set(token, verified);
    return verified.tenant;
  }

  /** Whether a referenced credentials file is unchanged (at most one stat per name per second). */
  private sameRefVersion(ref: { name: string; version: string } | undefined): boolean {
    if (!ref) return true;
    try {
      return this.refs.version(ref.name) === ref.version;
    } catch {
      return false;
    }
  }

  private verifyFully(token: string): { tenant: TenantContext; ref?: { name: string; version: string } } {
    const payload = this.verifySignature(token);
    const problem = claimProblem(payload, {
      maxTtlSeconds: this.config.tokenMaxTtlSeconds,
      nowSeconds: Math.floor(Date.now() / 1000),
      skewSeconds: SKEW_SECONDS,
    });
    if (problem) throw invalidToken(problem);
    const providerId = payload.providerId as string;
    const provider = this.registry.find(providerId);
    if (!provider) throw invalidToken(this.registry.unavailableReason(providerId));
    const tenantId = payload.tenantId as string;
    const meta = (payload.meta ?? {}) as Record<string, unknown>;
    const { credentials, fingerprint, ref } = this.openCredentials(providerId, tenantId, payload.credentials);
    const tenant: TenantContext = {
      tenantId,
      providerId,
      credentials,
      credentialFingerprint: fingerprint,
      meta: {
        ttlSeconds: (meta.ttlSeconds as number | undefined) ?? DEFAULT_SESSION_TTL_SECONDS,
        cacheEnabled: (meta.cacheEnabled as boolean | undefined) ?? true,
        redisKeyPrefix: (meta.redisKeyPrefix as string | undefined) ?? tenantId,
        ...(meta.webhookUrl !== undefined ? { webhookUrl: meta.webhookUrl as string } : {}),
        ...(meta.maxAmountCents !== undefined ? { maxAmountCents: meta.maxAmountCents as number } : {}),
      },
      scopes: grantedScopes(payload.scope),
      ...(payload.aud !== undefined ? { audience: ([] as unknown[]).concat(payload.aud).map(String) } : {}),
      exp: payload.exp as number,
    };
    return { tenant, ...(ref ? { ref } : {}) };
  }

  private verifySignature(token: string): Record<string, unknown> {
    if (token.length > 16384) throw invalidToken('token too large');
    let lastError: unknown;
    for (const verifier of this.verifiers) {
      try {
        const payload = verifier.verify<Record<string, unknown>>(token, {
          algorithms: ['HS256'],
          clockTolerance: SKEW_SECONDS,
          ...(this.config.tokenIssuer ? { issuer: this.config.tokenIssuer } : {}),
          ...(this.config.tokenAudience ? { audience: this.config.tokenAudience } : {}),
        });
        if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
          throw invalidToken('token payload must be an object');
        return payload;
      } catch (err) {
        lastError = err;
        const name = (err as { name?: string }).name;
        const message = (err as { message?: string }).message ?? '';
        // Only a signature mismatch is worth trying the previous secret for.
        if (!(name === 'JsonWebTokenError' && message === 'invalid signature')) break;
      }
    }
    throw invalidToken(reasonOf(lastError));
  }

  private openCredentials(
    providerId: string,
    tenantId: string,
    raw: unknown,
  ): { credentials: unknown; fingerprint: string; ref?: { name: string; version: string } } {
    let plain: unknown;
    let ref: { name: string; version: string } | undefined;
    const refName = CredentialsRefResolver.refOf(raw);
    let memoKey = typeof raw === 'string' ? `${providerId}|${raw}` : undefined;
    if (refName !== undefined) {
      if (Object.keys(raw as object).length !== 1) throw invalidToken('credentials: a reference carries "ref" alone');
      try {
        const resolved = this.refs.resolve(refName, tenantId, providerId);
        plain = resolved.plain;
        ref = { name: refName as string, version: resolved.version };
      } catch (err) {
        throw invalidToken(err instanceof CredentialsRefError ? err.message : 'credentials ref cannot be resolved');
      }
      // Keyed by the file's version: a rotated file is parsed afresh.
      memoKey = `${providerId}|ref|${ref.name}|${ref.version}`;
    }
    if (memoKey) {
      const hit = this.opened.get(memoKey);
      if (hit) return { ...hit, ...(ref ? { ref } : {}) };
    }
    if (refName !== undefined) {
      // Resolved above.
    } else if (raw === undefined || raw === null) {
      plain = {};
    } else if (EnvelopeCipher.isEnvelope(raw)) {
      try {
        plain = JSON.parse(this.cipher.open(raw, 'credentials'));
      } catch (err) {
        throw invalidToken(
          err instanceof EnvelopeError ? `credentials: ${err.message}` : 'credentials: not valid JSON',
        );
      }
    } else if (typeof raw === 'object' && !Array.isArray(raw)) {
      if (this.config.requireSealedCredentials) throw invalidToken('credentials must be a sealed envelope');
      plain = raw;
    } else {
      throw invalidToken('credentials must be a sealed envelope or an object');
    }
    const provider = this.registry.find(providerId);
    let credentials: unknown;
    try {
      credentials = provider!.parseCredentials(plain);
    } catch (err) {
      throw invalidToken(
        err instanceof ProviderError ? `credentials: ${err.message}` : 'credentials are invalid for this provider',
      );
    }
    const fingerprint = createHash('sha256')
      .update(providerId)
      .update('\0')
      .update(JSON.stringify(plain))
      .digest('hex')
      .slice(0, 16);
    const result = { credentials, fingerprint };
    if (memoKey) this.opened.set(memoKey, result);
    return { ...result, ...(ref ? { ref } : {}) };
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof AppError) return err.message;
  const name = (err as { name?: string })?.name;
  const message = (err as { message?: string })?.message ?? '';
  if (name === 'TokenExpiredError') return 'token expired';
  if (name === 'NotBeforeError') return 'token not active yet (nbf)';
  if (message === 'invalid algorithm') return 'algorithm not allowed (HS256 only)';
  if (message === 'invalid signature') return 'invalid signature';
  if (/jwt audience invalid/.test(message)) return 'audience not accepted';
  if (/jwt issuer invalid/.test(message)) return 'issuer not accepted';
  if (/jwt malformed|invalid token|Unexpected token|jwt must be/.test(message)) return 'malformed token';
  return 'invalid token';
}
