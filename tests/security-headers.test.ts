/** Security headers recorded once from helmet are exactly those helmet's middleware sets on a real response. */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import { describe, expect, it } from 'vitest';
import { securityHeadersFor } from '../src/http/security-headers.js';

function headersFromHelmetMiddleware(options: HelmetOptions): Record<string, string> {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  response.setHeader('X-Powered-By', 'something');
  helmet(options)(request, response, () => undefined);
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]));
}

describe('securityHeadersFor', () => {
  const options: HelmetOptions[] = [
    { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }, crossOriginEmbedderPolicy: false },
    { hsts: { maxAge: 60, preload: true }, referrerPolicy: { policy: ['origin', 'unsafe-url'] }, frameguard: { action: 'deny' } },
  ];

  it.each(options)('records what helmet sets, name for name and value for value (%#)', (option) => {
    expect(securityHeadersFor(option)).toEqual(headersFromHelmetMiddleware(option));
  });

  it('leaves out a header helmet is told not to send', () => {
    const headers = securityHeadersFor({ xFrameOptions: false, strictTransportSecurity: false });
    expect(headers).not.toHaveProperty('x-frame-options');
    expect(headers).not.toHaveProperty('strict-transport-security');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a policy computed per request, which one recording would freeze', () => {
    const nonce = () => "'nonce-abc'";
    expect(() => securityHeadersFor({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", nonce] } } })).toThrow(/per request/);
  });

  it('refuses options helmet refuses', () => {
    expect(() => securityHeadersFor({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ['self'] } } })).toThrow();
  });
});
