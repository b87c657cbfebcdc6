import type { InterSimClient, InterSimulator } from './inter.simulator';
import { SimGate, throughGate } from './sim-documents';

const notFound = {
  status: 404,
  body: { title: 'Nao Encontrado', status: 404, detail: 'Entidade nao encontrada.', violacoes: [] },
};

/**
 * Banco Inter's boleto PDF: `GET /cobranca/v3/cobrancas/{codigoSolicitacao}/pdf` → `{"pdf": "<base64>"}` (official SDK
 * retrieve_billing_in_pdf, CONTRACTS.md §1.2), behind the simulator's OAuth over mTLS with scope boleto-cobranca.read
 * (`gate`). Only the client's own cobranças; one still EM_PROCESSAMENTO has no PDF yet (400, [INFERRED]).
 */
export function registerInterDocuments(sim: InterSimulator, gate: SimGate<InterSimClient>): void {
  sim.route({
    method: 'GET',
    path: '/cobranca/v3/cobrancas/:id/pdf',
    handler: async (r) => {
      const auth = await throughGate(gate, r);
      if ('denied' in auth) return auth.denied;
      const failed = sim.documents.failure();
      if (failed) return failed;
      const c = sim.cobrancas.get(r.params.id);
      if (!c || c.clientId !== auth.client.clientId) return notFound;
      const line = c.boleto?.linhaDigitavel;
      if (typeof line !== 'string')
        return {
          status: 400,
          body: { title: 'Requisição inválida', detail: 'A cobrança ainda está em processamento.', violacoes: [] },
        };
      const pdf = await sim.documents.bytes(r.params.id, line);
      return { status: 200, body: { pdf: pdf.toString('base64') } };
    },
  });
}
