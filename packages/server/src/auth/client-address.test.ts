import { describe, expect, it } from 'vitest';
import { clientAddress, isSecure, normaliseAddress, TrustedProxies } from './client-address.ts';

const none = new TrustedProxies([]);
const proxies = new TrustedProxies(['127.0.0.1', '10.0.0.0/8', '::1']);

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless the peer is a trusted proxy', () => {
    const spoof = { 'x-forwarded-for': '1.2.3.4' };
    expect(clientAddress({ peer: '198.51.100.9', headers: spoof }, none)).toBe('198.51.100.9');
    expect(clientAddress({ peer: '198.51.100.9', headers: spoof }, proxies)).toBe('198.51.100.9');
    expect(clientAddress({ peer: '::ffff:198.51.100.9', headers: {} }, none)).toBe('198.51.100.9');
  });

  it('reads the chain from the right through trusted hops only', () => {
    // The client forged "6.6.6.6"; the proxy appended the address it saw.
    expect(clientAddress({ peer: '127.0.0.1', headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } }, proxies)).toBe('203.0.113.7');
    expect(clientAddress({ peer: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7, 10.1.2.3' } }, proxies)).toBe('203.0.113.7');
    expect(clientAddress({ peer: '127.0.0.1', headers: { 'x-forwarded-for': ['6.6.6.6', '203.0.113.8'] } }, proxies)).toBe('203.0.113.8');
    expect(clientAddress({ peer: '::1', headers: { 'x-forwarded-for': 'garbage, 203.0.113.9' } }, proxies)).toBe('203.0.113.9');
    expect(clientAddress({ peer: '127.0.0.1', headers: { 'x-forwarded-for': 'not-an-ip' } }, proxies)).toBe('127.0.0.1');
    expect(clientAddress({ peer: '127.0.0.1', headers: {} }, proxies)).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(isSecure({ peer: '198.51.100.9', headers: { 'x-forwarded-proto': 'https' } }, proxies)).toBe(false);
    expect(isSecure({ peer: '127.0.0.1', headers: { 'x-forwarded-proto': 'https' } }, proxies)).toBe(true);
    expect(isSecure({ peer: '127.0.0.1', headers: { 'x-forwarded-proto': 'https, http' } }, proxies)).toBe(false);
    expect(isSecure({ peer: '198.51.100.9', headers: {}, encrypted: true }, none)).toBe(true);
  });

  it('refuses malformed trusted-proxy entries with a clear message', () => {
    expect(() => new TrustedProxies(['10.0.0.0/33'])).toThrow(/not an address or CIDR range/);
    expect(() => new TrustedProxies(['proxy.example.com'])).toThrow(/proxy.example.com/);
    expect(new TrustedProxies(['fd00::/8']).has('fd12::1')).toBe(true);
    expect(normaliseAddress(' ::FFFF:10.0.0.1 ')).toBe('10.0.0.1');
  });
});
