/**
 * node-redis 5's Sentinel client (`@redis/client` lib/sentinel/index.js, in `#connect`) prints `console.log(err)`, a
 * plain multi-line stack on stdout, whenever a topology refresh fails (a sentinel or primary not answering within the
 * connect timeout during a switch, no sentinel reachable), and has no option to silence it or take a logger. The
 * service writes JSON lines only, so while a sentinel-mode store is open, `console.log` calls made from that one file
 * go to the store's log sink instead (one line, at most every 10 s); every other `console.log` passes through as is.
 */
const SENTINEL_SOURCE = /[\\/]@redis[\\/]client[\\/](dist[\\/])?lib[\\/]sentinel[\\/]index\.[jt]s:/;
const EVERY_MS = 10_000;

export type SentinelLogSink = (message: string) => void;

const sinks = new Set<SentinelLogSink>();
let original: typeof console.log | undefined;
let routed: typeof console.log | undefined;
let lastAt = 0;
let suppressed = 0;

/** True when the caller of `fn` is node-redis' sentinel module (the frame right below `fn` on the stack). */
function calledFromSentinel(fn: (...args: never[]) => unknown): boolean {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, fn);
  const caller = holder.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return caller !== undefined && SENTINEL_SOURCE.test(caller);
}

function render(args: unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : JSON.stringify(a)))
    .join(' ');
}

function report(args: unknown[]): void {
  const now = Date.now();
  if (now - lastAt < EVERY_MS) {
    suppressed++;
    return;
  }
  const more = suppressed ? ` (${suppressed} more in the last ${Math.round((now - lastAt) / 1000)} s)` : '';
  lastAt = now;
  suppressed = 0;
  const sink = sinks.values().next().value;
  sink?.(`redis sentinel client: topology refresh failed: ${render(args)}${more}`);
}

/**
 * Routes the sentinel client's console output to `sink` until the returned function is called (each sentinel-mode
 * store registers once and releases on close; with several open, the first one's sink gets the line).
 */
export function routeSentinelConsole(sink: SentinelLogSink): () => void {
  if (!routed) {
    const passthrough = console.log;
    const guard = function (this: unknown, ...args: unknown[]): void {
      if (sinks.size > 0 && calledFromSentinel(guard)) report(args);
      else passthrough.apply(this, args);
    };
    original = passthrough;
    routed = guard;
    console.log = guard;
  }
  sinks.add(sink);
  return () => {
    sinks.delete(sink);
    if (sinks.size === 0 && routed && console.log === routed) {
      console.log = original!;
      routed = undefined;
      original = undefined;
    }
  };
}
