import { Agent, request as undiciRequest } from 'undici';
import { spDate } from '../charges/charge-fixtures';
import { generateSimPki, SimPki } from '../pki/sim-pki';
import { EFI_SIM_PIX_KEY, EfiSimulator } from '../simulators/efi.simulator';
import { EFI_SECRET } from './bank-credentials';

// The listing routes of the Efí simulators (test/simulators/efi-sim.listing.ts) validate as Efí does: a simulator
// that accepted anything would prove nothing about the queries efi.listing.ts sends.
describe('the Efí simulators refuse listing queries as Efí does', () => {
  let pki: SimPki;
  let sim: EfiSimulator;
  let agent: Agent;
  const basic = `Basic ${Buffer.from(`sim-efi-client:${EFI_SECRET}`).toString('base64')}`;
  const call = async (url: string, headers: Record<string, string> = {}, method = 'GET', body?: unknown) => {
    const res = await undiciRequest(url, {
      dispatcher: agent,
      method: method as 'GET' | 'POST',
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };
  let charges: Record<string, string>;
  let pix: Record<string, string>;

  beforeAll(async () => {
    pki = generateSimPki();
    sim = new EfiSimulator(pki, [
      { clientId: 'sim-efi-client', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
    ]);
    await sim.start();
    agent = new Agent({ connect: { ca: pki.caPem, cert: pki.clientCertPem, key: pki.clientKeyPem } });
    const grant = { grant_type: 'client_credentials' };
    const bearerOf = async (url: string) => {
      const token = (await call(url, { authorization: basic }, 'POST', grant)).body.access_token as string;
      return { authorization: `Bearer ${token}` };
    };
    charges = await bearerOf(`${sim.url}/v1/authorize`);
    pix = await bearerOf(`${sim.pixUrl}/oauth/token`);
  });
  afterAll(async () => {
    await agent?.close();
    await sim?.stop();
    pki?.cleanup();
  });

  const day = spDate(0);
  it.each([
    ['accepts a valid query', `charge_type=billet&begin_date=${day}&end_date=${day}&limit=100&page=1`, 200, undefined],
    ['charge_type missing', `begin_date=${day}&end_date=${day}`, 400, 3500023],
    ['end_date missing', `charge_type=billet&begin_date=${day}`, 400, 3500023],
    ['a date not YYYY-MM-DD', `charge_type=billet&begin_date=01/12/2026&end_date=${day}`, 400, 3500034],
    ['end before begin', `charge_type=billet&begin_date=${day}&end_date=${spDate(-1)}`, 400, 3500034],
    ['a range over 366 days', `charge_type=billet&begin_date=${spDate(-366)}&end_date=${day}`, 400, 3500034],
    ['limit above 100', `charge_type=billet&begin_date=${day}&end_date=${day}&limit=101`, 400, 3500034],
    ['page 0', `charge_type=billet&begin_date=${day}&end_date=${day}&page=0`, 400, 3500034],
    [
      'a status word Efí does not list',
      `charge_type=billet&begin_date=${day}&end_date=${day}&status=PAID`,
      400,
      3500034,
    ],
    ['an unknown parameter', `charge_type=billet&begin_date=${day}&end_date=${day}&offset=5`, 400, 3500034],
  ])('GET /v1/charges: %s', async (_name, query, status, code) => {
    const res = await call(`${sim.url}/v1/charges?${query}`, charges);
    expect(res.status).toBe(status);
    if (code !== undefined) expect(res.body.code).toBe(code);
  });

  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date().toISOString();
  it.each([
    ['accepts a valid query', `inicio=${from}&fim=${to}&paginacao.itensPorPagina=1000`, 200],
    ['inicio missing', `fim=${to}`, 400],
    ['inicio not RFC 3339', `inicio=2026-12-01&fim=${to}`, 400],
    ['fim before inicio', `inicio=${to}&fim=${from}`, 400],
    ['a range over 366 days', `inicio=${new Date(Date.now() - 367 * 86_400_000).toISOString()}&fim=${to}`, 400],
    ['cpf and cnpj together', `inicio=${from}&fim=${to}&cpf=52998224725&cnpj=12ABC34501DE35`, 400],
    ['itensPorPagina above 1000', `inicio=${from}&fim=${to}&paginacao.itensPorPagina=1001`, 400],
    ['a negative page', `inicio=${from}&fim=${to}&paginacao.paginaAtual=-1`, 400],
    ['a status word outside the BCB enum', `inicio=${from}&fim=${to}&status=VENCIDA`, 400],
  ])('GET /v2/cob and /v2/cobv: %s', async (_name, query, status) => {
    const q = query.replace(/[:+]/g, encodeURIComponent);
    const cob = await call(`${sim.pixUrl}/v2/cob?${q}`, pix);
    const cobv = await call(`${sim.pixUrl}/v2/cobv?${q}`, pix);
    expect([cob.status, cobv.status]).toEqual([status, status]);
    if (status === 400) {
      expect(cob.body).toMatchObject({ nome: expect.any(String), mensagem: expect.any(String) });
      expect(cobv.body).toMatchObject({
        status: 400,
        violacoes: [expect.objectContaining({ razao: expect.any(String) })],
      });
    } else expect(cob.body).toMatchObject({ cobs: [], parametros: { paginacao: { itensPorPagina: 1000 } } });
  });

  it('refuses both listings without a valid token', async () => {
    expect((await call(`${sim.url}/v1/charges?charge_type=billet&begin_date=${day}&end_date=${day}`)).status).toBe(401);
    const q = `inicio=${encodeURIComponent(from)}&fim=${encodeURIComponent(to)}`;
    expect((await call(`${sim.pixUrl}/v2/cob?${q}`, { authorization: 'Bearer nope' })).status).toBe(401);
  });
});
