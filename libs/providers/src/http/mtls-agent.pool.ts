import { Agent } from 'undici';
import { MtlsIdentity, mtlsConnector } from './mtls-connector';

export interface AgentPoolOptions {
  /** Most keep-alive agents (one per tenant credential) kept open at once. */
  maxAgents: number;
  extraCaPem?: string;
  connectTimeoutMs: number;
  acceptanceWaitMs: number;
  /** Sockets per origin per agent. */
  connectionsPerOrigin: number;
  keepAliveTimeoutMs: number;
}

/**
 * Keep-alive undici Agents, one per tenant credential (keyed by its fingerprint), so TLS sessions
 * with the tenant's client certificate are reused across requests. Bounded: the least recently
 * used agent is closed (gracefully: in-flight requests finish) when a new one would exceed max.
 * Certificates and keys live only in these in-memory agents.
 */
export class MtlsAgentPool {
  private readonly agents = new Map<string, Agent>();
  private closed = false;

  constructor(private readonly options: AgentPoolOptions) {}

  get size(): number {
    return this.agents.size;
  }

  agentFor(fingerprint: string, identity: MtlsIdentity): Agent {
    if (this.closed) throw new Error('agent pool is closed');
    const existing = this.agents.get(fingerprint);
    if (existing) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.agents.delete(fingerprint);
      this.agents.set(fingerprint, existing);
      return existing;
    }
    const agent = new Agent({
      connect: mtlsConnector({
        identity,
        extraCaPem: this.options.extraCaPem,
        connectTimeoutMs: this.options.connectTimeoutMs,
        acceptanceWaitMs: this.options.acceptanceWaitMs,
      }),
      connections: this.options.connectionsPerOrigin,
      pipelining: 1,
      keepAliveTimeout: this.options.keepAliveTimeoutMs,
      keepAliveMaxTimeout: this.options.keepAliveTimeoutMs * 4,
    });
    this.agents.set(fingerprint, agent);
    while (this.agents.size > this.options.maxAgents) {
      const [oldestKey, oldest] = this.agents.entries().next().value as [string, Agent];
      this.agents.delete(oldestKey);
      void oldest.close().catch(() => undefined);
    }
    return agent;
  }

  /** Closes every agent (module shutdown); waits for in-flight requests, then destroys stragglers. */
  async close(graceMs = 1000): Promise<void> {
    this.closed = true;
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(
      agents.map(async (agent) => {
        const timer = setTimeout(() => void agent.destroy().catch(() => undefined), graceMs);
        try {
          await agent.close();
        } catch {
          // destroyed by the timer
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}
