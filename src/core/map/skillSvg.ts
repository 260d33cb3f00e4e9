/**
 * The Skills page's own drawing: the texts of the agent and skill nodes (what each is, its credits
 * per message and per conversation, unknown shown as unknown), their data attributes, and the share
 * labels on the edges. Every figure arrives rounded from the engine; every string is escaped.
 */
import { TITLE_H } from './layout';
import { SKILL_LINE_H } from './skills';
import { CHAR_W, escapeXml, fit, TITLE_CHAR_W } from './text';
import type { MapEdge, MapNode } from './types';

/**
 * Data attributes of a skill node for tests and tools: `data-skill-id` (the skill's id in
 * `analysis.agentic`), `data-skill-kind`, `data-share` (exact, 0–1) and, for a workflow with a
 * canvas page, `data-page`. `data-credits` (per message) is written with every node's attributes.
 */
export function skillAttrs(n: MapNode): string {
  const k = n.skill;
  if (!k || n.kind !== 'skill') return '';
  return (
    ` data-skill-id="${escapeXml(n.id)}" data-skill-kind="${k.kind}" data-share="${escapeXml(k.share)}"` +
    (k.page === undefined ? '' : ` data-page="${escapeXml(k.page)}"`)
  );
}

/** What the first line says a node is: "router · gpt-4o", "playbook · claude-4.5-haiku". */
function what(n: MapNode): string {
  const k = n.skill!;
  const head =
    n.kind === 'agent'
      ? 'router'
      : k.kind === 'agent'
        ? 'answers itself'
        : k.kind === 'workflow'
          ? k.page === undefined
            ? 'workflow'
            : 'workflow · opens its canvas ›'
          : 'playbook';
  return k.model && k.kind !== 'workflow' ? `${head} · ${k.model}` : head;
}

/** A figure as it is drawn: unknown stays unknown, zero is free, else the engine's label. */
function shown(exact: string | null, label: string): { text: string; unknown: boolean } {
  if (exact === null) return { text: 'unknown', unknown: true };
  return { text: exact === '0' ? 'free' : label, unknown: false };
}

/** The texts of an agent or skill node: its name, what it is, and its two figures. */
export function renderSkillDetail(n: MapNode): string {
  const x = n.x + 10;
  const right = n.x + n.w - 10;
  const line = (i: number) => n.y + TITLE_H + SKILL_LINE_H * i + 15;
  const room = Math.floor((n.w - 20) / CHAR_W);
  const parts = [
    `<text class="hdt sk-name" x="${n.x + 8}" y="${n.y + 18}">` +
      `${escapeXml(fit(n.name, Math.floor((n.w - 16) / TITLE_CHAR_W)))}</text>`,
    `<line class="sep" x1="${n.x}" x2="${n.x + n.w}" y1="${n.y + TITLE_H}" y2="${n.y + TITLE_H}"/>`,
    `<text class="sk-what" x="${x}" y="${line(0)}">${escapeXml(fit(what(n), room))}</text>`,
  ];
  const figures: [string, string | null, string][] = [
    [n.kind === 'agent' ? 'per message (routing)' : 'per message', n.credits, n.label],
    ['per conversation', n.perConversation, n.perConversationLabel],
  ];
  figures.forEach(([name, exact, label], i) => {
    const v = shown(exact, label);
    parts.push(
      `<text class="sk-label" x="${x}" y="${line(i + 1)}">${name}</text>` +
        `<text class="sk-value${v.unknown ? ' unknown' : ''}" x="${right}" y="${line(i + 1)}" ` +
        `text-anchor="end">${escapeXml(v.text)}</text>`,
    );
  });
  return parts.join('');
}

/** The share on an edge of the Skills page: a small pill near the skill it leads to. */
export function renderShareLabel(e: MapEdge): string {
  if (!e.label) return '';
  const { text, x, y } = e.label;
  const w = Math.round(text.length * CHAR_W + 12);
  return (
    `<g class="share" data-to="${escapeXml(e.to)}">` +
    `<rect class="pill" x="${Math.round(x - w / 2)}" y="${Math.round(y - 9)}" ` +
    `width="${w}" height="18" rx="9"/><text x="${x}" y="${y + 4}" text-anchor="middle">${escapeXml(text)}</text></g>`
  );
}
