import { Module } from '@nestjs/common';
import { ChargeReadCache } from './charge-read.cache';
import { ChargesService } from './charges.service';
import { ChargeOutcomeResponder } from './charge-outcome.responder';
import { ChargesController } from './charges.controller';
import { ChargesTools } from './charges.tools';
import { ProvidersController } from './providers.controller';
import { SandboxController } from './sandbox.controller';
import { IdempotencyService } from './idempotency/idempotency.service';
import { SandboxPaymentsService } from './sandbox-payments.service';

/** The charges use case (ChargesService), its REST routes and its MCP tools (ChargesTools, exported for McpModule). */
@Module({
  controllers: [ChargesController, ProvidersController, SandboxController],
  providers: [
    ChargesService,
    ChargeReadCache,
    IdempotencyService,
    SandboxPaymentsService,
    ChargeOutcomeResponder,
    ChargesTools,
  ],
  exports: [ChargesTools, ChargeReadCache],
})
export class ChargesModule {}
