import { describe, expect, it } from 'vitest';
import { lineDiff, trimDiff } from './diff.ts';
import { nanoseconds, parseBytes, parseShortPort, parseVolume, shellSplit, timeparse } from './service-process.ts';

describe('compose value parsing (as docker-compose 1.29 reads it)', () => {
  it('reads short port syntax, ranges and host addresses', () => {
    expect(parseShortPort('8080:80', [])).toEqual([{ target: 80, published: 8080, protocol: null, mode: null, external_ip: null }]);
    expect(parseShortPort('127.0.0.1:8000-8001:80-81/udp', []).map((p) => [p.target, p.published, p.protocol, p.external_ip])).toEqual([
      [80, 8000, 'udp', '127.0.0.1'],
      [81, 8001, 'udp', '127.0.0.1'],
    ]);
    expect(parseShortPort('9000', [])).toEqual([{ target: 9000, published: null, protocol: null, mode: null, external_ip: null }]);
    expect(() => parseShortPort('80:http', ['ports', 0])).toThrow(/Invalid port/);
  });

  it('reads volumes, resolving relative host paths against the stack folder', () => {
    expect(parseVolume('data:/data:ro', '/s', [])).toEqual({ kind: 'spec', external: 'data', internal: '/data', mode: 'ro' });
    expect(parseVolume('./x/../y:/y', '/s', [])).toEqual({ kind: 'spec', external: '/s/y', internal: '/y', mode: 'rw' });
    expect(parseVolume('/anon/', '/s', [])).toEqual({ kind: 'spec', external: null, internal: '/anon', mode: 'rw' });
    expect(parseVolume({ type: 'bind', source: './src', target: '/src', read_only: true }, '/s', [])).toMatchObject({
      kind: 'mount',
      source: '/s/src',
      read_only: true,
    });
  });

  it('reads durations, sizes and commands', () => {
    expect(timeparse('1m30s')).toBe(90);
    expect(nanoseconds('1.5s')).toBe(1_500_000_000);
    expect(nanoseconds('500ms')).toBe(500_000_000);
    expect(timeparse('soon')).toBeUndefined();
    expect(parseBytes('64m')).toBe(64 * 1024 * 1024);
    expect(parseBytes('1gb')).toBe(1024 ** 3);
    expect(parseBytes('lots')).toBeUndefined();
    expect(shellSplit(`sh -c 'echo "hi there" && sleep 5'`)).toEqual(['sh', '-c', 'echo "hi there" && sleep 5']);
    expect(shellSplit('a "b c" d\\ e ""')).toEqual(['a', 'b c', 'd e', '']);
  });

  it('diffs files line by line, deletions before additions', () => {
    const d = lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(d.map((l) => l.op + l.text)).toEqual([' a', '-b', '+B', ' c', '+d']);
    expect(
      trimDiff(
        lineDiff(
          Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n'),
          Array.from({ length: 20 }, (_, i) => (i === 10 ? 'X' : `l${i}`)).join('\n'),
        ),
        1,
      ).map((l) => l.op + l.text),
    ).toEqual([' l9', '-l10', '+X', ' l11']);
  });
});
