import type { TenantContext } from './tenant-context';

/**
 * What other features do when a tenant calls POST /initialize (or the MCP initialize_session tool): check what its
 * token asks of them (`beforeInitialize`, which may refuse with an AppError) and remember the tenant
 * (`afterInitialize`, best effort). Provided as one array under the `InitializeHooks` token by a global module.
 */
export interface InitializeHook {
  beforeInitialize?(tenant: TenantContext): Promise<void>;
  afterInitialize?(tenant: TenantContext): Promise<void>;
}
export const InitializeHooks = Symbol('InitializeHooks');
