/**
 * A small deterministic PRNG (mulberry32) for property-style specs: the same seed gives the same
 * sequence, so a failing case can be replayed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both included. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** `length` random decimal digits. */
export function randomDigits(random: () => number, length: number): string {
  return Array.from({ length }, () => String(randomInt(random, 0, 9))).join('');
}
