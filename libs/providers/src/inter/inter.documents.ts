import type { ProviderContext } from '../charge-provider';
import { boletoPdfFromBase64 } from '../http/bank-document';
import type { InterClient } from './inter.client';
import type { InterCredentials } from './inter.credentials';

/**
 * Banco Inter's own boleto PDF: `GET /cobranca/v3/cobrancas/{codigoSolicitacao}/pdf` (scope boleto-cobranca.read,
 * OAuth over mTLS like every Inter call) answers `{"pdf": "<base64>"}` (CONTRACTS.md §1.2, Inter's official SDK).
 * The base64 is checked (size cap, `%PDF-`) before it reaches the caller; nothing is kept.
 */
export async function interBoletoPdf(
  client: InterClient,
  ctx: ProviderContext<InterCredentials>,
  codigoSolicitacao: string,
): Promise<Buffer> {
  const body = await client.pdfCobranca(ctx, codigoSolicitacao);
  const pdf = (body !== null && typeof body === 'object' ? (body as { pdf?: unknown }) : {}).pdf;
  return boletoPdfFromBase64(pdf, 'Banco Inter');
}
