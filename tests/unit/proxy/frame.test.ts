import { describe, it, expect } from 'vitest';
import { elementTopic, parseElements, wants } from '../../../src/proxy/frame.js';

describe('elementTopic', () => {
  it.each([
    [{ ev: 'T', sym: 'AAPL' }, 'T.AAPL'],
    [{ ev: 'Q', sym: 'O:SPY261218C00650000' }, 'Q.O:SPY261218C00650000'],
    [{ ev: 'V', T: 'I:SPX' }, 'V.I:SPX'],
    [{ ev: 'AM', sym: 'I:VIX' }, 'AM.I:VIX'],
    [{ ev: 'T' }, undefined],
    [{ sym: 'AAPL' }, undefined],
    [{ ev: 3, sym: 'AAPL' }, undefined],
  ])('%j is on topic %s', (el, topic) => {
    expect(elementTopic(el)).toBe(topic);
  });
});

describe('wants', () => {
  it.each([
    [['T.AAPL'], 'T', 'T.AAPL', true],
    [['T.*'], 'T', 'T.MSFT', true],
    [['Q.*'], 'T', 'T.MSFT', false],
    [['T.AAPL'], 'T', 'T.MSFT', false],
  ])('client %j wants %s %s: %s', (topics, ev, topic, expected) => {
    expect(wants(new Set(topics), ev, topic)).toBe(expected);
  });
});

describe('parseElements', () => {
  it.each([
    ['[{"ev":"T"},1,null]', [{ ev: 'T' }]],
    ['{"ev":"T"}', undefined],
    ['not json', undefined],
    ['[]', []],
  ])('parses %s', (text, expected) => {
    expect(parseElements(text)).toEqual(expected);
  });
});
