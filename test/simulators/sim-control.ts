import { Agent, request } from 'undici';
import type { SimPki } from '../pki/sim-pki';

/** Test-side client of a simulator's /__sim/ controls (over the same mTLS as the API). */
export class SimControl {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    pki: Pick<SimPki, 'caPem' | 'clientCertPem' | 'clientKeyPem'>,
  ) {
    this.agent = new Agent({ connect: { ca: pki.caPem, cert: pki.clientCertPem, key: pki.clientKeyPem } });
  }

  async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await request(`${this.baseUrl}${path}`, {
      dispatcher: this.agent,
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async stats(): Promise<{
    requests: number;
    charges: number;
    tokenRequests: number;
    tokensIssued: number;
    byRoute: Record<string, number>;
  }> {
    return (await this.call('GET', '/__sim/stats')).body as never;
  }

  async faults(config: Record<string, unknown>): Promise<void> {
    const res = await this.call('POST', '/__sim/faults', config);
    if (res.status !== 200) throw new Error(`faults refused: ${JSON.stringify(res.body)}`);
  }

  async post(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.call('POST', path, body ?? {});
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
