import { createHash } from 'node:crypto';
import type { ChargeListFilters } from '@lib/providers';
import { EnvelopeCipher, EnvelopeError } from '../../auth/envelope';
import type { TenantContext } from '../../auth/tenant-context';
import { AppError } from '../../common/errors/app-error';
import { canonicalJson } from '../idempotency/idempotency-key';

/** What a cursor holds: whose listing it continues (tenant, provider, filters) and the provider's own position. */
interface CursorBody {
  v: 1;
  t: string;
  p: string;
  f: string;
  pos: string;
}

const filtersHash = (filters: ChargeListFilters) =>
  createHash('sha256').update(canonicalJson(filters)).digest('base64url').slice(0, 22);

const refused = () =>
  AppError.validation([
    { field: 'cursor', message: 'cursor is not a nextCursor of this listing (same token and filters)' },
  ]);

/**
 * The caller's `nextCursor`: the provider's position sealed (AES-256-GCM, purpose `cursor`) with the tenant, the
 * provider and a hash of the filters, so any replica continues any listing (stateless), and a cursor that was
 * tampered with, or belongs to another tenant, provider or filter set, is refused (400 VALIDATION_ERROR `cursor`).
 */
export class ListCursor {
  constructor(private readonly cipher: EnvelopeCipher) {}

  seal(tenant: TenantContext, filters: ChargeListFilters, position: string): string {
    const body: CursorBody = { v: 1, t: tenant.tenantId, p: tenant.providerId, f: filtersHash(filters), pos: position };
    return this.cipher.seal(JSON.stringify(body), 'cursor');
  }

  /** The provider's position the cursor holds. */
  open(tenant: TenantContext, filters: ChargeListFilters, cursor: string): string {
    let body: Partial<CursorBody>;
    try {
      body = JSON.parse(this.cipher.open(cursor, 'cursor')) as Partial<CursorBody>;
    } catch (err) {
      if (err instanceof EnvelopeError || err instanceof SyntaxError) throw refused();
      throw err;
    }
    if (
      body.v !== 1 ||
      body.t !== tenant.tenantId ||
      body.p !== tenant.providerId ||
      body.f !== filtersHash(filters) ||
      typeof body.pos !== 'string'
    )
      throw refused();
    return body.pos;
  }
}
