import { randomBytes } from 'node:crypto';
import { toDataURL } from 'qrcode';
import { buildBoleto, centsToDecimal, crc16, todayInSaoPaulo } from '@lib/brazil';
import { registerAsaasDocuments } from './asaas-sim.documents';
import { confirmRefund, refundBankSlip, refundPayment, SimAsaasRefund } from './asaas-sim.refunds';
import { reaisToCents, validateCustomer, validatePayment } from './asaas-sim.validation';
import { SimDocuments } from './sim-documents';
import { digits } from './sim-oauth';
import type { SimPki } from '../pki/sim-pki';
import { SimReply, SimRequest, SimServer } from './sim-server';

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

/** The 14 values of the OpenAPI `PaymentGetResponsePaymentStatus`, plus AUTHORIZED (third-party mocks only). */
export const ASAAS_SIM_STATUSES = [
  'PENDING',
  'RECEIVED',
  'CONFIRMED',
  'OVERDUE',
  'REFUNDED',
  'RECEIVED_IN_CASH',
  'REFUND_REQUESTED',
  'REFUND_IN_PROGRESS',
  'CHARGEBACK_REQUESTED',
  'CHARGEBACK_DISPUTE',
  'AWAITING_CHARGEBACK_REVERSAL',
  'DUNNING_REQUESTED',
  'DUNNING_RECEIVED',
  'AWAITING_RISK_ANALYSIS',
  'AUTHORIZED',
];
const PAID = new Set(['RECEIVED', 'CONFIRMED', 'RECEIVED_IN_CASH', 'DUNNING_RECEIVED']);

interface Customer {
  apiKey: string;
  id: string;
  data: Json;
  dateCreated: string;
  deleted: boolean;
}

interface Payment {
  apiKey: string;
  id: string;
  request: Json;
  cents: number;
  status: string;
  deleted: boolean;
  dateCreated: string;
  nossoNumero: string;
  slip?: { barcode: string; digitableLine: string };
  paidOn?: string;
  /** Refunds (`POST /payments/:id/refund` done at once, `bankSlip/refund` PENDING): asaas-sim.refunds.ts. */
  refunds?: SimAsaasRefund[];
  /** How it was paid: Pix (`pixTransaction` set) or the boleto itself. */
  paidWith?: 'PIX' | 'BOLETO';
  /** The QR image (base64 PNG), drawn once. */
  qrImage?: string;
}

const errors = (status: number, code: string, description: string, headers?: Record<string, string>): SimReply => ({
  status,
  body: { errors: [{ code, description }] },
  ...(headers ? { headers } : {}),
});
const tlv = (id: string, value: string) => `${id}${String(value.length).padStart(2, '0')}${value}`;
/** Brasília wall-clock time as Asaas writes it: `YYYY-MM-DD HH:mm:ss`, no zone (Brazil has no DST since 2019). */
const spNow = () => new Date(Date.now() - 3 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const idOf = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, '0').slice(0, 12)}`;

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
 * Controls (also under /v3/__sim): /__sim/charges/:id/{pay {via?},overdue,refund,refund-confirm,status}, /__sim/notify {url, paymentId,
 * event, token?}, /__sim/rate-limit {count, reset?, limit?}, /__sim/config {duplicateCustomers, bankCode,
 * minValueCents, quotaPer12h}, plus the shared /__sim/faults and /__sim/stats (customers and charges counters).
 */
export class AsaasSimulator extends SimServer {
  readonly customers = new Map<string, Customer>();
  readonly payments = new Map<string, Payment>();
  /** The boleto PDFs the payments' bankSlipUrl serves (asaas-sim.documents.ts). */
  readonly documents = new SimDocuments('Asaas');
  /** Origin of the bankSlipUrl links in answers (default: this simulator's own, where they are served). */
  documentOrigin?: string;
  duplicateCustomers = true;
  bankCode = '461';
  /** Smallest value accepted, cents (Asaas's minimum is not documented: any value above 0 by default). */
  minValueCents = 1;
  private rateLimit = { count: 0, reset: 30, limit: 100 };
  private quota?: { limit: number; used: Map<string, { count: number; since: number }> };
  private customersCreated = 0;
  private paymentsCreated = 0;

  constructor(
    pki: Pick<SimPki, 'caPem' | 'serverCertPem' | 'serverKeyPem'>,
    readonly accounts: AsaasSimAccount[] = [{ apiKey: ASAAS_SIM_API_KEY, webhookToken: ASAAS_SIM_WEBHOOK_TOKEN }],
  ) {
    super('asaas', pki);
    const api = (
      method: string,
      path: string,
      fn: (r: SimRequest, a: AsaasSimAccount) => SimReply | Promise<SimReply>,
    ) =>
      this.route({
        method,
        path: `/v3${path}`,
        commits: method === 'POST' && !path.includes(':'),
        handler: (r) => this.authed(r, fn),
      });
    registerAsaasDocuments(this, (r, fn) => this.authed(r, (_r, a) => fn(a)));
    api('POST', '/customers', (r, a) => this.createCustomer(r, a));
    api('GET', '/customers', (r, a) => this.listCustomers(r, a));
    api('GET', '/customers/:id', (r, a) =>
      this.withCustomer(r, a, (c) => ({ status: 200, body: this.customerView(c) })),
    );
    api('POST', '/payments', (r, a) => this.createPayment(r, a));
    api('GET', '/payments', (r, a) => this.listPayments(r, a));
    api('GET', '/payments/:id', (r, a) => this.withPayment(r, a, (p) => ({ status: 200, body: this.view(p) })));
    api('GET', '/payments/:id/status', (r, a) =>
      this.withPayment(r, a, (p) => ({ status: 200, body: { status: this.tick(p).status } })),
    );
    api('GET', '/payments/:id/identificationField', (r, a) => this.withPayment(r, a, (p) => this.line(p)));
    api('GET', '/payments/:id/pixQrCode', (r, a) => this.withPayment(r, a, (p) => this.pix(p)));
    api('DELETE', '/payments/:id', (r, a) => this.withPayment(r, a, (p) => this.remove(p)));
    api('POST', '/payments/:id/refund', (r, a) =>
      this.withPayment(r, a, (p) => {
        const res = refundPayment(p, r.body as Json | undefined, (to) => this.move(p, to));
        return res.status === 200 ? { status: 200, body: this.view(p) } : res;
      }),
    );
    api('POST', '/payments/:id/bankSlip/refund', (r, a) =>
      this.withPayment(r, a, (p) => refundBankSlip(p, r.body, (to) => this.move(p, to))),
    );
    api('POST', '/payments/:id/restore', (r, a) =>
      this.withPayment(r, a, (p) => ((p.deleted = false), { status: 200, body: this.view(p) })),
    );
    api('POST', '/sandbox/payment/:id/confirm', (r, a) =>
      this.withPayment(r, a, (p) => this.apiMove(p, ['PENDING', 'OVERDUE'], 'RECEIVED')),
    );
    api('POST', '/sandbox/payment/:id/overdue', (r, a) =>
      this.withPayment(r, a, (p) => this.apiMove(p, ['PENDING'], 'OVERDUE')),
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
      // `{via: "PIX"}` pays a BOLETO with its Pix QR (`pixTransaction` set); a PIX payment is always paid by Pix.
      ctl('POST', '/charges/:id/pay', (r) => {
        const reply = this.control_(
          r,
          ['PENDING', 'OVERDUE', 'AWAITING_RISK_ANALYSIS'],
          (r.body as Json | undefined)?.status === 'CONFIRMED' ? 'CONFIRMED' : 'RECEIVED',
        );
        const p = this.payments.get(r.params.id);
        if (reply.status === 200 && p)
          p.paidWith =
            p.request.billingType === 'PIX' || (r.body as Json | undefined)?.via === 'PIX' ? 'PIX' : 'BOLETO';
        return reply.status === 200 && p ? { status: 200, body: this.view(p) } : reply;
      });
      ctl('POST', '/charges/:id/refund-confirm', (r) => {
        const p = this.payments.get(r.params.id);
        return p ? confirmRefund(p, (to) => this.move(p, to)) : { status: 404, body: { error: 'no such payment' } };
      });
      ctl('POST', '/charges/:id/overdue', (r) => this.control_(r, ['PENDING'], 'OVERDUE'));
      ctl('POST', '/charges/:id/refund', (r) =>
        this.control_(r, ['RECEIVED', 'CONFIRMED', 'RECEIVED_IN_CASH'], 'REFUNDED'),
      );
      ctl('POST', '/charges/:id/status', (r) => {
        const to = (r.body as Json | undefined)?.status;
        if (typeof to !== 'string' || !ASAAS_SIM_STATUSES.includes(to))
          return { status: 400, body: { error: `status must be one of ${ASAAS_SIM_STATUSES.join(', ')}` } };
        return this.control_(r, ASAAS_SIM_STATUSES, to);
      });
      ctl('POST', '/notify', (r) => this.notify(r.body as Json | undefined));
      ctl('POST', '/rate-limit', (r) => this.configureRateLimit(r.body as Json | undefined));
      ctl('POST', '/config', (r) => this.configure(r.body as Json | undefined));
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
      charges: this.paymentsCreated,
      customers: this.customersCreated,
      payments: this.payments.size,
    };
  }

  private configure(b: Json | undefined): SimReply {
    if (b?.duplicateCustomers !== undefined) this.duplicateCustomers = b.duplicateCustomers === true;
    if (b?.bankCode !== undefined) {
      if (typeof b.bankCode !== 'string' || !/^[0-79]\d{2}$/.test(b.bankCode))
        return { status: 400, body: { error: 'bankCode must be 3 digits' } };
      this.bankCode = b.bankCode;
    }
    if (b?.minValueCents !== undefined) {
      if (!Number.isInteger(b.minValueCents) || (b.minValueCents as number) < 1)
        return { status: 400, body: { error: 'minValueCents must be a positive integer' } };
      this.minValueCents = b.minValueCents as number;
    }
    if (b?.quotaPer12h !== undefined) {
      const n = b.quotaPer12h;
      this.quota = Number.isInteger(n) && (n as number) > 0 ? { limit: n as number, used: new Map() } : undefined;
    }
    return {
      status: 200,
      body: {
        duplicateCustomers: this.duplicateCustomers,
        bankCode: this.bankCode,
        minValueCents: this.minValueCents,
        quotaPer12h: this.quota?.limit ?? null,
      },
    };
  }

  private configureRateLimit(b: Json | undefined): SimReply {
    const int = (v: unknown, fallback: number) =>
      Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fallback;
    this.rateLimit = { count: int(b?.count, 1), reset: int(b?.reset, 30), limit: int(b?.limit, 100) };
    return { status: 200, body: { ...this.rateLimit } };
  }

  private authed(
    r: SimRequest,
    fn: (r: SimRequest, a: AsaasSimAccount) => SimReply | Promise<SimReply>,
  ): SimReply | Promise<SimReply> {
    const key = r.headers.access_token;
    const account = typeof key === 'string' ? this.accounts.find((a) => a.apiKey === key) : undefined;
    if (!account) {
      const description =
        typeof key !== 'string' || key === ''
          ? 'O cabeçalho access_token não foi informado.'
          : key.startsWith('$aact_prod_')
            ? 'A chave de API fornecida pertence a outro ambiente.'
            : 'A chave de API fornecida é inválida';
      return errors(401, 'invalid_access_token', description);
    }
    if (account.requireUserAgent !== false && !r.headers['user-agent'])
      return errors(401, 'invalid_user_agent', 'É obrigatório enviar o User-Agent no header de todas as requisições.');
    if (r.method === 'GET' && r.body !== undefined)
      return errors(403, 'forbidden', 'Requisições GET devem ser enviadas com o corpo vazio.');
    const limited = this.limited(account);
    if (limited) return limited;
    if (r.body === SimServer.MALFORMED) return errors(400, 'invalid_object', 'JSON mal formado.');
    return fn(r, account);
  }

  /** A forced 429 burst, or the account's 12 h quota spent: 429 with the RateLimit-* headers. */
  private limited(account: AsaasSimAccount): SimReply | undefined {
    const headers = (reset: number, limit: number) => ({
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': String(reset),
    });
    if (this.rateLimit.count > 0) {
      this.rateLimit.count--;
      return errors(
        429,
        'rate_limit_exceeded',
        'Limite de requisições excedido.',
        headers(this.rateLimit.reset, this.rateLimit.limit),
      );
    }
    if (!this.quota) return undefined;
    const now = Date.now();
    let used = this.quota.used.get(account.apiKey);
    if (!used || now - used.since >= 12 * 3600_000)
      this.quota.used.set(account.apiKey, (used = { count: 0, since: now }));
    if (++used.count <= this.quota.limit) return undefined;
    const reset = Math.ceil((used.since + 12 * 3600_000 - now) / 1000);
    return errors(429, 'quota_exceeded', 'Cota de requisições excedida.', headers(reset, this.quota.limit));
  }

  private createCustomer(r: SimRequest, a: AsaasSimAccount): SimReply {
    const problems = validateCustomer(r.body);
    if (problems.length) return { status: 400, body: { errors: problems } };
    const data = r.body as Json;
    const cpfCnpj = String(data.cpfCnpj)
      .replace(/[.\-/\s]/g, '')
      .toUpperCase();
    if (!this.duplicateCustomers && this.liveCustomers(a).some((c) => c.data.cpfCnpj === cpfCnpj))
      return errors(400, 'invalid_cpfCnpj', 'Já existe um cliente cadastrado com este CPF/CNPJ.');
    const id = `cus_${digits(12)}`;
    const customer: Customer = {
      apiKey: a.apiKey,
      id,
      data: { ...data, cpfCnpj },
      dateCreated: todayInSaoPaulo(),
      deleted: false,
    };
    this.customers.set(id, customer);
    this.customersCreated++;
    return { status: 200, body: this.customerView(customer) };
  }

  private customerView(c: Customer): Json {
    const d = c.data;
    return {
      object: 'customer',
      id: c.id,
      dateCreated: c.dateCreated,
      name: d.name,
      email: d.email ?? null,
      phone: d.phone ?? null,
      mobilePhone: d.mobilePhone ?? null,
      address: d.address ?? null,
      addressNumber: d.addressNumber ?? null,
      complement: d.complement ?? null,
      province: d.province ?? null,
      postalCode: typeof d.postalCode === 'string' ? d.postalCode.replace(/\D/g, '') : null,
      cpfCnpj: d.cpfCnpj,
      personType: String(d.cpfCnpj).length === 14 ? 'JURIDICA' : 'FISICA',
      deleted: c.deleted,
      externalReference: d.externalReference ?? null,
      notificationDisabled: d.notificationDisabled === true,
      foreignCustomer: false,
    };
  }

  private liveCustomers(a: AsaasSimAccount): Customer[] {
    return [...this.customers.values()].filter((c) => c.apiKey === a.apiKey && !c.deleted);
  }

  private listCustomers(r: SimRequest, a: AsaasSimAccount): SimReply {
    const doc = r.query
      .get('cpfCnpj')
      ?.replace(/[.\-/\s]/g, '')
      .toUpperCase();
    const ref = r.query.get('externalReference');
    const items = this.liveCustomers(a).filter(
      (c) => (!doc || c.data.cpfCnpj === doc) && (!ref || c.data.externalReference === ref),
    );
    return this.page(
      r,
      items.map((c) => this.customerView(c)),
    );
  }

  private page(r: SimRequest, all: Json[]): SimReply {
    const offset = Math.max(0, Number(r.query.get('offset') ?? '0') || 0);
    const limit = Math.min(100, Math.max(1, Number(r.query.get('limit') ?? '10') || 10));
    const data = all.slice(offset, offset + limit);
    return {
      status: 200,
      body: { object: 'list', hasMore: offset + limit < all.length, totalCount: all.length, limit, offset, data },
    };
  }

  private withCustomer(r: SimRequest, a: AsaasSimAccount, fn: (c: Customer) => SimReply): SimReply {
    const c = this.customers.get(r.params.id);
    return c && c.apiKey === a.apiKey ? fn(c) : { status: 404 };
  }

  private createPayment(r: SimRequest, a: AsaasSimAccount): SimReply {
    const problems = validatePayment(
      r.body,
      (id) => this.liveCustomers(a).some((c) => c.id === id),
      this.minValueCents,
    );
    if (problems.length) return { status: 400, body: { errors: problems } };
    const request = r.body as Json;
    const cents = reaisToCents(request.value) as number;
    const p: Payment = {
      apiKey: a.apiKey,
      id: idOf('pay'),
      request,
      cents,
      status: 'PENDING',
      deleted: false,
      dateCreated: todayInSaoPaulo(),
      nossoNumero: String(Number(digits(8))),
    };
    if (request.billingType === 'BOLETO' || request.billingType === 'UNDEFINED') {
      const free = `${digits(4)}${'09'}${p.nossoNumero.padStart(11, '0')}${digits(7)}0`;
      p.slip = buildBoleto({
        bankCode: this.bankCode,
        dueDate: String(request.dueDate),
        amountCents: cents,
        freeField: free,
      });
    }
    this.payments.set(p.id, p);
    this.paymentsCreated++;
    return { status: 200, body: this.view(p) };
  }

  private listPayments(r: SimRequest, a: AsaasSimAccount): SimReply {
    const q = (k: string) => r.query.get(k);
    const items = [...this.payments.values()]
      .filter((p) => p.apiKey === a.apiKey && !p.deleted)
      .map((p) => this.tick(p))
      .filter(
        (p) =>
          (!q('externalReference') || p.request.externalReference === q('externalReference')) &&
          (!q('customer') || p.request.customer === q('customer')) &&
          (!q('billingType') || p.request.billingType === q('billingType')) &&
          (!q('status') || p.status === q('status')) &&
          within(String(p.dateCreated).slice(0, 10), q('dateCreated[ge]'), q('dateCreated[le]')) &&
          within(p.request.dueDate as string | undefined, q('dueDate[ge]'), q('dueDate[le]')) &&
          within(p.paidOn, q('paymentDate[ge]'), q('paymentDate[le]')),
      );
    return this.page(
      r,
      items.map((p) => this.view(p)),
    );
  }

  /** A payment of this account, deleted ones included (Asaas still reads them, with `deleted: true`). */
  private withPayment(
    r: SimRequest,
    a: AsaasSimAccount,
    fn: (p: Payment) => SimReply | Promise<SimReply>,
  ): SimReply | Promise<SimReply> {
    const p = this.payments.get(r.params.id);
    if (!p || p.apiKey !== a.apiKey) return { status: 404 };
    return fn(this.tick(p));
  }

  /** Asaas turns PENDING into OVERDUE after the due date (a daily job): here, lazily at read time. */
  private tick(p: Payment): Payment {
    if (p.status === 'PENDING' && String(p.request.dueDate) < todayInSaoPaulo()) p.status = 'OVERDUE';
    return p;
  }

  view(p: Payment): Json {
    const q = p.request;
    const paid =
      PAID.has(p.status) ||
      p.status.startsWith('REFUND') ||
      p.status.startsWith('CHARGEBACK') ||
      p.status === 'AWAITING_CHARGEBACK_REVERSAL';
    const fee = q.billingType === 'PIX' ? 99 : 199;
    const short = p.id.slice(4);
    return {
      object: 'payment',
      id: p.id,
      dateCreated: p.dateCreated,
      customer: q.customer,
      value: Number(centsToDecimal(p.cents)),
      netValue: Number(centsToDecimal(Math.max(0, p.cents - fee))),
      originalValue: null,
      interestValue: null,
      description: q.description ?? null,
      billingType: q.billingType,
      canBePaidAfterDueDate: true,
      pixTransaction: p.paidWith === 'PIX' ? `${short}-pix` : null,
      status: p.status,
      dueDate: q.dueDate,
      originalDueDate: q.dueDate,
      paymentDate: paid ? (p.paidOn ?? null) : null,
      clientPaymentDate: paid ? (p.paidOn ?? null) : null,
      confirmedDate: paid ? (p.paidOn ?? null) : null,
      installmentNumber: null,
      invoiceUrl: `https://sandbox.asaas.com/i/${short}`,
      invoiceNumber: p.nossoNumero.padStart(8, '0'),
      externalReference: q.externalReference ?? null,
      deleted: p.deleted,
      refunds:
        p.refunds?.map((r) => ({
          dateCreated: r.dateCreated,
          status: r.status,
          value: Number(centsToDecimal(r.cents)),
          description: r.description,
        })) ?? null,
      anticipated: false,
      anticipable: false,
      creditDate: paid ? (p.paidOn ?? null) : null,
      estimatedCreditDate: null,
      transactionReceiptUrl: paid ? `https://sandbox.asaas.com/comprovantes/${short}` : null,
      nossoNumero: p.slip ? p.nossoNumero : null,
      bankSlipUrl: p.slip ? `${this.documentOrigin ?? this.url}/b/pdf/${short}` : null,
      discount: q.discount ?? { value: 0, dueDateLimitDays: 0, type: 'FIXED' },
      fine: q.fine ?? { value: 0 },
      interest: q.interest ?? { value: 0 },
      postalService: false,
    };
  }

  private line(p: Payment): SimReply {
    if (!p.slip) return errors(400, 'invalid_action', 'Esta cobrança não possui boleto.');
    return {
      status: 200,
      body: { identificationField: p.slip.digitableLine, nossoNumero: p.nossoNumero, barCode: p.slip.barcode },
    };
  }

  /** The BR Code of a dynamic cobv at pix-h.asaas.com, shaped like the OpenAPI example (no amount in it). */
  brCode(p: Payment): string {
    const gui = tlv('00', 'br.gov.bcb.pix') + tlv('25', `pix-h.asaas.com/pixqrcode/cobv/${p.id}`);
    const body = [
      tlv('00', '01'),
      tlv('01', '12'),
      tlv('26', gui),
      tlv('52', '0000'),
      tlv('53', '986'),
      tlv('58', 'BR'),
      tlv('59', 'ASAAS'),
      tlv('60', 'Joinville'),
      tlv('61', '89228271'),
      tlv('62', tlv('05', '***')),
      '6304',
    ].join('');
    return body + crc16(body);
  }

  private async pix(p: Payment): Promise<SimReply> {
    if (!['PIX', 'BOLETO', 'UNDEFINED'].includes(String(p.request.billingType)))
      return errors(400, 'invalid_billingType', 'Pix não habilitado para esta cobrança.');
    const payload = this.brCode(p);
    const [y, m, d] = String(p.request.dueDate).split('-').map(Number);
    const expires = new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
    p.qrImage ??= (await toDataURL(payload, { margin: 1, width: 160 })).replace(/^data:image\/png;base64,/, '');
    const image = p.qrImage;
    return {
      status: 200,
      body: {
        encodedImage: image,
        payload,
        expirationDate: `${expires} 23:59:59`,
        description: p.request.description ?? null,
      },
    };
  }

  private remove(p: Payment): SimReply {
    if (p.deleted || !['PENDING', 'OVERDUE'].includes(p.status))
      return errors(400, 'invalid_action', 'Somente cobranças aguardando pagamento ou vencidas podem ser removidas.');
    p.deleted = true;
    return { status: 200, body: { deleted: true, id: p.id } };
  }

  private move(p: Payment, to: string): void {
    p.status = to;
    if (PAID.has(to)) p.paidOn ??= todayInSaoPaulo();
  }

  private apiMove(p: Payment, from: string[], to: string): SimReply {
    if (p.deleted || !from.includes(p.status))
      return errors(400, 'invalid_action', `A cobrança se encontra na situação ${p.status}.`);
    this.move(p, to);
    return { status: 200, body: this.view(p) };
  }

  private control_(r: SimRequest, from: string[], to: string): SimReply {
    const p = this.payments.get(r.params.id);
    if (!p) return { status: 404, body: { error: 'no such payment' } };
    if (p.deleted || !from.includes(this.tick(p).status))
      return { status: 409, body: { error: `payment is ${p.deleted ? 'deleted' : p.status}` } };
    this.move(p, to);
    return { status: 200, body: this.view(p) };
  }

  /** POSTs `{id, event, dateCreated, payment}` to `url` with the account's `asaas-access-token` (or `token`; null: none). */
  private async notify(b: Json | undefined): Promise<SimReply> {
    const p = typeof b?.paymentId === 'string' ? this.payments.get(b.paymentId) : undefined;
    if (typeof b?.url !== 'string' || typeof b.event !== 'string' || !p)
      return { status: 400, body: { error: 'url, event and the paymentId of an existing payment are required' } };
    const account = this.accounts.find((a) => a.apiKey === p.apiKey);
    const token = b.token === null ? undefined : typeof b.token === 'string' ? b.token : account?.webhookToken;
    const eventId = `evt_${randomBytes(16).toString('hex')}&${digits(9)}`;
    const body = { id: eventId, event: b.event, dateCreated: spNow(), payment: this.view(this.tick(p)) };
    const res = await fetch(b.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'asaas-access-token': token } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch((err: Error) => ({ status: 0, text: () => Promise.resolve(err.message) }));
    return { status: 200, body: { eventId, status: res.status, response: (await res.text()).slice(0, 2000) } };
  }
}

type SimRoute = (r: SimRequest) => SimReply | Promise<SimReply>;

/** GET /payments's `[ge]`/`[le]` day filters: a payment without the day never matches a range on it. */
function within(value: string | undefined, ge: string | null, le: string | null): boolean {
  if (ge === null && le === null) return true;
  return value !== undefined && (ge === null || value >= ge) && (le === null || value <= le);
}
