import type { LayoutBody, LayoutsView } from '@phedds/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestCaller, type TestConsole } from '../../test-support/app.ts';

let con: TestConsole;
let viewer: TestCaller;

const twoByTwo: LayoutBody = {
  version: 1,
  rows: [
    {
      height: 0.6,
      cells: [
        { pane: 'shell', width: 0.7 },
        { pane: 'containers', width: 0.3 },
      ],
    },
    {
      height: 0.4,
      cells: [
        { pane: 'relations', width: 0.5 },
        { pane: 'resources', width: 0.5 },
      ],
    },
  ],
  maximised: null,
};
const single: LayoutBody = { version: 1, rows: [{ height: 1, cells: [{ pane: 'shell', width: 1 }] }] };

beforeAll(async () => {
  con = await startTestConsole();
  viewer = await con.login('viewer');
});

afterAll(async () => {
  await con?.close();
});

describe('layout routes', () => {
  it('saves, lists, switches and deletes a viewer’s own layouts, with presenter mode', async () => {
    expect((await viewer.api('GET', '/api/layouts')).json).toEqual({ layouts: [], active: null, presenter: false });
    const saved = await viewer.api('PUT', '/api/layouts/Talk', { layout: twoByTwo, active: true, presenter: true });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    await viewer.api('PUT', `/api/layouts/${encodeURIComponent('Débug view')}`, { layout: single });
    const list = (await viewer.api('GET', '/api/layouts')).json as unknown as LayoutsView;
    expect(list.layouts.map((l) => l.name)).toEqual(['Talk', 'Débug view']);
    expect(list.layouts[0]!.layout).toEqual(twoByTwo);
    expect(list).toMatchObject({ active: 'Talk', presenter: true });

    // Renaming keeps the place in the list and the active mark.
    const renamed = await viewer.api('PUT', '/api/layouts/Keynote', { layout: twoByTwo, renameFrom: 'Talk', presenter: false });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ active: 'Keynote', presenter: false });
    expect((renamed.json as unknown as LayoutsView).layouts.map((l) => l.name)).toEqual(['Keynote', 'Débug view']);
    expect((await viewer.api('PUT', '/api/layouts/Keynote', { layout: single, renameFrom: 'Débug view' })).status).toBe(409);

    const deleted = await viewer.api('DELETE', '/api/layouts/Keynote');
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ active: null, layouts: [{ name: 'Débug view' }] });
    expect((await viewer.api('DELETE', '/api/layouts/Keynote')).status).toBe(404);
  });

  it('keeps each user’s layouts to themselves', async () => {
    await viewer.api('PUT', '/api/layouts/Mine', { layout: single, active: true });
    const adminView = (await con.api('GET', '/api/layouts')).json as unknown as LayoutsView;
    expect(adminView.layouts.map((l) => l.name)).not.toContain('Mine');
    expect((await con.api('DELETE', '/api/layouts/Mine')).status).toBe(404);
    // The admin's layout of the same name is another row.
    await con.api('PUT', '/api/layouts/Mine', { layout: twoByTwo, active: true });
    const viewerView = (await viewer.api('GET', '/api/layouts')).json as unknown as LayoutsView;
    expect(viewerView.layouts.find((l) => l.name === 'Mine')?.layout).toEqual(single);
    expect(viewerView.active).toBe('Mine');
  });

  it('accepts pane ids it does not know, and refuses malformed layouts with 400 and the field', async () => {
    const unknown: LayoutBody = { version: 1, rows: [{ height: 1, cells: [{ pane: 'from-a-newer-console', width: 1 }] }] };
    expect((await viewer.api('PUT', '/api/layouts/Future', { layout: unknown })).status).toBe(200);

    const bad: [string, unknown][] = [
      ['no layout', {}],
      ['unknown field', { layout: single, colour: 'red' }],
      ['three rows', { layout: { version: 1, rows: [single.rows[0], single.rows[0], single.rows[0]] } }],
      [
        'four panes in a row',
        { layout: { version: 1, rows: [{ height: 1, cells: ['a', 'b', 'c', 'd'].map((pane) => ({ pane, width: 0.25 })) }] } },
      ],
      [
        'widths not adding up',
        {
          layout: {
            version: 1,
            rows: [
              {
                height: 1,
                cells: [
                  { pane: 'a', width: 0.5 },
                  { pane: 'b', width: 0.2 },
                ],
              },
            ],
          },
        },
      ],
      [
        'a pane twice',
        {
          layout: {
            version: 1,
            rows: [
              {
                height: 1,
                cells: [
                  { pane: 'a', width: 0.5 },
                  { pane: 'a', width: 0.5 },
                ],
              },
            ],
          },
        },
      ],
      [
        'a tiny share',
        {
          layout: {
            version: 1,
            rows: [
              {
                height: 1,
                cells: [
                  { pane: 'a', width: 0.99 },
                  { pane: 'b', width: 0.01 },
                ],
              },
            ],
          },
        },
      ],
      ['a pane id with markup', { layout: { version: 1, rows: [{ height: 1, cells: [{ pane: '<script>', width: 1 }] }] } }],
      ['maximised pane not in it', { layout: { ...single, maximised: 'logs' } }],
      ['wrong version', { layout: { ...single, version: 2 } }],
    ];
    for (const [what, body] of bad) {
      const r = await viewer.api('PUT', '/api/layouts/Bad', body);
      expect(r.status, what).toBe(400);
      expect(r.json.error, what).toBe('bad_request');
      expect(typeof r.json.message, what).toBe('string');
      expect(Array.isArray(r.json.details), what).toBe(true);
    }
    expect((await viewer.api('PUT', `/api/layouts/${'x'.repeat(41)}`, { layout: single })).status).toBe(400);
    expect((await viewer.api('PUT', '/api/layouts/%20%20', { layout: single })).status).toBe(400);
    const longId = { version: 1, rows: [{ height: 1, cells: [{ pane: 'p'.repeat(41), width: 1 }] }] };
    expect((await viewer.api('PUT', '/api/layouts/Long', { layout: longId })).status).toBe(400);
    expect((await viewer.api('PUT', '/api/layouts/Json', '{"layout":', { 'content-type': 'application/json' })).status).toBe(400);
    const names = ((await viewer.api('GET', '/api/layouts')).json as unknown as LayoutsView).layouts.map((l) => l.name);
    expect(names).not.toContain('Bad');
  });

  it('bounds how many layouts a user keeps', async () => {
    const operator = await con.login('operator');
    for (let i = 1; i <= 20; i++) expect((await operator.api('PUT', `/api/layouts/L${i}`, { layout: single })).status).toBe(200);
    const over = await operator.api('PUT', '/api/layouts/L21', { layout: single });
    expect(over.status).toBe(409);
    expect(over.json).toMatchObject({ error: 'too_many_layouts' });
    // Replacing one of them is still fine.
    expect((await operator.api('PUT', '/api/layouts/L3', { layout: twoByTwo })).status).toBe(200);
  });

  it('needs a session', async () => {
    const r = await fetch(`${con.base}/api/layouts`);
    expect(r.status).toBe(401);
  });
});
