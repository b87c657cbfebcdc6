import { ProviderError } from '../provider-error';
import { efiChargesQuery, efiCobQuery, efiPosition, efiSegments, fromEfiListed, parseEfiPosition } from './efi.listing';

// Noon in Sao Paulo on 2026-06-15.
const NOW = new Date('2026-06-15T15:00:00Z');
const params = (q: URLSearchParams) => Object.fromEntries(q.entries());

describe('Efí listing queries', () => {
  it('lists boletos created in the last 366 days by default, one bank page by number', () => {
    expect(params(efiChargesQuery({}, 3, 20, NOW))).toEqual({
      charge_type: 'billet',
      begin_date: '2025-06-15',
      end_date: '2026-06-15',
      date_of: 'creation',
      limit: '20',
      page: '3',
    });
  });

  it('puts the due range on date_of=expired first, then the paid range, and completes an open due range ahead', () => {
    const q = params(
      efiChargesQuery({ dueFrom: '2026-07-01', paidFrom: '2026-06-01', createdTo: '2026-06-10' }, 1, 5, NOW),
    );
    expect(q).toMatchObject({ date_of: 'expired', begin_date: '2026-07-01', end_date: '2027-07-01' });
    expect(params(efiChargesQuery({ paidFrom: '2026-06-01' }, 1, 5, NOW))).toMatchObject({
      date_of: 'payment',
      begin_date: '2026-06-01',
      end_date: '2026-06-15',
    });
  });

  it.each([
    [['PENDING'], 'waiting'],
    [['OVERDUE'], 'unpaid'],
    [['CANCELLED'], 'canceled'],
    [['PAID'], undefined], // identified, paid, settled, contested, approved: applied by the gateway
    [['PENDING', 'OVERDUE'], undefined],
    [['REFUNDED'], undefined], // not a word the list accepts
  ] as const)('sends status %j to the Cobranças list as %s', (statuses, word) => {
    expect(efiChargesQuery({ statuses: [...statuses] }, 1, 5, NOW).get('status') ?? undefined).toBe(word);
  });

  it.each([
    [['PENDING'], 'ATIVA'],
    [['PAID', 'REFUNDED'], 'CONCLUIDA'],
    [['CANCELLED'], 'REMOVIDA_PELO_USUARIO_RECEBEDOR'],
    [['EXPIRED'], undefined], // ATIVA past its calendar, or REMOVIDA_PELO_PSP
  ] as const)('sends status %j to the Pix lists as %s', (statuses, word) => {
    expect(efiCobQuery({ statuses: [...statuses] }, 0, 5, NOW).get('status') ?? undefined).toBe(word);
  });

  it('maps creation days to the instants of Sao Paulo days, the document to cpf or cnpj, and pages from 0', () => {
    const q = params(
      efiCobQuery({ createdFrom: '2026-06-01', createdTo: '2026-06-02', payerDocument: '12ABC34501DE35' }, 2, 50, NOW),
    );
    expect(q).toEqual({
      inicio: '2026-06-01T03:00:00.000Z',
      fim: '2026-06-03T02:59:59.999Z',
      cnpj: '12ABC34501DE35',
      'paginacao.paginaAtual': '2',
      'paginacao.itensPorPagina': '50',
    });
    expect(efiCobQuery({ payerDocument: '52998224725' }, 0, 5, NOW).get('cpf')).toBe('52998224725');
  });

  it('refuses a range Efí cannot list in one query, naming the filter', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err as ProviderError;
      }
      throw new Error('not refused');
    };
    const long = refusal(() => efiChargesQuery({ dueFrom: '2026-01-01', dueTo: '2027-01-02' }, 1, 5, NOW));
    expect(long).toMatchObject({ code: 'VALIDATION_ERROR', options: { fields: [{ field: 'dueTo' }] } });
    const old = refusal(() => efiCobQuery({ createdFrom: '2025-01-01' }, 0, 5, NOW));
    expect(old).toMatchObject({ code: 'VALIDATION_ERROR', options: { fields: [{ field: 'createdTo' }] } });
  });
});

describe('Efí listing positions', () => {
  it('reads the Cobranças list, then cob and cobv (only with the Pix certificate, and by type)', () => {
    expect(efiSegments({}, true)).toEqual(['charges', 'cob', 'cobv']);
    expect(efiSegments({}, false)).toEqual(['charges']);
    expect(efiSegments({ type: 'pix' }, true)).toEqual(['cob', 'cobv']);
    expect(efiSegments({ type: 'bolepix' }, true)).toEqual(['charges']);
    expect(efiSegments({ type: 'pix' }, false)).toEqual([]);
  });

  it('round-trips a position and refuses one of a list this listing does not read', () => {
    const segments = efiSegments({ type: 'pix' }, true);
    expect(parseEfiPosition(undefined, segments)).toEqual({ segment: 'cob', offset: 0 });
    expect(parseEfiPosition(efiPosition({ segment: 'cobv', offset: 40 }), segments)).toEqual({
      segment: 'cobv',
      offset: 40,
    });
    for (const bad of ['b:0', 'c:-1', 'x:1', 'c:1:2'])
      expect(() => parseEfiPosition(bad, segments)).toThrow(ProviderError);
  });
});

describe('fromEfiListed', () => {
  it('reads a list entry (id, flat PJ customer, paid_at and paid_value)', () => {
    const charge = fromEfiListed({
      id: 24342333,
      total: 15990,
      status: 'paid',
      custom_id: 'order-1',
      created_at: '2026-06-10 09:00:00',
      customer: { cnpj: '12ABC34501DE35', corporate_name: 'Empresa Exemplo', phone_number: null },
      payment: {
        payment_method: 'banking_billet',
        paid_at: '2026-06-12 10:30:00',
        paid_value: 16000,
        banking_billet: {
          barcode: 'not a line',
          link: 'https://x',
          pdf: { charge: 'https://x.pdf' },
          expire_at: '2026-06-20',
        },
      },
    });
    expect(charge).toMatchObject({
      id: 'boleto-24342333',
      status: 'PAID',
      externalId: 'order-1',
      dueDate: '2026-06-20',
      payer: { name: 'Empresa Exemplo', document: '12ABC34501DE35', documentType: 'CNPJ' },
      paidAt: '2026-06-12T10:30:00.000-03:00',
      paidAmount: 16000,
      createdAt: '2026-06-10T09:00:00.000-03:00',
    });
  });

  it('refuses an entry without an id (PROVIDER_ERROR)', () => {
    expect(() => fromEfiListed({ total: 100, status: 'waiting' })).toThrow(ProviderError);
  });
});
