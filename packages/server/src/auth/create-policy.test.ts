import { describe, expect, it } from 'vitest';
import { checkCreatePolicy, type CreateRequest } from './policy.ts';

function refused(req: CreateRequest, role: 'operator' | 'viewer' = 'operator'): string[] {
  const r = checkCreatePolicy(role, req);
  if (r.allowed) return [];
  return r.violations.map((v) => v.field);
}

describe('checkCreatePolicy', () => {
  it('lets an operator create an ordinary container and compose service', () => {
    const engineBody: CreateRequest = {
      HostConfig: {
        Binds: ['data:/var/lib/data', 'cache:/cache:ro'],
        Mounts: [{ Type: 'volume', Source: 'logs' }, { Type: 'tmpfs' }],
        NetworkMode: 'bridge',
        PidMode: '',
        CapAdd: [],
        Devices: null,
        SecurityOpt: ['no-new-privileges:true'],
      },
    };
    expect(checkCreatePolicy('operator', engineBody)).toEqual({ allowed: true });
    const service: CreateRequest = {
      volumes: ['data:/data', '/anonymous', { type: 'volume', source: 'db' }],
      network_mode: 'service:web',
      security_opt: ['no-new-privileges'],
      volumeDefinitions: [
        { name: 'db', driver: 'local' },
        { name: 'nfs', driver_opts: { type: 'nfs', o: 'addr=10.0.0.1,rw' } },
      ],
    };
    expect(checkCreatePolicy('operator', service)).toEqual({ allowed: true });
  });

  it('lets an admin create anything', () => {
    expect(checkCreatePolicy('admin', { HostConfig: { Privileged: true, Binds: ['/:/host'] }, cap_add: ['ALL'] })).toEqual({
      allowed: true,
    });
  });

  it('refuses a viewer everything, even a harmless request', () => {
    const r = checkCreatePolicy('viewer', {});
    expect(r.allowed).toBe(false);
    if (!r.allowed) expect(r.message).toMatch(/read-only/);
  });

  it('finds bind mounts in Binds, Mounts, compose volumes and volume driver options', () => {
    expect(refused({ HostConfig: { Binds: ['/etc:/host-etc:ro', 'named:/x', '/var/run/docker.sock:/s'] } })).toEqual([
      'HostConfig.Binds[0]',
      'HostConfig.Binds[2]',
    ]);
    expect(refused({ HostConfig: { Binds: ['C:\\Users:/u', '\\\\server\\share:/s'] } })).toEqual([
      'HostConfig.Binds[0]',
      'HostConfig.Binds[1]',
    ]);
    expect(
      refused({
        HostConfig: {
          Mounts: [
            { Type: 'bind', Source: '/' },
            { Type: 'volume', Source: 'v' },
          ],
        },
      }),
    ).toEqual(['HostConfig.Mounts[0]']);
    expect(
      refused({
        HostConfig: {
          Mounts: [
            { Type: 'volume', Source: 'v', VolumeOptions: { DriverConfig: { Options: { type: 'none', device: '/etc', o: 'bind' } } } },
          ],
        },
      }),
    ).toEqual(['HostConfig.Mounts[0]']);
    expect(refused({ volumes: ['./src:/app', '~/secrets:/s', 'ok:/ok', { type: 'bind', source: '/root' }] })).toEqual([
      'volumes[0]',
      'volumes[1]',
      'volumes[3]',
    ]);
    expect(refused({ volumes: [{ type: 'volume', source: 'x', volume: { driver_opts: { O: 'rbind,ro' } } }] })).toEqual(['volumes[0]']);
    expect(refused({ volumeDefinitions: [{ name: 'hostetc', driver: 'local', driver_opts: { type: 'none', device: '/etc' } }] })).toEqual([
      'volumes.hostetc.driver_opts',
    ]);
    expect(refused({ volumeDefinitions: [{ name: 'b', driver_opts: { o: 'bind', device: '/' } }] })).toEqual(['volumes.b.driver_opts']);
  });

  it('refuses privileged mode and host namespaces in both spellings', () => {
    expect(refused({ HostConfig: { Privileged: true } })).toEqual(['HostConfig.Privileged']);
    expect(refused({ privileged: true })).toEqual(['privileged']);
    expect(refused({ HostConfig: { Privileged: false } })).toEqual([]);
    expect(
      refused({
        HostConfig: { PidMode: 'host', IpcMode: 'HOST', NetworkMode: 'host', UsernsMode: 'host', UTSMode: 'host', CgroupnsMode: 'host' },
      }),
    ).toEqual([
      'HostConfig.PidMode',
      'HostConfig.IpcMode',
      'HostConfig.NetworkMode',
      'HostConfig.UsernsMode',
      'HostConfig.UTSMode',
      'HostConfig.CgroupnsMode',
    ]);
    expect(refused({ pid: 'host', ipc: 'host', network_mode: 'host', userns_mode: 'host', uts: 'host', cgroup: 'host' })).toEqual([
      'pid',
      'ipc',
      'network_mode',
      'userns_mode',
      'uts',
      'cgroup',
    ]);
  });

  it('refuses capabilities, devices, sysctls, security options and volumes-from', () => {
    expect(
      refused({
        HostConfig: {
          CapAdd: ['NET_ADMIN'],
          Devices: [{ PathOnHost: '/dev/sda' }],
          DeviceRequests: [{ Count: -1 }],
          DeviceCgroupRules: ['c 1:3 mr'],
          Sysctls: { 'net.ipv4.ip_forward': '1' },
          SecurityOpt: ['seccomp=unconfined', 'no-new-privileges'],
          VolumesFrom: ['other'],
        },
      }),
    ).toEqual([
      'HostConfig.CapAdd',
      'HostConfig.Devices',
      'HostConfig.DeviceRequests',
      'HostConfig.DeviceCgroupRules',
      'HostConfig.Sysctls',
      'HostConfig.VolumesFrom',
      'HostConfig.SecurityOpt[0]',
    ]);
    expect(
      refused({
        cap_add: ['SYS_ADMIN'],
        devices: ['/dev/fuse'],
        device_cgroup_rules: ['a *:* rwm'],
        gpus: 'all',
        sysctls: ['kernel.shm_rmid_forced=1'],
        security_opt: ['apparmor=unconfined'],
        volumes_from: ['db'],
      }),
    ).toEqual(['cap_add', 'devices', 'device_cgroup_rules', 'gpus', 'sysctls', 'volumes_from', 'security_opt[0]']);
  });

  it('says what was refused and what to do', () => {
    const r = checkCreatePolicy('operator', { HostConfig: { Binds: ['/etc:/e'], Privileged: true } });
    expect(r.allowed).toBe(false);
    if (r.allowed) return;
    expect(r.message).toContain('HostConfig.Binds[0] bind-mounts the host path "/etc"');
    expect(r.message).toContain('HostConfig.Privileged');
    expect(r.message).toMatch(/Remove them, or ask an admin/);
  });
});
