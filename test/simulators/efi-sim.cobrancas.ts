import { randomUUID } from 'node:crypto';
import { buildBoleto, buildPixBrCode, formatDigitableLine } from '@lib/brazil';
import type { EfiSimClient, EfiSimulator } from './efi.simulator';
import { efiPdfPath } from './efi-sim.documents';
import { listEfiCharges } from './efi-sim.listing';
import { chargesError, validateOneStep } from './efi-sim.validation';
import { digits } from './sim-oauth';
import { SimReply, SimRequest, SimServer } from './sim-server';

type Json = Record<string, unknown>;

/** The API Cobranças bearer check the routes run behind (the simulator's own). */
export type EfiChargesAuthed = (r: SimRequest, fn: (c: EfiSimClient) => SimReply) => SimReply;

/** One charge of the API Cobranças, as the simulator keeps it. */
export interface EfiCharge {
  clientId: string;
  request: Json;
  status: string;
  createdAt: string;
  history: { message: string; created_at: string }[];
  token: string;
  changes: Json[];
  billet: Json;
  pix?: Json;
}

/** `YYYY-MM-DD HH:mm:ss` in Brasília time, as Efí writes timestamps. */
function efiNow(): string {
  const d = new Date(Date.now() - 3 * 3600_000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The API Cobranças charge routes of EfiSimulator (CONTRACTS.md §1.4), over its `charges`: POST /v1/charge/one-step
 * (validated as Efí does, the formatted line in `barcode`, Bolix `pix` only when the account has it), GET
 * /v1/charge/:id, PUT /v1/charge/:id/cancel (only in new/waiting/unpaid/link, else 3500043), GET /v1/charges
 * (efi-sim.listing.ts) and GET /v1/notification/:token (the charge's status changes).
 */
export class EfiSimCobrancas {
  private nextId = 24342333;

  constructor(private readonly sim: EfiSimulator) {}

  /** Registers the routes on the simulator, each behind `authed`. */
  routes(authed: EfiChargesAuthed): void {
    const sim = this.sim;
    sim.route({
      method: 'POST',
      path: '/v1/charge/one-step',
      commits: true,
      handler: (r) => authed(r, (c) => this.create(r, c)),
    });
    sim.route({
      method: 'GET',
      path: '/v1/charge/:id',
      handler: (r) => authed(r, (c) => this.read(r.params.id, c)),
    });
    sim.route({
      method: 'PUT',
      path: '/v1/charge/:id/cancel',
      handler: (r) => authed(r, (c) => this.cancel(r.params.id, c)),
    });
    sim.route({
      method: 'GET',
      path: '/v1/charges',
      handler: (r) => authed(r, (c) => listEfiCharges(r, c.clientId, sim.charges)),
    });
    sim.route({
      method: 'GET',
      path: '/v1/notification/:token',
      handler: (r) => authed(r, (c) => this.notification(r.params.token, c)),
    });
  }

  /** The charge of that id (of `client` when given). */
  find(raw: string, client?: EfiSimClient): [number, EfiCharge] | undefined {
    const id = Number(raw);
    const c = this.sim.charges.get(id);
    return c && (!client || c.clientId === client.clientId) ? [id, c] : undefined;
  }

  /** Moves the charge to `status`, recording the change (and `message` in its history) as Efí does. */
  set(c: EfiCharge, id: number, status: string, message?: string, extra: Json = {}): void {
    const previous = c.changes.length ? c.status : null;
    c.status = status;
    const at = efiNow();
    if (message) c.history.push({ message, created_at: at });
    const custom = (c.request.metadata as Json | undefined)?.custom_id ?? null;
    c.changes.push({
      id: c.changes.length + 1,
      type: 'charge',
      custom_id: custom,
      status: { current: status, previous },
      identifiers: { charge_id: id },
      created_at: at,
      ...extra,
    });
  }

  private create(r: SimRequest, client: EfiSimClient): SimReply {
    if (r.body === SimServer.MALFORMED) return chargesError(3500034, 'validation_error', 'JSON mal formado');
    const invalid = validateOneStep(r.body);
    if (invalid) return invalid;
    const request = r.body as Json;
    const billet = (request.payment as Json).banking_billet as Json;
    const total = (request.items as Json[]).reduce((s, i) => s + (i.value as number) * ((i.amount as number) ?? 1), 0);
    const id = this.nextId++;
    const slip = buildBoleto({
      bankCode: '364',
      dueDate: billet.expire_at as string,
      amountCents: total,
      freeField: digits(25),
    });
    const now = efiNow();
    const stored: EfiCharge = {
      clientId: client.clientId,
      request: { ...request, total },
      status: 'new',
      createdAt: now,
      history: [{ message: 'Cobrança criada', created_at: now }],
      token: randomUUID(),
      changes: [],
      billet: {
        barcode: formatDigitableLine(slip.digitableLine),
        link: `https://sim.efipay.invalid/emissao/${id}`,
        pdf: { charge: `${this.sim.documentOrigin ?? this.sim.url}${efiPdfPath(id)}` },
        expire_at: billet.expire_at,
        configurations: billet.configurations ?? {},
        ...(billet.message ? { message: billet.message } : {}),
      },
    };
    if (client.bolix) {
      stored.pix = {
        qrcode: buildPixBrCode({
          key: client.pixKeys[0],
          merchantName: 'EFI SA',
          merchantCity: 'OURO PRETO',
          amountCents: total,
          txid: '***',
          pointOfInitiation: 'dynamic',
        }),
        qrcode_image: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
      };
      stored.billet.pix = stored.pix;
    }
    this.sim.charges.set(id, stored);
    this.set(stored, id, 'new');
    this.set(stored, id, 'waiting', 'Pagamento via boleto aguardando confirmação');
    return {
      status: 200,
      body: {
        code: 200,
        data: {
          barcode: stored.billet.barcode,
          ...(stored.pix ? { pix: stored.pix } : {}),
          link: stored.billet.link,
          billet_link: stored.billet.link,
          pdf: stored.billet.pdf,
          expire_at: billet.expire_at,
          charge_id: id,
          status: stored.status,
          total,
          payment: 'banking_billet',
        },
      },
    };
  }

  private view(id: number, c: EfiCharge): Json {
    const meta = (c.request.metadata as Json | undefined) ?? {};
    const billet = (c.request.payment as Json).banking_billet as Json;
    return {
      charge_id: id,
      total: c.request.total,
      status: c.status,
      custom_id: meta.custom_id ?? null,
      created_at: c.createdAt,
      notification_url: meta.notification_url ?? null,
      items: c.request.items,
      history: c.history,
      customer: billet.customer,
      payment: { method: 'banking_billet', created_at: c.createdAt, banking_billet: c.billet },
    };
  }

  private read(raw: string, client: EfiSimClient): SimReply {
    const found = this.find(raw, client);
    if (!found)
      return {
        status: 404,
        body: {
          code: 3500010,
          error: 'property_does_not_exists',
          error_description: { property: 'id', message: 'A propriedade [id] informada não existe.' },
        },
      };
    return { status: 200, body: { code: 200, data: this.view(...found) } };
  }

  private cancel(raw: string, client: EfiSimClient): SimReply {
    const found = this.find(raw, client);
    if (!found) return this.read(raw, client);
    const [id, c] = found;
    if (!['new', 'waiting', 'unpaid', 'link'].includes(c.status))
      return chargesError(
        3500043,
        'charge_status_not_allowed',
        'Apenas transações com status [new],[link],[waiting] ou [unpaid] podem ser canceladas.',
      );
    this.set(c, id, 'canceled', 'Cobrança cancelada');
    return { status: 200, body: { code: 200 } };
  }

  private notification(token: string, client: EfiSimClient): SimReply {
    const c = [...this.sim.charges.values()].find((x) => x.token === token && x.clientId === client.clientId);
    if (!c)
      return {
        status: 404,
        body: { code: 3500010, error: 'property_does_not_exists', error_description: 'Notificação não encontrada.' },
      };
    return { status: 200, body: { code: 200, data: c.changes } };
  }
}
