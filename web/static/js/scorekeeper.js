/*
 * Scorekeeper console for one field: match state and clock, the match commands (enabled by
 * state), the live-score switch, both alliances' running totals, upcoming matches and the
 * connected tablets, the device panel (serial devices, their fields, the field's readiness)
 * and the e-stop banner. Reads page.field; talks to /control; /live keeps the clock in sync.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const FIELD = Z.page.field;

  // Which commands the field's state allows (mirrors tournament/controller.py).
  const ALLOWED = {
    load: ['idle', 'loaded', 'committed', 'aborted'],
    start: ['loaded'],
    abort: Z.RUNNING,
    pause: Z.RUNNING,
    resume: Z.RUNNING,
    review: ['ended'],
    commit: ['ended', 'review'],
    replay: ['committed', 'aborted'],
  };

  const view = {
    state: Z.$('#sk-state'),
    phase: Z.$('#sk-phase'),
    clock: Z.$('#sk-clock'),
    label: Z.$('#sk-label'),
    red: Z.$('#sk-red'),
    blue: Z.$('#sk-blue'),
    liveScore: Z.$('#sk-live-score'),
    upcoming: Z.$('#sk-upcoming'),
    tablets: Z.$('#sk-tablets'),
    expected: Z.$('#sk-expected'),
    log: Z.$('#sk-log'),
    others: Z.$('#sk-others'),
    scores: { red: Z.$('#sk-score-red'), blue: Z.$('#sk-score-blue') },
    buttons: Z.$$('[data-command]'),
    ready: Z.$('#sk-ready'),
    deviceHint: Z.$('#sk-devices-hint'),
    deviceTable: Z.$('#sk-device-table'),
    deviceRows: Z.$('#sk-device-rows'),
  };

  const model = {
    fields: [],
    current: null, // this field's FieldState
    sheets: { red: null, blue: null },
    live: null, // LiveScore of this field's match
    tablets: [],
    upcoming: [],
    showLive: false,
    busy: false,
  };

  const clock = new Z.MatchClock();
  const estops = new Z.EStops(FIELD, Z.$('#estop-banner'));

  // ---------------------------------------------------------------- rendering

  function renderField() {
    const fs = model.current || { state: 'idle', match: null };
    const state = fs.state || 'idle';
    const held = Boolean(fs.paused) && Z.isRunning(state);
    Z.setText(view.state, held ? Z.t('sk.paused', { state: Z.stateLabel(state) })
      : Z.stateLabel(state));
    view.state.dataset.state = held ? 'paused' : state;
    const match = fs.match;
    Z.setText(view.label, match ? match.label : Z.t('sk.no_match'));
    Z.fill(view.red, teamChips(match, 'red'));
    Z.fill(view.blue, teamChips(match, 'blue'));
    renderButtons();
    renderOthers();
  }

  function teamChips(match, alliance) {
    return Z.slots(match, alliance).map((s) =>
      Z.el('span.slot' + (s.disqualified ? '.is-dq' : ''), null, Z.slotText(s)),
    );
  }

  function currentState() {
    return (model.current && model.current.state) || 'idle';
  }

  function allowed(command) {
    const paused = Boolean(model.current && model.current.paused);
    if ((command === 'pause' && paused) || (command === 'resume' && !paused)) return false;
    return !model.busy && ALLOWED[command].includes(currentState());
  }

  function renderButtons() {
    for (const button of view.buttons) button.disabled = !allowed(button.dataset.command);
    for (const button of Z.$$('button[data-load]', view.upcoming)) button.disabled = !allowed('load');
  }

  function renderScores() {
    for (const alliance of ['red', 'blue']) {
      const box = view.scores[alliance];
      const sheet = model.sheets[alliance];
      // score.live is scored from both sheets (fouls credited to the other side), a sheet's
      // own breakdown is not: prefer the live score of the match on the field.
      const matchId = model.current && model.current.match && model.current.match.id;
      const live = model.live && model.live.match_id === matchId ? model.live[alliance] : null;
      const breakdown = live || (sheet && sheet.breakdown) || null;
      Z.setText(Z.$('[data-role=total]', box), breakdown ? String(breakdown.total) : '—');
      const parts = Z.$('[data-role=parts]', box);
      Z.fill(
        parts,
        breakdown
          ? Object.entries(breakdown.parts || {}).map(([id, points]) =>
              Z.el('div', null, Z.el('dt', null, partLabel(id)), Z.el('dd', null, String(points))),
            )
          : [],
      );
      Z.setText(Z.$('[data-role=status]', box), sheetStatus(sheet));
    }
  }

  function partLabel(id) {
    const fromSeason = (Z.page.parts || {})[id];
    if (fromSeason) return fromSeason;
    const text = Z.t('part.' + id);
    return text === 'part.' + id ? id : text;
  }

  function sheetStatus(sheet) {
    if (!sheet) return Z.t('sk.no_sheet');
    const bits = [Z.t('sk.revision', { n: sheet.revision || 0 })];
    if (sheet.by) bits.push(sheet.by);
    if (sheet.final || sheet.submitted) bits.push(Z.t('sk.final'));
    return bits.join(' · ');
  }

  function renderUpcoming() {
    const onField = model.current && model.current.match && model.current.match.id;
    const waiting = model.upcoming.filter((m) => m.id !== onField);
    const here = waiting.filter((m) => m.field == null || String(m.field) === String(FIELD));
    const list = here.length ? here : waiting;
    Z.fill(
      view.upcoming,
      list.length
        ? list.slice(0, 12).map((m) =>
            Z.el(
              'li.upcoming-item',
              null,
              Z.el('span.match-label', null, m.label),
              Z.el('span.muted', null, Z.fmtTime(m.scheduled_at)),
              Z.el('span.alliance-teams.red', null, teamChips(m, 'red')),
              Z.el('span.alliance-teams.blue', null, teamChips(m, 'blue')),
              Z.el('button.btn.btn-small', { type: 'button', dataset: { load: m.id }, onclick: () => command('load', { match_id: m.id }) }, Z.t('sk.load')),
            ),
          )
        : Z.el('li.muted', null, Z.t('sk.no_upcoming')),
    );
    renderButtons();
  }

  function renderTablets() {
    const here = model.tablets.filter((t) => t.field == null || String(t.field) === String(FIELD));
    // The three places a match needs filled: who is missing shows at a glance.
    // FLL: a field is a pair of tables, red the odd one and blue the even one.
    const side = (alliance) => (Z.page.robot_game
      ? Z.t('sk.table', { n: 2 * Number(FIELD) - (alliance === 'red' ? 1 : 0) })
      : alliance === 'red' ? Z.t('sk.tablet_red') : Z.t('sk.tablet_blue'));
    const expected = [
      { label: side('red'), cls: 'red', test: (t) => isReferee(t) && t.alliance === 'red' },
      { label: side('blue'), cls: 'blue', test: (t) => isReferee(t) && t.alliance === 'blue' },
      { label: Z.t('role.head_referee'), cls: 'head', test: isHeadRef },
    ];
    Z.fill(
      view.expected,
      expected.map((e) => {
        const ok = here.some(e.test);
        return Z.el('li.expect.' + e.cls + (ok ? '.is-ok' : '.is-missing'), { title: ok ? Z.t('sk.connected') : Z.t('sk.missing') },
          Z.el('span.expect-mark', { 'aria-hidden': 'true' }, ok ? '✓' : '✗'), e.label);
      }),
    );
    Z.fill(
      view.tablets,
      model.tablets.length
        ? model.tablets.map((t) =>
            Z.el(
              'li.tablet-item' + (t.alliance ? '.alliance-' + t.alliance : ''),
              null,
              Z.el('span.tablet-role', null, roleLabel(t.role) + (t.alliance ? ' · ' + Z.t('alliance.' + t.alliance) : '')),
              Z.el('span.tablet-name', null, t.name || ''),
              Z.el('span.muted', null, [t.field != null ? Z.t('field.n', { n: t.field }) : '', sinceText(t.connected_at_ms)].filter(Boolean).join(' · ')),
            ),
          )
        : Z.el('li.muted', null, Z.t('sk.no_tablets')),
    );
  }

  function isReferee(t) {
    return t.role === 'referee';
  }

  function isHeadRef(t) {
    return /head/.test(t.role || '');
  }

  function roleLabel(role) {
    const key = 'role.' + (role === 'headref' ? 'head_referee' : role);
    const text = Z.t(key);
    return text === key ? role : text;
  }

  function sinceText(ms) {
    if (!ms) return '';
    const minutes = Math.max(0, Math.round((Z.serverNow() - ms) / 60000));
    return Z.t('sk.since', { n: minutes });
  }

  function renderOthers() {
    const others = model.fields.filter((f) => String(f.field) !== String(FIELD));
    Z.fill(
      view.others,
      others.map((f) =>
        Z.el('span.other-field', { dataset: { state: f.state } },
          Z.t('field.n', { n: f.field }) + ': ' + (f.match ? f.match.label + ' · ' : '') + Z.stateLabel(f.state)),
      ),
    );
  }

  function log(text, kind) {
    const time = new Date().toLocaleTimeString(Z.lang, { hour12: false });
    view.log.prepend(Z.el('li.log-' + (kind || 'info'), null, Z.el('time', null, time), ' ', text));
    while (view.log.children.length > 40) view.log.lastChild.remove();
    if (kind === 'error') Z.notify(text, 'error');
  }

  function tick(now) {
    const reading = clock.read(now);
    Z.showClock(view.clock, view.phase, reading);
  }

  // ---------------------------------------------------------------- devices

  // The device panel ({devices, owns_ports, ready, estops}); `at` is when it arrived, so the
  // heartbeat age keeps counting between updates.
  const devices = { panel: { devices: [], owns_ports: false, ready: {}, estops: [] }, at: 0, rows: new Map() };

  function setPanel(panel) {
    devices.panel = Object.assign({ devices: [], owns_ports: false, ready: {}, estops: [] }, panel || {});
    devices.at = Z.clientNow();
    estops.reset(devices.panel.estops);
    renderDevices();
  }

  function fieldReady() {
    const ready = devices.panel.ready || {};
    return !!(ready[FIELD] ?? ready[String(FIELD)]);
  }

  function renderDevices() {
    const list = devices.panel.devices || [];
    view.deviceHint.hidden = list.length > 0 || devices.panel.owns_ports;
    view.deviceTable.hidden = list.length === 0;
    const ready = fieldReady();
    view.ready.classList.toggle('is-ready', ready);
    view.ready.setAttribute('aria-pressed', ready ? 'true' : 'false');
    Z.setText(view.ready, Z.t('dev.field_ready') + (ready ? ' ✓' : ''));
    view.ready.title = ready ? Z.t('dev.ready_yes') : Z.t('dev.ready_no');
    const seen = new Set();
    list.forEach((d, index) => {
      const key = d.url || d.id || String(index);
      seen.add(key);
      let row = devices.rows.get(key);
      if (!row) {
        row = deviceRow();
        devices.rows.set(key, row);
      }
      fillRow(row, d);
      if (view.deviceRows.children[index] !== row.tr) view.deviceRows.insertBefore(row.tr, view.deviceRows.children[index] || null);
    });
    for (const [key, row] of devices.rows) {
      if (!seen.has(key)) {
        row.tr.remove();
        devices.rows.delete(key);
      }
    }
  }

  function deviceRow() {
    const cell = (cls) => Z.el('td' + (cls ? '.' + cls : ''));
    const row = {
      dot: Z.el('span.dot'),
      kind: cell(), id: cell(), firmware: cell(), field: cell(),
      heartbeat: cell('num'), fps: cell('num'), errors: cell('num'), gaveUp: cell('num'), latency: cell('num'),
      select: Z.el('select', { 'aria-label': Z.t('dev.bind') }),
      device: null,
    };
    row.select.appendChild(Z.el('option', { value: '' }, Z.t('dev.no_field')));
    for (const f of Z.page.fields || []) row.select.appendChild(Z.el('option', { value: String(f) }, Z.t('field.n', { n: f })));
    row.select.addEventListener('change', () => bind(row));
    row.field.appendChild(row.select);
    row.tr = Z.el('tr', null, Z.el('td', null, row.dot), row.kind, row.id, row.firmware, row.field,
      row.heartbeat, row.fps, row.errors, row.gaveUp, row.latency);
    return row;
  }

  function fillRow(row, d) {
    row.device = d;
    row.tr.classList.toggle('is-off', !d.connected);
    row.dot.classList.toggle('is-on', !!d.connected);
    row.dot.title = d.connected ? Z.t('dev.connected') : Z.t('dev.disconnected');
    Z.setText(row.kind, kindLabel(d.kind));
    Z.setText(row.id, d.id || d.url || '');
    row.id.title = d.url || '';
    Z.setText(row.firmware, d.firmware || '—');
    // Leave the select alone while it is being used.
    if (document.activeElement !== row.select) row.select.value = d.field == null ? '' : String(d.field);
    row.select.disabled = !d.id;
    Z.setText(row.fps, d.fps == null ? '—' : String(d.fps));
    Z.setText(row.errors, String(d.errors || 0));
    Z.setText(row.gaveUp, String(d.gave_up || 0));
    row.gaveUp.classList.toggle('text-red', (d.gave_up || 0) > 0);
    Z.setText(row.latency, d.latency_ms == null ? '—' : Z.t('dev.ms', { n: Math.round(d.latency_ms) }));
    renderHeartbeat(row);
  }

  function renderHeartbeat(row) {
    const age = row.device && row.device.heartbeat_age_ms;
    const text = age == null ? '—' : Z.t('dev.ms_ago', { n: Math.round(age + Z.clientNow() - devices.at) });
    Z.setText(row.heartbeat, text);
  }

  function kindLabel(kind) {
    if (!kind) return '?';
    const key = 'dev.kind.' + kind;
    const text = Z.t(key);
    return text === key ? kind : text;
  }

  function bind(row) {
    const d = row.device;
    if (!d || !d.id) return;
    const value = row.select.value;
    post('/api/devices/bind', { device: d.id, field: value === '' ? null : Number(value) }, Z.t('dev.bind'));
  }

  function post(url, body, what) {
    return Z.fetchJSON(url, { body })
      .then((res) => {
        if (res.ok) {
          log(Z.t('sk.done', { command: what }), 'ok');
        } else {
          log(what + ': ' + ((res.data && res.data.error) || Z.t('sk.refused')), 'error');
        }
        return res;
      })
      .catch(() => log(what + ': ' + Z.t('sk.no_answer'), 'error'))
      .finally(refreshDevices);
  }

  function refreshDevices() {
    return Z.fetchJSON('/api/devices')
      .then((res) => {
        if (res.ok) setPanel(res.data);
      })
      .catch(() => {});
  }

  view.ready.addEventListener('click', () => {
    post('/api/devices/ready', { field: FIELD, ready: !fieldReady() }, Z.t('dev.field_ready'));
  });

  // ---------------------------------------------------------------- commands

  function command(name, extra) {
    if (name === 'abort' && !window.confirm(Z.t('sk.confirm_abort'))) return;
    if (name === 'commit' && (!model.sheets.red || !model.sheets.blue) && !window.confirm(Z.t('sk.confirm_commit_missing'))) return;
    const body = Object.assign({ field: FIELD, command: name }, extra || {});
    if (name !== 'load' && name !== 'live_score' && model.current && model.current.match) {
      body.match_id = model.current.match.id;
    }
    model.busy = true;
    renderButtons();
    ch.emit('match.command', body, 10000)
      .then((ack) => {
        if (ack && ack.ok) {
          log(Z.t('sk.done', { command: Z.t('command.' + name) }), 'ok');
          if (name === 'live_score') model.showLive = !!body.enabled;
        } else {
          log(Z.t('command.' + name) + ': ' + ((ack && ack.error) || Z.t('sk.refused')), 'error');
          if (name === 'live_score') view.liveScore.checked = model.showLive;
        }
      })
      .catch(() => {
        log(Z.t('command.' + name) + ': ' + Z.t('sk.no_answer'), 'error');
        if (name === 'live_score') view.liveScore.checked = model.showLive;
      })
      .finally(() => {
        model.busy = false;
        renderButtons();
      });
  }

  for (const button of view.buttons) {
    button.addEventListener('click', () => command(button.dataset.command));
  }
  view.liveScore.addEventListener('change', () => command('live_score', { enabled: view.liveScore.checked }));

  // ---------------------------------------------------------------- messages

  function setFields(list) {
    model.fields = list || [];
    setCurrent(Z.fieldState(model.fields, FIELD) || { field: FIELD, state: 'idle', match: null, timing: null });
  }

  function setCurrent(fs) {
    const previousId = model.current && model.current.match && model.current.match.id;
    model.current = fs;
    clock.setFieldState(fs);
    const id = fs.match && fs.match.id;
    if (id !== previousId) {
      // A different match: the old running totals no longer apply.
      model.sheets = { red: null, blue: null };
      model.live = null;
      renderScores();
      renderUpcoming();
    }
    renderField();
  }

  function setShowLive(value) {
    // show_live_score may be one flag for the event or a {field: flag} map.
    if (value && typeof value === 'object') value = value[FIELD] ?? value[String(FIELD)];
    model.showLive = !!value;
    view.liveScore.checked = model.showLive;
  }

  function setSheets(all) {
    const mine = all && (all[FIELD] || all[String(FIELD)]);
    const matchId = model.current && model.current.match && model.current.match.id;
    for (const alliance of ['red', 'blue']) {
      const sheet = mine && mine[alliance];
      model.sheets[alliance] = sheet && (sheet.match_id == null || sheet.match_id === matchId) ? sheet : null;
    }
    renderScores();
  }

  const ch = Z.connect('/control', {
    snapshot(data) {
      setFields(data.fields);
      setSheets(data.sheets);
      const live = data.live && (data.live[FIELD] || data.live[String(FIELD)]);
      if (live) {
        model.live = live;
        renderScores();
      }
      model.tablets = data.tablets || [];
      model.upcoming = data.upcoming || [];
      setShowLive(data.show_live_score);
      renderTablets();
      renderUpcoming();
      setPanel(data.devices);
    },
    'match.state'(fs) {
      const list = model.fields.filter((f) => String(f.field) !== String(fs.field));
      list.push(fs);
      list.sort((a, b) => a.field - b.field);
      model.fields = list;
      if (String(fs.field) === String(FIELD)) {
        // /control hears match.state on two channels (live and control): log a change once.
        const before = currentState();
        setCurrent(fs);
        if (fs.state !== before) log(Z.t('sk.state_now', { state: Z.stateLabel(fs.state) }));
      } else {
        renderOthers();
      }
      if ('show_live_score' in fs) setShowLive(fs.show_live_score);
    },
    'match.timing'(timing) {
      if (String(timing.field) === String(FIELD)) clock.setTiming(timing);
    },
    'score.live'(live) {
      if (String(live.field) !== String(FIELD)) return;
      model.live = live;
      renderScores();
    },
    'score.final'(result) {
      if (result.match && String(result.match.field) === String(FIELD)) {
        log(Z.t('sk.final_result', { label: result.match.label, red: result.red.total, blue: result.blue.total }), 'ok');
      }
    },
    'sheet.updated'(update) {
      if (String(update.field) !== String(FIELD)) return;
      const matchId = model.current && model.current.match && model.current.match.id;
      if (matchId != null && update.match_id !== matchId) return;
      model.sheets[update.alliance] = update;
      renderScores();
    },
    // A change to the loaded match itself (e.g. a team disqualified).
    'match.updated'(data) {
      if (String(data.field) !== String(FIELD) || !model.current || !data.match) return;
      setCurrent(Object.assign({}, model.current, { match: data.match }));
    },
    'control.settings'(data) {
      if ('show_live_score' in data) setShowLive(data.show_live_score);
    },
    'tablets.updated'(data) {
      model.tablets = data.tablets || [];
      renderTablets();
    },
    'schedule.updated'(data) {
      model.upcoming = data.upcoming || [];
      renderUpcoming();
    },
    'device.status'(panel) {
      setPanel(panel);
    },
    'field.estop'(p) {
      // The banner is the alarm; the message log keeps the history (no toast over the banner).
      if (!estops.update(p)) return;
      if (p.pressed) log(Z.t('estop.pressed', { station: p.station }), 'estop');
      else log(Z.t('estop.released', { station: p.station }));
    },
    disconnect() {
      log(Z.t('conn.lost'), 'error');
    },
  });

  // /live is public and answers time.sync: it keeps this page's clock on server time.
  Z.connectLive({});

  setFields([]);
  renderScores();
  renderTablets();
  renderUpcoming();
  Z.everyFrame(tick);
  setInterval(renderTablets, 60000); // keep "connected N min" fresh
  setPanel(null);
  // Heartbeat ages count on between panel updates; the link statistics (frames/s, errors)
  // change without a device.status, so an open panel with devices reloads them now and then.
  setInterval(() => {
    for (const row of devices.rows.values()) renderHeartbeat(row);
  }, 1000);
  setInterval(() => {
    if ((devices.panel.devices || []).length && document.visibilityState === 'visible') refreshDevices();
  }, 3000);
})();
