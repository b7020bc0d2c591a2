import { CAPABILITIES, ROLES, roleAtLeast, type Role } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { authorize, ROUTE_RULES, ruleFor, terminalKindAllowed, topicAllowed } from './policy.ts';

const as = (role: Role, via: 'session' | 'token' = 'session') => ({ role, via });

describe('route policy', () => {
  it('answers 401 to strangers everywhere but the public routes and static files', () => {
    expect(authorize(undefined, 'GET', '/api/health', '/api/health')).toMatchObject({ allowed: true });
    expect(authorize(undefined, 'POST', '/api/auth/login', '/api/auth/login')).toMatchObject({ allowed: true });
    expect(authorize(undefined, 'GET', undefined, '/assets/index-abc.js')).toMatchObject({ allowed: true });
    expect(authorize(undefined, 'GET', undefined, '/setup')).toMatchObject({ allowed: true });
    for (const r of ROUTE_RULES.filter((x) => x.access !== 'public')) {
      expect(authorize(undefined, r.method, r.path, r.path), `${r.method} ${r.path}`).toMatchObject({ allowed: false, status: 401 });
    }
    // Unknown API paths too: a stranger learns nothing about which exist.
    expect(authorize(undefined, 'GET', undefined, '/api/secret-thing')).toMatchObject({ allowed: false, status: 401 });
    expect(authorize(undefined, 'GET', undefined, '/api')).toMatchObject({ allowed: false, status: 401 });
  });

  it('refuses a route without a rule to every role (default deny)', () => {
    for (const role of ROLES) {
      expect(authorize(as(role), 'POST', '/api/engine/raw', '/api/engine/raw')).toMatchObject({ allowed: false, status: 403 });
    }
    // A signed-in caller on a path no route matches gets the 404 handler.
    expect(authorize(as('viewer'), 'GET', undefined, '/api/nothing')).toMatchObject({ allowed: true });
  });

  it('gives each role what the product says', () => {
    const ok = (role: Role, m: string, p: string) => authorize(as(role), m, p, p).allowed;
    expect(ok('viewer', 'GET', '/api/containers')).toBe(true);
    expect(ok('viewer', 'POST', '/api/containers/:id/:action')).toBe(false);
    expect(ok('viewer', 'GET', '/api/terminals/:id/attach')).toBe(false);
    expect(ok('viewer', 'POST', '/api/terminals')).toBe(false);
    expect(ok('operator', 'POST', '/api/containers/:id/:action')).toBe(true);
    expect(ok('operator', 'POST', '/api/terminals')).toBe(true);
    expect(ok('operator', 'GET', '/api/users')).toBe(false);
    expect(ok('operator', 'GET', '/api/audit')).toBe(false);
    expect(ok('admin', 'GET', '/api/audit')).toBe(true);
    expect(ok('viewer', 'GET', '/api/tokens')).toBe(true);
    expect(terminalKindAllowed('operator', 'host')).toBe(false);
    expect(terminalKindAllowed('admin', 'host')).toBe(true);
    expect(terminalKindAllowed('operator', 'exec')).toBe(true);
    expect(terminalKindAllowed('viewer', 'exec')).toBe(false);
    expect(topicAllowed('viewer', 'containers')).toBe(true);
    expect(topicAllowed('admin', 'unknown-topic')).toBe(false);
  });

  it('keeps API tokens away from account management', () => {
    const d = authorize(as('admin', 'token'), 'POST', '/api/tokens', '/api/tokens');
    expect(d).toMatchObject({ allowed: false, status: 403, error: 'session_required' });
    expect(authorize(as('admin', 'token'), 'POST', '/api/auth/password', '/api/auth/password')).toMatchObject({ allowed: false });
    expect(authorize(as('admin', 'token'), 'GET', '/api/containers', '/api/containers')).toMatchObject({ allowed: true });
  });

  it('treats HEAD as GET and says which role is needed', () => {
    expect(ruleFor('HEAD', '/api/containers')?.access).toBe('viewer');
    const d = authorize(as('viewer'), 'DELETE', '/api/containers/:id', '/api/containers/x');
    expect(d).toMatchObject({ allowed: false, status: 403 });
    if (!d.allowed) expect(d.message).toMatch(/Your role \(viewer\) cannot do this; it needs an operator or an admin/);
  });

  it('mirrors the capabilities the web UI uses', () => {
    const need = (m: string, p: string) => ruleFor(m, p)!.access as Role;
    expect(CAPABILITIES.view).toBe(need('GET', '/api/containers'));
    expect(CAPABILITIES.lifecycle).toBe(need('POST', '/api/containers/:id/:action'));
    expect(CAPABILITIES.exec).toBe(need('POST', '/api/terminals'));
    expect(CAPABILITIES.administer).toBe(need('GET', '/api/users'));
    expect(terminalKindAllowed(CAPABILITIES.hostShell, 'host')).toBe(true);
    for (const r of ROLES) expect(terminalKindAllowed(r, 'host')).toBe(roleAtLeast(r, CAPABILITIES.hostShell));
  });
});
