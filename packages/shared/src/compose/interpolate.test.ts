import { describe, expect, it } from 'vitest';
import { interpolate, parseEnvText, referencedVariables } from './interpolate.ts';

const vars = new Map([
  ['A', 'x'],
  ['EMPTY', ''],
]);

describe('compose variable interpolation', () => {
  it('substitutes with every modifier compose knows', () => {
    const cases: [string, string][] = [
      ['$A ${A}', 'x x'],
      ['${B:-d} ${EMPTY:-d} ${EMPTY-d} ${B-d}', 'd d  d'],
      ['${A:+alt} ${EMPTY:+alt} ${EMPTY+alt}', 'alt  alt'],
      ['$$A costs 5$', '$A costs 5$'],
      ['${B:-${A}}', 'x'],
    ];
    for (const [input, out] of cases) expect(interpolate(input, vars).value, input).toBe(out);
    expect(interpolate('${B}', vars).missing).toEqual(['B']);
    expect(interpolate('${B:?needed here}', vars).problems[0]?.message).toBe('B is required: needed here');
    expect(interpolate('${A', vars).problems[0]?.message).toMatch(/never closed/);
    expect(interpolate('${1A}', vars).problems[0]?.message).toMatch(/not a variable/);
  });

  it('reads .env text and lists the variables a file uses', () => {
    const r = parseEnvText('# c\nA=1\nexport B="two words"\nC=\'q\'\nbad-name=1\nNOVALUE\n');
    expect([...r.vars]).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', 'q'],
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([5, 6]);
    expect(referencedVariables('a: $X\nb: ${Y:-1} $$Z ${X}')).toEqual(['X', 'Y']);
  });
});
