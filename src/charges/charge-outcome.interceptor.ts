import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { map, Observable } from 'rxjs';
import type { Charge } from '../../libs/providers/src';
import type { ChargeOutcome } from './charge-outcome';

/**
 * Turns a ChargeOutcome into the HTTP answer on either adapter: its status, `Idempotent-Replayed`
 * on replays, `X-Cache` on reads, `Cache-Control: no-store` (the body holds the payer's data), and
 * the charge as the body.
 */
@Injectable()
export class ChargeOutcomeInterceptor implements NestInterceptor<ChargeOutcome, Charge> {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler<ChargeOutcome>): Observable<Charge> {
    const res = context.switchToHttp().getResponse();
    return next.handle().pipe(
      map((outcome) => {
        const adapter = this.host.httpAdapter;
        adapter.status(res, outcome.httpStatus);
        adapter.setHeader(res, 'Cache-Control', 'no-store');
        if (outcome.replayed) adapter.setHeader(res, 'Idempotent-Replayed', 'true');
        if (outcome.cache) adapter.setHeader(res, 'X-Cache', outcome.cache);
        return outcome.charge;
      }),
    );
  }
}
