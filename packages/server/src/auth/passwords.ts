import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@phedds/shared';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): ~30 ms a hash on
 * our machines. The library's default algorithm is argon2id; a test checks the PHC string says so.
 */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

/**
 * True when `password` matches `phc`. With no hash (unknown user, directory account) it still
 * spends the time of one verification, so the answer's timing does not tell which names exist.
 */
export async function verifyPassword(phc: string | null | undefined, password: string): Promise<boolean> {
  try {
    if (!phc) {
      await verify(await dummyHash(), password);
      return false;
    }
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash('phedds-timing-equaliser', PARAMS);
  return dummy;
}

/** What is wrong with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (password.trim() === '') return 'must not be only spaces';
  if (username !== undefined && password.toLowerCase() === username.toLowerCase()) return 'must not be the username';
  return undefined;
}
