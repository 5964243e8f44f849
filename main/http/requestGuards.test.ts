import { describe, expect, it } from 'vitest';
import { isSameOriginOrNone, isTrustedLocalRequest } from './requestGuards.js';

describe('request guards for the implicit local session', () => {
  it('accepts same-origin and origin-less requests to a loopback host', () => {
    expect(isTrustedLocalRequest({ host: '127.0.0.1:4800' })).toBe(true);
    expect(isTrustedLocalRequest({ host: 'localhost:4800', origin: 'http://localhost:4800' })).toBe(true);
    expect(isTrustedLocalRequest({ host: '[::1]:4800', origin: 'http://[::1]:4800' })).toBe(true);
  });
  it('rejects DNS rebinding (a foreign Host header)', () => {
    expect(isTrustedLocalRequest({ host: 'evil.example:4800' })).toBe(false);
    expect(isTrustedLocalRequest({})).toBe(false);
  });
  it('rejects a cross-site page talking to the local core', () => {
    expect(isTrustedLocalRequest({ host: '127.0.0.1:4800', origin: 'https://evil.example' })).toBe(false);
    expect(isTrustedLocalRequest({ host: '127.0.0.1:4800', origin: 'http://127.0.0.1:9999' })).toBe(false);
    expect(isTrustedLocalRequest({ host: '127.0.0.1:4800', origin: 'null' })).toBe(false);
  });
  it('checks the origin when sign-in is required', () => {
    expect(isSameOriginOrNone({ host: 'wall.plant:4800', origin: 'http://wall.plant:4800' })).toBe(true);
    expect(isSameOriginOrNone({ host: 'wall.plant:4800' })).toBe(true);
    expect(isSameOriginOrNone({ host: 'wall.plant:4800', origin: 'http://other:4800' })).toBe(false);
  });
});
