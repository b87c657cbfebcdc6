import type { Charge } from '@lib/providers';
import type { TenantContext } from '../auth/tenant-context';

/**
 * Told when a charge changed through the gateway in a way its bank may not announce by itself (the sandbox's payments
 * and cancellations; a refund that leaves a charge REFUNDED at any bank), so the change reaches consumers like a
 * bank's notification. Provided as an array under the `ChargeChangeListeners` token by a global module; a listener
 * must not throw.
 */
export interface ChargeChangeListener {
  changed(tenant: TenantContext, charge: Charge): Promise<void>;
}
export const ChargeChangeListeners = Symbol('ChargeChangeListeners');
