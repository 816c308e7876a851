import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberingVerifier } from '../src/auth/verified-tokens.js';

interface Claims {
  sub: string;
  exp?: number;
}

const NOW_MS = Date.UTC(2026, 11, 2, 12, 0, 0);
const inSeconds = (seconds: number) => NOW_MS / 1000 + seconds;

/** A verifier that accepts `token-<sub>` with the given exp, counting its calls. */
function countingVerifier(exp: number | undefined) {
  const verify = vi.fn((token: string): Claims => {
    const match = /^token-(\w+)$/.exec(token);
    if (!match?.[1]) throw new Error('invalid token');
    return exp === undefined ? { sub: match[1] } : { sub: match[1], exp };
  });
  return verify;
}

describe('rememberingVerifier', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies a token once and answers its repeats from memory', () => {
    vi.useFakeTimers({ now: NOW_MS });
    const verify = countingVerifier(inSeconds(900));
    const cached = rememberingVerifier(verify, 10);
    expect(cached('token-a')).toEqual({ sub: 'a', exp: inSeconds(900) });
    expect(cached('token-a')).toEqual({ sub: 'a', exp: inSeconds(900) });
    expect(verify).toHaveBeenCalledTimes(1);
    expect(cached('token-b')).toEqual({ sub: 'b', exp: inSeconds(900) });
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('verifies again once the token has expired, and passes on the refusal', () => {
    vi.useFakeTimers({ now: NOW_MS });
    let valid = true;
    const cached = rememberingVerifier((token: string): Claims => {
      if (!valid) throw new Error(`expired: ${token}`);
      return { sub: 'a', exp: inSeconds(60) };
    }, 10);
    cached('token-a');
    valid = false;
    vi.setSystemTime(NOW_MS + 59_999);
    expect(cached('token-a')).toEqual({ sub: 'a', exp: inSeconds(60) });
    vi.setSystemTime(NOW_MS + 60_000);
    expect(() => cached('token-a')).toThrow('expired: token-a');
  });

  it('never remembers a refusal', () => {
    const verify = countingVerifier(inSeconds(900));
    const cached = rememberingVerifier(verify, 10);
    expect(() => cached('forged!')).toThrow('invalid token');
    expect(() => cached('forged!')).toThrow('invalid token');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('verifies every time a token that carries no expiry', () => {
    const verify = countingVerifier(undefined);
    const cached = rememberingVerifier(verify, 10);
    cached('token-a');
    cached('token-a');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('keeps at most `max` tokens, forgetting the least recently used', () => {
    vi.useFakeTimers({ now: NOW_MS });
    const verify = countingVerifier(inSeconds(900));
    const cached = rememberingVerifier(verify, 2);
    cached('token-a');
    cached('token-b');
    cached('token-a');
    cached('token-c');
    expect(verify).toHaveBeenCalledTimes(3);
    cached('token-a');
    expect(verify).toHaveBeenCalledTimes(3);
    cached('token-b');
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
