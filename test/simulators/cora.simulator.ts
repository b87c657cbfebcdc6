import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { buildBoleto, buildPixBrCode } from '@lib/brazil';
import { registerCoraDocuments } from './cora-sim.documents';
import { validateCoraInvoice } from './cora-sim.validation';
import { SimDocuments } from './sim-documents';
import { digits, SimTokens } from './sim-oauth';
import type { SimPki } from '../pki/sim-pki';
import { SimReply, SimRequest, SimServer } from './sim-server';

type Json = Record<string, unknown>;

interface Invoice {
  clientId: string;
  body: Json;
  status: string;
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
}

const errors = (status: number, code: string, description: string): SimReply => ({
  status,
  body: { errors: [{ code, description }] },
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Invoice state -> the webhook trigger /__sim/notify sends. Only `paid` is Cora's documented trigger; the others
 * are guesses (Cora's trigger table is unknown), any other state is sent lowercased.
 */
const CORA_TRIGGER: Record<string, string> = { PAID: 'paid', CANCELLED: 'canceled', LATE: 'overdue', OPEN: 'open' };

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/** POSTs a header-only notification (no body: content-length 0) and reads the answer. */
async function deliver(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.text()).slice(0, 4000) };
  } catch (err) {
    return { status: 0, body: (err as Error).message };
  }
}

/**
 * Cora "Integração Direta" simulator: POST /token (form grant_type + client_id, mTLS, no secret),
 * /v2/invoices create (Idempotency-Key: same key + same body = same invoice, another body = 409)
 * / get / DELETE (204; 422 once paid or cancelled), the Stage-only POST /v2/invoices/pay, and
 * controls: POST /__sim/charges/:id/{pay,overdue}, POST /__sim/tokens/expire, POST /__sim/config
 * {tokenTtlSeconds}, POST /__sim/notify {url, chargeId, event?} (delivers Cora's webhook for the invoice's current
 * state). Invoices are OPEN at once; amounts are cents; Pix is a BR Code in pix.emv.
 */
export class CoraSimulator extends SimServer {
  readonly tokens = new SimTokens();
  readonly invoices = new Map<string, Invoice>();
  /** The boleto PDFs the invoices' bank_slip.url serves (cora-sim.documents.ts). */
  readonly documents = new SimDocuments('Cora');
  /** Origin of the bank_slip.url links of new invoices (default: this simulator's own, where they are served). */
  documentOrigin?: string;
  private readonly idempotency = new Map<string, { hash: string; id: string }>();
  private created = 0;

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly clientIds: string[] = ['int-sim-client'],
  ) {
    super('cora', pki);
    this.route({ method: 'POST', path: '/token', handler: (r) => this.token(r) });
    registerCoraDocuments(this, (r, fn) => this.authed(r, fn));
    this.route({
      method: 'POST',
      path: '/v2/invoices',
      commits: true,
      handler: (r) => this.authed(r, (c) => this.create(r, c)),
    });
    this.route({ method: 'POST', path: '/v2/invoices/pay', handler: (r) => this.authed(r, (c) => this.payApi(r, c)) });
    this.route({ method: 'GET', path: '/v2/invoices', handler: (r) => this.authed(r, (c) => this.list(r, c)) });
    this.route({
      method: 'GET',
      path: '/v2/invoices/:id',
      handler: (r) => this.authed(r, (c) => this.read(r.params.id, c)),
    });
    this.route({
      method: 'DELETE',
      path: '/v2/invoices/:id',
      handler: (r) => this.authed(r, (c) => this.cancel(r.params.id, c)),
    });
    this.control('POST', '/__sim/charges/:id/pay', (r) =>
      this.transition(r.params.id, ['OPEN', 'LATE', 'IN_PAYMENT'], 'PAID'),
    );
    this.control('POST', '/__sim/charges/:id/overdue', (r) => this.transition(r.params.id, ['OPEN'], 'LATE'));
    this.control('POST', '/__sim/tokens/expire', () => ({ status: 200, body: { expired: this.tokens.expireAll() } }));
    this.control('POST', '/__sim/notify', (r) => this.notify(r.body as Json | undefined));
    this.control('POST', '/__sim/config', (r) => {
      const ttl = (r.body as Json | undefined)?.tokenTtlSeconds;
      if (!Number.isInteger(ttl) || (ttl as number) < 1)
        return { status: 400, body: { error: 'tokenTtlSeconds must be a positive integer' } };
      this.tokens.ttlSeconds = ttl as number;
      return { status: 200, body: { tokenTtlSeconds: ttl } };
    });
  }

  protected override statsBody(): Json {
    return {
      ...super.statsBody(),
      charges: this.created,
      invoices: this.invoices.size,
      tokenRequests: this.tokens.requests,
      tokensIssued: this.tokens.issued,
    };
  }

  private token(r: SimRequest): SimReply {
    this.tokens.requests++;
    const form = (r.body ?? {}) as Json;
    if (!String(r.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded'))
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' },
      };
    if (form.grant_type !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' } };
    if (typeof form.client_id !== 'string' || !this.clientIds.includes(form.client_id))
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' },
      };
    const { token, expiresIn } = this.tokens.issue(form.client_id, [], 'jwt-like');
    return {
      status: 200,
      body: {
        access_token: token,
        expires_in: expiresIn,
        refresh_expires_in: 0,
        token_type: 'Bearer',
        'not-before-policy': 0,
        scope: 'profile email',
      },
    };
  }

  private authed(r: SimRequest, fn: (clientId: string) => SimReply): SimReply {
    const check = this.tokens.check(r.headers.authorization);
    if (!check.ok) return errors(401, 'unauthorized', check.reason === 'expired' ? 'Token expired' : 'Invalid token');
    return fn(check.clientId);
  }

  private create(r: SimRequest, clientId: string): SimReply {
    if (r.body === SimServer.MALFORMED) return errors(400, 'invalid_body', 'Malformed JSON');
    const key = r.headers['idempotency-key'];
    if (typeof key !== 'string' || !UUID.test(key))
      return errors(400, 'invalid_idempotency_key', 'Idempotency-Key header must be a UUID');
    const problems = validateCoraInvoice(r.body);
    if (problems.length) return { status: 400, body: { errors: problems } };
    const hash = createHash('sha256').update(JSON.stringify(r.body)).digest('hex');
    const seen = this.idempotency.get(`${clientId}:${key}`);
    if (seen)
      return seen.hash === hash
        ? this.read(seen.id, clientId)
        : errors(409, 'idempotency_conflict', 'Idempotency-Key already used with another request');
    const body = r.body as Json;
    const id = `inv_${randomBytes(16).toString('base64url').replace(/[-_]/g, '').slice(0, 22)}`;
    const now = new Date().toISOString();
    const forms = (body.payment_forms as string[] | undefined) ?? ['BANK_SLIP'];
    const amount = (body.services as Json[]).reduce((s, x) => s + (x.amount as number), 0);
    const due = (body.payment_terms as Json).due_date as string;
    const stored: Json = { ...body, payment_forms: forms, total_amount: amount };
    if (forms.includes('BANK_SLIP')) {
      const slip = buildBoleto({ bankCode: '403', dueDate: due, amountCents: amount, freeField: digits(25) });
      stored.payment_options = {
        bank_slip: {
          barcode: slip.barcode,
          digitable: slip.digitableLine,
          url: `${this.documentOrigin ?? this.url}/boletos/${id}.pdf`,
        },
      };
    }
    if (forms.includes('PIX')) {
      stored.pix = {
        emv: buildPixBrCode({
          key: randomUUID(),
          merchantName: 'CORA SIMULATOR',
          merchantCity: 'SAO PAULO',
          amountCents: amount,
          txid: id.replace(/_/g, '').slice(0, 25),
          pointOfInitiation: 'dynamic',
        }),
      };
    }
    this.invoices.set(id, { clientId, body: stored, status: 'OPEN', createdAt: now, updatedAt: now });
    this.idempotency.set(`${clientId}:${key}`, { hash, id });
    this.created++;
    return this.read(id, clientId);
  }

  /**
   * GET /v2/invoices?start&end&state&search&page&perPage (official "Consulta de boletos"): the range is on the due
   * date, `search` the payer's CPF/CNPJ, `page` from 1; `{totalItems, items}`.
   */
  private list(r: SimRequest, clientId: string): SimReply {
    const q = (k: string) => r.query.get(k);
    const start = q('start');
    const end = q('end');
    if (!start || !end) return errors(400, 'invalid_range', 'start and end are required');
    const page = Math.max(1, Number(q('page') ?? '1') || 1);
    const perPage = Math.min(100, Math.max(1, Number(q('perPage') ?? '20') || 20));
    const all = [...this.invoices.entries()].filter(([, inv]) => {
      const due = (inv.body.payment_terms as Json).due_date as string;
      const doc = ((inv.body.customer as Json).document as Json).identity;
      return (
        inv.clientId === clientId &&
        due >= start &&
        due <= end &&
        (!q('state') || inv.status === q('state')) &&
        (!q('search') || doc === q('search'))
      );
    });
    const items = all.slice((page - 1) * perPage, page * perPage).map(([id]) => this.read(id, clientId).body);
    return { status: 200, body: { totalItems: all.length, items } };
  }

  private read(id: string, clientId: string): SimReply {
    const inv = this.invoices.get(id);
    if (!inv || inv.clientId !== clientId) return errors(404, 'not_found', 'Invoice not found');
    return {
      status: 200,
      body: {
        id,
        status: inv.status,
        created_at: inv.createdAt,
        updated_at: inv.updatedAt,
        ...inv.body,
        total_paid: inv.status === 'PAID' ? inv.body.total_amount : 0,
        ...(inv.paidAt ? { paid_at: inv.paidAt } : {}),
      },
    };
  }

  private cancel(id: string, clientId: string): SimReply {
    const inv = this.invoices.get(id);
    if (!inv || inv.clientId !== clientId) return errors(404, 'not_found', 'Invoice not found');
    if (!['DRAFT', 'OPEN', 'LATE'].includes(inv.status))
      return errors(422, 'invalid_status', `Invoice in status ${inv.status} cannot be cancelled`);
    this.set(inv, 'CANCELLED');
    return { status: 204 };
  }

  private payApi(r: SimRequest, clientId: string): SimReply {
    const id = (r.body as Json | undefined)?.id;
    const inv = typeof id === 'string' ? this.invoices.get(id) : undefined;
    if (!inv || inv.clientId !== clientId) return errors(404, 'not_found', 'Invoice not found');
    if (!['OPEN', 'LATE'].includes(inv.status))
      return errors(422, 'invalid_status', `Invoice in status ${inv.status} cannot be paid`);
    this.set(inv, 'PAID');
    return this.read(id as string, clientId);
  }

  private transition(id: string, from: string[], to: string): SimReply {
    const inv = this.invoices.get(id);
    if (!inv) return { status: 404, body: { error: 'no such invoice' } };
    if (!from.includes(inv.status)) return { status: 409, body: { error: `invoice is ${inv.status}` } };
    this.set(inv, to);
    return { status: 200, body: { id, status: to } };
  }

  /**
   * Delivers Cora's webhook for the invoice's current state, as Cora does: `POST url` with an empty body and
   * everything in the headers (user-agent Cora-Webhook, a fresh webhook-event-id `evt_...`, webhook-event-type
   * `invoice.<trigger>`, webhook-resource-id). `event` overrides the trigger (`paid` or `invoice.paid`). Answers the
   * receiver's HTTP status and body text (status 0 when it could not be reached).
   */
  private async notify(b: Json | undefined): Promise<SimReply> {
    const chargeId = b?.chargeId;
    const inv = typeof chargeId === 'string' ? this.invoices.get(chargeId) : undefined;
    if (!isHttpUrl(b?.url) || !inv)
      return { status: 400, body: { error: 'an http(s) url and the chargeId of an existing invoice are required' } };
    if (b?.event !== undefined && (typeof b.event !== 'string' || !/^[a-z][a-z0-9_.]{0,63}$/.test(b.event)))
      return { status: 400, body: { error: 'event must be a trigger such as "paid" or "invoice.paid"' } };
    const trigger = typeof b?.event === 'string' ? b.event : (CORA_TRIGGER[inv.status] ?? inv.status.toLowerCase());
    const eventType = trigger.includes('.') ? trigger : `invoice.${trigger}`;
    const eventId = `evt_${randomBytes(16).toString('base64url').replace(/[-_]/g, '').slice(0, 22)}`;
    const res = await deliver(b?.url as string, {
      'user-agent': 'Cora-Webhook',
      'webhook-event-id': eventId,
      'webhook-event-type': eventType,
      'webhook-resource-id': chargeId as string,
    });
    return { status: 200, body: { ...res, eventId, eventType } };
  }

  private set(inv: Invoice, status: string): void {
    inv.status = status;
    inv.updatedAt = new Date().toISOString();
    if (status === 'PAID') inv.paidAt = inv.updatedAt;
  }
}
