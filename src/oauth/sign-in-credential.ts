import { Inject, Injectable } from '@nestjs/common';
import { EnvelopeCipher } from '../auth/envelope';
import { GrantClaims, isRefreshToken, openRefreshToken } from '../auth/refresh-token';
import type { TenantContext } from '../auth/tenant-context';
import { TokenService } from '../auth/token.service';
import { AppError } from '../common/errors/app-error';
import { OAuthError } from './oauth-error';
import { OAuthGrants } from './oauth-grants.service';
import type { CredentialProblem } from './sign-in.texts';

/** A credential pasted on the sign-in page, checked: the grant it carries, until when, and what it opens. */
export interface CheckedCredential {
  grant: GrantClaims;
  notAfter: number;
  tenant: TenantContext;
  /** The pasted refresh token's family (revoking it ends the grants made from it). */
  parentFamily?: string;
}

/** Why a pasted credential was refused (the page words it in the reader's language; never the credential itself). */
export class CredentialError extends Error {
  constructor(
    readonly problem: CredentialProblem,
    readonly detail?: string,
  ) {
    super(problem);
  }
}

/**
 * Checks what a person pastes on the sign-in page: a refresh token issued by the token CLI (`--refresh`), or an access
 * token. The OAuth grant it starts never outlives it and never widens it.
 */
@Injectable()
export class SignInCredentials {
  constructor(
    @Inject(EnvelopeCipher) private readonly cipher: EnvelopeCipher,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(OAuthGrants) private readonly grants: OAuthGrants,
  ) {}

  async check(raw: string | undefined): Promise<CheckedCredential> {
    const credential = (raw ?? '').trim();
    if (credential === '') throw new CredentialError('empty');
    if (isRefreshToken(credential)) {
      let body;
      try {
        body = openRefreshToken(this.cipher, credential);
      } catch {
        throw new CredentialError('invalid');
      }
      if (body.exp <= Math.floor(Date.now() / 1000)) throw new CredentialError('expired');
      if (body.aud !== undefined) throw new CredentialError('foreign');
      if (await this.grants.isRevoked(body.fam)) throw new CredentialError('revoked');
      return {
        grant: body.grant,
        notAfter: body.exp,
        tenant: this.tenantOf(body.grant, body.exp),
        parentFamily: body.fam,
      };
    }
    let tenant: TenantContext;
    try {
      tenant = this.tokens.verify(credential);
    } catch (err) {
      throw new CredentialError('rejected', err instanceof AppError ? err.message : undefined);
    }
    if (tenant.audience !== undefined) throw new CredentialError('foreign');
    const p = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const grant: GrantClaims = {
      tenantId: p.tenantId as string,
      providerId: p.providerId as string,
      ...(p.credentials !== undefined ? { credentials: p.credentials } : {}),
      ...(p.meta !== undefined ? { meta: p.meta as Record<string, unknown> } : {}),
      ...(p.scope !== undefined ? { scope: p.scope as string } : {}),
    };
    return { grant, notAfter: tenant.exp, tenant };
  }

  private tenantOf(grant: GrantClaims, notAfter: number): TenantContext {
    try {
      return this.grants.mintAccess(grant, { notAfter }).tenant;
    } catch (err) {
      throw new CredentialError('rejected', err instanceof OAuthError ? err.description : undefined);
    }
  }
}
