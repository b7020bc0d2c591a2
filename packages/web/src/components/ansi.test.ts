import { describe, expect, it } from 'vitest';
import { hasControls, markSpans, parseAnsi, stripAnsi } from './ansi.ts';

const E = '\u001b';

describe('parseAnsi', () => {
  it('turns SGR colours and styles into classed spans', () => {
    expect(parseAnsi(`plain ${E}[1;31mbold red${E}[0m ${E}[92mbright${E}[39m end`)).toEqual([
      { text: 'plain ', cls: '' },
      { text: 'bold red', cls: 'ansi-fg-1 ansi-b' },
      { text: ' ', cls: '' },
      { text: 'bright', cls: 'ansi-fg-10' },
      { text: ' end', cls: '' },
    ]);
  });

  it('gives 256-colour and true-colour values as rgb, the first 16 as classes', () => {
    expect(parseAnsi(`${E}[38;5;196mx${E}[48;2;1;2;3my${E}[38;5;4mz`)).toEqual([
      { text: 'x', cls: '', fg: 'rgb(255, 0, 0)' },
      { text: 'y', cls: '', fg: 'rgb(255, 0, 0)', bg: 'rgb(1, 2, 3)' },
      { text: 'z', cls: 'ansi-fg-4', bg: 'rgb(1, 2, 3)' },
    ]);
    expect(parseAnsi(`${E}[38;5;244mgrey`)[0]!.fg).toBe('rgb(128, 128, 128)');
  });

  it('swaps colours for inverse', () => {
    expect(parseAnsi(`${E}[7mi${E}[27m${E}[31;44;7mj`)).toEqual([
      { text: 'i', cls: 'ansi-inv' },
      { text: 'j', cls: 'ansi-fg-4 ansi-bg-1' },
    ]);
  });

  it('drops other escapes, controls and what a carriage return overwrote, never markup', () => {
    expect(stripAnsi(`${E}[2K${E}[1Gdone${E}]0;title\u0007 \u0008ok`)).toBe('done ok');
    expect(stripAnsi('progress 10%\rprogress 100%\r')).toBe('progress 100%');
    expect(stripAnsi('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(stripAnsi('a\tb')).toBe('a\tb');
    expect(hasControls('a\tb')).toBe(false);
    expect(hasControls(`${E}[0m`)).toBe(true);
  });

  it('survives malformed sequences', () => {
    expect(stripAnsi(`${E}[38;5mx${E}[38;2;999;0;0my${E}`)).toBe('xy');
  });
});

describe('markSpans', () => {
  it('marks search hits across span borders, keeping colours', () => {
    const spans = parseAnsi(`ab${E}[31mcdef${E}[0mgh`);
    expect(
      markSpans(spans, [
        [1, 3],
        [5, 7],
      ]),
    ).toEqual([
      { text: 'a', cls: '' },
      { text: 'b', cls: '', mark: true },
      { text: 'c', cls: 'ansi-fg-1', mark: true },
      { text: 'de', cls: 'ansi-fg-1' },
      { text: 'f', cls: 'ansi-fg-1', mark: true },
      { text: 'g', cls: '', mark: true },
      { text: 'h', cls: '' },
    ]);
  });
});
