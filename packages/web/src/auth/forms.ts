import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '@phedds/shared';

/** The setup token from a printed link's fragment (`/setup#token=…`); empty when there is none. */
export function tokenFromHash(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token')?.trim() ?? '';
}

/** What is wrong with a new password and its confirmation, or undefined (the server checks again). */
export function newPasswordProblem(password: string, confirm: string, username = ''): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;
  if (username && password.toLowerCase() === username.toLowerCase()) return 'The password must not be the username.';
  if (password !== confirm) return 'The two passwords differ.';
  return undefined;
}

const USERNAME = new RegExp(USERNAME_PATTERN);

export function usernameProblem(username: string): string | undefined {
  if (username === '') return 'Enter a username.';
  if (!USERNAME.test(username)) return 'Use 1–64 letters, digits or . _ @ -, starting with a letter or digit.';
  return undefined;
}
