import type { CoraSimulator } from './cora.simulator';
import { SimGate, throughGate } from './sim-documents';

/**
 * Cora's boleto PDF at the invoice's `payment_options.bank_slip.url` (CONTRACTS.md §1.1; its real host is not
 * documented), served by the simulator as `<origin>/boletos/<invoice id>.pdf` behind the same mTLS + bearer check as
 * its API (`gate`): only the client's own invoices with a bank slip.
 */
export function registerCoraDocuments(sim: CoraSimulator, gate: SimGate<string>): void {
  sim.route({
    method: 'GET',
    path: '/boletos/:file',
    handler: async (r) => {
      const auth = await throughGate(gate, r);
      if ('denied' in auth) return auth.denied;
      const failed = sim.documents.failure();
      if (failed) return failed;
      const id = r.params.file.replace(/\.pdf$/, '');
      const inv = sim.invoices.get(id);
      const slip = (inv?.body.payment_options as { bank_slip?: { digitable?: string } } | undefined)?.bank_slip;
      if (!inv || inv.clientId !== auth.client || !slip?.digitable)
        return { status: 404, body: { errors: [{ code: 'not_found', message: 'Invoice not found' }] } };
      return sim.documents.reply(id, slip.digitable);
    },
  });
}
