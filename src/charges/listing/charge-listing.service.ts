import { Inject, Injectable } from '@nestjs/common';
import { canList, Charge, ProviderCallRunner } from '@lib/providers';
import { EnvelopeCipher } from '../../auth/envelope';
import type { TenantContext } from '../../auth/tenant-context';
import { AppError } from '../../common/errors/app-error';
import { ChargeReadCache } from '../charge-read.cache';
import { presentCharge } from '../present-charge';
import { ListCursor } from './list-cursor';
import { parseListQuery } from './list-query';

/** One page of GET /v1/charges (and of the list_charges tool). */
export interface ChargeListResponse {
  data: Charge[];
  hasMore: boolean;
  /** Pass it as `cursor` (with the same filters) for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Lists the tenant's charges at its provider, one bounded page per call: validates the filters, opens the caller's
 * cursor, asks the provider for a page and seals its position into the next cursor. Listings are not cached, but
 * each charge they read refreshes the tenant's read cache (when meta.cacheEnabled).
 */
@Injectable()
export class ChargeListingService {
  private readonly cursors: ListCursor;

  constructor(
    @Inject(ProviderCallRunner) private readonly runner: ProviderCallRunner,
    @Inject(ChargeReadCache) private readonly cache: ChargeReadCache,
    @Inject(EnvelopeCipher) cipher: EnvelopeCipher,
  ) {
    this.cursors = new ListCursor(cipher);
  }

  /** The caller's scope is checked by ChargesService before this runs. */
  async list(
    tenant: TenantContext,
    query: Record<string, unknown>,
    opts: { requestId?: string },
  ): Promise<ChargeListResponse> {
    const { filters, limit, cursor } = parseListQuery(query);
    const provider = this.runner.provider(tenant);
    if (!canList(provider))
      throw new AppError(
        'UNSUPPORTED_OPERATION',
        `${provider.displayName} does not offer listing charges through this gateway; read each charge by its id.`,
      );
    const position = cursor === undefined ? undefined : this.cursors.open(tenant, filters, cursor);
    const { result } = await this.runner.run(tenant, 'list', opts.requestId, (_p, ctx) =>
      provider.list(ctx, filters, { limit, ...(position === undefined ? {} : { position }) }),
    );
    const data = result.charges.slice(0, limit).map(presentCharge);
    if (tenant.meta.cacheEnabled) await Promise.all(data.map((charge) => this.cache.write(tenant, charge)));
    const next = result.next === undefined ? null : this.cursors.seal(tenant, filters, result.next);
    return { data, hasMore: next !== null, nextCursor: next };
  }
}
