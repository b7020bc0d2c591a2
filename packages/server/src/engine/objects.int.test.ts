import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, eventually, TEST_LABEL } from '../test-support/docker-cli.ts';
import { engineTruth, ObjectsClient, removeTestObjects } from './objects-test-support.ts';

const run = promisify(execFile);
const root = new URL('../../../../', import.meta.url).pathname;

let built: TestConsole;

useTestConsole(
  (c) => (built = c),
  {},
  async () => {
    await removeTestObjects();
    await docker('rmi', 'phedds-test/tagged:1').catch(() => undefined);
  },
);

const sameAsEngine = async (c?: ObjectsClient): Promise<boolean> => {
  const truth = await engineTruth();
  const o = built.engine.objects;
  const eq = (a: Iterable<string>, b: Set<string>): boolean => {
    const s = new Set(a);
    return s.size === b.size && [...b].every((k) => s.has(k));
  };
  return (
    eq(o.networks.keys(), truth.networks) &&
    eq(o.volumes.keys(), truth.volumes) &&
    eq(o.images.keys(), truth.images) &&
    (!c || (eq(c.networks.keys(), truth.networks) && eq(c.volumes.keys(), truth.volumes) && eq(c.images.keys(), truth.images)))
  );
};

describe('network, volume and image inventories on a real engine', () => {
  it('start equal to the engine’s own lists', async () => {
    expect(await sameAsEngine()).toBe(true);
    expect(
      built.engine.objects.networks
        .list()
        .filter((n) => n.builtIn)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['bridge', 'host', 'none']);
  });

  it('follow the CLI: networks, volumes, tags, connects, mounts and links appear and go, over the socket too', async () => {
    const c = await ObjectsClient.open(built);
    await eventually(() => c.networks.size > 0 && c.images.size > 0, 'snapshots');

    await docker('network', 'create', '--label', TEST_LABEL, '--label', 'com.docker.compose.project=intproj', 'int-net');
    await docker('volume', 'create', '--label', TEST_LABEL, 'int-vol');
    await docker('tag', 'busybox:local', 'phedds-test/tagged:1');
    await eventually(() => c.network('int-net')?.compose?.project === 'intproj', 'network over the socket');
    await eventually(() => c.volumes.has('int-vol'), 'volume over the socket');
    await eventually(() => [...c.images.values()].some((i) => i.tags.includes('phedds-test/tagged:1')), 'tag over the socket');

    // A container mounting the volume is its user, running or not.
    const db = await docker('run', '-d', '--name', 'int-db', '--label', TEST_LABEL, '-v', 'int-vol:/data', 'busybox:local', 'sleep', '600');
    await eventually(
      () => c.volumes.get('int-vol')?.usedBy.some((u) => u.container === db && u.destination === '/data') === true,
      'volume user',
    );
    await docker('stop', '-t', '0', db);
    await eventually(() => built.engine.containers.get(db)?.state === 'exited', 'stopped');
    expect(c.volumes.get('int-vol')?.usedBy.map((u) => u.container)).toEqual([db]);

    // Connecting a running container changes its networks; a link given at connect is on the network.
    await docker('start', db);
    const web = await docker('run', '-d', '--name', 'int-web', '--label', TEST_LABEL, 'busybox:local', 'sleep', '600');
    await docker('network', 'connect', 'int-net', db);
    await docker('network', 'connect', '--link', 'int-db:database', 'int-net', web);
    await eventually(() => built.engine.containers.get(web)?.networks.includes('int-net') === true, 'web joined int-net');
    await eventually(
      () => c.network('int-net')?.links.some((l) => l.container === web && l.target === 'int-db' && l.alias === 'database') === true,
      'link on the network',
    );
    await docker('network', 'disconnect', 'int-net', web);
    await eventually(() => built.engine.containers.get(web)?.networks.includes('int-net') === false, 'web left int-net');
    await eventually(() => c.network('int-net')?.links.length === 0, 'link gone with the endpoint');

    // Removing the container frees the volume; removing the objects removes them everywhere.
    await docker('rm', '-f', db, web);
    await eventually(() => c.volumes.get('int-vol')?.usedBy.length === 0, 'volume free again');
    await docker('network', 'rm', 'int-net');
    await docker('volume', 'rm', 'int-vol');
    await docker('rmi', 'phedds-test/tagged:1');
    await eventually(() => !c.network('int-net') && !c.volumes.has('int-vol'), 'objects gone over the socket');
    await eventually(() => ![...c.images.values()].some((i) => i.tags.includes('phedds-test/tagged:1')), 'tag gone');
    await eventually(() => sameAsEngine(c), 'socket and inventory equal the engine');
    // Deltas caused by an engine event name it, with the engine's time.
    const created = c.messages.find((m) => m.op === 'delta' && m.topic === 'volumes' && m.data.upsert.some((v) => v.name === 'int-vol'));
    expect(created?.op === 'delta' && created.topic === 'volumes' && created.data.cause).toMatchObject({ action: 'create', id: 'int-vol' });
    c.close();
  });

  it('a prune, which sends no event per volume, still empties the inventory of what it removed', async () => {
    await docker('volume', 'create', '--label', TEST_LABEL, 'int-prune');
    await eventually(() => built.engine.objects.volumes.get('int-prune') !== undefined, 'volume seen');
    await docker('volume', 'prune', '-f', '--filter', `label=${TEST_LABEL}`);
    await eventually(() => built.engine.objects.volumes.get('int-prune') === undefined, 'pruned volume gone');
  });

  it('after the engine restarts and its event stream reconnects, equal the engine again, changes made meanwhile included', async () => {
    const c = await ObjectsClient.open(built);
    await docker('network', 'create', '--label', TEST_LABEL, 'rs-net-gone');
    await docker('volume', 'create', '--label', TEST_LABEL, 'rs-vol-gone');
    await docker('volume', 'create', '--label', TEST_LABEL, 'rs-vol-used');
    await eventually(() => !!c.network('rs-net-gone') && c.volumes.has('rs-vol-gone') && c.volumes.has('rs-vol-used'), 'objects seen');
    const states: string[] = [];
    const off = built.engine.onStatus((s) => states.push(s.state));

    await run('bash', [`${root}scripts/engine-restart.sh`], { env: process.env });
    // Right after the engine is back, racing the console's reconnect.
    await docker('network', 'rm', 'rs-net-gone');
    await docker('volume', 'rm', 'rs-vol-gone');
    await docker('network', 'create', '--label', TEST_LABEL, 'rs-net-new');
    const user = await docker(
      'create',
      '--name',
      'rs-user',
      '--label',
      TEST_LABEL,
      '-v',
      'rs-vol-used:/v',
      '--network',
      'rs-net-new',
      'busybox:local',
      'true',
    );

    await eventually(() => built.engine.status.state === 'up' && states.includes('down'), 'engine seen down, then up', 60_000);
    await eventually(() => sameAsEngine(c), 'inventories and socket equal the engine', 30_000);
    expect(c.network('rs-net-new')).toBeDefined();
    expect(c.network('rs-net-gone')).toBeUndefined();
    await eventually(() => c.volumes.get('rs-vol-used')?.usedBy.some((u) => u.container === user) === true, 'volume user after reconnect');
    off();
    c.close();
  });
});
