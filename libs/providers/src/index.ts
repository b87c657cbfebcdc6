export * from './charge.model';
export * from './charge-provider';
export * from './charge-filters';
export * from './notification.model';
export * from './hash-uuid';
export * from './provider-error';
export * from './provider-settings';

// The provider library as a Nest module, and what the application binds to its tokens.
export * from './providers.module';
export * from './provider-state.backend';
export * from './provider-state.cipher';
export * from './provider-logger';
export * from './provider-call.runner';
export * from './provider-context.factory';
export * from './provider-registry';
export * from './provider-state.store';
export * from './provider-exchange.logger';

// The one list of banks and what each declares about itself.
export * from './bank-settings';
export * from './providers';

// The shared HTTP layer (mTLS, resilience, exchange events), for new banks and the integration tests.
export { PROVIDER_EXCHANGE_CHANNEL } from './http/exchange-events';
export type { ProviderExchangeEvent } from './http/exchange-events';
export { ProviderHttpError } from './http/http-failure';
export { MtlsAgentPool } from './http/mtls-agent.pool';
export { ProviderHttpClient } from './http/provider-http.client';
export { defaultResilience } from './http/resilience';
