import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Every integration file runs with an empty HOME: a host shell a test opens must not read the
// machine's own rc files (a version manager's init there waits a minute on a lock file a killed
// shell left behind), and the docker CLI the tests call must not pick up a user's context.
const realHome = process.env.HOME;
const home = mkdtempSync(join(tmpdir(), 'phedds-int-home-'));
process.env.HOME = home;

afterAll(() => {
  process.env.HOME = realHome;
  rmSync(home, { recursive: true, force: true });
});
