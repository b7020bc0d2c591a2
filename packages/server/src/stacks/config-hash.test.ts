import { parseEnvText } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import recorded from './fixtures/compose-1.29-hashes.json' with { type: 'json' };
import { buildModel } from './compose-model.ts';
import { configHash, pyJson } from './config-hash.ts';
import { parseCompose } from './parse.ts';
import { PyFloat } from './service-process.ts';

interface Case {
  name: string;
  workingDir: string;
  project: string;
  compose: string;
  env: string;
  envFiles: Record<string, string>;
  imageId: string;
  hashes: Record<string, string>;
}

describe('config hash, as docker-compose 1.29 computes it', () => {
  // Recorded from Debian's docker-compose 1.29.2 itself on these files (see the fixture's header).
  for (const c of (recorded as unknown as { cases: Case[] }).cases) {
    it(`matches docker-compose on ${c.name}`, () => {
      const vars = parseEnvText(c.env).vars;
      const p = parseCompose(c.compose, vars);
      const model = buildModel(p.data as Record<string, unknown>, {
        project: c.project,
        workingDir: c.workingDir,
        vars,
        readEnvFile: (f) => (c.envFiles[f] !== undefined ? parseEnvText(c.envFiles[f]).vars : undefined),
      });
      expect(model.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const ours = Object.fromEntries(model.services.map((s) => [s.name, configHash(s, c.imageId)]));
      expect(ours).toEqual(c.hashes);
    });
  }

  it('serialises like Python json.dumps(sort_keys, compact)', () => {
    expect(pyJson({ b: 1, a: [true, null, 'é✓'], c: new PyFloat(2), d: 0.25 })).toBe(
      '{"a":[true,null,"\\u00e9\\u2713"],"b":1,"c":2.0,"d":0.25}',
    );
    // repr() of these floats in Python 3.11.
    const py: [number, string][] = [
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1.5, '1.5'],
      [100, '100.0'],
      [1e16, '1e+16'],
      [123456789012345.6, '123456789012345.6'],
      [-0.25, '-0.25'],
    ];
    for (const [n, text] of py) expect(pyJson(new PyFloat(n)), text).toBe(text);
  });
});
