import { ASAAS_SIM_API_KEY, ASAAS_SIM_WEBHOOK_TOKEN, AsaasSimulator } from './asaas.simulator';
import { CoraSimulator } from './cora.simulator';
import { EFI_SIM_PIX_KEY, EfiSimulator } from './efi.simulator';
import { InterSimulator } from './inter.simulator';
import type { SimPki } from '../pki/sim-pki';
import type { SimServer } from './sim-server';

/** How to run the simulator of one bank (a bank of libs/providers' list that calls a remote API). */
export interface SimulatorDefinition {
  /** The simulated bank's providerId (its `<bank>.settings.ts` declares the base-URL override that points at it). */
  providerId: string;
  /** Port the simulators' CLI listens on by default. */
  defaultPort: number;
  create(pki: SimPki): SimServer;
  /** Credentials of the simulator's default client, as a tenant's token carries them. */
  credentials(pki: SimPki): Record<string, unknown>;
}

/** The bank simulators: one entry per simulated bank (the simulator itself is `<bank>.simulator.ts` beside this). */
export const SIMULATORS: readonly SimulatorDefinition[] = [
  {
    providerId: 'cora',
    defaultPort: 4010,
    create: (pki) => new CoraSimulator(pki),
    credentials: (pki) => ({
      clientId: 'int-sim-client',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      environment: 'stage',
    }),
  },
  {
    providerId: 'inter',
    defaultPort: 4020,
    create: (pki) => new InterSimulator(pki),
    credentials: (pki) => ({
      clientId: 'sim-inter-client',
      clientSecret: 'sim-inter-secret',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      environment: 'sandbox',
    }),
  },
  {
    providerId: 'asaas',
    defaultPort: 4030,
    create: (pki) => new AsaasSimulator(pki),
    credentials: () => ({ apiKey: ASAAS_SIM_API_KEY, environment: 'sandbox', webhookToken: ASAAS_SIM_WEBHOOK_TOKEN }),
  },
  {
    providerId: 'efi',
    defaultPort: 4040,
    create: (pki) => new EfiSimulator(pki),
    credentials: (pki) => ({
      clientId: 'sim-efi-client',
      clientSecret: 'sim-efi-secret',
      certificate: pki.clientCertPem,
      privateKey: pki.clientKeyPem,
      pixKey: EFI_SIM_PIX_KEY,
      environment: 'homologation',
    }),
  },
];

export function simulatorFor(providerId: string): SimulatorDefinition | undefined {
  return SIMULATORS.find((s) => s.providerId === providerId);
}
