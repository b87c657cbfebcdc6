import type { AsaasSimAccount } from './asaas.simulator';
import { asaasError as errors } from './asaas-sim.validation';
import { SimReply, SimRequest, SimServer } from './sim-server';

type Json = Record<string, unknown>;

/**
 * Who may call the Asaas simulator's API, and how often (CONTRACTS.md §1.3): the `access_token` header (401
 * `invalid_access_token` [READ]), the User-Agent required of accounts created from 2024-06-13 (401
 * `invalid_user_agent` [INFERRED]), 403 on a GET with a body [READ], a malformed JSON body refused (400), and 429
 * with RateLimit-Limit/Remaining/Reset [READ] for a forced burst (`/__sim/rate-limit`) or a spent 12 h quota
 * (`/__sim/config {quotaPer12h}`; the 429 bodies are INFERRED).
 */
export class AsaasSimAccess {
  private rateLimit = { count: 0, reset: 30, limit: 100 };
  private quota?: { limit: number; used: Map<string, { count: number; since: number }> };

  constructor(private readonly accounts: AsaasSimAccount[]) {}

  /** Requests per account per 12 h (null: no quota). */
  quotaPer12h(): number | null {
    return this.quota?.limit ?? null;
  }

  /** A positive integer sets a fresh quota per 12 h; anything else removes it. */
  setQuotaPer12h(n: unknown): void {
    this.quota = Number.isInteger(n) && (n as number) > 0 ? { limit: n as number, used: new Map() } : undefined;
  }

  /** `/__sim/rate-limit {count, reset?, limit?}`: the next `count` API calls answer 429. */
  configureRateLimit(b: Json | undefined): SimReply {
    const int = (v: unknown, fallback: number) =>
      Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fallback;
    this.rateLimit = { count: int(b?.count, 1), reset: int(b?.reset, 30), limit: int(b?.limit, 100) };
    return { status: 200, body: { ...this.rateLimit } };
  }

  /** Runs `fn` with the calling account, or answers the refusal. */
  authed(
    r: SimRequest,
    fn: (r: SimRequest, a: AsaasSimAccount) => SimReply | Promise<SimReply>,
  ): SimReply | Promise<SimReply> {
    const key = r.headers.access_token;
    const account = typeof key === 'string' ? this.accounts.find((a) => a.apiKey === key) : undefined;
    if (!account) {
      const description =
        typeof key !== 'string' || key === ''
          ? 'O cabeçalho access_token não foi informado.'
          : key.startsWith('$aact_prod_')
            ? 'A chave de API fornecida pertence a outro ambiente.'
            : 'A chave de API fornecida é inválida';
      return errors(401, 'invalid_access_token', description);
    }
    if (account.requireUserAgent !== false && !r.headers['user-agent'])
      return errors(401, 'invalid_user_agent', 'É obrigatório enviar o User-Agent no header de todas as requisições.');
    if (r.method === 'GET' && r.body !== undefined)
      return errors(403, 'forbidden', 'Requisições GET devem ser enviadas com o corpo vazio.');
    const limited = this.limited(account);
    if (limited) return limited;
    if (r.body === SimServer.MALFORMED) return errors(400, 'invalid_object', 'JSON mal formado.');
    return fn(r, account);
  }

  /** A forced 429 burst, or the account's 12 h quota spent: 429 with the RateLimit-* headers. */
  private limited(account: AsaasSimAccount): SimReply | undefined {
    const headers = (reset: number, limit: number) => ({
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': String(reset),
    });
    if (this.rateLimit.count > 0) {
      this.rateLimit.count--;
      return errors(
        429,
        'rate_limit_exceeded',
        'Limite de requisições excedido.',
        headers(this.rateLimit.reset, this.rateLimit.limit),
      );
    }
    if (!this.quota) return undefined;
    const now = Date.now();
    let used = this.quota.used.get(account.apiKey);
    if (!used || now - used.since >= 12 * 3600_000)
      this.quota.used.set(account.apiKey, (used = { count: 0, since: now }));
    if (++used.count <= this.quota.limit) return undefined;
    const reset = Math.ceil((used.since + 12 * 3600_000 - now) / 1000);
    return errors(429, 'quota_exceeded', 'Cota de requisições excedida.', headers(reset, this.quota.limit));
  }
}
