/*
 * Zharys live layer shared by every page script: page config and translated strings,
 * Socket.IO channels that resume by sequence number, server time sync, the match clock
 * (computed locally from Timing, never from server ticks), the connection badge and
 * small DOM/format helpers. Exposes one global, `Zharys`; page scripts are IIFEs using it.
 */
(function (global) {
  'use strict';

  const Z = (global.Zharys = global.Zharys || {});

  // ---------------------------------------------------------------- config and strings

  function readJSON(id) {
    const node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent || 'null');
    } catch (err) {
      console.error('zharys: bad JSON in #' + id, err);
      return null;
    }
  }

  Z.page = readJSON('page-config') || {};
  // Strings come from base.html's #i18n block (built by _i18n.html); page.i18n, if a view
  // passes one, overrides individual keys.
  Z.strings = Object.assign({}, readJSON('i18n') || {}, Z.page.i18n || {});
  Z.lang = Z.page.lang || document.documentElement.lang || 'en';
  Z.eventCode = (Z.page.event && Z.page.event.code) || document.body.dataset.event || 'event';

  /** Translated script string; `{name}` placeholders are filled from `vars`. */
  Z.t = function (key, vars) {
    let text = Object.prototype.hasOwnProperty.call(Z.strings, key) ? Z.strings[key] : key;
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    }
    return text;
  };

  /** A season title: plain text (Season.to_dict(lang)) or {kk, ru, en}. */
  Z.title = function (titles) {
    if (titles == null) return '';
    if (typeof titles === 'string') return titles;
    return titles[Z.lang] || titles.en || titles.ru || titles.kk || Object.values(titles)[0] || '';
  };

  // ---------------------------------------------------------------- DOM helpers

  /** Create an element: el('div.card.red', {onclick: fn, dataset: {id: 1}}, child, 'text'). */
  Z.el = function (spec, attrs, ...children) {
    const [tag, ...classes] = spec.split('.');
    const node = document.createElement(tag || 'div');
    if (classes.length) node.className = classes.join(' ');
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (value == null || value === false) continue;
        if (name.startsWith('on') && typeof value === 'function') {
          node.addEventListener(name.slice(2), value);
        } else if (name === 'dataset') {
          Object.assign(node.dataset, value);
        } else if (name === 'text') {
          node.textContent = value;
        } else if (name === 'class') {
          node.className += (node.className ? ' ' : '') + value;
        } else if (value === true) {
          node.setAttribute(name, '');
        } else {
          node.setAttribute(name, value);
        }
      }
    }
    appendAll(node, children);
    return node;
  };

  function appendAll(node, children) {
    for (const child of children) {
      if (child == null || child === false) continue;
      if (Array.isArray(child)) appendAll(node, child);
      else node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  Z.$ = (selector, root) => (root || document).querySelector(selector);
  Z.$$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  /** Replace a node's children. */
  Z.fill = function (node, ...children) {
    node.replaceChildren();
    appendAll(node, children);
    return node;
  };

  /** Set text only when it changed: called every animation frame, so avoid layout churn. */
  Z.setText = function (node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  };

  // ---------------------------------------------------------------- formatting

  /** Seconds → "m:ss" (rounded up, so 0:01 shows until the very end). */
  Z.fmtClock = function (seconds) {
    const s = Math.max(0, Math.ceil(seconds - 1e-6));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  };

  /** A scheduled time as "HH:MM". Naive ISO strings are event-local: show their digits as is. */
  Z.fmtTime = function (value) {
    if (value == null || value === '') return '';
    if (typeof value === 'string') {
      const m = /T?(\d{2}):(\d{2})/.exec(value.includes('T') ? value.split('T')[1] : value);
      if (m && !/[zZ]|[+-]\d\d:?\d\d$/.test(value)) return m[1] + ':' + m[2];
    }
    const date = new Date(value);
    if (isNaN(date)) return String(value);
    return date.toLocaleTimeString(Z.lang, { hour: '2-digit', minute: '2-digit', hour12: false });
  };

  Z.fmtNumber = function (value, digits) {
    if (value == null || value === '' || isNaN(value)) return '—';
    return Number(value).toFixed(digits);
  };

  // The staff pages' clock: remaining time, phase name, and the phase as a style hook.
  Z.showClock = function (clockNode, phaseNode, reading) {
    Z.setText(clockNode, Z.fmtClock(reading.remaining));
    Z.setText(phaseNode, reading.phase === 'idle' ? '' : Z.phaseLabel(reading.phase));
    clockNode.dataset.phase = reading.phase;
  };

  // One row of a display's rankings table (audience and pit share the columns).
  Z.rankingRow = function (r) {
    if (Array.isArray(r.scores)) {
      // Robot game (FLL): each ranked round's score and the best one, which ranks.
      return Z.el('tr', null,
        Z.el('td.num.rank', null, String(r.rank)),
        Z.el('td.num.team', null, String(r.team.number)),
        Z.el('td.name', null, r.team.name || ''),
        ...r.scores.map((s) => Z.el('td.num', null, s == null ? '—' : String(s))),
        Z.el('td.num.strong', null, r.best == null ? '—' : String(r.best)));
    }
    const tb = r.tiebreakers || [];
    return Z.el('tr', null,
      Z.el('td.num.rank', null, String(r.rank)),
      Z.el('td.num.team', null, String(r.team.number)),
      Z.el('td.name', null, r.team.name || ''),
      Z.el('td.num.strong', null, Z.fmtNumber(r.ranking_score, 2)),
      Z.el('td.num', null, Z.fmtNumber(tb[0], 2)),
      Z.el('td.num', null, Z.fmtNumber(tb[1], 2)),
      Z.el('td.num', null, r.highest_score == null ? '—' : String(r.highest_score)),
      Z.el('td.num', null, r.wins + '-' + r.losses + '-' + r.ties),
      Z.el('td.num', null, String(r.played)));
  };

  /**
   * JSON in localStorage for pages that must not lose data (referee sheets, rubrics):
   * loadLocal gives null for a missing or unreadable entry; storeLocal returns false when the
   * storage is full or disabled (the caller still holds the value in memory and sends it).
   */
  Z.loadLocal = function (key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || 'null');
    } catch (err) {
      return null;
    }
  };
  Z.storeLocal = function (key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (err) {
      console.error('zharys: cannot save to localStorage', err);
      return false;
    }
  };

  Z.RUNNING = ['auto', 'transition', 'teleop', 'endgame', 'match'];
  Z.isRunning = (state) => Z.RUNNING.includes(state);

  Z.stateLabel = (state) => Z.t('state.' + state);
  Z.phaseLabel = (phase) => Z.t('phase.' + phase);

  /** Team numbers of one alliance of a MatchInfo. */
  Z.slots = (match, alliance) => (match && match[alliance]) || [];

  /** One slot as text: "12345", with * for a surrogate and a DQ mark. */
  Z.slotText = function (slot) {
    let text = String(slot.number);
    if (slot.surrogate) text += '*';
    if (slot.disqualified) text += ' ' + Z.t('dq.short');
    return text;
  };

  /** The FieldState for field `id` out of a list. */
  Z.fieldState = (fields, id) => (fields || []).find((f) => String(f.field) === String(id));

  // ---------------------------------------------------------------- clock and time sync

  // A monotonic client clock: the wall clock can jump (NTP, a user changing it) mid-match.
  const monoBase = Date.now() - performance.now();
  Z.clientNow = () => monoBase + performance.now();

  /**
   * Server clock estimate. offset = server_ms + rtt/2 − client time at receipt, taken from the
   * lowest-rtt sample of a burst; a burst runs on connect and every 30 s.
   */
  const TimeSync = {
    offset: 0,
    rtt: Infinity,
    synced: false,
    socket: null,
    timer: null,

    attach(socket) {
      if (this.socket) return;
      this.socket = socket;
      socket.on('connect', () => this.burst());
      if (socket.connected) this.burst();
      this.timer = setInterval(() => this.burst(), 30000);
    },

    /** A rough offset from a snapshot's server_ms, used only until a real sample arrives. */
    hint(serverMs) {
      if (!this.synced && typeof serverMs === 'number') this.offset = serverMs - Z.clientNow();
    },

    async burst() {
      const samples = [];
      for (let i = 0; i < 5; i++) {
        const sample = await this.sample();
        if (sample) samples.push(sample);
        await sleep(150);
      }
      if (!samples.length) return;
      samples.sort((a, b) => a.rtt - b.rtt);
      this.offset = samples[0].offset;
      this.rtt = samples[0].rtt;
      this.synced = true;
    },

    sample() {
      const socket = this.socket;
      if (!socket || !socket.connected) return Promise.resolve(null);
      return emitAck(socket, 'time.sync', { client_ms: Z.clientNow() }, 2000)
        .then((ack) => {
          const received = Z.clientNow();
          if (!ack || typeof ack.server_ms !== 'number') return null;
          const sent = typeof ack.client_ms === 'number' ? ack.client_ms : received;
          const rtt = Math.max(0, received - sent);
          return { rtt, offset: ack.server_ms + rtt / 2 - received };
        })
        .catch(() => null);
    },
  };

  Z.timeSync = TimeSync;
  Z.serverNow = () => Z.clientNow() + TimeSync.offset;

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * The match clock of one field, fed with FieldState / Timing messages and read every frame.
   * read() → {phase, period, remaining, elapsed, running, phaseStart, total}
   *   phase: pre | auto | transition | teleop | endgame | ended | aborted | idle
   *   period: the countdown's segment (endgame belongs to teleop: the display counts the whole
   *   driver period down, the endgame is a cue within it)
   *   remaining: seconds left in the period; phaseStart: server ms the phase began.
   */
  class MatchClock {
    constructor() {
      this.state = 'idle';
      this.match = null;
      this.timing = null;
      this.abortedAt = null;
    }

    /** Apply a FieldState (snapshot entry or match.state payload). */
    setFieldState(fs) {
      if (!fs) return;
      this.state = fs.state || 'idle';
      this.match = fs.match || null;
      if ('timing' in fs) this.timing = fs.timing || null;
      this.abortedAt = this.state === 'aborted' ? fs.at_ms || this.abortedAt || Z.serverNow() : null;
    }

    /** Apply a match.timing payload. */
    setTiming(timing) {
      if (timing) this.timing = timing;
    }

    phases() {
      const t = this.timing;
      if (!t || !Array.isArray(t.phases)) return [];
      // Timing for another match (a stale message) must not drive this match's clock.
      if (this.match && t.match_id != null && this.match.id != null && t.match_id !== this.match.id) {
        return [];
      }
      return t.phases.map((p) => ({ name: p.name, ms: p.duration_ms }));
    }

    /** Duration of the first countdown period, shown before the start. */
    firstPeriodSeconds(phases) {
      const first = periodsOf(phases)[0];
      return first ? first.ms / 1000 : 0;
    }

    read(now) {
      now = now == null ? Z.serverNow() : now;
      const phases = this.phases();
      const total = phases.reduce((sum, p) => sum + p.ms, 0);
      const started = this.timing && this.timing.started_at_ms;
      const base = { total: total / 1000, elapsed: 0, running: false, phaseStart: null };

      if (this.state === 'idle') return Object.assign(base, { phase: 'idle', period: 'idle', remaining: 0 });
      if (this.state === 'loaded' || !started) {
        return Object.assign(base, { phase: 'pre', period: 'pre', remaining: this.firstPeriodSeconds(phases) });
      }
      if (this.state === 'aborted') {
        const at = this.abortedAt || now;
        const frozen = locate(phases, at - started);
        return Object.assign(base, {
          phase: 'aborted', period: 'aborted', remaining: frozen ? frozen.remaining : 0,
          elapsed: (at - started) / 1000, phaseStart: at,
        });
      }
      const pausedAt = this.timing && this.timing.paused_at_ms;
      if (pausedAt && Z.isRunning(this.state)) {
        // Held by the console's pause button: the countdown stands still where it was.
        const held = locate(phases, pausedAt - started);
        if (held) {
          return {
            phase: held.phase, period: held.period, remaining: held.remaining,
            elapsed: (pausedAt - started) / 1000, running: false, paused: true,
            phaseStart: started + held.phaseStartMs, total: total / 1000,
            periodSeconds: held.periodSeconds,
          };
        }
      }
      if (!Z.isRunning(this.state) || (this.timing && this.timing.running === false)) {
        return Object.assign(base, { phase: 'ended', period: 'ended', remaining: 0, elapsed: total / 1000, phaseStart: started + total });
      }
      const elapsed = now - started;
      const at = locate(phases, elapsed);
      if (!at) {
        // The local clock ran out before the server's "ended" arrived: show the end now.
        return Object.assign(base, { phase: 'ended', period: 'ended', remaining: 0, elapsed: total / 1000, phaseStart: started + total });
      }
      return {
        phase: at.phase, period: at.period, remaining: at.remaining, elapsed: elapsed / 1000,
        running: true, phaseStart: started + at.phaseStartMs, total: total / 1000,
        periodSeconds: at.periodSeconds,
      };
    }
  }

  /** Group phases into countdown periods: endgame continues teleop's countdown. */
  function periodsOf(phases) {
    const periods = [];
    for (const p of phases) {
      const name = p.name === 'endgame' ? 'teleop' : p.name;
      const last = periods[periods.length - 1];
      if (last && last.name === name) last.ms += p.ms;
      else periods.push({ name, ms: p.ms });
    }
    return periods;
  }

  /** Where `elapsedMs` falls: phase, period and seconds left in that period; null past the end. */
  function locate(phases, elapsedMs) {
    if (elapsedMs < 0) elapsedMs = 0;
    let t = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i];
      if (elapsedMs < t + p.ms) {
        const period = p.name === 'endgame' ? 'teleop' : p.name;
        // The period ends after this phase and any following phases of the same period.
        let end = t + p.ms;
        for (let j = i + 1; j < phases.length; j++) {
          const next = phases[j].name === 'endgame' ? 'teleop' : phases[j].name;
          if (next !== period) break;
          end += phases[j].ms;
        }
        let start = t;
        for (let j = i - 1; j >= 0 && (phases[j].name === 'endgame' ? 'teleop' : phases[j].name) === period; j--) {
          start -= phases[j].ms;
        }
        return { phase: p.name, period, remaining: (end - elapsedMs) / 1000, phaseStartMs: t, periodSeconds: (end - start) / 1000 };
      }
      t += p.ms;
    }
    return null;
  }

  Z.MatchClock = MatchClock;

  /** Call fn(now) every animation frame; returns a stop function. */
  Z.everyFrame = function (fn) {
    let running = true;
    function frame() {
      if (!running) return;
      try {
        fn(Z.serverNow());
      } catch (err) {
        console.error(err);
      }
      requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
    return () => {
      running = false;
    };
  };

  // ---------------------------------------------------------------- Socket.IO channels

  /** emit with an ack that rejects after timeoutMs (a dropped connection never acks). */
  function emitAck(socket, event, data, timeoutMs) {
    return new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        if (!done) {
          done = true;
          reject(new Error('timeout'));
        }
      }, timeoutMs || 8000);
      socket.emit(event, data, (ack) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(ack);
      });
    });
  }
  Z.emitAck = emitAck;

  const channels = [];

  /**
   * Connect to a namespace. handlers: {snapshot(data), '<topic>'(payload, message), connect(),
   * disconnect()}. With opts.resume (the /live namespace) the channel sends the last seq seen
   * in `auth.since`, so a reconnect gets only what it missed; other namespaces always send a
   * fresh snapshot on connect. opts.auth adds fixed keys to the auth object (e.g. the field
   * and alliance a password-signed-in referee tablet is scoring).
   */
  Z.connect = function (namespace, handlers, opts) {
    opts = opts || {};
    if (typeof global.io !== 'function') {
      console.error('zharys: the Socket.IO client (vendor/socket.io.min.js) is not loaded');
      const dead = { namespace, connected: false, socket: null, on() {}, emit: () => Promise.reject(new Error('offline')) };
      channels.push(dead);
      Z.badge.update();
      return dead;
    }
    const ch = {
      namespace,
      seq: null,
      connected: false,
      everConnected: false,
      handlers: Object.assign({}, handlers),
      lastResync: 0,
    };
    // The function form of auth is evaluated on every (re)connect, so it carries the latest seq.
    ch.socket = global.io(namespace, {
      auth: (cb) => cb(Object.assign({}, opts.auth || {}, { since: opts.resume ? ch.seq : null })),
    });
    ch.on = (topic, fn) => {
      ch.handlers[topic] = fn;
    };
    ch.emit = (event, data, timeoutMs) => emitAck(ch.socket, event, data, timeoutMs);

    ch.socket.on('connect', () => {
      ch.connected = true;
      ch.everConnected = true;
      Z.badge.update();
      call(ch, 'connect');
    });
    ch.socket.on('disconnect', (reason) => {
      ch.connected = false;
      Z.badge.update();
      call(ch, 'disconnect', reason);
    });
    ch.socket.on('connect_error', (err) => {
      ch.connected = false;
      Z.badge.update(err && err.message);
      call(ch, 'connect_error', err);
    });
    ch.socket.onAny((event, data) => dispatch(ch, event, data, opts));
    channels.push(ch);
    return ch;
  };

  function dispatch(ch, event, data, opts) {
    if (event === 'snapshot') {
      if (data && typeof data.seq === 'number') ch.seq = data.seq;
      if (data && typeof data.server_ms === 'number') TimeSync.hint(data.server_ms);
      call(ch, 'snapshot', data);
      return;
    }
    // Broadcasts come as {seq, topic, payload}; direct emits (e.g. referee.match) may be bare.
    let payload = data;
    if (data && typeof data === 'object' && 'topic' in data && 'payload' in data) {
      payload = data.payload;
      if (opts.resume && typeof data.seq === 'number' && ch.seq != null) {
        // Already seen (a broadcast racing the snapshot or a replay): nothing new.
        if (data.seq <= ch.seq) return;
        // A gap: reconnect with the last number we have; the server replays what is missing
        // (or sends a snapshot, also after a server restart).
        if (data.seq > ch.seq + 1) {
          resync(ch);
          return;
        }
      }
      if (opts.resume && typeof data.seq === 'number') ch.seq = data.seq;
    }
    call(ch, event, payload, data);
  }

  function resync(ch) {
    const now = Date.now();
    if (now - ch.lastResync < 5000) return;
    ch.lastResync = now;
    ch.socket.disconnect();
    ch.socket.connect();
  }

  function call(ch, name, ...args) {
    const fn = ch.handlers[name];
    if (!fn) return;
    try {
      fn(...args);
    } catch (err) {
      console.error('zharys: handler ' + name + ' failed', err);
    }
  }

  /** A /live channel that also keeps the server clock in sync. */
  Z.connectLive = function (handlers) {
    const ch = Z.connect('/live', handlers, { resume: true });
    if (ch.socket) TimeSync.attach(ch.socket);
    return ch;
  };

  // ---------------------------------------------------------------- the /live picture

  /**
   * What the public /live feed says, kept current: field states with a MatchClock each, live
   * scores, the last result, rankings and upcoming matches. Displays subscribe with
   * on(kind, fn) where kind is fields | live | final | rankings | upcoming | any.
   */
  Z.LiveState = class {
    constructor() {
      this.fields = new Map(); // field id (string) → FieldState
      this.clocks = new Map(); // field id (string) → MatchClock
      this.changedAt = new Map(); // field id → server ms of its last state change
      this.live = new Map(); // field id → LiveScore
      this.lastResult = null;
      this.resultAt = null; // client ms a result arrived (null for one from a snapshot)
      this.rankings = [];
      this.upcoming = [];
      this.showLive = false;
      this.event = null;
      this.display = { mode: 'match' }; // what the audience display shows (scorekeeper's choice)
      this.listeners = {};
    }

    on(kind, fn) {
      (this.listeners[kind] = this.listeners[kind] || []).push(fn);
      return this;
    }

    emit(kind, detail) {
      for (const fn of (this.listeners[kind] || []).concat(this.listeners.any || [])) {
        try {
          fn(detail, kind);
        } catch (err) {
          console.error(err);
        }
      }
    }

    clock(field) {
      const key = String(field);
      if (!this.clocks.has(key)) this.clocks.set(key, new MatchClock());
      return this.clocks.get(key);
    }

    field(field) {
      return this.fields.get(String(field)) || null;
    }

    setField(fs, atMs) {
      const key = String(fs.field);
      const before = this.fields.get(key);
      this.fields.set(key, fs);
      this.clock(key).setFieldState(fs);
      this.changedAt.set(key, atMs || fs.at_ms || Z.serverNow());
      // A new match on the field: its live score starts from nothing.
      const live = this.live.get(key);
      if (live && (!fs.match || live.match_id !== fs.match.id)) this.live.delete(key);
      return before;
    }

    displayPart(mode, snap) {
      if (this.display.mode !== mode || (snap && snap.division) !== (this.display.division || null)) return;
      this.display = Object.assign({}, this.display, { [mode]: snap });
      this.emit('display', this.display);
    }

    connect() {
      this.channel = Z.connectLive({
        snapshot: (data) => {
          this.event = data.event || this.event;
          this.fields.clear();
          for (const fs of data.fields || []) this.setField(fs, 0);
          this.live.clear();
          for (const [field, score] of Object.entries(data.live || {})) this.live.set(String(field), score);
          this.lastResult = data.last_result || null;
          this.resultAt = null;
          this.rankings = data.rankings || [];
          this.upcoming = data.upcoming || [];
          this.showLive = !!data.show_live_score;
          this.display = data.display || { mode: 'match' };
          for (const kind of ['fields', 'live', 'final', 'rankings', 'upcoming', 'display']) this.emit(kind, null);
        },
        'match.state': (fs) => {
          this.setField(fs);
          this.emit('fields', fs);
        },
        'match.timing': (timing) => {
          this.clock(timing.field).setTiming(timing);
          this.emit('fields', this.field(timing.field));
        },
        'score.live': (score) => {
          this.live.set(String(score.field), score);
          this.emit('live', score);
        },
        'score.final': (result) => {
          this.lastResult = result;
          this.resultAt = Z.clientNow();
          this.emit('final', result);
        },
        // Not on /live in docs/API.md (the server sends it to /control): if it ever reaches
        // the public feed, live scores switched off disappear from the screens at once.
        'control.settings': (data) => {
          if (!data || !('show_live_score' in data)) return;
          this.showLive = !!data.show_live_score;
          if (!this.showLive) this.live.clear();
          this.emit('live', null);
        },
        'rankings.updated': (data) => {
          this.rankings = data.rankings || [];
          this.emit('rankings', this.rankings);
        },
        'schedule.updated': (data) => {
          this.upcoming = data.upcoming || [];
          this.emit('upcoming', this.upcoming);
        },
        'display.mode': (data) => {
          this.display = data || { mode: 'match' };
          this.emit('display', this.display);
        },
        // The board and the bracket of the division on display follow every change.
        'selection.updated': (snap) => this.displayPart('selection', snap),
        'bracket.updated': (snap) => this.displayPart('bracket', snap),
      });
      return this;
    }
  };

  // ---------------------------------------------------------------- connection badge

  /** A small fixed badge shown while any channel is down. */
  Z.badge = {
    node: null,
    update(detail) {
      const down = channels.filter((c) => !c.connected);
      if (!this.node) {
        this.node = Z.el('div.conn-badge', { role: 'status', 'aria-live': 'polite', hidden: true });
        document.body.appendChild(this.node);
      }
      if (!down.length) {
        this.node.hidden = true;
        document.body.classList.remove('is-offline');
        return;
      }
      const first = !down.some((c) => c.everConnected);
      this.node.textContent = first ? Z.t('conn.connecting') : Z.t('conn.lost');
      if (detail && /unauthori|forbidden|refused|not allowed/i.test(detail)) {
        this.node.textContent = Z.t('conn.refused');
      }
      this.node.hidden = false;
      document.body.classList.add('is-offline');
    },
  };

  // ---------------------------------------------------------------- notices

  /** A short message in the page's notice area (created on demand), fading after a while. */
  Z.notify = function (text, kind, ms) {
    let area = Z.$('.toasts');
    if (!area) {
      area = Z.el('div.toasts', { 'aria-live': 'assertive' });
      document.body.appendChild(area);
    }
    const toast = Z.el('div.toast.' + (kind || 'info'), { role: 'alert' }, text);
    area.appendChild(toast);
    setTimeout(() => toast.remove(), ms || 6000);
    return toast;
  };

  // ---------------------------------------------------------------- e-stops

  /**
   * The e-stop banner of one field: shown while any station of the field is pressed.
   * reset(list) takes [{field, station}] (the control snapshot's devices.estops); update(p)
   * takes a field.estop payload {field, station, pressed, device}.
   */
  Z.EStops = class {
    constructor(field, node) {
      this.field = String(field);
      this.node = node;
      this.pressed = new Set();
    }

    reset(list) {
      this.pressed.clear();
      for (const e of list || []) if (String(e.field) === this.field) this.pressed.add(String(e.station));
      this.render();
    }

    /** True when the station's state changed (pages on two channels hear each e-stop twice). */
    update(p) {
      if (!p || String(p.field) !== this.field) return false;
      const station = String(p.station);
      const changed = this.pressed.has(station) !== !!p.pressed;
      if (p.pressed) this.pressed.add(station);
      else this.pressed.delete(station);
      this.render();
      return changed;
    }

    render() {
      if (!this.node) return;
      const stations = Array.from(this.pressed).sort();
      this.node.hidden = !stations.length;
      Z.setText(this.node, stations.length ? Z.t('estop.banner', { station: stations.join(', ') }) : '');
      document.body.classList.toggle('is-estop', stations.length > 0);
    }
  };

  // ---------------------------------------------------------------- auto-scrolling lists

  /**
   * Scrolls an overflowing container slowly to the bottom, pauses, jumps back to the top,
   * for pit and audience screens nobody touches.
   */
  Z.AutoScroller = class {
    constructor(container, pxPerSecond) {
      this.container = container;
      this.speed = pxPerSecond || 40;
      this.pauseUntil = Z.clientNow() + 4000;
      this.pos = 0;
      this.last = null;
      this.stop = null;
    }

    start() {
      if (this.stop) return;
      this.stop = Z.everyFrame(() => this.step());
    }

    halt() {
      if (this.stop) this.stop();
      this.stop = null;
    }

    reset() {
      this.pos = 0;
      this.container.scrollTop = 0;
      this.pauseUntil = Z.clientNow() + 4000;
    }

    step() {
      const now = Z.clientNow();
      const dt = this.last == null ? 0 : (now - this.last) / 1000;
      this.last = now;
      const c = this.container;
      const max = c.scrollHeight - c.clientHeight;
      if (max <= 2 || now < this.pauseUntil) return;
      this.pos += this.speed * dt;
      if (this.pos >= max) {
        this.pos = max;
        c.scrollTop = max;
        // Hold at the bottom, then return to the top and hold again.
        this.pauseUntil = now + 4000;
        setTimeout(() => this.reset(), 4000);
        return;
      }
      c.scrollTop = this.pos;
    }
  };

  // ---------------------------------------------------------------- misc

  /** A v4 UUID; crypto.randomUUID exists only on https/localhost, venue LANs are plain http. */
  Z.uuid = function () {
    if (global.crypto && typeof global.crypto.randomUUID === 'function') {
      try {
        return global.crypto.randomUUID();
      } catch (err) {
        /* insecure context: fall through */
      }
    }
    const bytes = new Uint8Array(16);
    if (global.crypto && global.crypto.getRandomValues) global.crypto.getRandomValues(bytes);
    else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  };

  Z.csrfToken = function () {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  };

  /** fetch JSON with the CSRF header; rejects on network errors only. */
  Z.fetchJSON = function (url, options) {
    options = options || {};
    const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['X-CSRF-Token'] = Z.csrfToken();
    }
    return fetch(url, {
      method: options.method || (options.body !== undefined ? 'POST' : 'GET'),
      headers,
      credentials: 'same-origin',
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    }).then((res) => res.json().catch(() => ({})).then((data) => ({ status: res.status, ok: res.ok, data })));
  };

  /** Keep the screen on for displays and tablets where the browser allows it. */
  Z.keepAwake = function () {
    if (!('wakeLock' in navigator)) return;
    const request = () => navigator.wakeLock.request('screen').catch(() => {});
    request();
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') request();
    });
  };
})(window);
