import { CoraProvider } from './cora/cora.provider';
import { InterProvider } from './inter/inter.provider';
import { SandboxProvider } from './sandbox/sandbox.provider';

/**
 * The one list of provider strategy classes. Adding a bank = one folder under libs/providers/src
 * and one line here.
 */
export const PROVIDER_CLASSES = [SandboxProvider, CoraProvider, InterProvider];
