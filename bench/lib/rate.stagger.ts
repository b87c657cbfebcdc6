/**
 * autocannon's fixed rate (overallRate) gives every connection a quota per second on a one-second tick; all ticks
 * start together, and each connection sends its quota back to back, so the load arrives as one burst per second.
 * This spreads the connections' ticks evenly over the second (connection i starts at i/N s), which turns the
 * bursts into an almost even stream. It works on autocannon 8.0.0's Client fields (rate, reqsMadeThisSecond,
 * paused, rateInterval, _doRequest, the package is pinned) and leaves a client alone when they are not there.
 */
interface RateClient {
  rate?: number;
  reqsMadeThisSecond?: number;
  paused?: boolean;
  destroyed?: boolean;
  rateInterval?: ReturnType<typeof setInterval>;
  _doRequest?: () => void;
}

/** A `setupClient` for autocannon; `applied()` tells whether every client could be staggered. */
export function staggeredTicks(connections: number): {
  setupClient: (client: unknown) => void;
  applied: () => boolean;
} {
  let next = 0;
  let skipped = 0;
  const setupClient = (client: unknown) => {
    const c = client as RateClient;
    const offsetMs = (1000 * next++) / connections;
    if (!c.rate || typeof c.reqsMadeThisSecond !== 'number' || typeof c._doRequest !== 'function') {
      skipped++;
      return;
    }
    c.reqsMadeThisSecond = c.rate; // the first quota waits for this connection's own tick
    setImmediate(() => {
      if (c.rateInterval === undefined) return void skipped++;
      clearInterval(c.rateInterval);
      const tick = () => {
        c.reqsMadeThisSecond = 0;
        if (c.paused && !c.destroyed) c._doRequest?.();
        c.paused = false;
      };
      c.rateInterval = setTimeout(() => {
        tick();
        c.rateInterval = setInterval(tick, 1000);
      }, offsetMs);
    });
  };
  return { setupClient, applied: () => skipped === 0 && next > 0 };
}
