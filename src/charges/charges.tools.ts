import { Inject, Injectable } from '@nestjs/common';
import type { Charge } from '../../libs/providers/src';
import { InitializeService } from '../auth/initialize.service';
import {
  cancelChargeArgs,
  chargeIdArgs,
  chargeOutput,
  createChargeArgs,
  idempotencyArgs,
  initializeOutput,
  noArgs,
  providersOutput,
} from '../mcp/charge-tool.schemas';
import { documentedArgs, McpTool, McpToolReply, parseToolArgs } from '../mcp/mcp-tool';
import { ChargesService } from './charges.service';

type ToolMetadata = Omit<McpTool, 'run'>;

/* Tool metadata, built once at module load. Descriptions are written for a model. */

const CREATE_CHARGE: ToolMetadata = {
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
};

const GET_CHARGE: ToolMetadata = {
  name: 'get_charge',
  title: 'Get a charge',
  description:
    'Read one charge by the id create_charge returned: its status (PROCESSING, PENDING, OVERDUE, PAID, CANCELLED, ' +
    'EXPIRED, FAILED or REFUNDED), amounts in integer cents, boleto line and Pix BR Code; Pix and bolepix results also ' +
    'carry the QR code as a PNG image. Only charges of your own tenant are visible (others answer CHARGE_NOT_FOUND).',
  inputSchema: documentedArgs(chargeIdArgs),
  outputSchema: chargeOutput,
  annotations: { readOnlyHint: true, openWorldHint: true },
};

const CANCEL_CHARGE: ToolMetadata = {
  name: 'cancel_charge',
  title: 'Cancel a charge',
  description:
    'Cancel a charge that is still PROCESSING, PENDING or OVERDUE, so it can no longer be paid. This cannot be ' +
    'undone. A paid charge cannot be cancelled (CHARGE_NOT_CANCELLABLE); an already cancelled charge is returned ' +
    'unchanged, so repeating the call is safe. Returns the charge in its new state.',
  inputSchema: documentedArgs(cancelChargeArgs),
  outputSchema: chargeOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
};

const INITIALIZE_SESSION: ToolMetadata = {
  name: 'initialize_session',
  title: 'Open the bank session',
  description:
    'Check your token and open (or reuse) the session with its bank. Returns your tenant, the bank (provider) and ' +
    'what it supports: charge types for create_charge, whether cancel is available. Call it first.',
  inputSchema: documentedArgs(noArgs),
  outputSchema: initializeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

const LIST_PROVIDERS: ToolMetadata = {
  name: 'list_providers',
  title: 'List the supported banks',
  description: 'List the banks (providers) this gateway supports and what each can do. Your token decides which one your calls use.',
  inputSchema: documentedArgs(noArgs),
  outputSchema: providersOutput,
  annotations: { readOnlyHint: true, openWorldHint: false },
};

/** A charge as a tool reply, with its Pix QR code (Pix and bolepix) when `withQr`. */
function chargeReply(charge: Charge, withQr: boolean): McpToolReply {
  return { structured: charge, qrCode: withQr ? charge.pix?.brCode : undefined };
}

/**
 * The charges operations as MCP tools: thin adapters over the same ChargesService the REST
 * controller calls (and InitializeService for POST /initialize). They parse, call, and shape.
 */
@Injectable()
export class ChargesTools {
  readonly tools: readonly McpTool[];

  constructor(
    @Inject(ChargesService) private readonly charges: ChargesService,
    @Inject(InitializeService) private readonly sessions: InitializeService,
  ) {
    this.tools = [
      {
        ...CREATE_CHARGE,
        run: async (args, { tenant, requestId }) => {
          const { idempotencyKey, ...body } = parseToolArgs(idempotencyArgs, args);
          const { charge } = await this.charges.create(tenant, body, { idempotencyKey, requestId });
          return chargeReply(charge, true);
        },
      },
      {
        ...GET_CHARGE,
        run: async (args, { tenant, requestId }) => {
          const { id } = parseToolArgs(chargeIdArgs, args);
          const { charge } = await this.charges.get(tenant, id, { requestId });
          return chargeReply(charge, true);
        },
      },
      {
        ...CANCEL_CHARGE,
        run: async (args, { tenant, requestId }) => {
          const { id, idempotencyKey } = parseToolArgs(cancelChargeArgs, args);
          const { charge } = await this.charges.cancel(tenant, id, { idempotencyKey, requestId });
          return chargeReply(charge, false);
        },
      },
      {
        ...INITIALIZE_SESSION,
        run: async (args, { tenant, requestId }) => {
          parseToolArgs(noArgs, args);
          return { structured: await this.sessions.initialize(tenant, requestId) };
        },
      },
      {
        ...LIST_PROVIDERS,
        run: async (args) => {
          parseToolArgs(noArgs, args);
          return { structured: { providers: this.charges.listProviders() } };
        },
      },
    ];
  }
}
