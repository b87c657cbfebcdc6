import request from 'supertest';
import { pixBody, CHARGES_TEST_ENV } from '../charges/charge-fixtures';
import { ADAPTERS, startTestApp, TestApp } from '../helpers/app';
import { deleteKeys, scanKeys } from '../helpers/redis';
import { connectMcp } from '../mcp/mcp-client';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import {
  BANKS,
  BankId,
  BankSims,
  binary,
  boletoCharge,
  credentialsOf,
  ForeignHost,
  simKey,
} from './bank-documents.fixtures';
import { bearer, post, providerTenant, ProviderTenant } from './gateway-fixtures';

let pki: SimPki;
const sims = new BankSims();
const foreign = new ForeignHost();

beforeAll(async () => {
  pki = generateSimPki();
  await sims.start(pki);
  await foreign.start(pki);
});
afterAll(async () => {
  await sims.stop();
  await foreign.stop();
  pki?.cleanup();
});

describe.each(ADAPTERS)('boleto PDFs served by the banks themselves (%s)', (adapter) => {
  let t: TestApp;
  const tenants: ProviderTenant[] = [];
  const tenant = (bank: BankId) => {
    const x = providerTenant(bank, credentialsOf(bank, pki));
    tenants.push(x);
    return x;
  };
  const pdfOf = (a: ProviderTenant, id: string) =>
    request(t.url).get(`/v1/charges/${id}/boleto.pdf`).set(bearer(a)).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp({ adapter, env: { ...CHARGES_TEST_ENV, ...sims.env(pki), PROVIDER_TIMEOUT_MS: '2000' } });
  });
  afterAll(async () => {
    for (const x of tenants) await deleteKeys(t.redisUrl as string, `${x.prefix}:*`);
    await t?.close();
  });
  afterEach(() => sims.reset());

  it('declares boletoPdf for the four banks and not for the sandbox', async () => {
    const res = await request(t.url)
      .get('/v1/providers')
      .set(bearer(tenant('inter')))
      .expect(200);
    const list = (res.body.providers ?? res.body) as Array<{ id: string; capabilities: { boletoPdf: boolean } }>;
    const flags = Object.fromEntries(list.map((p) => [p.id, p.capabilities.boletoPdf]));
    expect(flags).toMatchObject({ inter: true, asaas: true, efi: true, cora: true, sandbox: false });
  });

  it.each(BANKS)('%s: sends the bank’s own PDF byte for byte, application/pdf, no-store, never kept', async (bank) => {
    const a = tenant(bank);
    const charge = await boletoCharge(t.url, bank, a);
    const res = await pdfOf(a, charge.id).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-boleto-source']).toBe('bank');
    const served = sims.of(bank).documents.served.get(simKey(bank, charge.id));
    expect(served?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.compare(res.body as Buffer, served as Buffer)).toBe(0);
    // Nothing of it in Redis (not even sealed: the PDF is fetched per request), and the link never in the logs.
    const stored = [...(await scanKeys(t.redisUrl as string, `${a.prefix}:*`)).values()].join('\n');
    expect(stored).not.toContain('%PDF-');
    expect(stored).not.toContain((served as Buffer).subarray(0, 30).toString('base64'));
    expect(t.logs.join('\n')).not.toMatch(/\/b\/pdf\/|\/boletos\/inv_|SIMEF1/);
  });

  it.each(BANKS)(
    '%s: the bank’s PDF endpoint failing (503) is 502 PROVIDER_ERROR, not a rendered PDF',
    async (bank) => {
      const a = tenant(bank);
      const charge = await boletoCharge(t.url, bank, a);
      sims.of(bank).documents.fail = { count: 3, status: 503 };
      const res = await request(t.url).get(`/v1/charges/${charge.id}/boleto.pdf`).set(bearer(a)).expect(502);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 502, code: 'PROVIDER_ERROR' });
      expect(res.body.detail).toMatch(/HTTP 503/);
    },
  );

  it.each(BANKS)('%s: an answer that is not a PDF is 502 PROVIDER_ERROR', async (bank) => {
    const a = tenant(bank);
    const charge = await boletoCharge(t.url, bank, a);
    sims.of(bank).documents.mode = 'html';
    const res = await request(t.url).get(`/v1/charges/${charge.id}/boleto.pdf`).set(bearer(a)).expect(502);
    expect(res.body).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(res.body.detail).toMatch(/something else than a PDF/);
    expect(JSON.stringify(res.body)).not.toContain('<html>');
  });

  it.each(['inter', 'asaas'] as BankId[])('%s: a PDF above 5 MiB is 502 PROVIDER_ERROR', async (bank) => {
    const a = tenant(bank);
    const charge = await boletoCharge(t.url, bank, a);
    sims.of(bank).documents.mode = 'huge';
    const res = await request(t.url).get(`/v1/charges/${charge.id}/boleto.pdf`).set(bearer(a)).expect(502);
    expect(res.body).toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(res.body.detail).toMatch(/larger than \d+ bytes/);
  });

  it.each(['asaas', 'efi', 'cora'] as BankId[])(
    '%s: a PDF link on an origin the settings do not allow is never fetched: the gateway renders the PDF',
    async (bank) => {
      const a = tenant(bank);
      sims.of(bank).documentOrigin = foreign.origin;
      const charge = await boletoCharge(t.url, bank, a);
      const before = { foreign: foreign.hits, bank: sims.of(bank).documents.hits };
      const res = await pdfOf(a, charge.id).expect(200);
      expect(res.headers['x-boleto-source']).toBe('gateway');
      expect(res.headers['cache-control']).toBe('no-store');
      expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(Buffer.compare(res.body as Buffer, foreign.pdf)).not.toBe(0);
      expect({ foreign: foreign.hits, bank: sims.of(bank).documents.hits }).toEqual(before);
      // The refusal is logged as a warning, without the link.
      const warning = t.logs.find((l) => l.includes('origin-not-allowed') && l.includes(a.tenantId));
      expect(warning).toBeDefined();
      expect(warning).not.toContain(foreign.origin.replace('https://', ''));
    },
  );

  it.each(['asaas', 'cora'] as BankId[])(
    '%s: a pix charge has no boleto PDF (422), the bank is not asked',
    async (bank) => {
      const a = tenant(bank);
      const created = await post(t.url, '/v1/charges', a, pixBody()).expect(201);
      const hits = sims.of(bank).documents.hits;
      const res = await request(t.url).get(`/v1/charges/${created.body.id}/boleto.pdf`).set(bearer(a)).expect(422);
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_OPERATION' });
      expect(sims.of(bank).documents.hits).toBe(hits);
    },
  );

  it.each(BANKS)('%s: get_boleto_pdf hands the bank’s own PDF to an MCP client (official SDK)', async (bank) => {
    const a = tenant(bank);
    const charge = await boletoCharge(t.url, bank, a);
    const client = await connectMcp(t.url, 'modern', bearer(a));
    try {
      const r = (await client.callTool({ name: 'get_boleto_pdf', arguments: { id: charge.id } })) as {
        isError?: boolean;
        structuredContent?: Record<string, unknown>;
        content: Array<{ type: string; resource?: { uri: string; mimeType: string; blob: string } }>;
      };
      expect(r.isError).not.toBe(true);
      expect(r.structuredContent).toMatchObject({ id: charge.id, mimeType: 'application/pdf', source: 'bank' });
      const blob = r.content.find((c) => c.type === 'resource')?.resource?.blob ?? '';
      const served = sims.of(bank).documents.served.get(simKey(bank, charge.id)) as Buffer;
      expect(Buffer.compare(Buffer.from(blob, 'base64'), served)).toBe(0);

      sims.of(bank).documents.fail = { count: 3, status: 500 };
      const failed = (await client.callTool({ name: 'get_boleto_pdf', arguments: { id: charge.id } })) as {
        isError?: boolean;
        structuredContent?: Record<string, unknown>;
      };
      expect(failed.isError).toBe(true);
      expect(failed.structuredContent).toMatchObject({ code: 'PROVIDER_ERROR', status: 502 });
    } finally {
      await client.close();
    }
  });
});

describe('ASAAS_DOCUMENT_ORIGINS', () => {
  let t: TestApp;
  let a: ProviderTenant;

  beforeAll(async () => {
    a = providerTenant('asaas', credentialsOf('asaas', pki));
    t = await startTestApp({
      env: {
        ...CHARGES_TEST_ENV,
        ...sims.env(pki),
        ASAAS_DOCUMENT_ORIGINS: `${foreign.origin}, https://www.asaas.com`,
      },
    });
  });
  afterAll(async () => {
    await deleteKeys(t.redisUrl as string, `${a.prefix}:*`);
    await t?.close();
  });
  afterEach(() => sims.reset());

  it('lets the gateway fetch a bankSlipUrl on a configured origin, with the account’s access_token', async () => {
    sims.asaas.documentOrigin = foreign.origin;
    const charge = await boletoCharge(t.url, 'asaas', a);
    const hits = foreign.hits;
    const res = await request(t.url)
      .get(`/v1/charges/${charge.id}/boleto.pdf`)
      .set(bearer(a))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['x-boleto-source']).toBe('bank');
    expect(Buffer.compare(res.body as Buffer, foreign.pdf)).toBe(0);
    expect(foreign.hits).toBe(hits + 1);
  });
});
