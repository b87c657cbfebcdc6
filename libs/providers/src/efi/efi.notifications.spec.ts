import type { ProviderContext } from '../charge-provider';
import type { EfiChargesClient } from './efi-charges.client';
import type { EfiCredentials } from './efi.credentials';
import { parseEfiNotification } from './efi.notifications';

const TOKEN = '09027955-5e06-4ff0-a9c7-46b47b8f1b27';
const history = [
  { id: 1, type: 'charge', status: { current: 'new', previous: null }, identifiers: { charge_id: 24342333 } },
  { id: 2, type: 'charge', status: { current: 'waiting', previous: 'new' }, identifiers: { charge_id: 24342333 } },
  { id: 3, type: 'charge', status: { current: 'unpaid', previous: 'waiting' }, identifiers: { charge_id: 24342333 } },
  {
    id: 4,
    type: 'charge',
    status: { current: 'paid', previous: 'unpaid' },
    identifiers: { charge_id: 24342333 },
    value: 6990,
  },
];
const client = (data: unknown[] = history) => {
  const calls: string[] = [];
  const c = { getNotification: async (_ctx: unknown, token: string) => (calls.push(token), data) };
  return { calls, client: c as unknown as EfiChargesClient };
};
const ctx = {} as ProviderContext<EfiCredentials>;

describe('Efí notifications', () => {
  it('pulls a boleto token (form, JSON or raw text) and answers the latest change per charge', async () => {
    const { calls, client: c } = client();
    const expected = [
      {
        eventId: `${TOKEN}:4`,
        chargeId: 'boleto-24342333',
        type: 'charge.paid',
        status: 'PAID',
        providerStatus: 'paid',
      },
    ];
    expect(
      await parseEfiNotification(
        { headers: {}, body: { notification: TOKEN }, rawBody: `notification=${TOKEN}` },
        ctx,
        c,
      ),
    ).toEqual(expected);
    expect(
      await parseEfiNotification({ headers: {}, body: undefined, rawBody: `notification=${TOKEN}` }, ctx, c),
    ).toEqual(expected);
    expect(calls).toEqual([TOKEN, TOKEN]);
  });

  it('names the event by the new status word (canceled, unpaid, refunded, others updated)', async () => {
    for (const [current, type] of [
      ['canceled', 'charge.cancelled'],
      ['unpaid', 'charge.overdue'],
      ['refunded', 'charge.refunded'],
      ['settled', 'charge.paid'],
      ['waiting', 'charge.updated'],
    ]) {
      const { client: c } = client([{ id: 9, status: { current }, identifiers: { charge_id: 5 } }]);
      const [event] = await parseEfiNotification({ headers: {}, body: { notification: TOKEN }, rawBody: '' }, ctx, c);
      expect(event.type).toBe(type);
    }
  });

  it('asks Efí to retry (503, Retry-After 60) when the tenant session is unknown, and refuses other shapes', async () => {
    const { calls, client: c } = client();
    await expect(
      parseEfiNotification({ headers: {}, body: { notification: TOKEN }, rawBody: '' }, undefined, c),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', options: { retryAfterSeconds: 60 } });
    for (const body of [{}, { notification: 'x y' }, { pix: [] }, { pix: [{ txid: 'a'.repeat(30) }] }, [1]])
      await expect(
        parseEfiNotification({ headers: {}, body, rawBody: JSON.stringify(body) }, ctx, c),
      ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(calls).toEqual([]);
  });

  it('reads a Pix webhook: one charge.paid per Pix, refunds as charge.refunded, Pix without a charge txid skipped', async () => {
    const { client: c } = client();
    const txid = 'c'.repeat(35);
    const body = {
      pix: [
        { endToEndId: 'E1803615022211340s08793XPJ', txid, valor: '0.01', horario: '2020-12-21T13:40:34.000Z' },
        { endToEndId: 'E2', txid: 'fc9a43k6ff384ryP5f41719', valor: '1.00' },
        { endToEndId: 'E3', txid, valor: '1.00', devolucoes: [{ id: 'D1', valor: '1.00', status: 'DEVOLVIDO' }] },
      ],
    };
    expect(await parseEfiNotification({ headers: {}, body, rawBody: JSON.stringify(body) }, undefined, c)).toEqual([
      {
        eventId: 'E1803615022211340s08793XPJ',
        chargeId: `pix-${txid}`,
        type: 'charge.paid',
        status: 'PAID',
        providerStatus: 'CONCLUIDA',
      },
      {
        eventId: 'E3:D1:DEVOLVIDO',
        chargeId: `pix-${txid}`,
        type: 'charge.refunded',
        status: 'REFUNDED',
        providerStatus: 'DEVOLVIDO',
      },
    ]);
  });
});
