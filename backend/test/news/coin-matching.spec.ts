import { describe, expect, it } from 'vitest';
import { coinMatcher } from '../../src/news/coin-matching';
import { newsItemKey, normaliseLink } from '../../src/news/news-item-key';

describe('coin matching', () => {
  const match = coinMatcher(['BTC', 'ETH', 'SOL', 'BCH', 'LINK']);

  it('finds symbols as whole, case-sensitive words (cashtags too) and names in any case', () => {
    expect(match('SOL rallies, $ETH lags')).toEqual(['ETH', 'SOL']);
    expect(match('why bitcoin fell')).toEqual(['BTC']);
    expect(match("Ethereum's upgrade")).toEqual(['ETH']);
    expect(match('BTC/USDT at a high')).toEqual(['BTC']);
  });

  it('does not find SOL in "solution", "SOLID" or "sol", nor LINK in "link"', () => {
    expect(match('A new solution for SOLID payments, sol y sombra')).toEqual([]);
    expect(match('Follow the link below')).toEqual([]);
  });

  it('reads a longer name first: "Bitcoin Cash" is BCH, not also BTC', () => {
    expect(match('Bitcoin Cash miners vote')).toEqual(['BCH']);
    expect(match('Bitcoin and Bitcoin Cash')).toEqual(['BCH', 'BTC']);
  });
});

describe('news item keys', () => {
  it('spells a link one way: host case, www, scheme, fragment, tracking parameters and trailing slash ignored', () => {
    expect(normaliseLink('https://WWW.Example.com/a/b/?utm_source=x&id=2#top')).toBe('example.com/a/b?id=2');
    expect(newsItemKey({ link: 'http://example.com/a/b?id=2', id: 'one' })).toBe(
      newsItemKey({ link: 'https://www.example.com/a/b/?utm_medium=rss&id=2', id: 'two' }),
    );
  });

  it('falls back to the guid, then the title', () => {
    expect(newsItemKey({ id: 'urn:1' })).toBe(newsItemKey({ id: 'urn:1', link: 'not a url' }));
    expect(newsItemKey({ title: 'Only a title' })).toMatch(/^[0-9a-f]{64}$/);
    expect(newsItemKey({})).toBeUndefined();
  });
});
