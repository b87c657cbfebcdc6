import { Inject, Injectable } from '@nestjs/common';
import type { Charge } from '@lib/providers';
import { InitializeService } from '../auth/initialize.service';
import { documentedArgs, McpTool, McpToolExample, McpToolReply, McpTools, parseToolArgs } from '../mcp/mcp-tool';
import {
  cancelChargeArgs,
  chargeIdArgs,
  chargeListOutput,
  chargeOutput,
  createChargeArgs,
  idempotencyArgs,
  initializeOutput,
  listChargesArgs,
  noArgs,
  providersOutput,
  refundChargeArgs,
} from './charge-tool.schemas';
import { CHARGE_SCOPES, ChargesService } from './charges.service';

/** A charge as a tool reply, with its Pix QR code (Pix and bolepix) when `withQr`. */
function chargeReply(charge: Charge, withQr: boolean): McpToolReply {
  return { structured: charge, qrCode: withQr ? charge.pix?.brCode : undefined };
}

/**
 * The charges operations as MCP tools, one object per tool: thin adapters over the same
 * ChargesService the REST controller calls (and InitializeService for POST /initialize). They
 * parse, call, and shape. Descriptions are written for a model.
 */
@Injectable()
export class ChargesTools implements McpTools {
  /** What the Swagger page of POST /mcp calls: read-only, no arguments, so it runs as is with any token. */
  static readonly example: McpToolExample = { name: 'list_providers', arguments: {} };

  readonly instructions = [
    'Creates, reads, lists, cancels and refunds Brazilian charges (boleto, Pix, bolepix) at the bank chosen by your token.',
    'Money is always integer cents of BRL (R$ 10,50 = 1050); dates are YYYY-MM-DD.',
    'Call initialize_session first to see which charge types your bank supports.',
    'Pass idempotencyKey to create_charge when you may retry, so a retry never creates a second charge.',
  ];

  readonly tools: readonly McpTool[];

  constructor(@Inject(ChargesService) charges: ChargesService, @Inject(InitializeService) sessions: InitializeService) {
    this.tools = [
      {
        name: 'create_charge',
        title: 'Create a charge',
        description:
          'Create a charge at the bank of your token: a boleto (bank slip with digitable line and barcode), a Pix charge ' +
          '(copia-e-cola BR Code) or a bolepix (boleto that also carries a Pix QR code). Amounts are integer cents of BRL ' +
          '(R$ 10,50 = 1050); dates are YYYY-MM-DD; dueDate is required for boleto and bolepix. Returns the charge; Pix and ' +
          'bolepix results also carry the QR code as a PNG image. Each call creates a new charge, unless you pass ' +
          'idempotencyKey: repeating a call with the same key and arguments then returns the first charge instead.',
        inputSchema: documentedArgs(createChargeArgs),
        outputSchema: chargeOutput,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
        scope: CHARGE_SCOPES.create,
        run: async (args, { tenant, requestId }) => {
          const { idempotencyKey, ...body } = parseToolArgs(idempotencyArgs, args);
          const { charge } = await charges.create(tenant, body, { idempotencyKey, requestId });
          return chargeReply(charge, true);
        },
      },
      {
        name: 'get_charge',
        title: 'Get a charge',
        description:
          'Read one charge by the id create_charge returned: its status (PROCESSING, PENDING, OVERDUE, PAID, CANCELLED, ' +
          'EXPIRED, FAILED or REFUNDED), amounts in integer cents, boleto line and Pix BR Code; Pix and bolepix results also ' +
          'carry the QR code as a PNG image. Only charges of your own tenant are visible (others answer CHARGE_NOT_FOUND).',
        inputSchema: documentedArgs(chargeIdArgs),
        outputSchema: chargeOutput,
        annotations: { readOnlyHint: true, openWorldHint: true },
        scope: CHARGE_SCOPES.get,
        run: async (args, { tenant, requestId }) => {
          const { id } = parseToolArgs(chargeIdArgs, args);
          const { charge } = await charges.get(tenant, id, { requestId });
          return chargeReply(charge, true);
        },
      },
      {
        name: 'cancel_charge',
        title: 'Cancel a charge',
        description:
          'Cancel a charge that is still PROCESSING, PENDING or OVERDUE, so it can no longer be paid. This cannot be ' +
          'undone. A paid charge cannot be cancelled (CHARGE_NOT_CANCELLABLE); an already cancelled charge is returned ' +
          'unchanged, so repeating the call is safe. Returns the charge in its new state.',
        inputSchema: documentedArgs(cancelChargeArgs),
        outputSchema: chargeOutput,
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
        scope: CHARGE_SCOPES.cancel,
        run: async (args, { tenant, requestId }) => {
          const { id, idempotencyKey } = parseToolArgs(cancelChargeArgs, args);
          const { charge } = await charges.cancel(tenant, id, { idempotencyKey, requestId });
          return chargeReply(charge, false);
        },
      },
      {
        name: 'list_charges',
        title: 'List and search charges',
        description:
          'List your charges, newest first, optionally filtered: by status (e.g. ["OVERDUE"] for overdue ones), type, ' +
          'creation, due or payment day ranges (YYYY-MM-DD, from and to inclusive), externalId or payer CPF/CNPJ. ' +
          'Returns one page (data) and, when hasMore is true, a nextCursor: call again with the same filters and that ' +
          'cursor for the next page. Some banks cannot list (UNSUPPORTED_OPERATION; see initialize_session).',
        inputSchema: documentedArgs(listChargesArgs),
        outputSchema: chargeListOutput,
        annotations: { readOnlyHint: true, openWorldHint: true },
        scope: CHARGE_SCOPES.list,
        run: async (args, { tenant, requestId }) => {
          const query = parseToolArgs(listChargesArgs, args);
          return { structured: await charges.list(tenant, query, { requestId }) };
        },
      },
      {
        name: 'refund_charge',
        title: 'Refund a paid charge',
        description:
          'Give money back to the payer of a PAID charge: all that is left (leave amount out) or part of it (amount in ' +
          'integer cents). This moves money and cannot be undone; an unpaid charge cannot be refunded ' +
          '(CHARGE_NOT_REFUNDABLE), nor more than is left (REFUND_EXCEEDS_PAID). Each call refunds again unless you pass ' +
          'idempotencyKey: a repeat with the same key returns the first result. Returns the charge with its refunds; ' +
          'fully refunded charges are REFUNDED.',
        inputSchema: documentedArgs(refundChargeArgs),
        outputSchema: chargeOutput,
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
        scope: CHARGE_SCOPES.refund,
        run: async (args, { tenant, requestId }) => {
          const { id, idempotencyKey, ...body } = parseToolArgs(refundChargeArgs, args);
          const { charge } = await charges.refund(tenant, id, body, { idempotencyKey, requestId });
          return chargeReply(charge, false);
        },
      },
      {
        name: 'initialize_session',
        title: 'Open the bank session',
        description:
          'Check your token and open (or reuse) the session with its bank. Returns your tenant, the bank (provider) and ' +
          'what it supports: charge types for create_charge, whether cancel is available. Call it first.',
        inputSchema: documentedArgs(noArgs),
        outputSchema: initializeOutput,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
        run: async (args, { tenant, requestId }) => {
          parseToolArgs(noArgs, args);
          return { structured: await sessions.initialize(tenant, requestId) };
        },
      },
      {
        name: 'list_providers',
        title: 'List the supported banks',
        description:
          'List the banks (providers) this gateway supports and what each can do. Your token decides which one your calls use.',
        inputSchema: documentedArgs(noArgs),
        outputSchema: providersOutput,
        annotations: { readOnlyHint: true, openWorldHint: false },
        run: async (args) => {
          parseToolArgs(noArgs, args);
          return { structured: { providers: charges.listProviders() } };
        },
      },
    ];
  }
}
