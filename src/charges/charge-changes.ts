import type { Charge } from '@lib/providers';
import type { TenantContext } from '../auth/tenant-context';

/**
 * Told when a charge changed through the gateway at a bank that does not notify by itself (the sandbox: its payments
 * and cancellations), so the change reaches consumers like a bank's notification. Provided as an array under the
 * `ChargeChangeListeners` token by a global module; a listener must not throw.
 */
export interface ChargeChangeListener {
  changed(tenant: TenantContext, charge: Charge): Promise<void>;
}
export const ChargeChangeListeners = Symbol('ChargeChangeListeners');
