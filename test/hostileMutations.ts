/**
 * Seeded corruption of exports for the mutation test (and for measuring crash rates by class):
 * random damage (wrong types, dangling or self ports, missing tables) and the hostile classes
 * of issue 10 (prototype-named keys, deep nesting, "|" in step ids, a byte-order mark).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const JUNK: unknown[] = [null, 0, -1, 1e308, '', 'x', true, [], {}, [null], { target: 42 }, '{{[', '{vf_memory}'];
export const PROTO_KEYS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
/** Stands for a deeply nested value until the document is text (JSON.stringify would overflow on it). */
export const DEEP = '\u0000deep\u0000';

/** The hostile classes, one per round in turn, applied on top of the random corruption. */
export type Hostile = 'proto' | 'deep' | 'pipe' | 'bom';
export const HOSTILE: Hostile[] = ['proto', 'deep', 'pipe', 'bom'];

/** Keys from the file named like Object.prototype members: a step id and type, a variable, a port. */
export function protoKeys(doc: any, rand: () => number): void {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const diagrams: any[] = Object.values(doc.diagrams ?? {}).filter((d: any) => d?.nodes && typeof d.nodes === 'object');
  const d = pick(diagrams);
  if (!d) return;
  const name = pick(PROTO_KEYS);
  const [key, n]: [string, any] = pick(Object.entries(d.nodes)) ?? [];
  if (n && typeof n === 'object') {
    // The step keeps its place in the flow under the new id: every reference follows.
    const old = typeof n.nodeID === 'string' ? n.nodeID : key;
    delete d.nodes[key];
    Object.defineProperty(d.nodes, name, { value: { ...n, nodeID: name }, enumerable: true, writable: true });
    doc.__renames = [...(doc.__renames ?? []), [old, name]];
    if (rand() < 0.5) n.type = pick(PROTO_KEYS);
  }
  if (Array.isArray(doc.variables)) doc.variables.push({ id: name, name });
  const withPrompt: any = pick(
    diagrams.flatMap((x: any) => Object.values(x.nodes)).filter((x: any) => x?.data?.prompt),
  );
  if (withPrompt && typeof withPrompt.data.prompt === 'string') withPrompt.data.prompt += ` {${name}}`;
  const withPorts: any = pick(
    diagrams.flatMap((x: any) => Object.values(x.nodes)).filter((x: any) => x?.data?.portsV2),
  );
  if (withPorts?.data?.portsV2 && typeof withPorts.data.portsV2 === 'object')
    Object.defineProperty(withPorts.data.portsV2, 'byKey', {
      value: JSON.parse(`{"${pick(PROTO_KEYS)}": {"type": "next", "target": null, "id": "x"}}`),
      enumerable: true,
      writable: true,
    });
}

/** A value nested `depth` levels deep: arrays, or Slate-like rich text. */
function deepValue(depth: number, slate: boolean): string {
  return slate
    ? '{"children":['.repeat(depth) + '{"text":"deep"}' + ']}'.repeat(depth)
    : '['.repeat(depth) + '"deep"' + ']'.repeat(depth);
}

/** The document as text, with the hostile class of the round applied. */
export function hostileText(doc: any, kind: Hostile, rand: () => number): string {
  const renames: [string, string][] = doc.__renames ?? [];
  delete doc.__renames;
  let text = JSON.stringify(doc);
  for (const [from, to] of renames) text = text.split(`"${from}"`).join(`"${to}"`);
  if (kind === 'deep')
    text = text.split(JSON.stringify(DEEP)).join(deepValue(2000 + Math.floor(rand() * 8000), rand() < 0.5));
  if (kind === 'pipe') {
    // Every step id gets a "|" (the separator of the walker's state keys), references included.
    const ids = new Set<string>();
    for (const d of Object.values<any>(doc.diagrams ?? {}))
      for (const [k, n] of Object.entries<any>(d?.nodes ?? {}))
        if (k.length > 3) ids.add(typeof n?.nodeID === 'string' ? n.nodeID : k);
    for (const id of ids) text = text.split(`"${id}"`).join(`"${id.slice(0, 3)}|${id.slice(3)}"`);
  }
  return kind === 'bom' ? '\ufeff' + text : text;
}

export function mutate(doc: any, rand: () => number): void {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const junk = () => structuredClone(pick(JUNK));
  const nodes: any[] = Object.values(doc.diagrams ?? {}).flatMap((d: any) => Object.values(d?.nodes ?? {}));
  const ids = nodes.map((n) => n?.nodeID).filter(Boolean);
  for (let i = 0; i < 6; i++) {
    const n = pick(nodes);
    if (!n || typeof n !== 'object') continue;
    switch (Math.floor(rand() * 8)) {
      case 0:
        n.data = junk();
        break;
      case 1:
        if (n.data && typeof n.data === 'object') {
          const k = pick(Object.keys(n.data));
          if (k) n.data[k] = junk();
        }
        break;
      case 2:
        n.type = pick(['generative', 'agent', 'block', 'component', 'buttons', 'hologram', 42 as any]);
        break;
      case 3: {
        const p = n.data?.portsV2?.builtIn?.next;
        if (p) p.target = pick([...ids, 'missing', n.nodeID]);
        break;
      }
      case 4:
        if (Array.isArray(n.data?.steps)) n.data.steps.push(pick([...ids, 'missing', n.nodeID, 7]));
        break;
      case 5:
        if (n.data && typeof n.data === 'object') n.data.diagramID = pick([...Object.keys(doc.diagrams), 'missing']);
        break;
      case 6:
        doc[pick(['agents', 'prompts', 'responses', 'responseMessages', 'intents', 'variables'])] = junk();
        break;
      case 7:
        if (doc.version && typeof doc.version === 'object')
          doc.version[pick(['programResources', 'settings', 'platformData', 'rootDiagramID'])] = junk();
        break;
    }
  }
}

/** Puts the deep-nesting placeholder where the engine reads text: a step's name, prompt or content, or the project
 * name. */
export function placeDeep(doc: any, rand: () => number): void {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const nodes: any[] = Object.values<any>(doc.diagrams ?? {})
    .flatMap((d) => Object.values<any>(d?.nodes ?? {}))
    .filter((n) => n?.data && typeof n.data === 'object');
  const where = Math.floor(rand() * 4);
  if (where === 0 || nodes.length === 0) {
    if (doc.project && typeof doc.project === 'object') doc.project.name = DEEP;
    else doc.deep = DEEP;
    return;
  }
  const withText = nodes.filter((n) => n.data.prompt !== undefined || n.data.texts !== undefined);
  const n = pick(where > 1 && withText.length ? withText : nodes);
  if (where === 1) n.data.name = DEEP;
  else if (n.data.prompt !== undefined) n.data.prompt = DEEP;
  else if (Array.isArray(n.data.texts) && n.data.texts[0]) n.data.texts[0].content = DEEP;
  else n.data.content = DEEP;
}

/** One round of the mutation test on an export: its two variants (full and truncated). */
export function mutatedVariants(
  text: string,
  round: number,
  rand: () => number,
): { kind: Hostile; variants: string[] } {
  const kind = HOSTILE[round % HOSTILE.length];
  const doc = JSON.parse(text);
  mutate(doc, rand);
  if (kind === 'proto') protoKeys(doc, rand);
  if (kind === 'deep') placeDeep(doc, rand);
  const full = hostileText(doc, kind, rand);
  return { kind, variants: [full, full.slice(0, Math.floor(rand() * full.length))] };
}
