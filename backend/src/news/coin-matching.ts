/**
 * Which coins a news item is about: pure functions, no framework imports.
 *
 * A coin is named by its ticker symbol (matched case-sensitively as a whole word, optionally with a leading `$`, so
 * "SOL" is found in "SOL rallies" but not in "solution" or "SOLID") or by one of its names (matched
 * case-insensitively as whole words: "bitcoin", "Bitcoin's"). Longer names are matched first and masked, so
 * "Bitcoin Cash" is BCH and not also BTC.
 */

/** Names of the coins most exchanges list; a tracked base without an entry is matched by its symbol only. */
export const COIN_NAMES: Readonly<Record<string, readonly string[]>> = {
  BTC: ['Bitcoin'],
  ETH: ['Ethereum', 'Ether'],
  SOL: ['Solana'],
  BNB: ['Binance Coin', 'BNB Chain'],
  XRP: ['Ripple'],
  ADA: ['Cardano'],
  DOGE: ['Dogecoin'],
  AVAX: ['Avalanche'],
  DOT: ['Polkadot'],
  LINK: ['Chainlink'],
  LTC: ['Litecoin'],
  BCH: ['Bitcoin Cash'],
  ETC: ['Ethereum Classic'],
  NEAR: ['NEAR Protocol'],
  NEO: [],
  TRX: ['Tron'],
  TON: ['Toncoin'],
  SHIB: ['Shiba Inu'],
  UNI: ['Uniswap'],
  ATOM: ['Cosmos Hub'],
  XLM: ['Stellar Lumens'],
  MATIC: ['Polygon'],
  POL: ['Polygon'],
  APT: ['Aptos'],
  ARB: ['Arbitrum'],
  SUI: [],
  PEPE: [],
  FIL: ['Filecoin'],
  AAVE: ['Aave'],
  XMR: ['Monero'],
};

interface Pattern {
  base: string;
  length: number;
}

/** Words of a text: runs of letters, digits and `_` (a `$` in front, the cashtag form, is not part of the word). */
const WORD = /[\p{L}\p{N}_]+/gu;
const wordsOf = (text: string) => text.match(WORD) ?? [];

/** Builds the matcher for the tracked bases (e.g. ['BTC', 'ETH', 'SOL']). */
export function coinMatcher(bases: readonly string[]): (text: string) => string[] {
  // Matching on whole words (no RegExp built from data, so nothing to backtrack): a symbol is one word compared
  // case-sensitively ("SOL" is not "solution" or "Sol"), a name a run of words compared in any case.
  const patterns: Array<Pattern & { words: string[]; caseSensitive: boolean }> = [];
  for (const base of new Set(bases)) {
    patterns.push({ base, words: [base], caseSensitive: true, length: base.length });
    for (const name of COIN_NAMES[base] ?? []) patterns.push({ base, words: wordsOf(name.toLowerCase()), caseSensitive: false, length: name.length });
  }
  // Longest first, so a longer name claims its words before a shorter one that is part of it.
  patterns.sort((a, b) => b.length - a.length);
  return (text: string) => {
    const words = wordsOf(text);
    const lower = words.map((w) => w.toLowerCase());
    const claimed = new Array<boolean>(words.length).fill(false);
    const found = new Set<string>();
    for (const pattern of patterns) {
      const source = pattern.caseSensitive ? words : lower;
      const n = pattern.words.length;
      if (n === 0) continue;
      for (let i = 0; i + n <= source.length; i++) {
        let hit = true;
        for (let k = 0; k < n && hit; k++) hit = !claimed[i + k] && source[i + k] === pattern.words[k];
        if (!hit) continue;
        found.add(pattern.base);
        for (let k = 0; k < n; k++) claimed[i + k] = true;
      }
    }
    return [...found].sort();
  };
}
