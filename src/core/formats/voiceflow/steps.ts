/**
 * Voiceflow step type → behaviour, in one table: how it is billed (class and reason), whether it
 * waits for the user, the LLM calls it makes (and whether on arrival or on the user's reply), the
 * text it says, and its graph semantics (jumps, sub-flow calls, staying in conversation).
 * Per shared/docs/billing.md and voiceflow-format.md §4. A type not in this table is `unknown`
 * (named in a diagnostic, never priced at 0).
 */
import type { StepKind, TextParts } from '../../flow/types';
import type { StepClass } from '../../types';
import { asArray, asString, dig, JsonObject, own } from '../../json/safe';
import {
  agentCalls,
  aiCaptureCalls,
  aiSetCalls,
  CallBuilder,
  captureCalls,
  conditionCalls,
  generativeCalls,
  messageCalls,
  setCalls,
} from './calls';
import type { Resources } from './resources';
import { fromSlate, fromTemplate } from './text';

export type StepRole =
  /** Holds steps (block, actions); not a step itself. */
  | 'container'
  /** Where execution starts: the start node, global intents, triggers. */
  | 'entry'
  /** Canvas only (markup): never executed. */
  | 'ignored'
  | 'step';

/** A data-dependent condition (e.g. a card waits only when it has buttons). */
export type Condition = (data: JsonObject, res: Resources) => boolean;

export interface StepBehaviour {
  /** What builders call the step on the canvas ("Response AI", "Buttons"). */
  label?: string;
  class: StepClass;
  reason: string;
  role: StepRole;
  kind: StepKind;
  /** The step calls an LLM (always, or when `llmWhen` holds); `calls` builds the calls. */
  llm?: boolean;
  llmWhen?: Condition;
  calls?: CallBuilder;
  /** When the calls are billed: on arrival, on the user's reply (extraction), or both (agents). */
  callsOn?: 'arrival' | 'reply' | 'both';
  /** The step waits for the user only when this holds. */
  waitsWhen?: Condition;
  /** Why it waits when `waitsWhen` holds (appended to the reason). */
  waitsBecause?: string;
  /** Static text the step says: free in chat, text-to-speech in voice. */
  spoken?: (data: JsonObject, res: Resources) => TextParts[];
  /** Its LLM output is said to the user (text-to-speech in voice). */
  speaksOutput?: boolean;
  /** A no-match can happen at this wait (KB fallback / generative no-match). */
  noMatch?: boolean;
  /** The wait is answered by a click (no intent-classification call for a click). */
  clickable?: boolean;
  /** Ends the conversation. */
  ends?: boolean;
  /** Jumps (no fall-through): to a node id, or to the handlers of an intent. */
  jump?: 'node' | 'intent';
  /** Calls another diagram (component/flow) and returns. */
  subflow?: boolean;
  /** Stays in conversation until a path fires (an edge to itself), unless this says it leaves. */
  stays?: (data: JsonObject) => boolean;
}

const hasButtons: Condition = (d) =>
  asArray(d.buttons).length > 0 || asArray(d.cards).some((c) => asArray(own(c, 'buttons')).length > 0);
const isBlocking: Condition = (d) => dig(d, 'payload', 'isBlocking') === true || d.isBlocking === true;
const promptCondition: Condition = (d) => dig(d, 'condition', 'type') === 'prompt';
const promptSet: Condition = (d) => asArray(d.items).some((i) => own(i, 'type') === 'prompt');
const entityCapture: Condition = (d) => dig(d, 'capture', 'type') === 'entity';
const promptResponse: Condition = (d, res) => res.message(d.messageID ?? d.responseID)?.generated === true;

const textSaid = (d: JsonObject): TextParts[] => {
  const first = asArray(d.texts)[0];
  return first ? [fromSlate(own(first, 'content'))] : [];
};
const speakSaid = (d: JsonObject): TextParts[] => {
  const first = asArray(d.dialogs)[0];
  return first ? [fromTemplate(asString(own(first, 'content')).replace(/<[^>]*>/g, ''))] : [];
};
const messageSaid = (d: JsonObject, res: Resources): TextParts[] => {
  const m = res.message(d.messageID ?? d.responseID);
  return m && !m.generated ? [m.text] : [];
};
const cardSaid = (d: JsonObject): TextParts[] => [fromTemplate(d.title), fromSlate(d.description)];
const carouselSaid = (d: JsonObject): TextParts[] =>
  asArray(d.cards).flatMap((c) => [fromTemplate(own(c, 'title')), fromSlate(own(c, 'description'))]);

type Extra = Partial<StepBehaviour>;
const entry = (reason: string): StepBehaviour => ({ class: 'free', reason, role: 'entry', kind: 'entry' });
const canvas = (reason: string): StepBehaviour => ({ class: 'free', reason, role: 'ignored', kind: 'logic' });
const container = (reason: string): StepBehaviour => ({ class: 'free', reason, role: 'container', kind: 'logic' });
const free = (reason: string, kind: StepKind, extra: Extra = {}): StepBehaviour => ({
  class: 'free',
  reason,
  role: 'step',
  kind,
  ...extra,
});
const listen = (reason: string, extra: Extra = {}): StepBehaviour => ({
  class: 'waits',
  reason,
  role: 'step',
  kind: 'listen',
  ...extra,
});
const llm = (reason: string, calls: CallBuilder, extra: Extra = {}): StepBehaviour => ({
  class: 'credits',
  reason,
  role: 'step',
  kind: 'llm',
  llm: true,
  calls,
  ...extra,
});

const ROWS: [string, StepBehaviour][] = [
  // structure and entries
  ['start', entry('entry point')],
  ['block', container('block (holds steps)')],
  ['actions', container('actions on a path (holds steps)')],
  ['intent', entry('intent handler (entry point)')],
  ['trigger', entry('trigger (entry point)')],
  ['markup_text', canvas('canvas note (not executed)')],
  ['markup_image', canvas('canvas image (not executed)')],
  ['markup_video', canvas('canvas video (not executed)')],

  // static output: free in chat, TTS in voice
  ['text', free('static message', 'message', { spoken: textSaid })],
  ['speak', free('static message', 'message', { spoken: speakSaid })],
  [
    'message',
    free('static message', 'message', {
      spoken: messageSaid,
      llmWhen: promptResponse,
      calls: messageCalls,
      speaksOutput: true,
    }),
  ],
  [
    'response',
    free('static message', 'message', {
      spoken: messageSaid,
      llmWhen: promptResponse,
      calls: messageCalls,
      speaksOutput: true,
    }),
  ],
  ['visual', free('static image', 'message')],
  ['url', free('opens a URL', 'message')],
  [
    'cardV2',
    free('static card', 'message', {
      spoken: cardSaid,
      waitsWhen: hasButtons,
      waitsBecause: 'buttons',
      noMatch: true,
      clickable: true,
    }),
  ],
  ['card', free('static card', 'message', { spoken: cardSaid })],
  [
    'carousel',
    free('static carousel', 'message', {
      spoken: carouselSaid,
      waitsWhen: hasButtons,
      waitsBecause: 'buttons',
      noMatch: true,
      clickable: true,
    }),
  ],
  ['trace', free('custom action', 'integration', { waitsWhen: isBlocking, waitsBecause: 'blocking wait' })],
  ['channel_action', free('channel action', 'integration')],
  ['directive', free('platform directive', 'integration')],
  ['display', free('display (legacy)', 'message')],

  // listen steps: the user's next message is a new billed turn
  ['interaction', listen('choice: waits for the user', { noMatch: true })],
  ['prompt', listen('listen (legacy prompt step): waits for the user', { noMatch: true })],
  ['buttons', listen('buttons: waits for the user', { noMatch: true, clickable: true })],
  ['buttons-v2', listen('buttons: waits for the user', { noMatch: true, clickable: true })],
  ['choice-v2', listen('choice: waits for the user', { noMatch: true })],
  ['capture', listen('capture: waits for the user')],
  ['captureV2', listen('capture: waits for the user', { noMatch: true })],
  [
    'capture-v3',
    listen('capture: waits for the user', { llmWhen: entityCapture, calls: captureCalls, callsOn: 'reply' }),
  ],
  [
    'ai_capture',
    listen('AI capture: waits for the user; LLM extracts entities', {
      llm: true,
      calls: aiCaptureCalls,
      callsOn: 'reply',
    }),
  ],
  [
    'agent',
    listen('agent: LLM converses until a path or exit tool fires', {
      kind: 'agent',
      llm: true,
      calls: agentCalls,
      callsOn: 'both',
      speaksOutput: true,
      stays: (d) => d.exitEveryConversationalTurn !== true,
    }),
  ],
  ['stream', listen('audio stream: ends the turn')],

  // LLM steps
  ['generative', llm('LLM call (Response AI)', generativeCalls, { speaksOutput: true })],
  ['ai_set', llm('LLM call per entry (AI Set)', aiSetCalls)],
  ['condition-v3', free('logic (condition)', 'logic', { llmWhen: promptCondition, calls: conditionCalls })],
  ['set-v3', free('logic (set variables)', 'logic', { llmWhen: promptSet, calls: setCalls })],

  // logic and integrations: free
  ['ifV2', free('logic (condition)', 'logic')],
  ['if', free('logic (condition)', 'logic')],
  ['setV2', free('logic (set variables)', 'logic')],
  ['set', free('logic (set variables)', 'logic')],
  ['randomV2', free('logic (random path)', 'logic')],
  ['random', free('logic (random path)', 'logic')],
  ['code', free('JavaScript code (runs free)', 'logic')],
  ['function', free('function (runs free)', 'integration')],
  ['api', free('API call (free)', 'integration')],
  ['api-v2', free('API call (free)', 'integration')],
  ['integrations', free('integration call (free)', 'integration')],
  ['zapier', free('Zapier call (free)', 'integration')],
  ['google_sheets', free('Google Sheets call (free)', 'integration')],
  ['kb-search', free('knowledge-base retrieval (free)', 'integration')],
  ['component', free('component call', 'call', { subflow: true })],
  ['flow', free('component call', 'call', { subflow: true })],
  ['goTo', free('go to intent', 'jump', { jump: 'intent' })],
  ['goToNode', free('go to block', 'jump', { jump: 'node' })],
  ['goToDomain', free('go to domain', 'jump')],
  ['command', free('jump to intent (legacy)', 'jump')],
  ['exit', free('ends the conversation', 'end', { ends: true })],
  ['end', free('ends the conversation', 'end', { ends: true })],
  ['general', free('general step (legacy)', 'logic')],
  ['custom_block_pointer', free('custom block pointer', 'logic')],
  ['deprecated', free('deprecated step (not executed by new runtimes)', 'logic')],
  ['permission', free('Alexa permission request', 'integration')],
  ['account_linking', free('Alexa account linking', 'integration')],
  ['user_info', free('Alexa user info', 'integration')],
  ['payment', free('Alexa payment', 'integration')],
  ['cancel_payment', free('Alexa cancel payment', 'integration')],
  ['reminder', free('Alexa reminder', 'integration')],
];

/** What builders call each step type on the canvas (names steps that have no name of their own). */
const LABELS: Record<string, string> = {
  start: 'Start',
  block: 'Block',
  actions: 'Actions',
  intent: 'Intent',
  trigger: 'Trigger',
  markup_text: 'Note',
  markup_image: 'Image note',
  markup_video: 'Video note',
  text: 'Text',
  speak: 'Speak',
  message: 'Message',
  response: 'Message',
  visual: 'Image',
  url: 'Open URL',
  cardV2: 'Card',
  card: 'Card',
  carousel: 'Carousel',
  trace: 'Custom action',
  channel_action: 'Channel action',
  directive: 'Directive',
  display: 'Display',
  interaction: 'Choice',
  prompt: 'Listen',
  buttons: 'Buttons',
  'buttons-v2': 'Buttons',
  'choice-v2': 'Choice',
  capture: 'Capture',
  captureV2: 'Capture',
  'capture-v3': 'Capture',
  ai_capture: 'AI capture',
  agent: 'Agent',
  stream: 'Audio stream',
  generative: 'Response AI',
  ai_set: 'AI Set',
  'condition-v3': 'Condition',
  'set-v3': 'Set',
  ifV2: 'Condition',
  if: 'Condition',
  setV2: 'Set',
  set: 'Set',
  randomV2: 'Random',
  random: 'Random',
  code: 'JavaScript',
  function: 'Function',
  api: 'API',
  'api-v2': 'API',
  integrations: 'Integration',
  zapier: 'Zapier',
  google_sheets: 'Google Sheets',
  'kb-search': 'KB search',
  component: 'Component',
  flow: 'Component',
  goTo: 'Go to intent',
  goToNode: 'Go to block',
  goToDomain: 'Go to domain',
  command: 'Command',
  exit: 'End',
  end: 'End',
  general: 'General',
  custom_block_pointer: 'Custom block',
  deprecated: 'Deprecated step',
  permission: 'Permission',
  account_linking: 'Account linking',
  user_info: 'User info',
  payment: 'Payment',
  cancel_payment: 'Cancel payment',
  reminder: 'Reminder',
};

export const STEP_TYPES: ReadonlyMap<string, StepBehaviour> = new Map(
  ROWS.map(([type, b]) => [type, { ...b, label: LABELS[type] ?? type }]),
);

/** How one node behaves, with its data-dependent conditions applied. */
export interface Classified {
  behaviour: StepBehaviour | undefined;
  class: StepClass;
  reason: string;
  waits: boolean;
  llm: boolean;
}

export function classify(type: string, data: JsonObject, res: Resources): Classified {
  const b = STEP_TYPES.get(type);
  if (!b)
    return { behaviour: undefined, class: 'unknown', reason: `unknown step type "${type}"`, waits: false, llm: false };
  const waits = b.class === 'waits' || (b.waitsWhen !== undefined && b.waitsWhen(data, res));
  const llmOn = b.llm === true || (b.llmWhen !== undefined && b.llmWhen(data, res));
  let cls: StepClass = b.class;
  let reason = b.reason;
  if (waits && cls !== 'waits') {
    cls = 'waits';
    reason = `${b.reason} with ${b.waitsBecause ?? 'a wait'}: waits for the user`;
  }
  if (llmOn && cls === 'free') {
    cls = 'credits';
    reason = b.llmWhen === promptResponse ? 'LLM-generated message' : `${b.reason} with an LLM prompt`;
  }
  if (llmOn && b.class === 'waits' && b.llmWhen === entityCapture) {
    reason = 'capture: waits; LLM extracts entities from the reply';
  }
  return { behaviour: b, class: cls, reason, waits, llm: llmOn };
}
