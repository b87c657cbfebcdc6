import { AsaasSimAccess } from './asaas-sim.access';
import { registerAsaasControls } from './asaas-sim.controls';
import { AsaasSimCustomers, SimAsaasCustomer } from './asaas-sim.customers';
import { registerAsaasDocuments } from './asaas-sim.documents';
import { AsaasSimPayments, SimAsaasPayment } from './asaas-sim.payments';
import { asaasBrCode, asaasPixQrCode } from './asaas-sim.pix';
import { refundBankSlip, refundPayment } from './asaas-sim.refunds';
import { SimDocuments } from './sim-documents';
import type { SimPki } from '../pki/sim-pki';
import { SimReply, SimRequest, SimServer } from './sim-server';

export { ASAAS_SIM_STATUSES } from './asaas-sim.payments';

type Json = Record<string, unknown>;

/** The default simulated account's API key and webhook token (what `simulators.ts` gives its default client). */
export const ASAAS_SIM_API_KEY = '$aact_hmlg_sim-asaas-key';
export const ASAAS_SIM_WEBHOOK_TOKEN = 'sim-asaas-webhook-token';

export interface AsaasSimAccount {
  apiKey: string;
  /** The webhook's "Token de Autenticação", sent in `asaas-access-token` by /__sim/notify. */
  webhookToken?: string;
  /** Refuse calls without a User-Agent (mandatory for accounts created from 2024-06-13). Default true. */
  requireUserAgent?: boolean;
}

/**
 * Asaas API v3 simulator (API under /v3; `start()` answers that base URL, what ASAAS_BASE_URL takes). Plain header
 * auth over HTTPS (the test CA's server certificate, no client certificate asked). What it follows, per CONTRACTS §1.3:
 * READ: `access_token` header, 401 `{errors:[{code:"invalid_access_token"}]}`, customers create/find by cpfCnpj (list
 * envelope), POST /payments → 200 without lines, billingType enum, `identificationField` `{identificationField,
 * nossoNumero, barCode}`, `pixQrCode` `{encodedImage, payload, expirationDate}` (a dynamic cobv on pix-h.asaas.com,
 * no amount in the payload, as in the OpenAPI example), DELETE → `{deleted:true,id}` only for PENDING/OVERDUE,
 * `deleted:true` on later reads, restore, the 14 statuses, the `errors[]` shape of 400s, 403 on a GET with a body,
 * 429 with RateLimit-Limit/Remaining/Reset, the sandbox /sandbox/payment/:id/{confirm,overdue}, webhook body
 * `{id, event, dateCreated, payment}` with `asaas-access-token`. INFERRED (configurable where it matters): the
 * missing-User-Agent answer (401 `invalid_user_agent`), duplicate customers allowed (`duplicateCustomers`), error
 * codes other than invalid_value/invalid_dueDate/invalid_access_token, the 400 `invalid_action` for a refused delete,
 * a 400 for identificationField of a PIX payment, the 429 body, bank code 461 on boletos (`bankCode`; the OpenAPI
 * example line is bank 001), no minimum value (`minValueCents`), fees in netValue, the lazy PENDING → OVERDUE after
 * the due date, and the Pix QR expiring 12 months after it (READ) at 23:59:59 (INFERRED). Notifications go out only
 * through /__sim/notify (no automatic delivery on transitions).
 * Refunds: /refund (Pix) and /bankSlip/refund (boleto), see asaas-sim.refunds.ts.
 * Pieces: asaas-sim.access.ts (auth, 429s), asaas-sim.customers.ts, asaas-sim.payments.ts, asaas-sim.pix.ts (QR),
 * asaas-sim.controls.ts (the /__sim/ controls).
 * Controls (also under /v3/__sim): /__sim/charges/:id/{pay {via?},overdue,refund,refund-confirm,status}, /__sim/notify {url, paymentId,
 * event, token?}, /__sim/rate-limit {count, reset?, limit?}, /__sim/config {duplicateCustomers, bankCode,
 * minValueCents, quotaPer12h}, plus the shared /__sim/faults and /__sim/stats (customers and charges counters).
 */
export class AsaasSimulator extends SimServer {
  readonly customers = new Map<string, SimAsaasCustomer>();
  readonly payments = new Map<string, SimAsaasPayment>();
  /** The boleto PDFs the payments' bankSlipUrl serves (asaas-sim.documents.ts). */
  readonly documents = new SimDocuments('Asaas');
  /** Origin of the bankSlipUrl links in answers (default: this simulator's own, where they are served). */
  documentOrigin?: string;
  duplicateCustomers = true;
  bankCode = '461';
  /** Smallest value accepted, cents (Asaas's minimum is not documented: any value above 0 by default). */
  minValueCents = 1;
  /** Who may call and how often (asaas-sim.access.ts). */
  private readonly access: AsaasSimAccess;
  private readonly customerApi = new AsaasSimCustomers(this);
  private readonly paymentApi = new AsaasSimPayments(this, this.customerApi);

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly accounts: AsaasSimAccount[] = [{ apiKey: ASAAS_SIM_API_KEY, webhookToken: ASAAS_SIM_WEBHOOK_TOKEN }],
  ) {
    super('asaas', pki);
    this.access = new AsaasSimAccess(accounts);
    const customers = this.customerApi;
    const payments = this.paymentApi;
    const api = (
      method: string,
      path: string,
      fn: (r: SimRequest, a: AsaasSimAccount) => SimReply | Promise<SimReply>,
    ) =>
      this.route({
        method,
        path: `/v3${path}`,
        commits: method === 'POST' && !path.includes(':'),
        handler: (r) => this.access.authed(r, fn),
      });
    registerAsaasDocuments(this, (r, fn) => this.access.authed(r, (_r, a) => fn(a)));
    api('POST', '/customers', (r, a) => customers.create(r, a));
    api('GET', '/customers', (r, a) => customers.list(r, a));
    api('GET', '/customers/:id', (r, a) => customers.read(r, a));
    api('POST', '/payments', (r, a) => payments.create(r, a));
    api('GET', '/payments', (r, a) => payments.list(r, a));
    api('GET', '/payments/:id', (r, a) => payments.with(r, a, (p) => ({ status: 200, body: this.view(p) })));
    api('GET', '/payments/:id/status', (r, a) =>
      payments.with(r, a, (p) => ({ status: 200, body: { status: payments.tick(p).status } })),
    );
    api('GET', '/payments/:id/identificationField', (r, a) => payments.with(r, a, (p) => payments.line(p)));
    api('GET', '/payments/:id/pixQrCode', (r, a) => payments.with(r, a, (p) => asaasPixQrCode(p)));
    api('DELETE', '/payments/:id', (r, a) => payments.with(r, a, (p) => payments.remove(p)));
    api('POST', '/payments/:id/refund', (r, a) =>
      payments.with(r, a, (p) => {
        const res = refundPayment(p, r.body as Json | undefined, (to) => payments.move(p, to));
        return res.status === 200 ? { status: 200, body: this.view(p) } : res;
      }),
    );
    api('POST', '/payments/:id/bankSlip/refund', (r, a) =>
      payments.with(r, a, (p) => refundBankSlip(p, r.body, (to) => payments.move(p, to))),
    );
    api('POST', '/payments/:id/restore', (r, a) =>
      payments.with(r, a, (p) => ((p.deleted = false), { status: 200, body: this.view(p) })),
    );
    api('POST', '/sandbox/payment/:id/confirm', (r, a) =>
      payments.with(r, a, (p) => payments.apiMove(p, ['PENDING', 'OVERDUE'], 'RECEIVED')),
    );
    api('POST', '/sandbox/payment/:id/overdue', (r, a) =>
      payments.with(r, a, (p) => payments.apiMove(p, ['PENDING'], 'OVERDUE')),
    );
    for (const prefix of ['/__sim', '/v3/__sim']) {
      const ctl = (method: string, path: string, fn: SimRoute) => this.control(method, `${prefix}${path}`, fn);
      if (prefix !== '/__sim') {
        ctl('GET', '/stats', () => ({ status: 200, body: this.statsBody() }));
        ctl('POST', '/faults', (r) => {
          const e = this.faults.configure(r.body);
          return e ? { status: 400, body: { error: e } } : { status: 200, body: this.faults.snapshot() };
        });
        ctl('POST', '/faults/reset', () => (this.faults.reset(), { status: 200, body: this.faults.snapshot() }));
      }
      registerAsaasControls(ctl, this, payments, this.access);
    }
  }

  /** The API base URL (origin + /v3): what ASAAS_BASE_URL takes. */
  get apiUrl(): string {
    return `${this.url}/v3`;
  }

  /** Starts the server and stops asking for a client certificate (Asaas has no mTLS); answers the API base URL. */
  override async start(port = 0, host = '127.0.0.1'): Promise<string> {
    await super.start(port, host);
    // SimServer always requires a client certificate; Node reads these per new connection.
    const server = Reflect.get(this, 'server') as unknown as { requestCert: boolean; rejectUnauthorized: boolean };
    server.requestCert = false;
    server.rejectUnauthorized = false;
    return this.apiUrl;
  }

  protected override statsBody(): Json {
    return {
      ...super.statsBody(),
      charges: this.paymentApi.created,
      customers: this.customerApi.created,
      payments: this.payments.size,
    };
  }

  /** The payment as Asaas answers it (asaas-sim.payments.ts). */
  view(p: SimAsaasPayment): Json {
    return this.paymentApi.view(p);
  }

  /** The BR Code of a dynamic cobv at pix-h.asaas.com, shaped like the OpenAPI example (no amount in it). */
  brCode(p: SimAsaasPayment): string {
    return asaasBrCode(p);
  }
}

type SimRoute = (r: SimRequest) => SimReply | Promise<SimReply>;
