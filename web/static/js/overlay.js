/*
 * Video overlay lower third for one field: teams, timer and scores over a chroma-key green
 * background. Live scores show only when the scorekeeper allows them (the server sends
 * score.live only then); after a commit the final scores stay until the next match loads.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const FIELD = String(Z.page.field);

  const view = {
    root: Z.$('#lt'),
    label: Z.$('#lt-label'),
    clock: Z.$('#lt-clock'),
    phase: Z.$('#lt-phase'),
    teams: { red: Z.$('#lt-red'), blue: Z.$('#lt-blue') },
    scores: { red: Z.$('#lt-red-score'), blue: Z.$('#lt-blue-score') },
  };

  const live = new Z.LiveState();
  let shownMatch;

  /** The scores to show for the field's match: the final result, else the live score. */
  function scoresFor(match) {
    if (!match) return null;
    const result = live.lastResult;
    if (result && result.match && result.match.id === match.id) {
      return { red: result.red.total, blue: result.blue.total, winner: result.winner };
    }
    const score = live.live.get(FIELD);
    if (score && score.match_id === match.id) return { red: score.red.total, blue: score.blue.total, winner: null };
    return null;
  }

  function render() {
    const fs = live.field(FIELD);
    const match = fs && fs.match;
    view.root.hidden = !match || fs.state === 'idle';
    if (!match) return;
    if (shownMatch !== match.id) {
      shownMatch = match.id;
      Z.setText(view.label, match.label);
      for (const alliance of ['red', 'blue']) {
        Z.fill(view.teams[alliance], Z.slots(match, alliance).map((s) => Z.el('li', null, Z.slotText(s))));
      }
    }
    const scores = scoresFor(match);
    for (const alliance of ['red', 'blue']) {
      const node = view.scores[alliance];
      node.hidden = !scores;
      Z.setText(node, scores ? String(scores[alliance]) : '');
      node.classList.toggle('is-winner', !!scores && scores.winner === alliance);
    }
  }

  function tick(now) {
    const reading = live.clock(FIELD).read(now);
    Z.setText(view.clock, Z.fmtClock(reading.remaining));
    const fs = live.field(FIELD);
    const final = fs && fs.state === 'committed';
    Z.setText(view.phase, final ? Z.t('state.committed') : Z.phaseLabel(reading.phase));
    view.clock.dataset.phase = reading.phase;
  }

  live.on('fields', render).on('live', render).on('final', render).connect();
  render();
  Z.everyFrame(tick);
})();
