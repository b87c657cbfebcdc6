import { Injectable } from '@nestjs/common';
import type { Charge, CreateChargeInput } from '../charge.model';
import type { ChargeProvider, CreateOptions, ProviderCapabilities, ProviderContext, ProviderSession } from '../charge-provider';
import { ProviderError } from '../provider-error';
import { parseSandboxCredentials, SandboxCredentials } from './sandbox.credentials';

/**
 * The embedded `sandbox` bank: a real strategy that keeps charges per tenant in the gateway's store.
 * (create/get/cancel are built in the charges issue.)
 */
@Injectable()
export class SandboxProvider implements ChargeProvider<SandboxCredentials> {
  readonly id = 'sandbox';
  readonly displayName = 'Sandbox (embedded test bank)';
  readonly capabilities: ProviderCapabilities = { types: ['boleto', 'pix', 'bolepix'], idempotentCreate: true, asyncRegistration: false, requiresSession: false, cancel: true };

  parseCredentials(raw: unknown): SandboxCredentials {
    return parseSandboxCredentials(raw);
  }

  async authenticate(ctx: ProviderContext<SandboxCredentials>): Promise<ProviderSession> {
    // The session cache is best-effort: with the store down, authenticate uncached instead of failing.
    const existing = await ctx.state.get('session').catch(() => undefined);
    if (existing) return { expiresAt: existing, cached: true };
    const expiresAt = new Date(Date.now() + ctx.sessionTtlSeconds * 1000).toISOString();
    await ctx.state.set('session', expiresAt, { ttlMs: ctx.sessionTtlSeconds * 1000, secret: true }).catch(() => false);
    return { expiresAt, cached: false };
  }

  async create(_ctx: ProviderContext<SandboxCredentials>, _input: CreateChargeInput, _options: CreateOptions): Promise<Charge> {
    throw new ProviderError('PROVIDER_ERROR', 'sandbox create is not available yet');
  }

  async get(_ctx: ProviderContext<SandboxCredentials>, _id: string): Promise<Charge> {
    throw new ProviderError('PROVIDER_ERROR', 'sandbox get is not available yet');
  }

  async cancel(_ctx: ProviderContext<SandboxCredentials>, _id: string, _options: CreateOptions): Promise<Charge> {
    throw new ProviderError('PROVIDER_ERROR', 'sandbox cancel is not available yet');
  }
}
