import { DEFAULT_LDAP_SETTINGS } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { auditQueryString } from '../auth/api.ts';
import { detailsText, formatTime, parseLocalDateTime } from './audit-format.ts';
import { formFromView, groupsFromText, updateFromForm } from './ldap-form.ts';

describe('LDAP form', () => {
  const view = {
    ...DEFAULT_LDAP_SETTINGS,
    enabled: true,
    url: 'ldaps://dc1.corp.example:636',
    groupRoles: { admin: ['cn=Domain Admins,cn=Users,dc=corp,dc=example'], operator: ['ops', 'sre'], viewer: [] },
    bindPasswordSet: true,
  };

  it('never fills the bind password and keeps the stored one unless one is typed', () => {
    const f = formFromView(view);
    expect(f.bindPassword).toBe('');
    expect(f.groups.operator).toBe('ops\nsre');
    const keep = updateFromForm(f);
    expect('bindPassword' in keep).toBe(false);
    expect(keep.groupRoles).toEqual(view.groupRoles);
    expect(updateFromForm({ ...f, bindPassword: 's3cret' }).bindPassword).toBe('s3cret');
    expect(updateFromForm({ ...f, bindPassword: 'ignored', removePassword: true }).bindPassword).toBeNull();
    expect('bindPasswordSet' in keep).toBe(false);
  });

  it('reads one group per line, keeping the commas of DNs', () => {
    expect(groupsFromText(' cn=a,dc=x \n\n b \r\n')).toEqual(['cn=a,dc=x', 'b']);
  });
});

describe('audit view helpers', () => {
  it('builds the query string from the filters that are set', () => {
    expect(auditQueryString({})).toBe('');
    expect(auditQueryString({ actor: 'alice', action: 'user.', result: 'denied', q: 'a&b', limit: 50 })).toBe(
      '?actor=alice&action=user.&result=denied&q=a%26b&limit=50',
    );
  });

  it('formats times and details as plain text', () => {
    const t = new Date(2024, 2, 5, 7, 8, 9).getTime();
    expect(formatTime(t)).toBe('2024-03-05 07:08:09');
    expect(parseLocalDateTime('2024-03-05T07:08')).toBe(new Date(2024, 2, 5, 7, 8).getTime());
    expect(parseLocalDateTime('')).toBeUndefined();
    expect(detailsText({ reason: 'throttled', retryAfterSeconds: 4, changes: { role: 'admin' } })).toBe(
      'reason: throttled · retryAfterSeconds: 4 · changes: {"role":"admin"}',
    );
    expect(detailsText(null)).toBe('');
    expect(detailsText({ expiresAt: t, count: 5 })).toBe('expiresAt: 2024-03-05 07:08:09 · count: 5');
  });
});
