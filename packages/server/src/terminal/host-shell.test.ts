import { describe, expect, it } from 'vitest';
import { hostShellEnv, pickShell } from './host-shell.ts';
import { exitStatus, signalName } from './process.ts';

describe('host shell', () => {
  it("points the docker CLI at the console's engine and drops settings that would send it elsewhere", () => {
    const env = hostShellEnv('unix:///tmp/e/docker.sock', {
      PATH: '/usr/bin',
      DOCKER_HOST: 'tcp://elsewhere:2375',
      DOCKER_CONTEXT: 'prod',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
      COLUMNS: '80',
    });
    expect(env).toEqual({ PATH: '/usr/bin', DOCKER_HOST: 'unix:///tmp/e/docker.sock', TERM: 'xterm-256color', COLORTERM: 'truecolor' });
  });

  it("takes the user's shell when it is a real one, else bash or sh", () => {
    expect(pickShell({ SHELL: '/bin/sh' })).toBe('/bin/sh');
    for (const SHELL of [undefined, 'bash', '/usr/sbin/nologin', '/bin/false', '/no/such/shell']) {
      expect(['/bin/bash', '/bin/sh']).toContain(pickShell({ SHELL }));
    }
  });

  it('reports exits the way a shell does', () => {
    expect(exitStatus({ code: 3 })).toBe(3);
    expect(exitStatus({ code: null, signal: 'SIGHUP' })).toBe(129);
    expect(exitStatus({ code: null, signal: 'SIGKILL' })).toBe(137);
    expect(signalName(9)).toBe('SIGKILL');
  });
});
