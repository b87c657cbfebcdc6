import type { Charge } from '../charge.model';
import { withDevolucoes } from './inter.refunds';

const paid: Charge = {
  id: '6f1c2a4e-9b7d-4c3a-8e21-0d5f6a7b8c9d',
  providerId: 'inter',
  type: 'bolepix',
  status: 'PAID',
  providerStatus: 'RECEBIDO',
  amount: 1000,
  currency: 'BRL',
  payer: { name: 'Maria', document: '52998224725', documentType: 'CPF' },
  paidAmount: 1000,
  createdAt: '2026-12-01T00:00:00.000-03:00',
  updatedAt: '2026-12-01T00:00:00.000-03:00',
};
const devolucao = (id: string, valor: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  rtrId: `D00416968202612011200${id.padEnd(11, '0')}`,
  valor,
  horario: { solicitacao: '2026-12-01T15:00:00.000Z' },
  status,
  ...extra,
});

describe('withDevolucoes (Inter API Pix devoluções -> refunds)', () => {
  it('maps the BCB statuses, counts all but NAO_REALIZADO, and keeps the caller reason (descricao)', () => {
    const c = withDevolucoes(paid, {
      valor: '10.00',
      devolucoes: [
        devolucao('a1', '2.00', 'DEVOLVIDO', { descricao: 'Produto devolvido' }),
        devolucao('a2', '3.00', 'EM_PROCESSAMENTO'),
        devolucao('a3', '5.00', 'NAO_REALIZADO', { motivo: 'Conta de destino encerrada' }),
      ],
    });
    expect(c.status).toBe('PAID');
    expect(c.refundedAmount).toBe(500);
    expect(c.refunds).toEqual([
      { id: 'a1', amount: 200, status: 'DONE', createdAt: '2026-12-01T15:00:00.000Z', reason: 'Produto devolvido' },
      { id: 'a2', amount: 300, status: 'PROCESSING', createdAt: '2026-12-01T15:00:00.000Z' },
      {
        id: 'a3',
        amount: 500,
        status: 'FAILED',
        createdAt: '2026-12-01T15:00:00.000Z',
        reason: 'Conta de destino encerrada',
      },
    ]);
  });

  it('is REFUNDED only once the devoluções DONE cover the Pix, and leaves a charge without any unchanged', () => {
    const done = [devolucao('b1', '4.00', 'DEVOLVIDO'), devolucao('b2', '6.00', 'DEVOLVIDO')];
    expect(withDevolucoes(paid, { valor: '10.00', devolucoes: done }).status).toBe('REFUNDED');
    const pending = [devolucao('b1', '4.00', 'DEVOLVIDO'), devolucao('b2', '6.00', 'EM_PROCESSAMENTO')];
    expect(withDevolucoes(paid, { valor: '10.00', devolucoes: pending })).toMatchObject({
      status: 'PAID',
      refundedAmount: 1000,
    });
    expect(withDevolucoes(paid, { valor: '10.00', devolucoes: [] })).toBe(paid);
    expect(withDevolucoes(paid, { valor: '10.00', devolucoes: [{ id: 'x', valor: '1.5' }] }).refunds?.[0].amount).toBe(
      150,
    );
  });
});
