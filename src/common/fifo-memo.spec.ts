import { FifoMemo } from './fifo-memo';

describe('FifoMemo', () => {
  it('drops the oldest entry when a new key would pass the limit', () => {
    const memo = new FifoMemo<string, number>(2);
    memo.set('a', 1).set('b', 2).set('c', 3);
    expect([...memo.keys()]).toEqual(['b', 'c']);
  });

  it('replaces the value of a key it holds without dropping another', () => {
    const memo = new FifoMemo<string, number>(2);
    memo.set('a', 1).set('b', 2).set('a', 3);
    expect([...memo.entries()]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });
});
