import { describe, expect, it } from 'vitest';
import { splitCommand } from './command.ts';

describe('splitCommand', () => {
  it('splits on any whitespace and ignores the ends', () => {
    expect(splitCommand('  ps   aux\tww ')).toEqual(['ps', 'aux', 'ww']);
    expect(splitCommand('')).toEqual([]);
    expect(splitCommand('   ')).toEqual([]);
  });

  it('keeps quoted words together without expanding anything', () => {
    expect(splitCommand(`sh -c 'echo $HOME && ls'`)).toEqual(['sh', '-c', 'echo $HOME && ls']);
    expect(splitCommand('echo "a b" "say \\"hi\\"" c\\ d')).toEqual(['echo', 'a b', 'say "hi"', 'c d']);
    expect(splitCommand(`printf ''`)).toEqual(['printf', '']);
  });

  it('refuses an unclosed quote instead of guessing', () => {
    expect(splitCommand(`sh -c 'echo`)).toBeUndefined();
    expect(splitCommand('echo "x')).toBeUndefined();
  });
});
