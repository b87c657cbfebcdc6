import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { ServerSpec } from './server.process';

/** The Cora simulator's test PKI and default client, as `npm run simulator -- cora --pki-dir` writes them. */
export interface CoraSimFiles {
  dir: string;
  caFile: string;
  tls: { cert: string; key: string; ca: string };
  /** The token credentials of the simulator's default client (what a tenant's gateway token carries). */
  credentials: Record<string, unknown>;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** The Cora simulator through the simulators' CLI (mTLS, zero latency: no fault configured), on core 0. */
export function coraSimSpec(): ServerSpec & { pkiDir: string } {
  const pkiDir = mkdtempSync(join(tmpdir(), 'mcpcob-bench-cora-'));
  return {
    name: 'Cora simulator',
    pkiDir,
    args: (port) => [
      'scripts/run-ts.cjs',
      'test/simulators/cli.ts',
      'cora',
      '--port',
      String(port),
      '--pki-dir',
      pkiDir,
    ],
    env: {},
    isReady: listening,
  };
}

export function readCoraSimFiles(pkiDir: string): CoraSimFiles {
  const read = (f: string) => readFileSync(join(pkiDir, f), 'utf8');
  return {
    dir: pkiDir,
    caFile: join(pkiDir, 'ca.pem'),
    tls: { cert: read('client.pem'), key: read('client.key'), ca: read('ca.pem') },
    credentials: JSON.parse(read('cora-credentials.json')) as Record<string, unknown>,
  };
}

export function removeCoraSimFiles(pkiDir: string): void {
  rmSync(pkiDir, { recursive: true, force: true });
}

/** An access token of the simulator's default client (POST /token over mTLS), for the direct calls. */
export async function coraAccessToken(baseUrl: string, files: CoraSimFiles): Promise<string> {
  const dispatcher = new Agent({ connect: files.tls });
  try {
    const res = await request(`${baseUrl}/token`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: String(files.credentials.clientId),
      }).toString(),
    });
    const body = (await res.body.json()) as { access_token?: string };
    if (res.statusCode !== 200 || !body.access_token) throw new Error(`Cora simulator /token: ${res.statusCode}`);
    return body.access_token;
  } finally {
    await dispatcher.close();
  }
}

/** A boleto due in 10 days: the gateway's create body and the Cora invoice the gateway's mapper sends for it. */
export function coraBodies(): { gateway: Record<string, unknown>; invoice: Record<string, unknown> } {
  const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const payer = { name: 'Maria Silva', document: '52998224725' };
  return {
    gateway: { type: 'boleto', amount: 15990, dueDate: due, description: 'bench', payer },
    invoice: {
      customer: { name: payer.name, document: { identity: payer.document, type: 'CPF' } },
      services: [{ name: 'bench', amount: 15990, description: 'bench' }],
      payment_terms: { due_date: due },
      payment_forms: ['BANK_SLIP'],
    },
  };
}
