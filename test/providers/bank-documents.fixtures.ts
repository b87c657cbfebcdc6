import { createServer, Server } from 'node:https';
import request from 'supertest';
import { bolepixBody, boletoBody } from '../charges/charge-fixtures';
import type { SimPki } from '../pki/sim-pki';
import { AsaasSimulator } from '../simulators/asaas.simulator';
import { CoraSimulator } from '../simulators/cora.simulator';
import { EFI_SIM_PIX_KEY, EfiSimulator } from '../simulators/efi.simulator';
import { InterSimulator } from '../simulators/inter.simulator';
import { SimDocuments } from '../simulators/sim-documents';
import type { SimServer } from '../simulators/sim-server';
import {
  ASAAS_API_KEY,
  asaasCredentials,
  coraCredentials,
  EFI_SECRET,
  efiCredentials,
  INTER_SECRET,
  interCredentials,
} from './bank-credentials';
import { bearer, post, ProviderTenant } from './gateway-fixtures';

export type BankId = 'inter' | 'asaas' | 'efi' | 'cora';
type DocumentSim = SimServer & { documents: SimDocuments; documentOrigin?: string };

/** The four bank simulators, each serving its own boleto PDFs. */
export class BankSims {
  inter!: InterSimulator;
  asaas!: AsaasSimulator;
  efi!: EfiSimulator;
  cora!: CoraSimulator;

  async start(pki: SimPki): Promise<void> {
    this.inter = new InterSimulator(pki, [
      {
        clientId: 'sim-inter-client',
        clientSecret: INTER_SECRET,
        scopes: ['boleto-cobranca.read', 'boleto-cobranca.write'],
      },
    ]);
    this.inter.registrationDelayMs = 0;
    this.asaas = new AsaasSimulator(pki, [{ apiKey: ASAAS_API_KEY }]);
    this.efi = new EfiSimulator(pki, [
      { clientId: 'sim-efi-client', clientSecret: EFI_SECRET, pixKeys: [EFI_SIM_PIX_KEY], bolix: true },
    ]);
    this.cora = new CoraSimulator(pki);
    await Promise.all([this.inter.start(), this.asaas.start(), this.efi.start(), this.cora.start()]);
  }

  stop(): Promise<unknown> {
    return Promise.all([this.inter?.stop(), this.asaas?.stop(), this.efi?.stop(), this.cora?.stop()]);
  }

  /** The gateway's environment pointing every bank at its simulator. */
  env(pki: SimPki): Record<string, string> {
    return {
      INTER_BASE_URL: this.inter.url,
      ASAAS_BASE_URL: this.asaas.apiUrl,
      EFI_BASE_URL: this.efi.url,
      EFI_PIX_BASE_URL: this.efi.pixUrl,
      CORA_BASE_URL: this.cora.url,
      PROVIDER_CA_CERTS_FILE: pki.caFile,
    };
  }

  of(bank: BankId): DocumentSim {
    return this[bank];
  }

  reset(): void {
    for (const bank of BANKS) {
      this.of(bank).documents.reset();
      this.of(bank).documentOrigin = undefined;
    }
  }
}

export const BANKS: BankId[] = ['inter', 'asaas', 'efi', 'cora'];

export function credentialsOf(bank: BankId, pki: SimPki): Record<string, unknown> {
  if (bank === 'inter') return interCredentials(pki);
  if (bank === 'asaas') return asaasCredentials(pki);
  if (bank === 'efi') return efiCredentials(pki);
  return coraCredentials(pki);
}

/** A charge with boleto lines at this bank (Inter: bolepix, read once so that the simulator registers it). */
export async function boletoCharge(url: string, bank: BankId, tenant: ProviderTenant): Promise<{ id: string }> {
  const body =
    bank === 'inter' ? bolepixBody({ externalId: undefined }) : bank === 'asaas' ? bolepixBody() : boletoBody();
  const created = await post(url, '/v1/charges', tenant, body).expect(201);
  const read = await request(url).get(`/v1/charges/${created.body.id}`).set(bearer(tenant)).expect(200);
  if (!read.body.boleto) throw new Error(`${bank}: the charge has no boleto lines`);
  return read.body as { id: string };
}

/** The key under which the bank's simulator keeps the PDF it served for a charge. */
export const simKey = (bank: BankId, chargeId: string) =>
  bank === 'efi' ? chargeId.replace(/^boleto-/, '') : chargeId;

/** Supertest buffers a binary body into `res.body` with this parser. */
export function binary(res: unknown, cb: (err: Error | null, body: unknown) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/**
 * An HTTPS server on another loopback port (so another origin) standing for a host a bank answer might name: it
 * counts every request and serves a PDF only with the Asaas test account's access_token.
 */
export class ForeignHost {
  hits = 0;
  pdf: Buffer = Buffer.alloc(0);
  private server?: Server;
  origin = '';

  async start(pki: SimPki): Promise<void> {
    this.pdf = await new SimDocuments('Foreign host').bytes('foreign', '00000.00000 00000.000000 00000.000000 0 0');
    this.server = createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (req, res) => {
      this.hits++;
      if (req.headers.access_token !== ASAAS_API_KEY) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(this.pdf);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
