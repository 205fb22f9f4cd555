/*
 * Referee tablet: one alliance's score sheet for the match loaded on one field. Reads
 * page.field, page.alliance and page.season. Sheets go through Zharys.SheetSync (saved locally,
 * resent until acknowledged); the match clock comes from /live.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const FIELD = Z.page.field;
  const ALLIANCE = Z.page.alliance;
  const OPPONENT = ALLIANCE === 'red' ? 'blue' : 'red';
  const season = Z.page.season || { fields: [], periods: [], parts: [] };
  // Team games (FLL): one table, one team; the team agrees to the sheet before it is final,
  // and a final sheet stays closed until the head referee reopens it.
  const TEAM_GAME = season.game === 'team';

  const view = {
    label: Z.$('#ref-label'),
    teams: Z.$('#ref-teams'),
    phase: Z.$('#ref-phase'),
    clock: Z.$('#ref-clock'),
    total: Z.$('#ref-total'),
    parts: Z.$('#ref-parts'),
    sync: Z.$('#ref-sync'),
    periods: Z.$('#ref-periods'),
    waiting: Z.$('#ref-waiting'),
    sheet: Z.$('#ref-sheet'),
    foot: Z.$('#ref-foot'),
    errors: Z.$('#ref-errors'),
    final: Z.$('#ref-final'),
    agree: Z.$('#ref-agree'),
    agreeText: Z.$('#ref-agree-text'),
    initials: Z.$('#ref-initials'),
    agreeBtn: Z.$('#ref-agree-btn'),
  };

  let match = null; // MatchInfo being scored
  let record = null; // SheetSync record of (match, ALLIANCE)
  const clock = new Z.MatchClock();

  const form = new Z.SheetForm(view.sheet, season, {
    onEdit(fieldId, value) {
      if (!record) return;
      sync.edit(record, fieldId, value);
      renderTotals();
    },
    robotLabel: robotLabel,
    opponentName: Z.t('alliance.' + OPPONENT),
  });

  /** "Robot 1 · 12345": robot n is the team at station n of this alliance. */
  function robotLabel(robot) {
    const slots = Z.slots(match, ALLIANCE);
    const slot = slots.find((s) => Number(s.station) === Number(robot)) || slots[robot - 1];
    const base = Z.t('sheet.robot', { n: robot });
    return slot ? base + ' · ' + slot.number : base;
  }

  // ---------------------------------------------------------------- period tabs

  // Jump links to each period; the one matching the running phase is highlighted.
  const tabs = form.sections.map((s) => {
    const tab = Z.el('a.period-tab', { href: '#period-' + s.id, dataset: { period: s.id } }, s.title);
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      s.node.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
    view.periods.appendChild(tab);
    return tab;
  });

  function highlightPeriod(phase) {
    const period = phase === 'endgame' || phase === 'transition' ? (phase === 'endgame' ? 'teleop' : 'auto') : phase;
    for (const tab of tabs) tab.classList.toggle('is-now', tab.dataset.period === period);
  }

  // ---------------------------------------------------------------- rendering

  function renderMatch() {
    const has = !!match;
    view.waiting.hidden = has;
    view.sheet.hidden = !has;
    view.foot.hidden = !has;
    Z.setText(view.label, has ? match.label : '—');
    Z.fill(view.teams, Z.slots(match, ALLIANCE).map((s) => Z.el('span.slot' + (s.disqualified ? '.is-dq' : ''), null, Z.slotText(s))));
    form.setRobotLabels();
    if (has && record) {
      form.setValues(record.data);
      showErrors();
    }
    renderTotals();
    renderSync();
  }

  /** The team agreement step and whether the sheet can be changed or submitted now. */
  function renderAgreement() {
    if (!TEAM_GAME || !view.agree) return;
    const final = !!(record && record.final);
    const broken = record ? Z.sheets.violations(season, record.data).length > 0 : false;
    const agreed = record && record.agreed;
    form.setDisabled(final);
    view.initials.disabled = final || !!agreed;
    view.agreeBtn.disabled = final || broken || !record;
    view.agreeBtn.textContent = agreed ? Z.t('agree.change') : Z.t('agree.button');
    view.agree.classList.toggle('is-agreed', !!agreed);
    let text;
    if (final) text = Z.t('agree.final', { initials: agreed || '—' });
    else if (broken) text = Z.t('agree.fix_first');
    else if (agreed) text = Z.t('agree.done', { initials: agreed });
    else text = Z.t('agree.ask');
    Z.setText(view.agreeText, text);
    if (agreed && view.initials.value !== agreed) view.initials.value = agreed;
    if (!agreed && final) view.initials.value = '';
    view.final.disabled = final || !agreed || broken;
  }

  function renderTotals() {
    const data = record ? record.data : Z.sheets.defaults(season);
    const score = Z.sheets.localScore(season, data);
    Z.setText(view.total, String(score.total));
    if (TEAM_GAME) {
      // Points per mission are on the mission cards; the header keeps the total.
      Z.fill(view.parts, []);
      renderAgreement();
      return;
    }
    const parts = (season.parts || [])
      .filter((p) => (season.fields || []).some((f) => f.part === p.id && f.credit !== 'opponent'))
      .map((p) => Z.el('div', null, Z.el('dt', null, Z.title(p.title)), Z.el('dd', null, String(score.parts[p.id] || 0))));
    if (score.toOpponent) {
      parts.push(Z.el('div.to-opponent', null, Z.el('dt', null, Z.t('sheet.fouls_to', { alliance: Z.t('alliance.' + OPPONENT) })), Z.el('dd', null, '+' + score.toOpponent)));
    }
    Z.fill(view.parts, parts);
  }

  function renderSync() {
    const pending = sync.pendingCount();
    const mine = record ? sync.pendingFor(record.match_id, ALLIANCE).length : 0;
    const errors = record && record.errors && record.errors.length;
    let text;
    let state;
    if (errors && !mine) {
      text = Z.t('sync.rejected');
      state = 'error';
    } else if (pending) {
      text = Z.t('sync.pending', { n: pending });
      state = 'pending';
    } else if (record && record.final) {
      text = Z.t('sync.final');
      state = 'ok';
    } else {
      text = Z.t('sync.saved');
      state = 'ok';
    }
    if (!refCh.connected && pending) text += ' · ' + Z.t('sync.offline');
    Z.setText(view.sync, text);
    view.sync.dataset.state = state;
    if (TEAM_GAME) {
      view.final.textContent = record && record.final ? Z.t('agree.submitted') : Z.t('sheet.submit_final');
    } else {
      view.final.textContent = record && record.final ? Z.t('sheet.final_again') : Z.t('sheet.submit_final');
    }
    view.final.classList.toggle('is-final', !!(record && record.final));
    renderAgreement();
  }

  function showErrors() {
    const general = form.setErrors(record ? record.errors : []);
    Z.fill(view.errors, general.map((text) => Z.el('p.alert.alert-error', null, text)));
  }

  function tick(now) {
    const reading = clock.read(now);
    Z.showClock(view.clock, view.phase, reading);
    highlightPeriod(reading.phase);
  }

  // ---------------------------------------------------------------- match and sheet

  /**
   * snapshot / referee.match: {field, match, state, timing, sheets: {red, blue}} as the server
   * sends it (docs/API.md names a single `sheet`; both forms are read).
   */
  function loadMatch(data) {
    if (!data) return;
    if (data.field != null && String(data.field) !== String(FIELD)) return;
    match = data.match || null;
    if (typeof data.state === 'string') {
      clock.setFieldState({ field: FIELD, state: data.state, match, timing: data.timing || null });
    }
    const sheet = data.sheet !== undefined ? data.sheet : (data.sheets && data.sheets[ALLIANCE]) || null;
    record = match ? sync.adopt(match.id, ALLIANCE, sheet, Z.sheets.defaults(season), { snapshot: true }) : null;
    renderMatch();
  }

  /** match.state reaches this tablet on /referee and /live alike; both feed the clock. */
  function onFieldState(fs) {
    if (fs && String(fs.field) === String(FIELD)) clock.setFieldState(fs);
  }

  function onSheetChange(changed) {
    // Only the sheet on screen redraws; acks for earlier matches just update the counter.
    if (changed && record && changed.match_id === record.match_id && changed.alliance === ALLIANCE) {
      record = changed;
      if (TEAM_GAME && record.final && record.errors && record.errors.length && !sync.pendingFor(record.match_id, ALLIANCE).length) {
        // The server refused the final sheet: it is still a draft here, open to fix.
        record.final = false;
        record.agreed = null;
        sync.save(record);
        form.setValues(record.data);
      }
      showErrors();
      renderTotals();
    }
    renderSync();
  }

  if (TEAM_GAME && view.agreeBtn) {
    view.agreeBtn.addEventListener('click', () => {
      if (!record || record.final) return;
      if (record.agreed) {
        // "Change": the team takes its agreement back to correct something with the referee.
        record.agreed = null;
        sync.save(record);
        renderAgreement();
        view.initials.focus();
        return;
      }
      const initials = (view.initials.value || '').replace(/[.\s]/g, '').toUpperCase();
      if (!/^[\p{L}]{1,4}$/u.test(initials)) {
        Z.setText(view.agreeText, Z.t('agree.initials_needed'));
        view.agree.classList.add('is-error');
        view.initials.focus();
        return;
      }
      view.agree.classList.remove('is-error');
      record.agreed = initials;
      sync.save(record);
      renderAgreement();
    });
  }

  view.final.addEventListener('click', () => {
    if (!record) return;
    if (TEAM_GAME && (!record.agreed || record.final)) return;
    const total = Z.sheets.localScore(season, record.data).total;
    if (!window.confirm(Z.t('sheet.confirm_final', { label: match ? match.label : '', total }))) return;
    sync.submitFinal(record);
    renderSync();
  });

  // ---------------------------------------------------------------- connections

  /**
   * sheet.updated for this tablet's sheet (e.g. the head referee changed a foul): take it in
   * the same way as a snapshot, keeping this tablet's unsent edits on top. docs/API.md lists
   * the event on /control only; handling it here costs nothing if /referee never sends it.
   */
  function onSheetUpdated(update) {
    if (!match || !update || update.match_id !== match.id || update.alliance !== ALLIANCE) return;
    record = sync.adopt(match.id, ALLIANCE, update, Z.sheets.defaults(season));
    form.setValues(record.data);
    showErrors();
    renderTotals();
    renderSync();
  }

  const refCh = Z.connect('/referee', {
    snapshot: loadMatch,
    'referee.match': loadMatch,
    'sheet.updated': onSheetUpdated,
    'match.state': onFieldState,
    connect: renderSync,
    disconnect: renderSync,
  }, { auth: { field: FIELD, alliance: ALLIANCE } });
  const sync = new Z.SheetSync(refCh, { kind: 'referee', onChange: onSheetChange });

  Z.connectLive({
    snapshot(data) {
      clock.setFieldState(Z.fieldState(data.fields, FIELD));
    },
    'match.state': onFieldState,
    'match.timing'(timing) {
      if (String(timing.field) === String(FIELD)) clock.setTiming(timing);
    },
  });

  // The period tabs stick just below the top bar, whose height depends on the match shown.
  const bar = Z.$('#ref-bar');
  if (bar && window.ResizeObserver) {
    new ResizeObserver(() => document.documentElement.style.setProperty('--ref-bar-height', bar.offsetHeight + 'px')).observe(bar);
  }

  renderMatch();
  Z.everyFrame(tick);
  setInterval(renderSync, 2000);
  Z.keepAwake();
})();
