import { call, Phase, phaseOf, Sample, sleep } from './steady-load';

/** What each request of the mix may answer while Redis is up, and while it is cut, frozen or stopped. */
const CONTRACT: Record<string, { up: string[]; down: string[]; transition?: string[] }> = {
  // A bank's charges do not live in Redis: reads fall back to the bank, unkeyed creates go on.
  'cora:read': { up: ['200'], down: ['200'] },
  'cora:create': { up: ['201'], down: ['201'] },
  // Keyed creates are refused rather than risk a duplicate.
  'cora:create-keyed': { up: ['201'], down: ['503 IDEMPOTENCY_UNAVAILABLE'] },
  // The sandbox's store is that Redis: it declines at once (README, "The sandbox provider").
  'sandbox:read': { up: ['200'], down: ['503 PROVIDER_UNAVAILABLE'] },
  // A create whose write was sent but not confirmed (frozen Redis) may still land: 504, outcome unknown.
  'sandbox:create': { up: ['201'], down: ['503 PROVIDER_UNAVAILABLE', '504 PROVIDER_TIMEOUT'] },
  // Across a transition a keyed create may claim its key just before the store goes and then meet the sandbox down.
  'sandbox:create-keyed': {
    up: ['201'],
    down: ['503 IDEMPOTENCY_UNAVAILABLE'],
    transition: ['503 PROVIDER_UNAVAILABLE', '504 PROVIDER_TIMEOUT'],
  },
  live: { up: ['200'], down: ['200'] },
  ready: { up: ['200'], down: ['503'] },
};

const outcome = (s: Pick<Sample, 'status' | 'code'>) =>
  s.status >= 400 && s.code ? `${s.status} ${s.code}` : String(s.status);

/**
 * A 503 with Retry-After while Redis is up: the gateway shedding a request because Redis was slower than its command
 * timeout on a loaded machine (as in hostile-http). Counted, and limited by the spec; never a 500.
 */
export const isShed = (s: Pick<Sample, 'status' | 'retryAfter' | 'code'>) =>
  s.status === 503 && s.retryAfter !== undefined && /^(IDEMPOTENCY|PROVIDER)_UNAVAILABLE$/.test(s.code ?? '');

/**
 * Samples that broke the contract: an answer the phase does not allow (across a transition, either phase's answer is
 * allowed), a 503 without Retry-After, or a request slower than `boundMs` (status 0: no answer at all). Sheds in an
 * `up` phase are returned apart.
 */
export function violations(
  samples: Sample[],
  phases: Phase[],
  settleMs: number,
  boundMs: number,
): { shed: Sample[]; found: Array<{ status: number; text: string }> } {
  const out: Array<{ status: number; text: string }> = [];
  const shed: Sample[] = [];
  for (const s of samples) {
    const rule = CONTRACT[s.op];
    const phase = phaseOf(s, phases, settleMs);
    const allowed = !phase
      ? [...rule.up, ...rule.down, ...(rule.transition ?? [])]
      : phase.name === 'up'
        ? rule.up
        : rule.down;
    const got = outcome(s);
    const at = `${s.op} in ${phase?.name ?? 'a transition'} (+${s.startedAt - (phases[0]?.start ?? 0)} ms)`;
    if (phase?.name === 'up' && isShed(s)) shed.push(s);
    else if (!allowed.includes(got))
      out.push({ status: s.status, text: `${at}: ${got} ${JSON.stringify(s.body).slice(0, 160)}, allowed ${allowed}` });
    else if (s.status === 503 && !s.retryAfter && !s.op.startsWith('ready'))
      out.push({ status: s.status, text: `${at}: 503 without Retry-After` });
    if (s.ms > boundMs) out.push({ status: s.status, text: `${at}: took ${s.ms} ms (bound ${boundMs} ms)` });
  }
  return { shed, found: out };
}

/**
 * Sends every keyed create of the run again with its key and body (8 at a time): one answered 201 must replay the same
 * charge; one refused must now be made (201). A create that was running when Redis went away (`inTransition`) may
 * have written its claim and lost its completion or release with the connection: its key then answers 409
 * IDEMPOTENCY_IN_PROGRESS until the claim expires (max(30 s, 3 × PROVIDER_TIMEOUT_MS)), counted as `held`.
 * Returns the externalIds created by the retries and what went wrong.
 */
export async function retryKeyed(
  baseUrl: string,
  samples: Sample[],
  inTransition: (s: Sample) => boolean,
): Promise<{ sent: number; held: number; shed: number; created: string[]; problems: string[] }> {
  const keyed = samples.filter((s) => s.key && s.sent);
  const created: string[] = [];
  const problems: string[] = [];
  let held = 0;
  let shed = 0;
  let next = 0;
  const worker = async () => {
    while (next < keyed.length) {
      const s = keyed[next++];
      const send = () => call(baseUrl, { method: 'POST', path: '/v1/charges', headers: s.headers }, s.sent, s.key);
      let again = await send();
      for (let i = 0; i < 5 && isShed(again); i++, shed++) again = await sleep(300).then(send);
      if (again.code === 'IDEMPOTENCY_IN_PROGRESS' && inTransition(s)) held++;
      else if (again.status !== 201)
        problems.push(`${s.op} key ${s.key}: first ${outcome(s)}, retry ${outcome(again)}`);
      else if (s.status === 201 && again.body.id !== s.body.id)
        problems.push(`${s.op} key ${s.key}: retry made ${String(again.body.id)}, first was ${String(s.body.id)}`);
      else if (s.status !== 201) created.push(String(s.sent?.externalId));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { sent: keyed.length, held, shed, created, problems };
}

/**
 * Every charge of a tenant, read through the gateway's listing (the sandbox keeps them in Redis): the externalId of each
 * distinct charge, and the ids the listing returned more than once.
 */
export async function chargesAt(
  baseUrl: string,
  headers: Record<string, string>,
): Promise<{ externalIds: string[]; listedTwice: string[] }> {
  const byId = new Map<string, string>();
  const listedTwice: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 500; page++) {
    const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await call(baseUrl, { method: 'GET', path: `/v1/charges?${query}`, headers });
    if (res.status !== 200) throw new Error(`listing answered ${res.status} ${JSON.stringify(res.body)}`);
    for (const c of res.body.data as Array<{ id: string; externalId?: string }>) {
      if (byId.has(c.id)) listedTwice.push(c.id);
      byId.set(c.id, String(c.externalId));
    }
    cursor = (res.body.nextCursor as string | null) ?? undefined;
    if (!res.body.hasMore || !cursor) return { externalIds: [...byId.values()], listedTwice };
  }
  throw new Error('listing did not end');
}
