import { describe, expect, it } from 'vitest';
import { parseCompose } from './parse.ts';
import { schemaIssues } from './schema.ts';

const check = (text: string, vars: Record<string, string> = {}) => {
  const p = parseCompose(text, new Map(Object.entries(vars)));
  return { p, issues: [...p.issues, ...(p.data !== undefined && !p.issues.some((i) => i.severity === 'error') ? schemaIssues(p) : [])] };
};

describe('compose parsing', () => {
  it('refuses a billion-laughs file before expanding it, pointing at an alias', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    'bcdefghi'.split('').forEach((x, i) =>
      lines.push(
        `${x}: &${x} [${Array(9)
          .fill('*' + 'abcdefghi'[i])
          .join(',')}]`,
      ),
    );
    const { p, issues } = check(lines.join('\n'));
    expect(p.data).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'aliases', line: 2 });
  });

  it('refuses a file whose few aliases still expand too far', () => {
    const lines = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ];
    const { p, issues } = check(lines.join('\n'));
    expect(p.data).toBeUndefined();
    expect(issues[0]?.code).toBe('aliases');
  });

  it('keeps merges with a few aliases working', () => {
    const { p, issues } = check(
      'x-base: &base\n  image: busybox:local\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n    command: "true"\n',
    );
    expect(issues).toEqual([]);
    expect(p.data).toMatchObject({ services: { a: { image: 'busybox:local' }, b: { image: 'busybox:local', command: 'true' } } });
  });

  it('refuses files that are too large, and NUL bytes', () => {
    expect(check('#' + 'x'.repeat(300 * 1024)).issues[0]?.code).toBe('too_large');
    expect(check('services: {}\0').issues[0]?.code).toBe('yaml');
  });

  it('reports YAML errors and duplicate keys with their line', () => {
    expect(check('services:\n  a:\n    image: x\n    image: y\n').issues[0]).toMatchObject({ code: 'yaml', line: 4 });
    expect(check('services:\n\ta: {}\n').issues[0]).toMatchObject({ code: 'yaml', line: 2 });
  });

  it('interpolates values, never keys, and warns about unset variables where they are used', () => {
    const { p, issues } = check('services:\n  ${K}:\n    image: "${IMG:-busybox}:${TAG}"\n    environment: {A: $$HOME}\n', { TAG: '1' });
    expect(p.data).toMatchObject({ services: { '${K}': { image: 'busybox:1', environment: { A: '$HOME' } } } });
    expect(issues.find((i) => i.code === 'variable')).toBeUndefined();
    const missing = check('services:\n  a:\n    image: ${NOPE}\n');
    expect(missing.issues.find((i) => i.code === 'variable')).toMatchObject({ severity: 'warning', line: 3 });
    expect(check('services:\n  a:\n    image: ${NEED:?set the image}\n').issues.find((i) => i.code === 'variable')).toMatchObject({
      severity: 'error',
      line: 3,
    });
  });

  it('explains schema errors like a person would, with the line and a suggestion', () => {
    const { issues } = check(
      'services:\n  web:\n    image: busybox\n    comand: sleep 1\n    ports: "80:80"\n    restart: 3\n    depends_on: {db: {condition: healthy}}\n',
    );
    expect(issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '4: Unknown key "comand" in services.web. Did you mean "command"?',
      '5: services.web.ports must be a list, not the string "80:80".',
      '6: services.web.restart must be a string, not number 3.',
      '7: services.web.depends_on.db.condition must be one of "service_started", "service_healthy", "service_completed_successfully", not the string "healthy".',
    ]);
  });
});
