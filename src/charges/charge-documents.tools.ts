import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { documentedArgs, McpTool, McpToolExample, McpTools, parseToolArgs } from '../mcp/mcp-tool';
import { ChargeDocumentsService } from './charge-documents.service';
import { chargeIdArgs } from './charge-tool.schemas';
import { CHARGE_SCOPES } from './charges.service';

/** What get_boleto_pdf answers besides the PDF itself (an embedded resource of the same result). */
export const boletoPdfOutput = z.object({
  id: z.string().describe('The charge id.'),
  fileName: z.string().describe('A file name for the PDF, e.g. boleto-sbx_123.pdf.'),
  mimeType: z.literal('application/pdf'),
  sizeBytes: z.number().int().describe('Size of the PDF in bytes.'),
  source: z
    .enum(['bank', 'gateway'])
    .describe(
      'bank: the bank’s own PDF (fetched for this call); gateway: rendered by the gateway (the bank has none).',
    ),
  uri: z.string().describe('The URI of the embedded resource that holds the PDF (base64 in its blob).'),
});

/** The URI naming a charge's boleto PDF inside a tool result. */
export function boletoPdfUri(id: string): string {
  return `mcp-maax-cob://charges/${encodeURIComponent(id)}/boleto.pdf`;
}

/** The charge documents as MCP tools: thin adapters over ChargeDocumentsService, like ChargesTools. */
@Injectable()
export class ChargeDocumentsTools implements McpTools {
  /** Read-only but needs a charge id: the Swagger page of POST /mcp shows ChargesTools' example instead. */
  static readonly example: McpToolExample = { name: 'list_providers', arguments: {} };

  readonly instructions = [
    'get_boleto_pdf returns the boleto PDF of a boleto or bolepix charge as an embedded resource to hand to the payer.',
  ];

  readonly tools: readonly McpTool[];

  constructor(@Inject(ChargeDocumentsService) documents: ChargeDocumentsService) {
    this.tools = [
      {
        name: 'get_boleto_pdf',
        title: 'Get the boleto PDF',
        description:
          'Get the boleto PDF (bank slip: beneficiary, payer, amount, due date, digitable line, barcode, and the Pix QR ' +
          'code of a bolepix) of a boleto or bolepix charge, by the id create_charge returned, to send to the payer. The ' +
          'PDF comes as an embedded resource (application/pdf, base64): the bank’s own PDF where the bank serves one ' +
          '(source "bank"), otherwise one rendered by the gateway (source "gateway"). A pix charge has no boleto ' +
          '(UNSUPPORTED_OPERATION); only charges of your own tenant are visible (others answer CHARGE_NOT_FOUND).',
        inputSchema: documentedArgs(chargeIdArgs),
        outputSchema: boletoPdfOutput,
        annotations: { readOnlyHint: true, openWorldHint: true },
        scope: CHARGE_SCOPES.get,
        run: async (args, { tenant, requestId }) => {
          const { id } = parseToolArgs(chargeIdArgs, args);
          const pdf = await documents.boletoPdf(tenant, id, { requestId });
          const uri = boletoPdfUri(id);
          return {
            structured: {
              id,
              fileName: pdf.fileName,
              mimeType: pdf.mimeType,
              sizeBytes: pdf.body.length,
              source: pdf.source,
              uri,
            },
            resources: [{ uri, mimeType: pdf.mimeType, blob: pdf.body.toString('base64') }],
          };
        },
      },
    ];
  }
}
