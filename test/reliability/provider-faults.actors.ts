import type { Client } from '@modelcontextprotocol/client';
import { randomUUID } from 'node:crypto';
import { boletoBody } from '../charges/charge-fixtures';
import { callTool } from '../mcp/mcp-client';
import { Answer, call } from './steady-load';

export interface Creation {
  key: string;
  body: Record<string, unknown>;
}

/** One answer reduced to what the contract speaks of: `ok`, or `<status> <code>`; REST and MCP alike. */
export interface Outcome {
  via: 'rest' | 'mcp';
  what: string;
  out: string;
  retryAfter?: number;
  detail?: string;
  /** A create: its key and body, to send again and to count its charges at the bank. */
  create?: Creation;
}

/** The four kinds of call the sweep sends: REST and MCP reads of one charge, REST and MCP keyed creates. */
export class Actors {
  readonly outcomes: Outcome[] = [];

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly mcp: Client,
    private readonly chargeId: string,
  ) {}

  private keep(o: Outcome): Outcome {
    this.outcomes.push(o);
    return o;
  }

  /** A REST answer as an Outcome, kept. */
  private keepRest(what: string, a: Answer, create?: Creation): Outcome {
    return this.keep({
      via: 'rest',
      what,
      out: a.status < 300 ? 'ok' : `${a.status} ${a.code}`,
      retryAfter: a.retryAfter === undefined ? undefined : Number(a.retryAfter),
      detail: typeof a.body.detail === 'string' ? a.body.detail : undefined,
      ...(create ? { create } : {}),
    });
  }

  async restRead(): Promise<Outcome> {
    const a = await call(this.url, { method: 'GET', path: `/v1/charges/${this.chargeId}`, headers: this.headers });
    return this.keepRest('read', a);
  }

  async restCreate(create: Creation = { key: randomUUID(), body: boletoBody() }): Promise<Outcome> {
    const path = '/v1/charges';
    const a = await call(this.url, { method: 'POST', path, headers: this.headers }, create.body, create.key);
    return this.keepRest('create', a, create);
  }

  private async tool(what: string, name: string, args: Record<string, unknown>): Promise<Outcome> {
    const r = await callTool(this.mcp, name, args);
    const s = r.structured;
    return this.keep({
      via: 'mcp',
      what,
      out: r.isError ? `${String(s.status)} ${String(s.code)}` : 'ok',
      retryAfter: typeof s.retryAfterSeconds === 'number' ? s.retryAfterSeconds : undefined,
      detail: typeof s.detail === 'string' ? s.detail : undefined,
    });
  }

  mcpRead(): Promise<Outcome> {
    return this.tool('read', 'get_charge', { id: this.chargeId });
  }

  async mcpCreate(create: Creation = { key: randomUUID(), body: boletoBody() }): Promise<Outcome> {
    const o = await this.tool('create', 'create_charge', { ...create.body, idempotencyKey: create.key });
    o.create = create;
    return o;
  }

  /** 2 of each kind at once. */
  burst(): Promise<Outcome[]> {
    const calls = [this.restRead, this.restCreate, this.mcpRead, this.mcpCreate].map((f) => f.bind(this));
    return Promise.all([...calls, ...calls].map((f) => f()));
  }
}
