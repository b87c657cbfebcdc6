export * from './charge.model';
export * from './charge-provider';
export * from './provider-error';
export * from './provider-settings';
