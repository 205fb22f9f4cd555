/*
 * Head referee tablet: both alliances' sheets as the referees send them (from the /control
 * snapshot and sheet.updated), fouls editable for either alliance (sent with sheet.submit
 * through Zharys.SheetSync, so they are never lost either), DQ toggles, connected tablets,
 * and the Hold for review / Commit commands. Reads page.field and page.season.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const FIELD = Z.page.field;
  const season = Z.page.season || { fields: [], periods: [], parts: [] };
  const ALLIANCES = ['red', 'blue'];
  const ALLOWED = { review: ['ended'], commit: ['ended', 'review'] };

  const view = {
    label: Z.$('#hr-label'),
    state: Z.$('#hr-state'),
    phase: Z.$('#hr-phase'),
    clock: Z.$('#hr-clock'),
    waiting: Z.$('#hr-waiting'),
    columns: Z.$('#hr-columns'),
    tablets: Z.$('#hr-tablets'),
    buttons: Z.$$('[data-command]'),
    col: {},
  };

  const model = { current: null, records: { red: null, blue: null }, server: {}, tablets: [], busy: false };
  const clock = new Z.MatchClock();
  const estops = new Z.EStops(FIELD, Z.$('#estop-banner'));
  const forms = {};

  // Fouls are the inputs credited to the opponent; only those are changed here.
  const isFoul = (field) => field.credit === 'opponent';

  for (const alliance of ALLIANCES) {
    const root = Z.$('#hr-' + alliance);
    const part = (role) => Z.$('[data-role=' + role + ']', root);
    view.col[alliance] = {
      total: part('total'), parts: part('parts'), teams: part('teams'), status: part('status'),
      sync: part('sync'), errors: part('errors'),
    };
    forms[alliance] = new Z.SheetForm(part('sheet'), season, {
      editable: isFoul,
      onEdit: (fieldId, value) => editFoul(alliance, fieldId, value),
      robotLabel: (robot) => robotLabel(alliance, robot),
      opponentName: Z.t('alliance.' + (alliance === 'red' ? 'blue' : 'red')),
      editableFirst: true,
    });
  }

  function match() {
    return model.current && model.current.match;
  }

  function robotLabel(alliance, robot) {
    const slots = Z.slots(match(), alliance);
    const slot = slots.find((s) => Number(s.station) === Number(robot)) || slots[robot - 1];
    const base = Z.t('sheet.robot', { n: robot });
    return slot ? base + ' · ' + slot.number : base;
  }

  // ---------------------------------------------------------------- sheets

  function editFoul(alliance, fieldId, value) {
    const rec = model.records[alliance];
    if (!rec) return;
    sync.edit(rec, fieldId, value);
    renderScores();
  }

  /** Take a server sheet ({data, revision, breakdown, by} or null) for the match on the field. */
  function adopt(alliance, sheet, fromSnapshot) {
    const m = match();
    if (!m) return;
    model.server[alliance] = sheet || null;
    model.records[alliance] = sync.adopt(m.id, alliance, sheet, Z.sheets.defaults(season), { snapshot: !!fromSnapshot });
    forms[alliance].setValues(model.records[alliance].data);
    showErrors(alliance);
  }

  function onSheetChange(rec) {
    if (rec && match() && rec.match_id === match().id && model.records[rec.alliance]) {
      model.records[rec.alliance] = rec;
      forms[rec.alliance].setValues(rec.data);
      showErrors(rec.alliance);
    }
    renderScores();
  }

  function showErrors(alliance) {
    const rec = model.records[alliance];
    const general = forms[alliance].setErrors(rec ? rec.errors : []);
    Z.fill(view.col[alliance].errors, general.map((t) => Z.el('p.alert.alert-error', null, t)));
  }

  // ---------------------------------------------------------------- rendering

  function renderMatch() {
    const m = match();
    const state = (model.current && model.current.state) || 'idle';
    view.waiting.hidden = !!m;
    view.columns.hidden = !m;
    Z.setText(view.label, m ? m.label : '—');
    Z.setText(view.state, Z.stateLabel(state));
    view.state.dataset.state = state;
    for (const alliance of ALLIANCES) {
      forms[alliance].setRobotLabels();
      renderTeams(alliance);
    }
    renderButtons();
    renderScores();
  }

  function renderTeams(alliance) {
    const m = match();
    Z.fill(
      view.col[alliance].teams,
      Z.slots(m, alliance).map((slot) => {
        const button = Z.el('button.dq-toggle' + (slot.disqualified ? '.is-on' : ''),
          { type: 'button', 'aria-pressed': slot.disqualified ? 'true' : 'false', onclick: () => toggleDq(slot) },
          slot.disqualified ? Z.t('dq.remove') : Z.t('dq.give'));
        button.disabled = model.busy;
        return Z.el('li.dq-item' + (slot.disqualified ? '.is-dq' : ''), null,
          Z.el('span.slot-big', null, Z.slotText(slot)), button);
      }),
    );
  }

  function renderButtons() {
    const state = (model.current && model.current.state) || 'idle';
    for (const button of view.buttons) {
      button.disabled = model.busy || !ALLOWED[button.dataset.command].includes(state);
    }
  }

  function renderScores() {
    const data = {};
    for (const alliance of ALLIANCES) {
      data[alliance] = model.records[alliance] ? model.records[alliance].data : Z.sheets.defaults(season);
    }
    // Scored here from both sheets, so a foul change shows in the other total at once.
    const score = Z.sheets.matchScore(season, data.red, data.blue);
    for (const alliance of ALLIANCES) {
      const col = view.col[alliance];
      const s = score[alliance];
      Z.setText(col.total, String(s.total));
      Z.fill(col.parts, (season.parts || []).map((p) =>
        Z.el('div', null, Z.el('dt', null, Z.title(p.title)), Z.el('dd', null, String(s.parts[p.id] || 0)))));
      const server = model.server[alliance];
      Z.setText(col.status, server
        ? [Z.t('sk.revision', { n: server.revision || 0 }), server.by].filter(Boolean).join(' · ')
        : Z.t('sk.no_sheet'));
      const rec = model.records[alliance];
      const pending = rec ? sync.pendingFor(rec.match_id, alliance).length : 0;
      const rejected = rec && rec.errors && rec.errors.length;
      Z.setText(col.sync, pending ? Z.t('sync.pending', { n: pending }) : rejected ? Z.t('sync.rejected') : '');
      col.sync.dataset.state = pending ? 'pending' : rejected ? 'error' : 'ok';
    }
  }

  function renderTablets() {
    const here = model.tablets.filter((t) => t.field == null || String(t.field) === String(FIELD));
    Z.fill(
      view.tablets,
      here.length
        ? here.map((t) => Z.el('li.tablet-item' + (t.alliance ? '.alliance-' + t.alliance : ''), null,
            Z.el('span.tablet-role', null, roleLabel(t.role) + (t.alliance ? ' · ' + Z.t('alliance.' + t.alliance) : '')),
            Z.el('span.tablet-name', null, t.name || '')))
        : Z.el('li.muted', null, Z.t('sk.no_tablets')),
    );
  }

  function roleLabel(role) {
    const key = 'role.' + (role === 'headref' ? 'head_referee' : role);
    const text = Z.t(key);
    return text === key ? role : text;
  }

  function tick(now) {
    const reading = clock.read(now);
    Z.showClock(view.clock, view.phase, reading);
  }

  // ---------------------------------------------------------------- commands

  function send(body, done) {
    model.busy = true;
    renderButtons();
    ch.emit('match.command', Object.assign({ field: FIELD }, body), 10000)
      .then((ack) => {
        if (ack && ack.ok) {
          if (done) done();
        } else {
          Z.notify(Z.t('command.' + body.command) + ': ' + ((ack && ack.error) || Z.t('sk.refused')), 'error');
        }
      })
      .catch(() => Z.notify(Z.t('command.' + body.command) + ': ' + Z.t('sk.no_answer'), 'error'))
      .finally(() => {
        model.busy = false;
        renderMatch();
      });
  }

  function toggleDq(slot) {
    const next = !slot.disqualified;
    const question = next ? 'dq.confirm_give' : 'dq.confirm_remove';
    if (!window.confirm(Z.t(question, { team: slot.number }))) return;
    const m = match();
    send({ command: 'dq', team: slot.number, disqualified: next, match_id: m && m.id }, () => {
      slot.disqualified = next;
    });
  }

  for (const button of view.buttons) {
    button.addEventListener('click', () => {
      const m = match();
      if (button.dataset.command === 'commit') {
        const pending = ALLIANCES.some((a) => model.records[a] && sync.pendingFor(model.records[a].match_id, a).length);
        if (pending && !window.confirm(Z.t('hr.confirm_commit_pending'))) return;
      }
      send({ command: button.dataset.command, match_id: m && m.id });
    });
  }

  // ---------------------------------------------------------------- messages

  function setCurrent(fs) {
    const before = match() && match().id;
    model.current = fs || { field: FIELD, state: 'idle', match: null };
    clock.setFieldState(model.current);
    const now = match() && match().id;
    if (now !== before) {
      model.records = { red: null, blue: null };
      model.server = {};
      if (now != null) for (const alliance of ALLIANCES) adopt(alliance, null, true);
    }
    renderMatch();
  }

  function takeSheets(all) {
    const mine = all && (all[FIELD] || all[String(FIELD)]);
    const m = match();
    if (!m) return;
    for (const alliance of ALLIANCES) {
      const sheet = mine && mine[alliance];
      if (sheet && (sheet.match_id == null || sheet.match_id === m.id)) adopt(alliance, sheet, true);
    }
    renderScores();
  }

  const ch = Z.connect('/control', {
    snapshot(data) {
      setCurrent(Z.fieldState(data.fields, FIELD));
      takeSheets(data.sheets);
      model.tablets = data.tablets || [];
      renderTablets();
      estops.reset(data.devices && data.devices.estops);
    },
    'match.state'(fs) {
      if (String(fs.field) === String(FIELD)) setCurrent(fs);
    },
    'match.timing'(timing) {
      if (String(timing.field) === String(FIELD)) clock.setTiming(timing);
    },
    'sheet.updated'(update) {
      if (String(update.field) !== String(FIELD)) return;
      const m = match();
      if (!m || update.match_id !== m.id) return;
      adopt(update.alliance, update);
      renderScores();
    },
    // A change to the loaded match itself (a DQ from the scorekeeper's desk or another tablet).
    'match.updated'(data) {
      if (String(data.field) !== String(FIELD) || !model.current || !data.match) return;
      setCurrent(Object.assign({}, model.current, { match: data.match }));
    },
    'tablets.updated'(data) {
      model.tablets = data.tablets || [];
      renderTablets();
    },
    // A station's e-stop on this field (the banner shows while any is pressed).
    'field.estop'(p) {
      estops.update(p);
    },
    'device.status'(panel) {
      if (panel) estops.reset(panel.estops);
    },
  });
  const sync = new Z.SheetSync(ch, { kind: 'headref', onChange: onSheetChange });

  Z.connectLive({});

  setCurrent(null);
  renderTablets();
  Z.everyFrame(tick);
  setInterval(renderScores, 2000);
  Z.keepAwake();
})();
