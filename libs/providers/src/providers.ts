import type { Bank } from './bank-settings';
import { AsaasProvider } from './asaas/asaas.provider';
import { ASAAS_SETTINGS } from './asaas/asaas.settings';
import { CoraProvider } from './cora/cora.provider';
import { CORA_SETTINGS } from './cora/cora.settings';
import { EfiProvider } from './efi/efi.provider';
import { EFI_SETTINGS } from './efi/efi.settings';
import { InterProvider } from './inter/inter.provider';
import { INTER_SETTINGS } from './inter/inter.settings';
import { SandboxProvider } from './sandbox/sandbox.provider';
import { SANDBOX_SETTINGS } from './sandbox/sandbox.settings';

/**
 * The one list of banks. Adding a bank = one folder under libs/providers/src (its provider, client, mapper,
 * credentials and `<bank>.settings.ts`) and one line here; the registry, the config schema, `.env.example`,
 * the README env table and the simulators' CLI all follow from this list.
 */
export const BANKS: readonly Bank[] = [
  { provider: SandboxProvider, settings: SANDBOX_SETTINGS },
  { provider: CoraProvider, settings: CORA_SETTINGS },
  { provider: InterProvider, settings: INTER_SETTINGS },
  { provider: AsaasProvider, settings: ASAAS_SETTINGS },
  { provider: EfiProvider, settings: EFI_SETTINGS },
];

/** The strategy classes of BANKS, registered by ProvidersModule. */
export const PROVIDER_CLASSES = BANKS.map((bank) => bank.provider);

/** The bank classes themselves, for tests that drive one directly (its credentials type: `CredentialsOf<P>`). */
export { AsaasProvider, CoraProvider, EfiProvider, InterProvider, SandboxProvider };
