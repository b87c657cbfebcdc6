import { Module } from '@nestjs/common';
import { ChargeReadCache } from './charge-read.cache';
import { ChargesService } from './charges.service';
import { ChargeOutcomeResponder } from './charge-outcome.responder';
import { ChargesController } from './charges.controller';
import { ChargesTools } from './charges.tools';
import { ChargeDocumentsController } from './charge-documents.controller';
import { ChargeDocumentsService } from './charge-documents.service';
import { ChargeDocumentsTools } from './charge-documents.tools';
import { ProvidersController } from './providers.controller';
import { SandboxController } from './sandbox.controller';
import { IdempotencyService } from './idempotency/idempotency.service';
import { SandboxPaymentsService } from './sandbox-payments.service';
import { ChargeListingController } from './charge-listing.controller';
import { ChargeRefundsController } from './charge-refunds.controller';
import { ChargeListingService } from './listing/charge-listing.service';
import { ChargeRefundsService } from './refunds/charge-refunds.service';

/** The charges use case (ChargesService), its REST routes and its MCP tools (ChargesTools, exported for McpModule). */
@Module({
  controllers: [
    ChargeListingController,
    ChargesController,
    ChargeRefundsController,
    ChargeDocumentsController,
    ProvidersController,
    SandboxController,
  ],
  providers: [
    ChargesService,
    ChargeReadCache,
    IdempotencyService,
    SandboxPaymentsService,
    ChargeListingService,
    ChargeRefundsService,
    ChargeOutcomeResponder,
    ChargesTools,
    ChargeDocumentsService,
    ChargeDocumentsTools,
  ],
  exports: [ChargesTools, ChargeDocumentsTools, ChargeReadCache],
})
export class ChargesModule {}
