import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestObjects } from '../packages/server/src/engine/objects-test-support.ts';
import { docker, eventually, TEST_LABEL } from '../packages/server/src/test-support/docker-cli.ts';
import { ROOT, type RunningConsole } from './support/console.ts';
import { openConsolePage } from './support/page.ts';

let app: RunningConsole;
let browser: Browser;
let page: Page;
let problems: string[];

interface DrawnNode {
  id: string;
  kind: string;
  label: string;
  tone?: string;
  parent: string | null;
  x: number;
  y: number;
  classes: string[];
}
interface DrawnEdge {
  id: string;
  kind: string;
  source: string;
  target: string;
}
interface Drawn {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

/**
 * What the Cytoscape canvas holds right now, read from Cytoscape itself (it registers its instance
 * on its container element). Elements fading out are not counted. Source text, not a function: the
 * test's transform would wrap a named function in helpers that do not exist in the page.
 */
const DRAWN = `(() => {
  const cy = document.querySelector('[data-testid="relations-canvas"]')._cyreg.cy;
  const live = (e) => !e.hasClass('leaving');
  return {
    nodes: cy.nodes().filter(live).map((n) => ({ id: n.id(), kind: n.data('kind'), label: n.data('label'), tone: n.data('tone'),
      parent: n.parent().length ? n.parent().id() : null, x: n.position('x'), y: n.position('y'), classes: n.classes() })),
    edges: cy.edges().filter(live).map((e) => ({ id: e.id(), kind: e.data('kind'), source: e.source().id(), target: e.target().id() })),
  };
})()`;

const drawn = (): Promise<Drawn> => page.evaluate<Drawn>(DRAWN);

async function until(check: (d: Drawn) => boolean, what: string): Promise<Drawn> {
  let last: Drawn = { nodes: [], edges: [] };
  await eventually(async () => check((last = await drawn())), what);
  return last;
}

/** Where a node is on the screen, to click or hover it like a user. */
async function screenPoint(id: string): Promise<{ x: number; y: number }> {
  const p = await page.evaluate<{ x: number; y: number }>(
    `(() => { const cy = document.querySelector('[data-testid="relations-canvas"]')._cyreg.cy; return cy.getElementById(${JSON.stringify(id)}).renderedPosition(); })()`,
  );
  const box = (await page.locator('[data-testid="relations-canvas"]').boundingBox())!;
  return { x: box.x + p.x, y: box.y + p.y };
}

const id = async (name: string): Promise<string> => docker('inspect', '-f', '{{.Id}}', name);

beforeAll(async () => {
  await removeTestObjects();
  ({ app, browser, page, problems } = await openConsolePage());
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="relations"][data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await removeTestObjects();
});

describe('the Relations pane on a real engine', () => {
  it('draws a new edge when a container joins a new network', async () => {
    const a = await docker('run', '-d', '--name', 'e2e-rel-a', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await until((d) => d.nodes.some((n) => n.id === `container:${a}` && n.tone === 'running'), 'the container node, green');
    await docker('network', 'create', '--label', TEST_LABEL, 'e2e-rel-net');
    const net = await docker('network', 'inspect', '-f', '{{.Id}}', 'e2e-rel-net');
    await until((d) => d.nodes.some((n) => n.id === `network:${net}` && n.label === 'e2e-rel-net'), 'the network node');
    const before = await drawn();
    expect(before.edges.some((e) => e.source === `container:${a}` && e.target === `network:${net}`)).toBe(false);

    await docker('network', 'connect', 'e2e-rel-net', 'e2e-rel-a');
    const after = await until(
      (d) => d.edges.some((e) => e.kind === 'network' && e.source === `container:${a}` && e.target === `network:${net}`),
      'the edge',
    );
    // Nothing already drawn moved to make room.
    for (const n of before.nodes) {
      const now = after.nodes.find((m) => m.id === n.id);
      if (!now || n.kind === 'project') continue;
      expect([now.x, now.y], n.label).toEqual([n.x, n.y]);
    }
  });

  it('removes the node, and its edges, when the container is removed', async () => {
    const a = await id('e2e-rel-a');
    await docker('rm', '-f', 'e2e-rel-a');
    const d = await until((x) => !x.nodes.some((n) => n.id === `container:${a}`), 'the node gone');
    expect(d.edges.filter((e) => e.source === `container:${a}` || e.target === `container:${a}`)).toEqual([]);
    // Once faded out, it is gone from Cytoscape altogether.
    await eventually(
      async () =>
        (await page.evaluate(
          `document.querySelector('[data-testid="relations-canvas"]')._cyreg.cy.getElementById('container:${a}').length`,
        )) === 0,
      'the element removed after its fade',
    );
  });

  it('draws a compose-labelled group of containers as one compound node, with its volume', async () => {
    await docker(
      'volume',
      'create',
      '--label',
      TEST_LABEL,
      '--label',
      'com.docker.compose.project=e2eshop',
      '--label',
      'com.docker.compose.volume=data',
      'e2eshop_data',
    );
    const ids: string[] = [];
    for (const [service, n] of [
      ['web', 1],
      ['web', 2],
      ['db', 1],
    ] as const) {
      const labels = [
        '--label',
        TEST_LABEL,
        '--label',
        'com.docker.compose.project=e2eshop',
        '--label',
        `com.docker.compose.service=${service}`,
      ];
      labels.push('--label', `com.docker.compose.container-number=${n}`);
      const extra = service === 'db' ? ['-v', 'e2eshop_data:/data'] : [];
      ids.push(await docker('run', '-d', '--name', `e2eshop-${service}-${n}`, ...labels, ...extra, 'busybox:local', 'sleep', '600'));
    }
    const d = await until(
      (x) => ids.every((i) => x.nodes.find((n) => n.id === `container:${i}`)?.parent === 'project:e2eshop'),
      'three children of one project',
    );
    expect(d.nodes.filter((n) => n.id === 'project:e2eshop')).toHaveLength(1);
    expect(
      d.nodes
        .filter((n) => n.parent === 'project:e2eshop' && n.kind === 'container')
        .map((n) => n.label)
        .sort(),
    ).toEqual(['db-1', 'web-1', 'web-2']);
    expect(d.nodes.find((n) => n.id === 'volume:e2eshop_data')?.parent).toBe('project:e2eshop');
    expect(d.edges.some((e) => e.kind === 'volume' && e.source === `container:${ids[2]}` && e.target === 'volume:e2eshop_data')).toBe(true);
  });

  it('selects a container in every pane by clicking its node, and shows its details on hover', async () => {
    const db = await id('e2eshop-db-1');
    await page.click('[data-testid="relations-fit"]');
    await page.waitForTimeout(400); // the fit animation
    const p = await screenPoint(`container:${db}`);
    await page.mouse.move(p.x, p.y);
    const card = page.locator('[data-testid="relations-card"]');
    await card.waitFor();
    expect(await card.innerText()).toContain('e2eshop-db-1');
    await page.mouse.click(p.x, p.y);
    await page.waitForSelector('[data-testid="container-row"][data-name="e2eshop-db-1"][data-selected="true"]');
    await until((d) => d.nodes.find((n) => n.id === `container:${db}`)?.classes.includes('selected') === true, 'the node highlighted');

    // And the other way round: a row clicked in the Containers pane lights its node up.
    await page.click('[data-testid="container-row"][data-name="e2eshop-web-2"]');
    const web2 = await id('e2eshop-web-2');
    const d = await until(
      (x) => x.nodes.find((n) => n.id === `container:${web2}`)?.classes.includes('selected') === true,
      'web-2 highlighted',
    );
    expect(d.nodes.find((n) => n.id === `container:${db}`)?.classes).not.toContain('selected');
  });

  it('filters: hides images, hides volumes, keeps one project', async () => {
    await until((d) => d.nodes.some((n) => n.kind === 'image'), 'images drawn');
    await page.click('[data-testid="relations-toggle-images"]');
    await until((d) => !d.nodes.some((n) => n.kind === 'image') && !d.edges.some((e) => e.kind === 'image'), 'no images');
    await page.click('[data-testid="relations-toggle-volumes"]');
    await until((d) => !d.nodes.some((n) => n.kind === 'volume'), 'no volumes');
    await page.selectOption('[data-testid="relations-project"]', 'e2eshop');
    const d = await until((x) => x.nodes.filter((n) => n.kind === 'container').every((n) => n.parent === 'project:e2eshop'), 'one project');
    expect(d.nodes.filter((n) => n.kind === 'container')).toHaveLength(3);
    await page.selectOption('[data-testid="relations-project"]', '');
    await page.click('[data-testid="relations-toggle-images"]');
    await page.click('[data-testid="relations-toggle-volumes"]');
    await until((d2) => d2.nodes.some((n) => n.kind === 'image') && d2.nodes.some((n) => n.kind === 'volume'), 'everything back');
  });

  it('renders without page errors or CSP violations, and looks right', async () => {
    await page.click('[data-testid="relations-fit"]');
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${ROOT}.test-results/e2e-relations.png` });
    await page.locator('[data-pane="relations"]').screenshot({ path: `${ROOT}.test-results/e2e-relations-pane.png` });
    expect(problems).toEqual([]);
  });
});
