/**
 * Bench rows for `.agentcost.yaml` and the settings bounds: parsing a typical project file, a
 * 20,000-key mapping and an alias bomb (time grows with the bytes, not with their square or with
 * the aliases' expansion), and the conversation maths at the turnsPerConversation ceiling (200)
 * next to the default (5).
 */
import { analyze } from '../src/core/analyze';
import { parseProjectConfig } from '../src/core/config/projectConfig';
import { RULE_IDS } from '../src/core/rules/index';
import { normaliseSettings } from '../src/core/settings';

const TYPICAL = `traffic:
  conversationsPerMonth: 20000
  turnsPerConversation: 6
  branchWeights: { p1: 3 }
budgets:
  creditsPerTurn: 2
  plan: business
pricing:
  creditPrice: "0.004"
  models:
    gpt-4o: { inputPer1K: "0.4", outputPer1K: "1.6" }
variables:
  budgets: { chunks: 1500 }
rules:
  history-growth: warning
`;

function bigMap(n: number): string {
  const lines = ['traffic:', '  turnsPerConversation: 1e9', '  branchWeights:'];
  for (let i = 0; i < n; i++) lines.push(`    p${i}: ${i % 7}`);
  return lines.join('\n');
}

function aliasBomb(levels: number): string {
  const lines = ['whatIf:', '  anchors:', `    a0: &a0 [${Array(10).fill('x').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `    a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('assumptions:', `  userMessageTokens: *a${levels - 1}`);
  return lines.join('\n');
}

export function projectFileRows(time: (fn: () => void) => number, largest: string): string[] {
  const rows: [string, string][] = [
    ['typical project file', TYPICAL],
    ['20,000-key mapping', bigMap(20_000)],
    ['alias bomb (10^15 nodes)', aliasBomb(15)],
  ];
  const out = rows.map(([name, text]) => {
    const ms = time(() => parseProjectConfig(text, RULE_IDS));
    return `${name.padEnd(28)} ${(text.length / 1024).toFixed(0).padStart(5)} KB ${ms.toFixed(1).padStart(9)} ms`;
  });
  for (const turns of [5, 200]) {
    const settings = normaliseSettings({ turnsPerConversation: turns, memoryMaxTurns: Math.min(turns, 200) });
    analyze(largest, settings);
    out.push(
      `analysis at ${String(turns).padStart(3)} turns/conversation ${time(() => analyze(largest, settings))
        .toFixed(0)
        .padStart(14)} ms`,
    );
  }
  return out;
}
