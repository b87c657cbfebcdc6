import type { EfiSimClient, EfiSimulator } from './efi.simulator';
import { SimGate, throughGate } from './sim-documents';

/** The path of a charge's `pdf.charge` link, shaped like Efí's (`/<dir>/<file>.pdf?sandbox=true`). */
export function efiPdfPath(id: number): string {
  return `/pdf/${id}_1_SIMEF1/${id}-1-SIMEF1.pdf?sandbox=true`;
}

/**
 * Efí's boleto PDF at the charge's `pdf.charge` link (CONTRACTS.md §1.4a), served by the simulator on its own origin
 * (or `documentOrigin`'s) behind its API Cobranças bearer check (`gate`): only the client's own charges.
 */
export function registerEfiDocuments(sim: EfiSimulator, gate: SimGate<EfiSimClient>): void {
  sim.route({
    method: 'GET',
    path: '/pdf/:dir/:file',
    handler: async (r) => {
      const auth = await throughGate(gate, r);
      if ('denied' in auth) return auth.denied;
      const failed = sim.documents.failure();
      if (failed) return failed;
      const id = Number(/^(\d+)_1_SIMEF1$/.exec(r.params.dir)?.[1]);
      const c = sim.charges.get(id);
      if (!c || c.clientId !== auth.client.clientId || r.params.file !== `${id}-1-SIMEF1.pdf`)
        return { status: 404, body: { code: 404, error: 'not_found', error_description: 'Arquivo não encontrado' } };
      return sim.documents.reply(String(id), String(c.billet.barcode));
    },
  });
}
