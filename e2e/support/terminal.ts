import type { Page } from 'playwright-core';

/** The active terminal of the Shell pane. */
export const ACTIVE_TERMINAL = '[data-testid="shell-pane"] [data-testid="terminal"]';

/** What the active terminal shows right now (its rendered rows, as a person reads them). */
export async function screenText(page: Page): Promise<string> {
  return page.locator(`${ACTIVE_TERMINAL} .xterm-rows`).innerText();
}

/** Waits until the active terminal shows something matching `pattern`; returns the screen. */
export async function waitForScreen(page: Page, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = await screenText(page).catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > end) throw new Error(`the terminal never showed ${String(pattern)}; it shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Clicks into the active terminal, so the keyboard goes to it. */
export async function focusTerminal(page: Page): Promise<void> {
  await page.locator(`${ACTIVE_TERMINAL} .xterm-screen`).click();
}

/** Types a command line into the active terminal as a person would, then Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await focusTerminal(page);
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** A tab of the Shell pane by kind and, optionally, a part of its title. */
export function tabSelector(kind: 'host' | 'exec', titleContains?: string): string {
  const title = titleContains === undefined ? '' : `[data-title*="${titleContains}"]`;
  return `[data-testid="terminal-tab"][data-kind="${kind}"]${title}`;
}
