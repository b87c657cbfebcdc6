import type { AsaasSimAccount, AsaasSimulator } from './asaas.simulator';
import { SimGate, throughGate } from './sim-documents';

/**
 * Asaas's boleto PDF at the payment's `bankSlipUrl` (`<origin>/b/pdf/<id without pay_>`, CONTRACTS.md §1.3), served
 * by the simulator on its own origin (or `documentOrigin`'s server) behind the same `access_token` + User-Agent check
 * as its API (`gate`): only the account's own payments with a boleto.
 */
export function registerAsaasDocuments(sim: AsaasSimulator, gate: SimGate<AsaasSimAccount>): void {
  sim.route({
    method: 'GET',
    path: '/b/pdf/:short',
    handler: async (r) => {
      const auth = await throughGate(gate, r);
      if ('denied' in auth) return auth.denied;
      const failed = sim.documents.failure();
      if (failed) return failed;
      const p = sim.payments.get(`pay_${r.params.short}`);
      if (!p || p.apiKey !== auth.client.apiKey || !p.slip) return { status: 404 };
      return sim.documents.reply(p.id, p.slip.digitableLine);
    },
  });
}
