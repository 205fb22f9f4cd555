/*
 * Field display for the field crew: a huge timer, the field's state with what the crew should
 * do, the teams, the next match on this field, and a big banner while an e-stop of the field
 * is pressed (field.estop). Reads page.field; sound cues as on the audience display.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const FIELD = String(Z.page.field);

  const view = {
    root: Z.$('#fd'),
    label: Z.$('#fd-label'),
    state: Z.$('#fd-state'),
    clock: Z.$('#fd-clock'),
    phase: Z.$('#fd-phase'),
    red: Z.$('#fd-red'),
    blue: Z.$('#fd-blue'),
    next: Z.$('#fd-next'),
  };

  const live = new Z.LiveState();
  const cues = new Z.CuePlayer();
  const estops = new Z.EStops(FIELD, Z.$('#estop-banner'));
  let shownMatch;

  function render() {
    const fs = live.field(FIELD) || { state: 'idle', match: null };
    const match = fs.match;
    view.root.dataset.state = fs.state;
    Z.setText(view.state, Z.stateLabel(fs.state));
    const hint = Z.t('fd.hint.' + fs.state);
    Z.setText(view.phase, hint === 'fd.hint.' + fs.state ? '' : hint);
    if (shownMatch !== (match && match.id)) {
      shownMatch = match && match.id;
      Z.setText(view.label, match ? match.label : '');
      for (const alliance of ['red', 'blue']) {
        Z.fill(view[alliance], Z.slots(match, alliance).map((s) => Z.el('li' + (s.disqualified ? '.is-dq' : ''), null, Z.slotText(s))));
      }
    }
    renderNext(match);
  }

  function renderNext(current) {
    const next = live.upcoming.find((m) => String(m.field) === FIELD && (!current || m.id !== current.id));
    Z.setText(view.next, next ? Z.t('fd.next', { label: next.label, time: Z.fmtTime(next.scheduled_at) }) : '');
  }

  function tick(now) {
    const fs = live.field(FIELD);
    const reading = live.clock(FIELD).read(now);
    cues.update(reading, fs && fs.match ? fs.match.id : null, now);
    Z.setText(view.clock, Z.fmtClock(reading.remaining));
    view.clock.dataset.phase = reading.phase;
    view.clock.classList.toggle('is-final-seconds', reading.running && reading.remaining <= 10 && (reading.period === 'teleop' || reading.period === 'match'));
    if (reading.running) {
      Z.setText(view.state, Z.phaseLabel(reading.phase));
      view.root.dataset.state = reading.phase;
    }
  }

  live.on('fields', render).on('upcoming', render).connect();
  // A live event only: a display that starts while a station is pressed shows it at the next
  // press or release.
  live.channel.on('field.estop', (p) => estops.update(p));
  render();
  Z.everyFrame(tick);
  Z.sound.gate();
  Z.keepAwake();
})();
