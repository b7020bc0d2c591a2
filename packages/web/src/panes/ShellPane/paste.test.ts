import { describe, expect, it } from 'vitest';
import { sanitizePaste } from './paste.ts';

describe('sanitizePaste', () => {
  it('leaves ordinary text alone, newlines and tabs included', () => {
    expect(sanitizePaste('docker ps\n\techo "a[201~"\r\n')).toBe('docker ps\n\techo "a[201~"\r\n');
    expect(sanitizePaste('')).toBe('');
  });

  it('removes the end-of-paste marker that would let the rest run as commands', () => {
    expect(sanitizePaste('echo hi\x1b[201~\nrm -rf ~\n')).toBe('echo hi\nrm -rf ~\n');
  });

  it('removes start markers and the 8-bit CSI form too', () => {
    expect(sanitizePaste('\x1b[200~a\x9b201~b\x9b200~')).toBe('ab');
  });

  it('does not let a marker reassemble around a removed one', () => {
    expect(sanitizePaste('x\x1b[20\x1b[201~1~y')).toBe('xy');
    expect(sanitizePaste('\x1b[\x1b[\x1b[201~201~201~z')).toBe('z');
  });

  it('keeps other escape sequences (colours in a pasted snippet are the user’s business)', () => {
    expect(sanitizePaste('\x1b[31mred\x1b[0m')).toBe('\x1b[31mred\x1b[0m');
  });
});
