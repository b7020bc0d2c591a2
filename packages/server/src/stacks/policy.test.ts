import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { composePolicyIssues, outsideFolder } from './policy.ts';

const issues = (yaml: string, role: 'admin' | 'operator' | 'viewer' = 'operator') =>
  composePolicyIssues(parse(yaml) as Record<string, unknown>, role).map((i) => i.path);

describe('the create policy for compose files', () => {
  it('lets an admin do anything', () => {
    expect(issues('services: {a: {image: x, privileged: true, volumes: ["/:/host"]}}', 'admin')).toEqual([]);
  });

  it('refuses host paths in every volume syntax for non-admins', () => {
    expect(issues('services: {a: {image: x, volumes: ["/etc:/e", "./d:/d", "../d:/d", "~/d:/d", "named:/n", "/anon"]}}')).toEqual([
      'services.a.volumes.0',
      'services.a.volumes.1',
      'services.a.volumes.2',
      'services.a.volumes.3',
    ]);
    expect(
      issues(
        'services: {a: {image: x, volumes: [{type: bind, source: /etc, target: /e}, {type: volume, source: v, target: /v}, {type: tmpfs, target: /t}]}}',
      ),
    ).toEqual(['services.a.volumes.0']);
    expect(
      issues(
        'services: {a: {image: x}}\nvolumes: {v: {driver_opts: {type: none, o: bind, device: /etc}}, w: {driver_opts: {o: "rbind,ro"}}, ok: {}}',
      ),
    ).toEqual(['volumes.v.driver_opts', 'volumes.w.driver_opts']);
  });

  it('refuses the options that reach the host', () => {
    const y = `services:
  a:
    image: x
    privileged: true
    pid: host
    ipc: host
    network_mode: host
    userns_mode: host
    uts: host
    cap_add: [SYS_ADMIN]
    devices: ["/dev/sda:/dev/sda"]
    sysctls: {net.ipv4.ip_forward: 1}
    security_opt: ["apparmor=unconfined"]
    use_api_socket: true
    cgroup_parent: /x
    volumes_from: ["container:other"]
    env_file: ../../etc/passwd
    build: /srv/src
`;
    expect(issues(y).sort()).toEqual(
      [
        'privileged',
        'pid',
        'ipc',
        'network_mode',
        'userns_mode',
        'uts',
        'cap_add',
        'devices',
        'sysctls',
        'security_opt',
        'use_api_socket',
        'cgroup_parent',
        'volumes_from',
        'env_file',
        'build',
      ]
        .map((k) => `services.a.${k}`)
        .sort(),
    );
    expect(issues('services: {a: {image: x, cap_drop: [ALL], network_mode: bridge, pid: "", env_file: app.env, build: ./src}}')).toEqual(
      [],
    );
  });

  it('knows a path that leaves the folder, however it is spelled', () => {
    for (const p of ['/etc', '../x', 'a/../../x', '~/x', '%2e%2e/x', 'a\0b', '..']) expect(outsideFolder(p), p).toBe(true);
    for (const p of ['app.env', 'conf/app.env', './x', 'a/../b']) expect(outsideFolder(p), p).toBe(false);
  });
});
