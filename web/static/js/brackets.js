/*
 * Drawing the alliance selection board and the playoff bracket, shared by the audience
 * display, the public /selection and /bracket pages and the scorekeeper's playoffs page.
 * Both draw from the snapshots the server sends (selection.updated, bracket.updated).
 * Z.renderSelection(node, snap, opts) and Z.renderBracket(node, snap, opts); opts.onTeam /
 * opts.onMatch make teams and matches clickable for the scorekeeper.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) node.setAttribute(k, v);
    for (const c of children) {
      if (c == null) continue;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function teamText(t) {
    return t ? String(t.number) : '';
  }

  // ---------------------------------------------------------------- selection board

  /** Seconds left on the pick timer, or null when there is no timer. */
  Z.pickSecondsLeft = function (snap) {
    const timer = snap && snap.timer;
    if (!timer || !timer.seconds || !timer.started_ms || snap.done) return null;
    return Math.max(0, Math.ceil((timer.started_ms + timer.seconds * 1000 - Z.serverNow()) / 1000));
  };

  Z.renderSelection = function (node, snap, opts) {
    opts = opts || {};
    if (!snap || !snap.started) {
      Z.fill(node, Z.el('p.empty-note', { text: Z.t('sel.not_started') }));
      return;
    }
    const picks = snap.rules.picks;
    const head = Z.el('tr', null, Z.el('th.num', { text: Z.t('sel.alliance') }),
      Z.el('th', { text: Z.t('sel.captain') }),
      Array.from({ length: picks }, (_, i) => Z.el('th', { text: Z.t('sel.pick', { n: i + 1 }) })));
    const rows = snap.alliances.map((a) => {
      const picking = snap.turn === a.seed;
      const cells = [];
      for (let i = 0; i <= picks; i++) {
        const t = a.teams[i];
        const pending = picking && i === a.teams.length && snap.pending;
        cells.push(Z.el('td' + (t ? '.filled' : '') + (pending ? '.pending' : ''), null,
          t ? [Z.el('b', { text: teamText(t) }), ' ', Z.el('span.chip-name', { text: t.name })]
            : pending ? [Z.el('b', { text: teamText(snap.pending) }), ' ', Z.el('span.invite-tag', { text: Z.t('sel.invited') })] : ''));
      }
      return Z.el('tr' + (picking ? '.is-picking' : ''), null, Z.el('td.num.seed', { text: String(a.seed) }), cells);
    });
    const board = Z.el('table.selection-board', null, Z.el('thead', null, head), Z.el('tbody', null, rows));

    const left = Z.pickSecondsLeft(snap);
    const status = snap.done
      ? Z.t('sel.done')
      : snap.pending
        ? Z.t('sel.waiting_answer', { team: snap.pending.number, seed: snap.turn })
        : Z.t('sel.turn', { seed: snap.turn, round: snap.round });
    const statusLine = Z.el('p.selection-status', null, Z.el('span', { text: status }),
      left != null ? Z.el('span.pick-timer' + (left === 0 ? '.is-out' : ''), { 'data-role': 'timer', text: Z.fmtClock(left) }) : null);

    const available = Z.el('ol.available-teams', null, snap.available.map((t) =>
      Z.el('li', null, Z.el(opts.onTeam && !snap.done && !snap.pending ? 'button.team-chip' : 'span.team-chip', {
        onclick: opts.onTeam ? () => opts.onTeam(t) : null,
        title: t.name,
      }, Z.el('span.rank', { text: '#' + t.rank }), ' ', Z.el('b', { text: teamText(t) }), ' ', Z.el('span.chip-name', { text: t.name })))));
    const parts = [statusLine, board,
      Z.el('h3', { text: snap.done && snap.backups.length ? Z.t('sel.backups') : Z.t('sel.available') }),
      snap.done && snap.backups.length
        ? Z.el('ol.available-teams', null, snap.backups.map((t) => Z.el('li', null, Z.el('span.team-chip', null, Z.el('b', { text: teamText(t) }), ' ', t.name))))
        : available];
    if (snap.declined.length) {
      parts.push(Z.el('p.declined-list', null, Z.t('sel.declined') + ': ' + snap.declined.map(teamText).join(', ')));
    }
    Z.fill(node, parts);
  };

  // ---------------------------------------------------------------- bracket

  const BOX_W = 250;
  const BOX_H = 62;
  const COL_W = 300;
  const ROW_GAP = 22;
  const SECTION_GAP = 56;

  function allianceLine(snap, seed) {
    if (seed == null) return null;
    const a = snap.alliances[seed - 1];
    return a ? { seed, text: 'A' + seed + '  ' + a.teams.map(teamText).join(' · '), dq: a.disqualified } : null;
  }

  /** Where a side comes from: {seed: 3}, {winner: "M3"} or {loser: "M3"}. */
  function sourceText(src) {
    if (!src) return '';
    if ('seed' in src) return Z.t('br.seed', { n: src.seed });
    if ('winner' in src) return Z.t('br.winner_of', { key: src.winner });
    return Z.t('br.loser_of', { key: src.loser });
  }

  /** Columns per section: upper and lower brackets by round, the finals last. */
  function layout(matches) {
    const sections = { upper: [], lower: [], final: [] };
    for (const m of matches) {
      const section = m.section === 'third_place' ? 'final' : m.section;
      (sections[section] || sections.upper).push(m);
    }
    const columns = (list) => {
      const byRound = new Map();
      for (const m of list) {
        if (!byRound.has(m.round)) byRound.set(m.round, []);
        byRound.get(m.round).push(m);
      }
      return Array.from(byRound.keys()).sort((a, b) => a - b).map((r) => byRound.get(r));
    };
    return { upper: columns(sections.upper), lower: columns(sections.lower), final: sections.final };
  }

  Z.renderBracket = function (node, snap, opts) {
    opts = opts || {};
    if (!snap || !snap.created) {
      Z.fill(node, Z.el('p.empty-note', { text: Z.t('br.not_created') }));
      return;
    }
    const lay = layout(snap.matches);
    const pos = new Map();
    const tallest = (cols) => Math.max(0, ...cols.map((c) => c.length));
    const place = (cols, top, x0) => {
      const rows = tallest(cols);
      const height = rows * (BOX_H + ROW_GAP);
      cols.forEach((col, ci) => {
        const step = height / col.length;
        col.forEach((m, i) => pos.set(m.key, { x: x0 + ci * COL_W, y: top + step * i + (step - BOX_H) / 2 }));
      });
      return height;
    };
    const upperH = place(lay.upper, 30, 10);
    const lowerTop = 30 + upperH + (lay.lower.length ? SECTION_GAP : 0);
    const lowerH = lay.lower.length ? place(lay.lower, lowerTop, 10) : 0;
    const mainCols = Math.max(lay.upper.length, lay.lower.length);
    const finalX = 10 + mainCols * COL_W;
    const totalH = lowerTop + lowerH + 10;
    lay.final.forEach((m, i) => {
      const block = lay.final.length * (BOX_H + ROW_GAP);
      pos.set(m.key, { x: finalX, y: (totalH - block) / 2 + i * (BOX_H + ROW_GAP) });
    });
    const width = finalX + (lay.final.length ? COL_W : 0) + 10;

    const root = svg('svg', { class: 'bracket-svg', viewBox: '0 0 ' + width + ' ' + totalH, role: 'img', 'aria-label': Z.t('br.title') });
    root.appendChild(svg('text', { x: 10, y: 20, class: 'br-section' }, Z.t(lay.lower.length ? 'br.upper' : 'br.bracket')));
    if (lay.lower.length) root.appendChild(svg('text', { x: 10, y: lowerTop - 10, class: 'br-section' }, Z.t('br.lower')));
    if (lay.final.length) root.appendChild(svg('text', { x: finalX, y: 20, class: 'br-section' }, Z.t('br.finals')));

    // Connectors: from each match to where its winner goes (losers are named in the box).
    for (const m of snap.matches) {
      const to = pos.get(m.key);
      for (const [side, src] of [['red', m.red_from], ['blue', m.blue_from]]) {
        if (!src || !pos.has(src.winner)) continue;
        const from = pos.get(src.winner);
        const y1 = from.y + BOX_H / 2;
        const y2 = to.y + (side === 'red' ? BOX_H / 4 : (3 * BOX_H) / 4);
        const xm = from.x + BOX_W + (to.x - from.x - BOX_W) / 2;
        root.appendChild(svg('path', { class: 'br-link', d: 'M' + (from.x + BOX_W) + ' ' + y1 + ' H' + xm + ' V' + y2 + ' H' + to.x }));
      }
    }

    for (const m of snap.matches) {
      const p = pos.get(m.key);
      const g = svg('g', { class: 'br-match is-' + m.status + (m.if_needed ? ' is-if-needed' : ''), transform: 'translate(' + p.x + ' ' + p.y + ')', 'data-key': m.key });
      g.appendChild(svg('rect', { width: BOX_W, height: BOX_H, rx: 6, class: 'br-box' }));
      const title = m.key + (m.best_of > 1 ? '  ' + Z.t('br.best_of', { n: m.best_of }) : '') + (m.if_needed ? '  ' + Z.t('br.if_needed') : '');
      g.appendChild(svg('text', { x: 6, y: -5, class: 'br-key' }, title));
      [['red', m.red, m.red_wins, m.red_from], ['blue', m.blue, m.blue_wins, m.blue_from]].forEach(([side, seed, wins, from], i) => {
        const line = allianceLine(snap, seed);
        const y = i * (BOX_H / 2);
        const won = m.winner != null && m.winner === seed;
        g.appendChild(svg('rect', { x: 0, y, width: 8, height: BOX_H / 2, class: 'br-side ' + side }));
        g.appendChild(svg('text', { x: 16, y: y + BOX_H / 4 + 6, class: 'br-team' + (won ? ' is-winner' : '') + (line && line.dq ? ' is-dq' : '') + (line ? '' : ' is-tbd') },
          line ? line.text : m.status === 'bye' || m.status === 'skipped' ? Z.t('br.bye') : sourceText(from)));
        if (m.best_of > 1 || m.games.length) {
          g.appendChild(svg('text', { x: BOX_W - 10, y: y + BOX_H / 4 + 6, 'text-anchor': 'end', class: 'br-wins' + (won ? ' is-winner' : '') },
            m.best_of > 1 ? String(wins) : scoreOf(m, side)));
        }
      });
      g.appendChild(svg('line', { x1: 8, x2: BOX_W, y1: BOX_H / 2, y2: BOX_H / 2, class: 'br-mid' }));
      if (opts.onMatch && m.status === 'ready') {
        g.classList.add('is-clickable');
        g.addEventListener('click', () => opts.onMatch(m));
      }
      root.appendChild(g);
    }

    const parts = [Z.el('div.bracket-scroll', null, root)];
    if (snap.placements && snap.placements.length) {
      parts.push(Z.el('ol.placements', null, snap.placements.filter((p) => p.place <= 4).map((p) => {
        const line = allianceLine(snap, p.seed);
        return Z.el('li.place-' + p.place, null, Z.el('span.place', { text: Z.t('br.place', { n: p.place }) }), ' ', Z.el('b', { text: line ? line.text : '' }));
      })));
    }
    Z.fill(node, parts);
  };

  function scoreOf(m, side) {
    const played = (m.games || []).filter((g) => g.red_score != null);
    if (!played.length) return '';
    const last = played[played.length - 1];
    return String(side === 'red' ? last.red_score : last.blue_score);
  }
})();
