import type { BankSettings } from '../bank-settings';

/**
 * The embedded sandbox's declared settings: it calls no API, so it has no base URL to override. Whether it is served
 * at all is the server's SANDBOX_ENABLED, read by the registry because SandboxProvider declares `sandbox: true`.
 */
export const SANDBOX_SETTINGS: BankSettings = { providerId: 'sandbox' };
