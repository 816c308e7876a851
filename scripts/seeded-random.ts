/** A small seeded PRNG (mulberry32): the demo and benchmark data sets are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function picker(rand: () => number) {
  return <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
}
