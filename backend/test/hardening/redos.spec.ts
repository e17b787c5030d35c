import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every regular expression in src/ goes through a ReDoS checker (recheck: static analysis plus fuzzing), so a pattern
 * with catastrophic backtracking cannot land unnoticed (issue 14: a CSV cell once froze the event loop for seconds).
 * Regex literals and `new RegExp('literal')` are found with the TypeScript scanner, not a regex.
 */
const SRC = path.resolve(__dirname, '../../src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

interface Found {
  where: string;
  source: string;
  flags: string;
}

function regexesIn(file: string): Found[] {
  const text = readFileSync(file, 'utf8');
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const at = (node: ts.Node) => `${path.relative(SRC, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = (node as ts.RegularExpressionLiteral).text;
      const end = literal.lastIndexOf('/');
      found.push({ where: at(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [pattern, flags] = node.arguments ?? [];
      if (pattern && ts.isStringLiteralLike(pattern)) {
        found.push({ where: at(node), source: pattern.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '' });
      } else {
        found.push({ where: at(node), source: '<dynamic>', flags: '' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe('regular expressions in src/ (ReDoS)', () => {
  const all = tsFiles(SRC).flatMap(regexesIn);

  it('finds the patterns (sanity: the scanner sees literals and RegExp constructors)', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it('none is vulnerable to catastrophic backtracking', () => {
    const problems: string[] = [];
    for (const regex of all) {
      if (regex.source === '<dynamic>') {
        problems.push(`${regex.where}: a RegExp built at run time cannot be checked; use a literal`);
        continue;
      }
      const result = checkSync(regex.source, regex.flags, { timeout: 10_000 });
      if (result.status !== 'safe') {
        const detail =
          result.status === 'vulnerable'
            ? `vulnerable (${result.complexity.summary}), attack e.g. ${JSON.stringify(result.attack.pattern)}`
            : `${result.status}`;
        problems.push(`${regex.where}: /${regex.source}/${regex.flags} is ${detail}`);
      }
    }
    console.log(`ReDoS check: ${all.length} regular expressions in src/`);
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('trimTrailingZeros (replaces /\\.?0+$/)', () => {
  it('trims like the pattern did', async () => {
    const { trimTrailingZeros } = await import('../../src/common/trim-zeros');
    for (const value of ['10.500', '10.000', '10.0', '0.0', '100', '1.00100', '0.000001', '5', '12.']) {
      expect(trimTrailingZeros(value), value).toBe(value.includes('.') ? value.replace(/\.?0+$/, '') : value);
    }
  });
});
