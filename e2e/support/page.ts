import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchCsp, watchProblems } from './browser.ts';
import { startConsole, type RunningConsole } from './console.ts';

export interface ConsolePage {
  app: RunningConsole;
  browser: Browser;
  page: Page;
  /** Page errors and console errors (CSP violations included) seen so far. */
  problems: string[];
}

/**
 * What most end-to-end files start with: the console (with `args`), chromium, a 1600×900 page that
 * reports its problems and CSP violations, signed in as the console's admin — not yet navigated.
 */
export async function openConsolePage(opts: { args?: string[]; permissions?: string[] } = {}): Promise<ConsolePage> {
  const app = await startConsole(opts.args ?? []);
  const browser = await launchBrowser();
  const page = await browser.newPage({
    viewport: { width: 1600, height: 900 },
    ...(opts.permissions ? { permissions: opts.permissions } : {}),
  });
  const problems = watchProblems(page);
  await watchCsp(page);
  await app.signIn(page);
  return { app, browser, page, problems };
}
