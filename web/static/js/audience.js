/*
 * Audience display: follows the field with the action (a running match first, else the most
 * recently changed one), shows teams and a locally computed countdown, live scores when the
 * scorekeeper allows them, the result breakdown after a commit, and scrolling rankings in
 * between. Sound cues are played from the local clock. Reads page.fields and ?field=N.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const RESULT_MIN_MS = 15000; // a result stays up at least this long, even if a match loads
  const RESULT_MAX_MS = 60000; // …and at most this long when nothing else happens

  const pinned = new URLSearchParams(window.location.search).get('field');
  const watched = pinned ? [String(pinned)] : (Z.page.fields || []).map(String);

  const view = {
    where: Z.$('#aud-where'),
    screens: {
      match: Z.$('#screen-match'),
      result: Z.$('#screen-result'),
      rankings: Z.$('#screen-rankings'),
      selection: Z.$('#screen-selection'),
      bracket: Z.$('#screen-bracket'),
      welcome: Z.$('#screen-welcome'),
    },
    selection: Z.$('#aud-selection'),
    bracket: Z.$('#aud-bracket'),
    label: Z.$('#aud-label'),
    phase: Z.$('#aud-phase'),
    clock: Z.$('#aud-clock'),
    bar: Z.$('#aud-bar'),
    teams: { red: Z.$('#aud-red'), blue: Z.$('#aud-blue') },
    scores: { red: Z.$('#aud-red-score'), blue: Z.$('#aud-blue-score') },
    result: { label: Z.$('#res-label'), red: Z.$('#res-red'), blue: Z.$('#res-blue'), tie: Z.$('#res-tie') },
    rankBox: Z.$('#aud-rank-box'),
    rankBody: Z.$('#aud-rank-body'),
  };

  const live = new Z.LiveState();
  const cues = new Z.CuePlayer();
  const scroller = new Z.AutoScroller(view.rankBox, 45);
  let screen = 'welcome';
  let focus = null; // field id (string) on screen
  let shownMatchKey = null;

  // ---------------------------------------------------------------- choosing what to show

  function isWatched(field) {
    return !watched.length || watched.includes(String(field));
  }

  function watchedStates() {
    return Array.from(live.fields.values()).filter((fs) => isWatched(fs.field));
  }

  /** The field to follow: the latest-started running match, else the latest change. */
  function chooseFocus() {
    const states = watchedStates();
    const running = states.filter((fs) => Z.isRunning(fs.state));
    const started = (fs) => (fs.timing && fs.timing.started_at_ms) || 0;
    if (running.length) return String(running.sort((a, b) => started(b) - started(a))[0].field);
    const active = states.filter((fs) => fs.state !== 'idle');
    if (active.length) {
      const at = (fs) => live.changedAt.get(String(fs.field)) || 0;
      return String(active.sort((a, b) => at(b) - at(a))[0].field);
    }
    return states.length ? String(states[0].field) : watched[0] || null;
  }

  function chooseScreen() {
    const result = live.lastResult;
    const resultAge = live.resultAt == null ? Infinity : Z.clientNow() - live.resultAt;
    const showResult = result && result.match && isWatched(result.match.field);
    const fs = focus != null ? live.field(focus) : null;
    const state = fs ? fs.state : 'idle';
    const mode = live.display.mode;
    if (mode === 'selection') return 'selection';
    if (showResult && resultAge < RESULT_MIN_MS) return 'result';
    if (Z.isRunning(state)) return 'match';
    if (showResult && resultAge < RESULT_MAX_MS) return 'result';
    if (['loaded', 'ended', 'review', 'aborted'].includes(state)) return 'match';
    if (mode === 'bracket') return 'bracket';
    if (live.rankings.length) return 'rankings';
    return 'welcome';
  }

  function update() {
    focus = chooseFocus();
    const next = chooseScreen();
    if (next !== screen) {
      screen = next;
      for (const [name, node] of Object.entries(view.screens)) node.hidden = name !== screen;
      if (screen === 'rankings') {
        scroller.reset();
        scroller.start();
      } else {
        scroller.halt();
      }
      if (screen === 'result') renderResult();
      if (screen === 'selection' || screen === 'bracket') renderDisplay();
      if (['rankings', 'welcome', 'selection', 'bracket'].includes(screen)) Z.setText(view.where, '');
    }
    if (screen === 'match') renderMatch();
  }

  // ---------------------------------------------------------------- match screen

  function renderMatch() {
    const fs = live.field(focus);
    const match = fs && fs.match;
    const key = match ? match.id + ':' + focus : null;
    Z.setText(view.where, focus != null ? Z.t('field.n', { n: focus }) : '');
    if (key !== shownMatchKey) {
      shownMatchKey = key;
      Z.setText(view.label, match ? match.label : '');
      for (const alliance of ['red', 'blue']) Z.fill(view.teams[alliance], teamItems(match, alliance));
    }
    renderLiveScore(fs);
  }

  function teamItems(match, alliance) {
    return Z.slots(match, alliance).map((s) =>
      Z.el('li' + (s.disqualified ? '.is-dq' : ''), null,
        Z.el('span.team-num', null, Z.slotText(s)),
        Z.el('span.team-name', null, s.name || '')),
    );
  }

  function renderLiveScore(fs) {
    const score = fs && live.live.get(String(fs.field));
    const valid = score && fs.match && score.match_id === fs.match.id;
    for (const alliance of ['red', 'blue']) {
      const node = view.scores[alliance];
      node.hidden = !valid;
      if (valid) Z.setText(node, String(score[alliance].total));
    }
  }

  function tick(now) {
    const clock = focus != null ? live.clock(focus) : null;
    if (!clock) return;
    const reading = clock.read(now);
    const fs = live.field(focus);
    cues.update(reading, fs && fs.match ? fs.match.id : null, now);
    if (screen !== 'match') return;
    Z.setText(view.clock, Z.fmtClock(reading.remaining));
    view.clock.dataset.phase = reading.phase;
    view.clock.classList.toggle('is-final-seconds', reading.running && reading.remaining <= 10 && (reading.period === 'teleop' || reading.period === 'match'));
    Z.setText(view.phase, phaseText(reading, fs));
    const fraction = reading.running && reading.periodSeconds ? reading.remaining / reading.periodSeconds : reading.phase === 'pre' ? 1 : 0;
    view.bar.style.transform = 'scaleX(' + Math.max(0, Math.min(1, fraction)).toFixed(4) + ')';
    view.bar.dataset.phase = reading.phase;
  }

  function phaseText(reading, fs) {
    if (fs && fs.state === 'review') return Z.t('state.review');
    if (reading.phase === 'ended' && fs && fs.state !== 'committed') return Z.t('aud.waiting_scores');
    return Z.phaseLabel(reading.phase);
  }

  // ---------------------------------------------------------------- result screen

  function renderResult() {
    const result = live.lastResult;
    if (!result) return;
    Z.setText(view.result.label, result.match ? result.match.label : '');
    Z.setText(view.where, result.match && result.match.field != null ? Z.t('field.n', { n: result.match.field }) : '');
    view.result.tie.hidden = result.winner !== 'tie';
    for (const alliance of ['red', 'blue']) {
      const panel = view.result[alliance];
      const breakdown = result[alliance] || { total: 0, parts: {} };
      panel.classList.toggle('is-winner', result.winner === alliance);
      Z.fill(Z.$('[data-role=teams]', panel), teamItems(result.match, alliance));
      Z.setText(Z.$('[data-role=total]', panel), String(breakdown.total));
      Z.fill(Z.$('[data-role=parts]', panel), Object.entries(breakdown.parts || {}).map(([id, points]) =>
        Z.el('div', null, Z.el('dt', null, partLabel(id)), Z.el('dd', null, String(points)))));
    }
  }

  function partLabel(id) {
    const text = Z.t('part.' + id);
    return text === 'part.' + id ? id : text;
  }

  // ---------------------------------------------------------------- rankings screen

  function renderRankings() {
    Z.fill(view.rankBody, live.rankings.map(Z.rankingRow));
  }

  // ---------------------------------------------------------------- selection and bracket

  function renderDisplay() {
    const d = live.display;
    if (screen === 'selection') Z.renderSelection(view.selection, d.selection);
    if (screen === 'bracket') Z.renderBracket(view.bracket, d.bracket);
  }

  function tickTimer() {
    if (screen !== 'selection') return;
    const left = Z.pickSecondsLeft(live.display.selection);
    const node = Z.$('[data-role=timer]', view.selection);
    if (node && left != null) {
      Z.setText(node, Z.fmtClock(left));
      node.classList.toggle('is-out', left === 0);
    }
  }

  // ---------------------------------------------------------------- wiring

  live
    .on('fields', update)
    .on('live', () => screen === 'match' && renderMatch())
    .on('final', () => {
      screen = null; // force a redraw of the result even if one is already up
      update();
    })
    .on('rankings', () => {
      renderRankings();
      update();
    })
    .on('display', () => {
      update();
      renderDisplay();
    })
    .connect();

  for (const [name, node] of Object.entries(view.screens)) node.hidden = name !== screen;
  update();
  setInterval(update, 500);
  setInterval(tickTimer, 250);
  Z.everyFrame(tick);
  Z.sound.gate();
  Z.keepAwake();
})();
