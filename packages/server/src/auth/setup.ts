import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * The first-run setup token. While the console has no admin, it holds one random token (only its
 * hash), printed on the console's own output at start-up; whoever can read that output may
 * create the first admin. Once used, or once an admin exists, setup is closed for good.
 */
export class SetupGate {
  private tokenHash: Buffer | undefined;

  /** A fresh token when setup is open (call it once at start-up and print the result); undefined when closed. */
  issue(setupNeeded: boolean): string | undefined {
    if (!setupNeeded) {
      this.tokenHash = undefined;
      return undefined;
    }
    const token = randomBytes(24).toString('base64url');
    this.tokenHash = digest(token);
    return token;
  }

  get open(): boolean {
    return this.tokenHash !== undefined;
  }

  /** Constant-time comparison of digests: the time taken says nothing about how much matched. */
  matches(token: string): boolean {
    if (!this.tokenHash) return false;
    return timingSafeEqual(digest(token), this.tokenHash);
  }

  /** Closes setup: the token is forgotten and can never be used again. */
  close(): void {
    this.tokenHash = undefined;
  }
}

/** The link to print: the token rides in the fragment, which browsers never send to a server or in a Referer. */
export function setupLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/setup#token=${encodeURIComponent(token)}`;
}
