/** Every cost rule, and `lint`: run them with the project's severities, ignores and budgets. */
import type { Analysis } from '../types';
import type { LintConfig } from '../config/projectConfig';
import type { Rates } from '../pricing/rates';
import type { Diagnostic } from '../types';
import { agentToolBloat } from './agentToolBloat';
import { conversationOverBudget } from './conversationOverBudget';
import { deprecatedModel } from './deprecatedModel';
import { duplicateSystemPrompt } from './duplicateSystemPrompt';
import { expensiveModelForTask } from './expensiveModelForTask';
import { highOutputCap } from './highOutputCap';
import { historyGrowth } from './historyGrowth';
import { kbFallbackPossible } from './kbFallbackPossible';
import { llmInLoop } from './llmInLoop';
import { llmIntentClassification } from './llmIntentClassification';
import { missingOutputCap } from './missingOutputCap';
import { monthOverBudget } from './monthOverBudget';
import { promptOverBudget } from './promptOverBudget';
import { turnOverBudget } from './turnOverBudget';
import { unbudgetedVariable } from './unbudgetedVariable';
import { unknownModelPrice } from './unknownModelPrice';
import { voiceLongStaticSpeech } from './voiceLongStaticSpeech';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  llmInLoop,
  historyGrowth,
  expensiveModelForTask,
  missingOutputCap,
  highOutputCap,
  promptOverBudget,
  turnOverBudget,
  conversationOverBudget,
  monthOverBudget,
  unknownModelPrice,
  deprecatedModel,
  llmIntentClassification,
  kbFallbackPossible,
  voiceLongStaticSpeech,
  agentToolBloat,
  duplicateSystemPrompt,
  unbudgetedVariable,
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

/** Where a rule's docs page lives, relative to the package root. */
export const ruleDocsPath = (id: string): string => `docs/rules/${id}.md`;

export function lint(analysis: Analysis, rates: Rates, config: LintConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of RULES) {
    const severity = config.severities[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    for (const f of rule.check({ analysis, budgets: config.budgets, rates })) {
      if (config.ignores.some((i) => i.rule === rule.id && (i.stepId === '*' || i.stepId === f.stepId))) continue;
      out.push({
        rule: rule.id,
        severity,
        message: f.message,
        group: f.group,
        stepId: f.stepId,
        range: f.range,
        fix: f.fix,
      });
    }
  }
  return out;
}
