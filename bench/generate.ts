/**
 * Synthetic exports for the benchmark (generated, never committed): topics of blocks with static
 * messages, logic, API calls, buttons and LLM steps whose prompts are unique (so the token cache
 * cannot skip work) but drawn from an English-like vocabulary, like real prompts.
 */
const WORDS = (
  'the customer order pizza delivery address please confirm answer question menu price size large small medium ' +
  'topping cheese you are a helpful assistant keep replies short friendly never invent facts use the knowledge base ' +
  'when unsure ask again summarise history previous turn context variable value booking time date account support ' +
  'ticket refund policy shipping'
).split(' ');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Seeded words and sequential node ids: the same seed gives the same export. */
interface Gen {
  words: (n: number) => string;
  id: () => string;
  /** Ids handed out so far (prompts end with it, so each is unique). */
  uid: number;
}

/** A generator of words from WORDS and of node ids, from `seed`. */
function generator(seed: number): Gen {
  const rand = rng(seed);
  const g: Gen = {
    words: (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' '),
    id: () => `n${(g.uid++).toString(36).padStart(8, '0')}`,
    uid: 0,
  };
  return g;
}

/**
 * An export of about `targetBytes`, in topics of `blocksPerTopic` blocks laid out on a grid
 * (`generateExport(0, 1, 2000)`: one topic of 2,000 blocks, for the cost map).
 */
export function generateExport(targetBytes: number, seed = 1, blocksPerTopic = 40): string {
  const g = generator(seed);
  const diagrams: Record<string, unknown> = {};
  let size = 0;
  let d = 0;
  do {
    const dk = `diagram${d}`;
    diagrams[dk] = {
      _id: dk,
      diagramID: dk,
      name: `Topic ${d}`,
      type: 'TOPIC',
      nodes: topicNodes(g, d, blocksPerTopic),
    };
    size += JSON.stringify(diagrams[dk], null, 2).length + 8 * blocksPerTopic; // as pretty-printed at depth 2
    d++;
  } while (size < targetBytes);
  return JSON.stringify(
    {
      _version: '1.2',
      project: { name: 'Synthetic benchmark export', platform: 'webchat', type: 'chat' },
      version: { _version: 8, rootDiagramID: 'diagram0', platformData: { settings: {}, intents: [], slots: [] } },
      diagrams,
    },
    null,
    2,
  );
}

/** The nodes of topic `d`: a start leading to the first of `blocksPerTopic` blocks. */
function topicNodes(g: Gen, d: number, blocksPerTopic: number): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const startId = `start${d}`;
  const blocks: string[] = Array.from({ length: blocksPerTopic }, g.id);
  nodes[startId] = {
    nodeID: startId,
    type: 'start',
    data: {
      name: 'Start',
      steps: [],
      portsV2: { builtIn: { next: { id: g.id(), type: 'next', target: blocks[0] } }, dynamic: [], byKey: {} },
    },
  };
  blocks.forEach((b, i) => {
    nodes[b] = {
      nodeID: b,
      type: 'block',
      data: { name: `Block ${i}`, steps: blockSteps(g, nodes, blocks, i) },
      coords: [(i % 40) * 320, Math.floor(i / 40) * 260],
    };
  });
  return nodes;
}

/**
 * Adds the steps of block `i` to `nodes` and returns their ids: a message, a variable set, an LLM
 * step every 3rd block, an API call every 5th, and buttons to the next block and the 7th after.
 */
function blockSteps(g: Gen, nodes: Record<string, unknown>, blocks: string[], i: number): string[] {
  const steps: string[] = [];
  const add = (type: string, data: Record<string, unknown>) => {
    const n = g.id();
    steps.push(n);
    nodes[n] = { nodeID: n, type, data: { name: type, portsV2: { builtIn: {}, dynamic: [], byKey: {} }, ...data } };
  };
  add('text', { texts: [{ id: g.id(), content: [{ children: [{ text: g.words(25) }] }] }] });
  add('setV2', { sets: [{ type: 'advance', variable: 'x', expression: '1 + 1' }] });
  if (i % 3 === 0)
    add('generative', {
      prompt: `${g.words(120)} {{[last_utterance].last_utterance}} ${g.uid}`,
      system: g.words(40),
      mode: i % 2 ? 'memory_prompt' : 'prompt',
      model: i % 4 ? 'gpt-4o-mini' : 'claude-3-haiku',
      maxTokens: 300,
    });
  if (i % 5 === 0) add('api', { url: 'https://example.com/api', method: 'POST', body: g.words(30) });
  const a = blocks[(i + 1) % blocks.length];
  const c = blocks[(i + 7) % blocks.length];
  add('buttons', {
    buttons: [
      { id: g.id(), name: g.words(2) },
      { id: g.id(), name: g.words(2) },
    ],
    portsV2: {
      builtIn: { else: { id: g.id(), type: 'else', target: null } },
      dynamic: [
        { id: g.id(), type: '', target: a },
        { id: g.id(), type: '', target: c },
      ],
      byKey: {},
    },
  });
  return steps;
}

/**
 * One topic whose start leads to a single block of `steps` steps (the 100k-steps-in-one-block
 * case): messages, logic, API calls, an LLM step every 10th and buttons (a wait that falls through
 * to the next step) every 100th, with prompts from the same vocabulary.
 */
export function generateLongBlock(steps: number, seed = 3): string {
  const rand = rng(seed);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  const nodes: Record<string, unknown> = {};
  const ids: string[] = [];
  const block = 'block0';
  for (let i = 0; i < steps; i++) {
    const n = `s${i.toString(36).padStart(6, '0')}`;
    ids.push(n);
    const base = { name: '', portsV2: { builtIn: {}, dynamic: [], byKey: {} } };
    let type: string;
    let data: Record<string, unknown>;
    if (i % 100 === 99) {
      type = 'buttons';
      data = { ...base, buttons: [{ id: `${n}b`, name: words(2) }] };
    } else if (i % 10 === 5) {
      type = 'generative';
      data = { ...base, prompt: `${words(30)} ${i}`, model: 'gpt-4o-mini', maxTokens: 200, mode: 'prompt' };
    } else if (i % 10 === 7) {
      type = 'api';
      data = { ...base, url: 'https://example.com/api', method: 'GET' };
    } else if (i % 2 === 0) {
      type = 'text';
      data = { ...base, texts: [{ id: `${n}t`, content: [{ children: [{ text: words(8) }] }] }] };
    } else {
      type = 'setV2';
      data = { ...base, sets: [{ type: 'advance', variable: 'x', expression: '1 + 1' }] };
    }
    nodes[n] = { nodeID: n, type, data };
  }
  nodes.start0 = {
    nodeID: 'start0',
    type: 'start',
    data: { name: 'Start', steps: [], portsV2: { builtIn: { next: { id: 'p0', type: 'next', target: block } } } },
  };
  nodes[block] = { nodeID: block, type: 'block', data: { name: 'Long block', steps: ids }, coords: [0, 0] };
  return JSON.stringify(
    {
      _version: '1.2',
      project: { name: 'One long block', platform: 'webchat', type: 'chat' },
      version: { _version: 8, rootDiagramID: 'diagram0', platformData: { settings: {}, intents: [], slots: [] } },
      diagrams: { diagram0: { _id: 'diagram0', diagramID: 'diagram0', name: 'Topic', type: 'TOPIC', nodes } },
    },
    null,
    2,
  );
}

/**
 * JSON text indented two spaces down to `depth` levels, each deeper value on one line: a 10 MB
 * export laid out this way stays under VS Code's 300,000-line limit for code lenses.
 */
export function prettyToDepth(value: unknown, depth: number, indent = ''): string {
  if (depth <= 0 || value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return value.length
      ? `[\n${value.map((v) => inner + prettyToDepth(v, depth - 1, inner)).join(',\n')}\n${indent}]`
      : '[]';
  const entries = Object.entries(value);
  const member = ([k, v]: [string, unknown]) => `${inner}${JSON.stringify(k)}: ${prettyToDepth(v, depth - 1, inner)}`;
  return entries.length ? `{\n${entries.map(member).join(',\n')}\n${indent}}` : '{}';
}
