import type { Charge, ChargeEventType, ChargeStatus } from '@lib/providers';

/** The one event shape the gateway sends (README "Webhooks"). */
export interface WebhookEvent {
  /** `evt_<26 base32hex>`: also the Standard Webhooks `webhook-id`, so consumers dedupe by it. */
  id: string;
  type: ChargeEventType;
  createdAt: string;
  providerId: string;
  tenantId: string;
  chargeId: string;
  status?: ChargeStatus;
  providerStatus?: string;
  /** True when the gateway read the charge from the bank (then `status` and `data` are the bank's current state). */
  verified: boolean;
  /** The unified charge, when known. */
  data: Charge | null;
}

/** Where an event goes and with which key it is signed: a tenant's own URL, or the operator's forward URL. */
export interface WebhookDestination {
  url: string;
  /** 'tenant': signed with the tenant's derived secret and held to the SSRF rules; 'operator': trusted. */
  kind: 'tenant' | 'operator';
}
