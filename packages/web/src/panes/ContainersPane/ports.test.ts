import { describe, expect, it } from 'vitest';
import type { PortView } from '@phedds/shared';
import { portLinks, portUrl } from './ports.ts';

const tcp = (hostPort: number, privatePort: number, hostIp?: string): PortView => {
  const p: PortView = { privatePort, hostPort, protocol: 'tcp' };
  if (hostIp !== undefined) p.hostIp = hostIp;
  return p;
};

describe('portUrl', () => {
  it('uses the page host for ports bound to every address', () => {
    expect(portUrl(tcp(8080, 80, '0.0.0.0'), 'demo.example')).toBe('http://demo.example:8080/');
    expect(portUrl(tcp(8080, 80, '::'), 'demo.example')).toBe('http://demo.example:8080/');
    expect(portUrl(tcp(8080, 80, ''), 'demo.example')).toBe('http://demo.example:8080/');
    expect(portUrl(tcp(8080, 80), 'demo.example')).toBe('http://demo.example:8080/');
  });

  it('uses the bound address otherwise, bracketing IPv6', () => {
    expect(portUrl(tcp(5000, 5000, '127.0.0.1'), 'demo.example')).toBe('http://127.0.0.1:5000/');
    expect(portUrl(tcp(5000, 5000, '::1'), 'demo.example')).toBe('http://[::1]:5000/');
  });

  it('keeps an IPv6 page host usable', () => {
    expect(portUrl(tcp(8080, 80, '0.0.0.0'), '[fd00::1]')).toBe('http://[fd00::1]:8080/');
    expect(portUrl(tcp(8080, 80, '0.0.0.0'), 'fd00::1')).toBe('http://[fd00::1]:8080/');
  });

  it('gives no link for unpublished or non-TCP ports', () => {
    expect(portUrl({ privatePort: 80, protocol: 'tcp' }, 'h')).toBeUndefined();
    expect(portUrl({ privatePort: 53, hostPort: 5353, hostIp: '0.0.0.0', protocol: 'udp' }, 'h')).toBeUndefined();
  });
});

describe('portLinks', () => {
  it('collapses the IPv4 and IPv6 bindings of one published port', () => {
    const links = portLinks([tcp(8080, 80, '0.0.0.0'), tcp(8080, 80, '::')], 'h');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ href: 'http://h:8080/', label: '8080→80' });
  });

  it('sorts by host port and labels non-TCP ports without a link', () => {
    const links = portLinks(
      [tcp(9000, 9000, '0.0.0.0'), { privatePort: 53, hostPort: 5353, hostIp: '0.0.0.0', protocol: 'udp' }, tcp(443, 8443, '0.0.0.0')],
      'h',
    );
    expect(links.map((l) => l.label)).toEqual(['443→8443', '5353→53/udp', '9000→9000']);
    expect(links.map((l) => l.href)).toEqual(['http://h:443/', undefined, 'http://h:9000/']);
  });

  it('shows exposed-only ports, without links, when nothing is published', () => {
    const links = portLinks(
      [
        { privatePort: 80, protocol: 'tcp' },
        { privatePort: 80, protocol: 'tcp' },
      ],
      'h',
    );
    expect(links).toEqual([{ key: '80/tcp', label: '80/tcp', title: 'container port 80/tcp, exposed but not published' }]);
  });

  it('hides exposed-only ports once something is published', () => {
    const links = portLinks([{ privatePort: 443, protocol: 'tcp' }, tcp(8080, 80, '0.0.0.0')], 'h');
    expect(links.map((l) => l.label)).toEqual(['8080→80']);
  });
});
