import { todayInSaoPaulo } from '@lib/brazil';
import type { AsaasSimAccount, AsaasSimulator } from './asaas.simulator';
import { asaasError as errors, validateCustomer } from './asaas-sim.validation';
import { digits } from './sim-oauth';
import type { SimReply, SimRequest } from './sim-server';

type Json = Record<string, unknown>;

/** One customer of an account, as the simulator keeps it (`data`: the create body, cpfCnpj normalised). */
export interface SimAsaasCustomer {
  apiKey: string;
  id: string;
  data: Json;
  dateCreated: string;
  deleted: boolean;
}

/** A cpfCnpj as Asaas stores and matches it: digits (and the 2026 CNPJ's letters), upper case. */
const normalDoc = (v: string) => v.replace(/[.\-/\s]/g, '').toUpperCase();

/** One page of an Asaas list (`offset`, `limit` 1..100, default 10) in the `{object: 'list', ...}` envelope. */
export function asaasPage(r: SimRequest, all: Json[]): SimReply {
  const offset = Math.max(0, Number(r.query.get('offset') ?? '0') || 0);
  const limit = Math.min(100, Math.max(1, Number(r.query.get('limit') ?? '10') || 10));
  const data = all.slice(offset, offset + limit);
  return {
    status: 200,
    body: { object: 'list', hasMore: offset + limit < all.length, totalCount: all.length, limit, offset, data },
  };
}

/**
 * The /v3/customers routes of AsaasSimulator over its `customers` (CONTRACTS.md §1.3): POST (validated by
 * asaas-sim.validation.ts; a duplicate cpfCnpj refused only when `duplicateCustomers` is off [INFERRED]), GET with the
 * cpfCnpj and externalReference filters (list envelope), GET /:id.
 */
export class AsaasSimCustomers {
  /** Customers created through the API (the stats counter). */
  created = 0;

  constructor(private readonly sim: AsaasSimulator) {}

  /** The account's customers that are not deleted. */
  live(a: AsaasSimAccount): SimAsaasCustomer[] {
    return [...this.sim.customers.values()].filter((c) => c.apiKey === a.apiKey && !c.deleted);
  }

  create(r: SimRequest, a: AsaasSimAccount): SimReply {
    const problems = validateCustomer(r.body);
    if (problems.length) return { status: 400, body: { errors: problems } };
    const data = r.body as Json;
    const cpfCnpj = normalDoc(String(data.cpfCnpj));
    if (!this.sim.duplicateCustomers && this.live(a).some((c) => c.data.cpfCnpj === cpfCnpj))
      return errors(400, 'invalid_cpfCnpj', 'Já existe um cliente cadastrado com este CPF/CNPJ.');
    const id = `cus_${digits(12)}`;
    const customer: SimAsaasCustomer = {
      apiKey: a.apiKey,
      id,
      data: { ...data, cpfCnpj },
      dateCreated: todayInSaoPaulo(),
      deleted: false,
    };
    this.sim.customers.set(id, customer);
    this.created++;
    return { status: 200, body: customerView(customer) };
  }

  list(r: SimRequest, a: AsaasSimAccount): SimReply {
    const raw = r.query.get('cpfCnpj');
    const doc = raw === null ? undefined : normalDoc(raw);
    const ref = r.query.get('externalReference');
    const items = this.live(a).filter(
      (c) => (!doc || c.data.cpfCnpj === doc) && (!ref || c.data.externalReference === ref),
    );
    return asaasPage(
      r,
      items.map((c) => customerView(c)),
    );
  }

  read(r: SimRequest, a: AsaasSimAccount): SimReply {
    const c = this.sim.customers.get(r.params.id);
    return c && c.apiKey === a.apiKey ? { status: 200, body: customerView(c) } : { status: 404 };
  }
}

/** The customer as Asaas answers it. */
export function customerView(c: SimAsaasCustomer): Json {
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
