/** Classifies one node with the STEP_TYPES table and the data-dependent conditions it names. */
import type { Resources } from '../parse/resources';
import type { FlowNode, StepClass } from '../types';
import { Condition, STEP_TYPES, StepRole } from './stepTypes';

export interface Classification {
  class: StepClass;
  reason: string;
  role: StepRole;
  waits: boolean;
  llm: boolean;
  spoken: boolean;
  noMatch: boolean;
  clickable: boolean;
  ends: boolean;
  known: boolean;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function holds(cond: Condition, data: any, res: Resources): boolean {
  switch (cond) {
    case 'has-buttons':
      return (
        (Array.isArray(data.buttons) && data.buttons.length > 0) ||
        (Array.isArray(data.cards) && data.cards.some((c: any) => Array.isArray(c?.buttons) && c.buttons.length > 0))
      );
    case 'is-blocking':
      return data.payload?.isBlocking === true || data.isBlocking === true;
    case 'prompt-condition':
      return data.condition?.type === 'prompt';
    case 'prompt-set':
      return Array.isArray(data.items) && data.items.some((i: any) => i?.type === 'prompt');
    case 'entity-capture':
      return data.capture?.type === 'entity';
    case 'prompt-response': {
      const id = data.messageID ?? data.responseID;
      return typeof id === 'string' && res.message(id)?.generated === true;
    }
  }
}

export function classifyNode(node: FlowNode, res: Resources): Classification {
  const info = STEP_TYPES[node.type];
  if (!info) {
    return {
      class: 'unknown',
      reason: `unknown step type "${node.type}"`,
      role: 'step',
      waits: false,
      llm: false,
      spoken: false,
      noMatch: false,
      clickable: false,
      ends: false,
      known: false,
    };
  }
  const waits = info.class === 'waits' || (info.waitsWhen !== undefined && holds(info.waitsWhen, node.data, res));
  const llm = info.llm === true || (info.llmWhen !== undefined && holds(info.llmWhen, node.data, res));
  let cls: StepClass = info.class;
  let reason = info.reason;
  if (waits && cls !== 'waits') {
    cls = 'waits';
    reason = `${info.reason} with ${info.waitsWhen === 'is-blocking' ? 'blocking wait' : 'buttons'}: waits for the user`;
  }
  if (llm && cls === 'free') {
    cls = 'credits';
    reason = info.llmWhen === 'prompt-response' ? 'LLM-generated message' : `${info.reason} with an LLM prompt`;
  }
  if (llm && info.class === 'waits' && info.llmWhen === 'entity-capture')
    reason = 'capture: waits; LLM extracts entities from the reply';
  return {
    class: cls,
    reason,
    role: info.role,
    waits,
    llm,
    spoken: info.spoken === true,
    noMatch: info.noMatch === true && waits,
    clickable: info.clickable === true,
    ends: info.ends === true,
    known: true,
  };
}
