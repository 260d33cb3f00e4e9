/**
 * Step type → billing behaviour: data, per shared/docs/billing.md and voiceflow-format.md §4.
 * `when` names a data-dependent rule interpreted by classify.ts (e.g. a card waits only if it
 * has buttons). A type not in this table is classified `unknown` and named in a diagnostic.
 */
import type { StepClass } from '../types';

export type StepRole =
  /** Holds steps (block, actions); not a step itself. */
  | 'container'
  /** Where execution starts: the start node, global intents, triggers. */
  | 'entry'
  /** Canvas only (markup): never executed. */
  | 'ignored'
  | 'step';

export type Condition =
  'has-buttons' | 'is-blocking' | 'prompt-condition' | 'prompt-set' | 'entity-capture' | 'prompt-response';

export interface StepTypeInfo {
  class: StepClass;
  reason: string;
  role: StepRole;
  /** Static text the agent says: free in chat, TTS characters in voice. */
  spoken?: boolean;
  /** The step calls an LLM (always, or `llmWhen`). */
  llm?: boolean;
  llmWhen?: Condition;
  /** The step waits for the user only when this holds. */
  waitsWhen?: Condition;
  /** A no-match can happen at this wait (KB fallback / generative no-match). */
  noMatch?: boolean;
  /** The wait is answered by a click (no intent-classification call for a click). */
  clickable?: boolean;
  /** Ends the conversation. */
  ends?: boolean;
}

const free = (reason: string, extra: Partial<StepTypeInfo> = {}): StepTypeInfo => ({
  class: 'free',
  reason,
  role: 'step',
  ...extra,
});
const waits = (reason: string, extra: Partial<StepTypeInfo> = {}): StepTypeInfo => ({
  class: 'waits',
  reason,
  role: 'step',
  ...extra,
});
const llm = (reason: string, extra: Partial<StepTypeInfo> = {}): StepTypeInfo => ({
  class: 'credits',
  reason,
  role: 'step',
  llm: true,
  ...extra,
});

export const STEP_TYPES: Readonly<Record<string, StepTypeInfo>> = {
  // structure and entries
  start: { class: 'free', reason: 'entry point', role: 'entry' },
  block: { class: 'free', reason: 'block (holds steps)', role: 'container' },
  actions: { class: 'free', reason: 'actions on a path (holds steps)', role: 'container' },
  intent: { class: 'free', reason: 'intent handler (entry point)', role: 'entry' },
  trigger: { class: 'free', reason: 'trigger (entry point)', role: 'entry' },
  markup_text: { class: 'free', reason: 'canvas note (not executed)', role: 'ignored' },
  markup_image: { class: 'free', reason: 'canvas image (not executed)', role: 'ignored' },
  markup_video: { class: 'free', reason: 'canvas video (not executed)', role: 'ignored' },

  // static output: free in chat, TTS in voice
  text: free('static message', { spoken: true }),
  speak: free('static message', { spoken: true }),
  message: free('static message', { spoken: true, llmWhen: 'prompt-response' }),
  response: free('static message', { spoken: true, llmWhen: 'prompt-response' }),
  visual: free('static image'),
  url: free('opens a URL'),
  cardV2: free('static card', { spoken: true, waitsWhen: 'has-buttons', noMatch: true, clickable: true }),
  card: free('static card', { spoken: true }),
  carousel: free('static carousel', { spoken: true, waitsWhen: 'has-buttons', noMatch: true, clickable: true }),
  trace: free('custom action', { waitsWhen: 'is-blocking' }),
  channel_action: free('channel action'),
  directive: free('platform directive'),
  display: free('display (legacy)'),

  // listen steps: the user's next message is a new billed turn
  interaction: waits('choice: waits for the user', { noMatch: true }),
  prompt: waits('listen (legacy prompt step): waits for the user', { noMatch: true }),
  buttons: waits('buttons: waits for the user', { noMatch: true, clickable: true }),
  'buttons-v2': waits('buttons: waits for the user', { noMatch: true, clickable: true }),
  'choice-v2': waits('choice: waits for the user', { noMatch: true }),
  capture: waits('capture: waits for the user'),
  captureV2: waits('capture: waits for the user', { noMatch: true }),
  'capture-v3': waits('capture: waits for the user', { llmWhen: 'entity-capture' }),
  ai_capture: waits('AI capture: waits for the user; LLM extracts entities', { llm: true }),
  agent: waits('agent: LLM converses until a path or exit tool fires', { llm: true }),
  stream: waits('audio stream: ends the turn'),

  // LLM steps
  generative: llm('LLM call (Response AI)'),
  ai_set: llm('LLM call per entry (AI Set)'),
  'condition-v3': free('logic (condition)', { llmWhen: 'prompt-condition' }),
  'set-v3': free('logic (set variables)', { llmWhen: 'prompt-set' }),

  // logic and integrations: free
  ifV2: free('logic (condition)'),
  if: free('logic (condition)'),
  setV2: free('logic (set variables)'),
  set: free('logic (set variables)'),
  randomV2: free('logic (random path)'),
  random: free('logic (random path)'),
  code: free('JavaScript code (runs free)'),
  function: free('function (runs free)'),
  api: free('API call (free)'),
  'api-v2': free('API call (free)'),
  integrations: free('integration call (free)'),
  zapier: free('Zapier call (free)'),
  google_sheets: free('Google Sheets call (free)'),
  'kb-search': free('knowledge-base retrieval (free)'),
  component: free('component call'),
  flow: free('component call'),
  goTo: free('go to intent'),
  goToNode: free('go to block'),
  goToDomain: free('go to domain'),
  command: free('jump to intent (legacy)'),
  exit: free('ends the conversation', { ends: true }),
  end: free('ends the conversation', { ends: true }),
  general: free('general step (legacy)'),
  custom_block_pointer: free('custom block pointer'),
  deprecated: free('deprecated step (not executed by new runtimes)'),
  permission: free('Alexa permission request'),
  account_linking: free('Alexa account linking'),
  user_info: free('Alexa user info'),
  payment: free('Alexa payment'),
  cancel_payment: free('Alexa cancel payment'),
  reminder: free('Alexa reminder'),
};
