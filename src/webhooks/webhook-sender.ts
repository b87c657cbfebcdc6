import { Agent, request } from 'undici';
import { blockedAddressLookup } from '../common/http/blocked-address';
import { DestinationGuard } from './destination-guard';
import type { WebhookDestination } from './webhook-event';
import { signatureHeaders } from './webhook-secrets';

export interface SendResult {
  ok: boolean;
  /** The consumer's HTTP status, when it answered. */
  status?: number;
  /** Short, safe reason when not ok (never the body). */
  reason?: string;
  latencyMs: number;
}

/**
 * Posts one signed event: no redirects followed (a 3xx is a failure), WEBHOOK_TIMEOUT_MS for the whole exchange, and
 * for a tenant's URL every resolved address checked again at connect time (no DNS rebinding past the /initialize check).
 */
export class WebhookSender {
  private readonly open: Agent;
  private readonly guarded: Agent;

  constructor(
    private readonly guard: DestinationGuard,
    private readonly timeoutMs: number,
  ) {
    this.open = new Agent({ connectTimeout: timeoutMs });
    this.guarded = new Agent({ connectTimeout: timeoutMs, connect: { lookup: blockedAddressLookup } });
  }

  async send(destination: WebhookDestination, key: Buffer, eventId: string, body: string): Promise<SendResult> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const url = new URL(destination.url);
    const dispatcher =
      destination.kind === 'tenant' && !this.guard.isAllowedHost(url.hostname) ? this.guarded : this.open;
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'mcp-maax-cob-webhooks/1',
          ...signatureHeaders(key, eventId, body, Math.floor(Date.now() / 1000)),
        },
        body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return { ok, status: res.statusCode, latencyMs: latency(), ...(ok ? {} : { reason: `HTTP ${res.statusCode}` }) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
      return { ok: false, reason: String(code).slice(0, 40), latencyMs: latency() };
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.open.close(), this.guarded.close()]);
  }
}
