/**
 * A steady mixed load for the fault sweeps: a few workers send a fixed rotation of requests until told to stop,
 * each answer timed and kept as a Sample, and a timeline of named phases to judge each sample against.
 */
export interface Answer {
  status: number;
  code?: string;
  retryAfter?: string;
  body: Record<string, unknown>;
}

export interface Sample extends Answer {
  op: string;
  startedAt: number;
  endedAt: number;
  ms: number;
  /** Idempotency-Key and body of a create, to retry it and count its charges afterwards. */
  key?: string;
  sent?: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The sample of one request to `op` that started at `startedAt` and has just been answered. */
export function sampleOf(
  op: Op,
  answer: Answer,
  startedAt: number,
  key?: string,
  sent?: Record<string, unknown>,
): Sample {
  const endedAt = Date.now();
  return { ...answer, op: op.name, startedAt, endedAt, ms: endedAt - startedAt, key, sent, headers: op.headers };
}

export interface Op {
  name: string;
  key?: () => string;
  body?: () => Record<string, unknown>;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
}

/** One HTTP exchange with a hard client-side limit, so a hung request shows up as status 0, never as a hung test. */
export async function call(
  baseUrl: string,
  op: Pick<Op, 'method' | 'path' | 'headers'>,
  body?: Record<string, unknown>,
  key?: string,
  limitMs = 15_000,
): Promise<Answer> {
  try {
    const res = await fetch(`${baseUrl}${op.path}`, {
      method: op.method,
      headers: {
        ...op.headers,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(limitMs),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text: text.slice(0, 200) };
    }
    return {
      status: res.status,
      code: typeof parsed.code === 'string' ? parsed.code : undefined,
      retryAfter: res.headers.get('retry-after') ?? undefined,
      body: parsed,
    };
  } catch (err) {
    return { status: 0, body: { error: (err as Error).message } };
  }
}

/** Runs `ops` in rotation on `workers` concurrent loops until `stop()` is true; every answer goes to `samples`. */
export async function steadyLoad(
  baseUrl: string,
  ops: Op[],
  workers: number,
  stop: () => boolean,
  samples: Sample[],
): Promise<void> {
  const loop = async (offset: number) => {
    for (let i = offset; !stop(); i++) {
      const op = ops[i % ops.length];
      const key = op.key?.();
      const sent = op.body?.();
      const startedAt = Date.now();
      samples.push(sampleOf(op, await call(baseUrl, op, sent, key), startedAt, key, sent));
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w * 3)));
}

export interface Phase {
  name: string;
  start: number;
  end: number;
}

/** The phase a sample lies wholly inside (after `settleMs` of it), or undefined for a sample across a transition. */
export function phaseOf(s: Sample, phases: Phase[], settleMs: number): Phase | undefined {
  return phases.find((p) => s.startedAt >= p.start + settleMs && s.endedAt <= p.end);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms until true; returns how long it took, or -1 after `withinMs`. */
export async function waitUntil(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await sleep(100);
  }
  return -1;
}
