/*
 * Pit display: rankings that scroll by themselves, the next matches with their times and
 * fields, and a line with what each field is doing now. Everything from /live.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const NEXT_COUNT = 10;

  const view = {
    rankBox: Z.$('#pit-rank-box'),
    rankBody: Z.$('#pit-rank-body'),
    next: Z.$('#pit-next'),
    fields: Z.$('#pit-fields'),
    clock: Z.$('#pit-clock'),
  };

  const live = new Z.LiveState();
  const scroller = new Z.AutoScroller(view.rankBox, 35);

  function renderRankings() {
    if (!live.rankings.length) return;
    Z.fill(view.rankBody, live.rankings.map(Z.rankingRow));
  }

  function renderNext() {
    const list = live.upcoming.slice(0, NEXT_COUNT);
    Z.fill(view.next, list.length
      ? list.map((m) => Z.el('li.next-item', null,
          Z.el('div.next-item-head', null,
            Z.el('span.match-label', null, m.label),
            Z.el('span.next-time', null, Z.fmtTime(m.scheduled_at)),
            m.field != null ? Z.el('span.next-field', null, Z.t('field.n', { n: m.field })) : null),
          Z.el('div.next-item-teams', null,
            Z.el('span.alliance-teams.red', null, Z.slots(m, 'red').map((s) => Z.el('span.slot', null, Z.slotText(s)))),
            Z.el('span.alliance-teams.blue', null, Z.slots(m, 'blue').map((s) => Z.el('span.slot', null, Z.slotText(s)))))))
      : Z.el('li.muted', null, Z.t('pit.no_upcoming')));
  }

  /** "Field 1: Q12 · Tele-op 1:23" for every field, refreshed twice a second. */
  function renderFields() {
    const parts = Array.from(live.fields.values()).sort((a, b) => a.field - b.field).map((fs) => {
      const reading = live.clock(fs.field).read();
      let text = Z.t('field.n', { n: fs.field }) + ': ';
      if (fs.match) text += fs.match.label + ' · ';
      text += reading.running ? Z.phaseLabel(reading.phase) + ' ' + Z.fmtClock(reading.remaining) : Z.stateLabel(fs.state);
      return Z.el('span.pit-field', { dataset: { state: fs.state } }, text);
    });
    Z.fill(view.fields, parts);
    Z.setText(view.clock, new Date().toLocaleTimeString(Z.lang, { hour: '2-digit', minute: '2-digit', hour12: false }));
  }

  live.on('rankings', renderRankings).on('upcoming', renderNext).on('fields', renderFields).connect();
  renderNext();
  renderFields();
  setInterval(renderFields, 500);
  scroller.start();
  Z.keepAwake();
})();
