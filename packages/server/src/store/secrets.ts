import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE = 'secret.key';

/**
 * Encrypts the secrets the console must be able to use again (the LDAP bind password, later
 * registry passwords) with a key kept in its own file beside the database, so a copy of the
 * database alone does not give them away. AES-256-GCM; a value is `v1:` + base64(iv ‖ tag ‖ text).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Reads `<dataDir>/secret.key`, creating it (mode 0600) on first use. */
  static open(dataDir: string): SecretBox {
    const file = join(dataDir, KEY_FILE);
    try {
      const key = readFileSync(file);
      if (key.length !== 32) throw new Error(`${file} is not a 32-byte key; move it away and enter the stored secrets again`);
      return new SecretBox(key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const key = randomBytes(32);
      writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
      return new SecretBox(key);
    }
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const text = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1:${Buffer.concat([iv, c.getAuthTag(), text]).toString('base64')}`;
  }

  /** The plain text, or undefined when the value was sealed with another key or is damaged. */
  open(sealed: string): string | undefined {
    if (!sealed.startsWith('v1:')) return undefined;
    const raw = Buffer.from(sealed.slice(3), 'base64');
    if (raw.length < 28) return undefined;
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
