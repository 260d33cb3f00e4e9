// Cost map webview: pages as tabs, zoom and pan (mouse and keyboard), fit to view, hover
// breakdowns, search by name, and clicks that reveal a block or step in the export (on the Skills
// page of an agentic export: a playbook or the agent; a workflow opens its canvas page). Large maps stay
// fast: the SVG arrives as shapes only, and each node's texts (drawn and escaped by the engine) are
// added when the node is on screen at a zoom where they can be read; off-screen nodes are culled,
// step rows hidden at medium zoom, titles at low zoom. Runs under the page's nonce CSP; tooltip
// texts go in with textContent. It computes no figure: every number comes rounded from the engine.
(function () {
  'use strict';
  // eslint-disable-next-line no-undef -- provided by the webview
  const vscode = acquireVsCodeApi();
  const data = JSON.parse(document.getElementById('map-data').textContent);
  const stage = document.getElementById('stage');
  const tip = document.getElementById('tip');
  const status = document.getElementById('status');
  const search = document.getElementById('search');
  const list = document.getElementById('list');
  const legendBox = document.getElementById('legendBox');
  const saved = vscode.getState() || {};
  const state = { page: saved.page, scale: saved.scale || 'run', views: saved.views || {} };
  const pages = new Map();
  for (const div of stage.querySelectorAll('.page')) {
    const info = data.pages.find((p) => p.id === div.dataset.page);
    const svg = div.querySelector('svg');
    const byId = new Map(info.nodes.map((n, i) => [n.id, { ...n, detail: info.details[i] }]));
    const nodes = [...svg.querySelectorAll('.node')].map((el) => ({
      el,
      x: +el.dataset.x,
      y: +el.dataset.y,
      w: +el.dataset.w,
      h: +el.dataset.h,
      info: byId.get(el.dataset.blockId),
      off: false,
      drawn: false, // its texts are in the DOM
    }));
    pages.set(info.id, { info, div, svg, nodes, byEl: new Map(nodes.map((n) => [n.el, n])) });
  }
  if (!pages.has(state.page)) state.page = data.defaultPage || [...pages.keys()][0];
  let current = pages.get(state.page);
  let view = null; // { cx, cy, s }: centre in canvas units, pixels per unit
  let fitted = false; // the view is "fit to view": it fits again when the panel is resized
  const MIN_S = 0.02;
  const MAX_S = 4;
  /** Below this scale only shapes are drawn; from it titles; from ROWS_S the step rows too. */
  const TITLES_S = 0.18;
  const ROWS_S = 0.45;
  /** Nodes whose texts are added per frame (the rest follow in the next frames). */
  const DETAIL_PER_FRAME = 250;

  const size = () => ({ W: stage.clientWidth || 1, H: stage.clientHeight || 1 });
  const fitView = (b) => {
    const { W, H } = size();
    const s = Math.min(1.2, Math.max(MIN_S, Math.min(W / b.w, H / b.h) * 0.95));
    return { cx: b.x + b.w / 2, cy: b.y + b.h / 2, s };
  };

  let frame = 0;
  let saveTimer = 0;
  function apply() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!current || !view) return;
      const { W, H } = size();
      const w = W / view.s;
      const h = H / view.s;
      const x = view.cx - w / 2;
      const y = view.cy - h / 2;
      current.svg.setAttribute('viewBox', `${x} ${y} ${w} ${h}`);
      current.svg.classList.toggle('lod-mid', view.s < ROWS_S && view.s >= TITLES_S);
      current.svg.classList.toggle('lod-low', view.s < TITLES_S);
      // Cull what is off screen (with a margin), so large maps stay fluid.
      const mx = w * 0.1;
      const my = h * 0.1;
      for (const n of current.nodes) {
        const off = n.x > x + w + mx || n.x + n.w < x - mx || n.y > y + h + my || n.y + n.h < y - my;
        if (off !== n.off) {
          n.off = off;
          n.el.classList.toggle('off', off);
        }
      }
      if (view.s >= TITLES_S) drawTexts();
      state.views[current.info.id] = view;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => vscode.setState(state), 200);
    });
  }

  /** Adds the texts of the on-screen nodes that do not have them yet, a few hundred per frame. */
  function drawTexts() {
    let budget = DETAIL_PER_FRAME;
    for (const n of current.nodes) {
      if (n.off || n.drawn || !n.info) continue;
      if (budget-- === 0) return apply(); // more in the next frame
      n.el.insertAdjacentHTML('beforeend', n.info.detail);
      n.drawn = true;
    }
  }
  const drawNow = (n) => {
    if (!n.drawn && n.info) n.el.insertAdjacentHTML('beforeend', n.info.detail);
    n.drawn = true;
  };

  function zoomAt(f, px, py) {
    const { W, H } = size();
    const wx = view.cx + (px - W / 2) / view.s;
    const wy = view.cy + (py - H / 2) / view.s;
    const s = Math.min(MAX_S, Math.max(MIN_S, view.s * f));
    view = { cx: wx - (px - W / 2) / s, cy: wy - (py - H / 2) / s, s };
    fitted = false;
    apply();
  }
  function panBy(dx, dy) {
    view = { cx: view.cx - dx / view.s, cy: view.cy - dy / view.s, s: view.s };
    fitted = false;
    apply();
  }
  function fit() {
    view = fitView(current.info.bounds);
    fitted = true;
    apply();
  }
  function centreOn(n, minScale) {
    view = { cx: n.x + n.w / 2, cy: n.y + n.h / 2, s: Math.max(view ? view.s : 1, minScale) };
    fitted = false;
    apply();
  }

  function showPage(id) {
    const p = pages.get(id);
    if (!p) return;
    current = p;
    state.page = id;
    for (const q of pages.values()) q.div.hidden = q !== p;
    for (const t of document.querySelectorAll('.tabs [data-page]'))
      t.setAttribute('aria-selected', String(t.dataset.page === id));
    for (const l of list.querySelectorAll('.list-page')) l.hidden = l.dataset.page !== id;
    view = state.views[id];
    if (view) {
      fitted = false;
      apply();
    } else fit();
  }

  function setScale(scale) {
    state.scale = scale;
    for (const p of pages.values()) {
      p.svg.classList.toggle('scale-run', scale === 'run');
      p.svg.classList.toggle('scale-conv', scale === 'conv');
    }
    legendBox.className = scale === 'run' ? 'by-run' : 'by-conv';
    for (const b of document.querySelectorAll('[data-scale]'))
      b.setAttribute('aria-pressed', String(b.dataset.scale === scale));
    vscode.setState(state);
  }

  // Tooltip: the node's breakdown, from the engine's labels.
  function showTip(n, px, py) {
    const i = n.info;
    if (!i) return;
    tip.textContent = '';
    const title = document.createElement('b');
    title.textContent = i.name;
    tip.append(title);
    const line = document.createElement('div');
    if (i.skill) {
      // Skills page: figures per message (the routing call and the answer) and per conversation.
      const what = document.createElement('div');
      what.className = 'muted';
      what.textContent = [i.skill.what, i.skill.share && `${i.skill.share} of messages`, i.skill.model]
        .filter(Boolean)
        .join(' · ');
      tip.append(what);
      line.textContent = i.label === 'unknown' ? 'unknown credits per message' : `${i.label} credits per message`;
      line.textContent += ` · ${i.conv === 'unknown' ? 'unknown' : i.conv} per conversation`;
      tip.append(line);
      if (i.skill.page) {
        const open = document.createElement('div');
        open.className = 'muted';
        open.textContent = 'Click or Enter opens its canvas';
        tip.append(open);
      }
    } else {
      line.textContent = i.label === 'unknown' ? 'unknown credits per run' : `${i.label} credits per run (expected)`;
      line.textContent += ` · ${i.conv} per conversation`;
      tip.append(line);
    }
    const flags = i.marks;
    if (flags.length) {
      const f = document.createElement('div');
      f.className = i.warn ? 'warn' : 'muted';
      f.textContent = flags.join(' · ');
      tip.append(f);
    }
    if (i.rows.length) {
      const t = document.createElement('table');
      const head = t.insertRow();
      for (const h of ['step', 'model', 'per run', 'per conversation']) head.insertCell().textContent = h;
      head.className = 'muted';
      for (const r of i.rows) {
        const tr = t.insertRow();
        tr.insertCell().textContent = r.name;
        tr.insertCell().textContent = r.model || '';
        const c = tr.insertCell();
        c.textContent = r.label;
        c.className = 'num';
        const v = tr.insertCell();
        v.textContent = r.conv;
        v.className = 'num';
      }
      tip.append(t);
    }
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    tip.style.left = `${Math.min(px + 14, window.innerWidth - r.width - 4)}px`;
    tip.style.top = `${Math.min(py + 14, window.innerHeight - r.height - 4)}px`;
  }
  const hideTip = () => (tip.hidden = true);

  const nodeOf = (target) => {
    if (!current) return undefined;
    const el = target && target.closest && target.closest('.node');
    return el ? current.byEl.get(el) : undefined;
  };
  function activate(target) {
    const row = target.closest && target.closest('.row');
    if (row && row.dataset.subflowPage) return showPage(row.dataset.subflowPage);
    if (row) return vscode.postMessage({ type: 'reveal', id: row.dataset.stepId });
    const n = nodeOf(target);
    // A workflow skill (or the conversation start) opens its canvas page; anything else is revealed.
    if (n && n.el.dataset.page && pages.has(n.el.dataset.page)) return showPage(n.el.dataset.page);
    if (n) vscode.postMessage({ type: 'reveal', id: n.el.dataset.blockId });
  }

  // Mouse: drag pans, wheel zooms at the pointer, a click (no drag) reveals.
  let drag = null;
  stage.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, moved: false };
  });
  window.addEventListener('pointermove', (e) => {
    if (drag && (drag.moved || Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 4)) {
      if (!drag.moved) stage.classList.add('dragging');
      drag.moved = true;
      panBy(e.clientX - drag.x, e.clientY - drag.y);
      drag.x = e.clientX;
      drag.y = e.clientY;
      hideTip();
      return;
    }
    const n = nodeOf(e.target);
    if (n) showTip(n, e.clientX, e.clientY);
    else if (document.activeElement === stage || !stage.contains(document.activeElement)) hideTip();
  });
  window.addEventListener('pointerup', () => {
    stage.classList.remove('dragging');
    setTimeout(() => (drag = null), 0);
  });
  stage.addEventListener('click', (e) => {
    if (drag && drag.moved) return;
    activate(e.target);
  });
  stage.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const r = stage.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false },
  );
  stage.addEventListener('mouseleave', hideTip);

  // Keyboard: arrows pan, + − zoom, 0 fits, Enter reveals the focused block, / finds.
  document.addEventListener('keydown', (e) => {
    if (e.target === search) return;
    const { W, H } = size();
    const step = 80;
    const keys = {
      ArrowLeft: () => panBy(step, 0),
      ArrowRight: () => panBy(-step, 0),
      ArrowUp: () => panBy(0, step),
      ArrowDown: () => panBy(0, -step),
      '+': () => zoomAt(1.25, W / 2, H / 2),
      '=': () => zoomAt(1.25, W / 2, H / 2),
      '-': () => zoomAt(0.8, W / 2, H / 2),
      0: fit,
      '/': () => search.focus(),
    };
    if (e.key === 'Enter' && nodeOf(e.target)) {
      e.preventDefault();
      return activate(e.target);
    }
    const f = keys[e.key];
    if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      f();
    }
  });
  // A block that gets the focus (Tab) is brought into view and shows its breakdown.
  stage.addEventListener('focusin', (e) => {
    const n = nodeOf(e.target);
    if (!n) return;
    if (n.off) n.el.classList.remove('off');
    drawNow(n);
    const { W, H } = size();
    const x = view.cx - W / 2 / view.s;
    const y = view.cy - H / 2 / view.s;
    if (n.x < x || n.y < y || n.x + n.w > x + W / view.s || n.y + n.h > y + H / view.s) centreOn(n, 0.5);
    requestAnimationFrame(() => {
      const r = n.el.getBoundingClientRect();
      showTip(n, r.right, r.top);
    });
  });
  stage.addEventListener('focusout', hideTip);

  // Search: the blocks whose name contains the text, on every page; Enter goes to the next one.
  let matches = [];
  let at = -1;
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    for (const p of pages.values()) for (const n of p.nodes) n.el.classList.remove('found');
    matches = [];
    at = -1;
    if (q)
      for (const p of pages.values())
        for (const n of p.nodes) if (n.info && n.info.name.toLowerCase().includes(q)) matches.push({ p, n });
    status.textContent = q ? `${matches.length} block${matches.length === 1 ? '' : 's'} match` : '';
  });
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !matches.length) return;
    e.preventDefault();
    if (at >= 0) matches[at].n.el.classList.remove('found');
    at = (at + 1) % matches.length;
    const { p, n } = matches[at];
    if (p !== current) showPage(p.info.id);
    n.el.classList.add('found');
    n.el.classList.remove('off');
    n.off = false;
    drawNow(n);
    centreOn(n, 0.8);
    status.textContent = `${at + 1} of ${matches.length}: ${n.info.name}`;
  });

  for (const t of document.querySelectorAll('.tabs [data-page]'))
    t.addEventListener('click', () => showPage(t.dataset.page));
  for (const b of document.querySelectorAll('[data-scale]'))
    b.addEventListener('click', () => setScale(b.dataset.scale));
  document.getElementById('fit').addEventListener('click', fit);
  document.getElementById('zin').addEventListener('click', () => zoomAt(1.25, size().W / 2, size().H / 2));
  document.getElementById('zout').addEventListener('click', () => zoomAt(0.8, size().W / 2, size().H / 2));
  const listToggle = document.getElementById('listToggle');
  listToggle.addEventListener('click', () => {
    list.hidden = !list.hidden;
    listToggle.setAttribute('aria-expanded', String(!list.hidden));
  });
  new ResizeObserver(() => (fitted ? fit() : apply())).observe(stage);

  setScale(state.scale);
  showPage(state.page);
})();
