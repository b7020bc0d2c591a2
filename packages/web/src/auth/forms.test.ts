import { describe, expect, it } from 'vitest';
import { newPasswordProblem, tokenFromHash, usernameProblem } from './forms.ts';

describe('auth forms', () => {
  it('reads the setup token from the link fragment', () => {
    expect(tokenFromHash('#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFromHash('#token=a%2Bb')).toBe('a+b');
    expect(tokenFromHash('')).toBe('');
    expect(tokenFromHash('#other=1')).toBe('');
  });

  it('explains what is wrong with a new password', () => {
    expect(newPasswordProblem('short', 'short')).toMatch(/at least 10/);
    expect(newPasswordProblem('long enough pw', 'long enough pX')).toMatch(/differ/);
    expect(newPasswordProblem('Administrator', 'Administrator', 'administrator')).toMatch(/username/);
    expect(newPasswordProblem('long enough pw', 'long enough pw')).toBeUndefined();
  });

  it('accepts the usernames the server accepts', () => {
    expect(usernameProblem('alice.b@corp-1')).toBeUndefined();
    expect(usernameProblem('')).toMatch(/Enter/);
    expect(usernameProblem('<img src=x>')).toMatch(/letters/);
    expect(usernameProblem('.hidden')).toMatch(/starting/);
  });
});
