import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';

/** bcrypt runs in libuv's thread pool, off the event loop. */
export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

const decoys = new Map<number, Promise<string>>();

/**
 * Spends the time a real check would, against a hash of random bytes, so a login for an unknown email
 * cannot be told from one with a wrong password by how long it takes.
 */
export async function verifyAgainstDecoy(password: string, cost: number): Promise<false> {
  let decoy = decoys.get(cost);
  if (!decoy) {
    decoy = bcrypt.hash(randomBytes(16).toString('hex'), cost);
    decoys.set(cost, decoy);
  }
  await bcrypt.compare(password, await decoy);
  return false;
}
