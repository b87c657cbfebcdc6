import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Charge } from '@lib/providers';
import type { ChargeOutcome } from './charge-outcome';

/**
 * Turns a ChargeOutcome into the HTTP answer on either adapter: its status, `Idempotent-Replayed`
 * on replays, `X-Cache` on reads, `Cache-Control: no-store` (the body holds the payer's data), and
 * the charge as the body. A plain call from the controller (with `@Res({ passthrough: true })`)
 * rather than an interceptor, which would put an rxjs pipeline on the hottest route.
 */
@Injectable()
export class ChargeOutcomeResponder {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  async send(res: unknown, pending: Promise<ChargeOutcome>): Promise<Charge> {
    const outcome = await pending;
    const adapter = this.host.httpAdapter;
    adapter.status(res, outcome.httpStatus);
    adapter.setHeader(res, 'Cache-Control', 'no-store');
    if (outcome.replayed) adapter.setHeader(res, 'Idempotent-Replayed', 'true');
    if (outcome.cache) adapter.setHeader(res, 'X-Cache', outcome.cache);
    return outcome.charge;
  }
}
