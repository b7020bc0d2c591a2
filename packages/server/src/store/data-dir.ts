import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where Phedds keeps its data when neither `--data-dir` nor `PHEDDS_DATA_DIR` says: the
 * platform's per-user data folder (`$XDG_DATA_HOME/phedds`, else `~/.local/share/phedds`; the
 * usual places on macOS and Windows).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Phedds');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Phedds');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'phedds');
  return join(home, '.local', 'share', 'phedds');
}

/** The data folder to use: the flag, else `PHEDDS_DATA_DIR`, else the default; always absolute. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env.PHEDDS_DATA_DIR || defaultDataDir(env));
}
