/*
 * The public bracket and selection pages, and the scorekeeper's playoffs desk. Each draws the
 * snapshot it was rendered with, then follows /live: `selection.updated` and
 * `bracket.updated` for its division (a fresh copy is fetched after a reconnect). The desk
 * posts its commands as JSON and redraws from each answer.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const page = Z.page;
  const division = page.division || null;
  const control = page.kind === 'playoffs-control';
  const nodes = { selection: Z.$('#selection'), bracket: Z.$('#bracket') };
  const state = { selection: page.selection, bracket: page.bracket };
  const message = Z.$('#po-message');

  function draw() {
    if (nodes.selection) {
      Z.renderSelection(nodes.selection, state.selection, control ? { onTeam: invite } : {});
      if (control) drawSelectionControls();
    }
    if (nodes.bracket) Z.renderBracket(nodes.bracket, state.bracket, control ? { onMatch: forfeit } : {});
  }

  function mine(snap) {
    return snap && (snap.division || null) === division;
  }

  function refresh() {
    const q = division ? '?division=' + encodeURIComponent(division) : '';
    if (nodes.selection) Z.fetchJSON('/api/selection' + q).then((r) => r.ok && ((state.selection = r.data), draw()));
    if (nodes.bracket) Z.fetchJSON('/api/bracket' + q).then((r) => r.ok && ((state.bracket = r.data), draw()));
  }

  Z.connectLive({
    snapshot: refresh,
    'selection.updated': (snap) => mine(snap) && ((state.selection = snap), draw()),
    'bracket.updated': (snap) => mine(snap) && ((state.bracket = snap), draw()),
    'display.mode': (d) => control && markDisplay(d),
  });

  setInterval(() => {
    const node = nodes.selection && Z.$('[data-role=timer]', nodes.selection);
    const left = Z.pickSecondsLeft(state.selection);
    if (node && left != null) {
      Z.setText(node, Z.fmtClock(left));
      node.classList.toggle('is-out', left === 0);
    }
  }, 250);

  draw();
  if (!control) return;

  // ---------------------------------------------------------------- the scorekeeper's desk

  function say(text, bad) {
    message.hidden = !text;
    message.classList.toggle('alert-error', !!bad);
    message.classList.toggle('alert-ok', !bad);
    Z.setText(message, text || '');
  }

  function post(url, body, into) {
    return Z.fetchJSON(url, { body: Object.assign({ division }, body) }).then((r) => {
      if (!r.ok) {
        const errors = (r.data.errors || []).map((e) => e[1]).join('; ');
        say(errors || r.data.error || Z.t('po.failed'), true);
        return null;
      }
      say('');
      if (into) {
        state[into] = r.data;
        draw();
      }
      return r.data;
    }, () => say(Z.t('sk.no_answer'), true));
  }

  function invite(team) {
    const snap = state.selection;
    if (!snap || snap.done || snap.pending) return;
    if (!window.confirm(Z.t('po.confirm_invite', { seed: snap.turn, team: team.number }))) return;
    post('/api/selection/action', { kind: 'invite', team: team.number }, 'selection');
  }

  let forfeiting = null; // bracket match key whose forfeit panel is open

  function forfeit(match) {
    forfeiting = match.key;
    Z.setText(Z.$('#po-forfeit-label'), Z.t('po.forfeit_in', { key: match.key }));
    Z.$('#po-forfeit').hidden = false;
  }

  for (const button of document.querySelectorAll('[data-forfeit]')) {
    button.addEventListener('click', () => {
      const side = button.dataset.forfeit;
      Z.$('#po-forfeit').hidden = true;
      if (side && forfeiting) post('/api/playoffs/forfeit', { match: forfeiting, side }, 'bracket');
      forfeiting = null;
    });
  }

  function drawSelectionControls() {
    const snap = state.selection;
    const actions = Z.$('#sel-actions');
    actions.hidden = !(snap && snap.pending);
    if (snap && snap.pending) {
      Z.setText(Z.$('#sel-pending'), Z.t('po.pending', { team: snap.pending.number, seed: snap.turn }));
    }
    Z.$('#sel-undo').disabled = !(snap && snap.can_undo);
    // FLL head-to-head playoffs seed from the rankings: no selection to finish first.
    Z.$('#po-create').hidden = (!Z.page.robot_game && !(snap && snap.done)) || !!(state.bracket && state.bracket.created);
    Z.$('#po-dq').hidden = !(state.bracket && state.bracket.created);
  }

  function numberOrNull(value) {
    return value === '' || value == null ? null : Number(value);
  }

  Z.$('#sel-start').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    if (state.selection && state.selection.started && !window.confirm(Z.t('po.confirm_restart'))) return;
    post('/api/selection/start', {
      alliances: numberOrNull(f.get('alliances')),
      picks: numberOrNull(f.get('picks')),
      backups: numberOrNull(f.get('backups')) || 0,
      pick_seconds: numberOrNull(f.get('pick_seconds')),
      force: f.get('force') === 'on',
    }, 'selection').then((snap) => {
      if (snap) Z.$('#sel-restart').open = false;
    });
  });

  for (const button of document.querySelectorAll('[data-answer]')) {
    button.addEventListener('click', () => post('/api/selection/action', { kind: button.dataset.answer }, 'selection'));
  }
  Z.$('#sel-undo').addEventListener('click', () => post('/api/selection/undo', {}, 'selection'));

  Z.$('#po-create').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    post('/api/playoffs/create', {
      kind: f.get('kind'), final: f.get('final'), best_of: Number(f.get('best_of')),
      third_place: f.get('third_place') === 'on',
      top_teams: f.get('top_teams') ? Number(f.get('top_teams')) : null,
    }, 'bracket').then(draw);
  });

  Z.$('#po-dq').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    if (!window.confirm(Z.t('po.confirm_dq', { seed: f.get('seed') }))) return;
    post('/api/playoffs/disqualify', { seed: Number(f.get('seed')), note: f.get('note') || '' }, 'bracket');
  });

  function markDisplay(d) {
    for (const b of document.querySelectorAll('[data-display]')) {
      b.classList.toggle('btn-primary', !!d && b.dataset.display === d.mode);
    }
  }
  for (const b of document.querySelectorAll('[data-display]')) {
    b.addEventListener('click', () => post('/api/display', { mode: b.dataset.display }).then((d) => d && markDisplay(d)));
  }
  markDisplay(page.display);
})();
