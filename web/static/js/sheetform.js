/*
 * Builds a score-sheet form from a season description (Season.to_dict): one section per
 * period, big −/+ counters for counts, toggles for yes/no, button groups for choices, and the
 * per-robot inputs grouped by robot. No field is hard-coded: a new season file needs no code.
 * Used editable by the referee tablet and partly editable (fouls) by the head referee.
 */
(function () {
  'use strict';

  const Z = window.Zharys;

  class SheetForm {
    /**
     * options:
     *   onEdit(fieldId, value)   called on every change by the user
     *   editable(field) → bool   which inputs can be changed here (default: all)
     *   robotLabel(robot) → str  heading of a robot's group ("Robot 1 · 12345")
     *   opponentName             the other alliance, for inputs that credit the opponent
     *   editableFirst            put sections with editable inputs first (head referee)
     */
    constructor(container, season, options) {
      this.container = container;
      this.season = season;
      this.options = Object.assign({ editable: () => true, robotLabel: (n) => Z.t('sheet.robot', { n }) }, options || {});
      this.values = Z.sheets.defaults(season);
      this.disabled = false;
      this.controls = new Map(); // field id → {field, tile, update(value)}
      this.robotHeads = []; // [robot number, heading node] for every period's robot group
      this.build();
    }

    // ------------------------------------------------------------ building

    build() {
      const season = this.season;
      const periods = (season.periods || []).map((p) => ({ id: p.id, title: Z.title(p.title) }));
      const known = new Set(periods.map((p) => p.id));
      if ((season.fields || []).some((f) => !known.has(f.period))) {
        periods.push({ id: '_other', title: Z.t('sheet.other') });
      }
      this.sections = [];
      Z.fill(this.container);
      for (const period of periods) {
        const fields = (season.fields || []).filter((f) => (known.has(f.period) ? f.period === period.id : period.id === '_other'));
        if (!fields.length) continue;
        const section = this.buildPeriod(period, fields);
        const editable = fields.some((f) => this.options.editable(f));
        this.sections.push({ id: period.id, title: period.title, node: section, editable });
      }
      // Where only some inputs can be changed (head referee), those sections come first.
      const order = this.options.editableFirst
        ? this.sections.filter((s) => s.editable).concat(this.sections.filter((s) => !s.editable))
        : this.sections;
      for (const s of order) this.container.appendChild(s.node);
    }

    buildPeriod(period, fields) {
      if (this.season.game === 'team') return this.buildMissions(period, fields);
      const section = Z.el('section.sheet-period', { id: 'period-' + period.id, dataset: { period: period.id } },
        Z.el('h2.period-title', null, period.title));
      const shared = fields.filter((f) => f.robot == null);
      const robots = [...new Set(fields.filter((f) => f.robot != null).map((f) => f.robot))].sort((a, b) => a - b);
      if (robots.length) {
        const row = Z.el('div.robot-row');
        for (const robot of robots) {
          const head = Z.el('h3.robot-title', null, this.options.robotLabel(robot));
          this.robotHeads.push([robot, head]);
          const card = Z.el('div.robot-card', null, head);
          for (const f of fields.filter((x) => x.robot === robot)) card.appendChild(this.buildField(f));
          row.appendChild(card);
        }
        section.appendChild(row);
      }
      if (shared.length) {
        const grid = Z.el('div.tile-grid');
        for (const f of shared) grid.appendChild(this.buildField(f));
        section.appendChild(grid);
      }
      return section;
    }

    /**
     * Team games (FLL): one card per mission (a breakdown part) holding its inputs, its
     * computed points, its points so far and the message of a constraint it breaks.
     * Inputs without a part (recorded only, e.g. Gracious Professionalism) share one card.
     */
    buildMissions(period, fields) {
      const section = Z.el('section.sheet-period.sheet-missions', { id: 'period-' + period.id, dataset: { period: period.id } },
        Z.el('h2.period-title', null, period.title));
      const grid = Z.el('div.mission-grid');
      const parts = (this.season.parts || []).filter((p) => fields.some((f) => f.part === p.id));
      const groups = parts.map((p) => ({ id: p.id, title: Z.title(p.title), fields: fields.filter((f) => f.part === p.id) }));
      const loose = fields.filter((f) => !f.part);
      if (loose.length) groups.push({ id: '_' + period.id, title: period.title, fields: loose, recorded: true });
      this.missions = this.missions || new Map();
      for (const g of groups) {
        const points = Z.el('span.mission-points');
        const alert = Z.el('p.mission-alert', { hidden: true, role: 'alert' });
        const card = Z.el('article.mission-card' + (g.recorded ? '.is-recorded' : ''), { dataset: { mission: g.id } },
          // A period of recorded-only inputs (GP) already has its title above the card.
          g.recorded && !parts.length ? null : Z.el('header.mission-head', null, Z.el('h3.mission-title', null, g.title), g.recorded ? null : points), alert);
        for (const f of g.fields) card.appendChild(this.buildField(f));
        this.missions.set(g.id, { card, points, alert });
        grid.appendChild(card);
      }
      section.appendChild(grid);
      return section;
    }

    /** Team games: points per mission, computed points and constraint messages, from values. */
    refreshMissions() {
      if (!this.missions) return;
      const score = Z.sheets.localScore(this.season, this.values);
      for (const [id, m] of this.missions) Z.setText(m.points, Z.t('sheet.points', { n: score.parts[id] || 0 }));
      for (const [id, control] of this.controls) {
        if (control.field.kind === 'computed') control.update(score.items[id]);
      }
      const byMission = new Map();
      for (const c of Z.sheets.violations(this.season, this.values)) {
        const first = c.field || Object.keys(c.terms || {})[0];
        const field = (this.season.fields || []).find((f) => f.id === first);
        const key = field && field.part ? field.part : null;
        if (key) byMission.set(key, (byMission.get(key) ? byMission.get(key) + ' ' : '') + Z.title(c.message));
      }
      for (const [id, m] of this.missions) {
        const message = byMission.get(id);
        m.alert.hidden = !message;
        Z.setText(m.alert, message || '');
        m.card.classList.toggle('has-violation', !!message);
      }
    }

    buildField(field) {
      const editable = this.options.editable(field);
      const tile = Z.el('div.tile.tile-' + field.kind + (editable ? '' : '.is-readonly'), { dataset: { field: field.id } });
      const titleRow = Z.el('div.tile-title', null, Z.el('span', null, Z.title(field.title)), this.pointsNote(field));
      tile.appendChild(titleRow);
      let update;
      if (field.kind === 'computed') {
        // Points that follow from other inputs (e.g. trident pieces: 1 → 20, 2 → 30).
        const out = Z.el('output.computed-value');
        tile.appendChild(out);
        update = (points) => Z.setText(out, Z.t('sheet.points', { n: Number(points) || 0 }));
      } else if (!editable) {
        const out = Z.el('output.readonly-value');
        tile.appendChild(out);
        update = (value) => Z.setText(out, this.valueText(field, value));
      } else if (field.kind === 'count') {
        update = this.buildCounter(field, tile);
      } else if (field.kind === 'bool') {
        update = this.buildToggle(field, tile);
      } else {
        update = this.buildChoices(field, tile);
      }
      if (field.hint) tile.appendChild(Z.el('p.tile-hint', null, Z.title(field.hint)));
      tile.appendChild(Z.el('p.field-error', { hidden: true, role: 'alert' }));
      this.controls.set(field.id, { field, tile, update });
      return tile;
    }

    pointsNote(field) {
      if (field.kind === 'choice' || field.kind === 'computed') return null;
      if (field.scored === false) return Z.el('span.pts.pts-recorded', null, Z.t('sheet.not_scored'));
      if (!field.points && this.season.game === 'team') return null; // scored by a computed line
      const points = field.points || 0;
      let text = field.kind === 'count' ? Z.t('sheet.each', { n: points }) : Z.t('sheet.points', { n: points });
      if (field.credit === 'opponent') text = Z.t('sheet.to_opponent', { points: text, alliance: this.options.opponentName || '' });
      return Z.el('span.pts' + (field.credit === 'opponent' ? '.pts-opponent' : ''), null, text);
    }

    valueText(field, value) {
      if (field.kind === 'bool') return value ? Z.t('sheet.yes') : Z.t('sheet.no');
      if (field.kind === 'choice') {
        const choice = (field.choices || []).find((c) => c.id === value);
        return choice ? Z.title(choice.title) : String(value ?? '');
      }
      return String(value ?? 0);
    }

    buildCounter(field, tile) {
      const min = field.min ?? 0;
      const max = field.max ?? Infinity;
      const value = Z.el('output.ctr-value', { 'aria-live': 'polite' }, '0');
      const minus = Z.el('button.ctr-btn.ctr-minus', { type: 'button', 'aria-label': Z.t('sheet.less', { title: Z.title(field.title) }) }, '−');
      const plus = Z.el('button.ctr-btn.ctr-plus', { type: 'button', 'aria-label': Z.t('sheet.more', { title: Z.title(field.title) }) }, '+');
      const step = (delta) => {
        const current = Number(this.values[field.id]) || 0;
        const next = Math.min(max, Math.max(min, current + delta));
        if (next !== current) this.change(field, next);
      };
      minus.addEventListener('click', () => step(-1));
      plus.addEventListener('click', () => step(1));
      tile.appendChild(Z.el('div.counter', null, minus, value, plus));
      return (v) => {
        const n = Number(v) || 0;
        Z.setText(value, String(n));
        minus.disabled = this.disabled || n <= min;
        plus.disabled = this.disabled || n >= max;
      };
    }

    buildToggle(field, tile) {
      const button = Z.el('button.toggle', { type: 'button', 'aria-pressed': 'false' },
        Z.el('span.toggle-mark', { 'aria-hidden': 'true' }), Z.el('span.toggle-text'));
      button.addEventListener('click', () => this.change(field, !this.values[field.id]));
      tile.appendChild(button);
      return (v) => {
        button.setAttribute('aria-pressed', v ? 'true' : 'false');
        button.classList.toggle('is-on', !!v);
        Z.setText(button.querySelector('.toggle-mark'), v ? '✓' : '');
        Z.setText(button.querySelector('.toggle-text'), v ? Z.t('sheet.yes') : Z.t('sheet.no'));
        button.disabled = this.disabled;
      };
    }

    buildChoices(field, tile) {
      const group = Z.el('div.choice-group', { role: 'radiogroup', 'aria-label': Z.title(field.title) });
      const buttons = (field.choices || []).map((choice) => {
        const button = Z.el('button.choice', { type: 'button', role: 'radio', 'aria-checked': 'false', dataset: { choice: choice.id } },
          Z.el('span.choice-title', null, Z.title(choice.title)),
          Z.el('span.choice-pts', null, Z.t('sheet.points', { n: choice.points })));
        button.addEventListener('click', () => this.change(field, choice.id));
        group.appendChild(button);
        return button;
      });
      tile.appendChild(group);
      return (v) => {
        for (const button of buttons) {
          const on = button.dataset.choice === v;
          button.classList.toggle('is-on', on);
          button.setAttribute('aria-checked', on ? 'true' : 'false');
          button.disabled = this.disabled;
        }
      };
    }

    // ------------------------------------------------------------ state

    change(field, value) {
      if (this.disabled) return;
      this.values[field.id] = value;
      this.controls.get(field.id).update(value);
      this.refreshMissions();
      if (navigator.vibrate) navigator.vibrate(12); // a tap the referee can feel
      if (this.options.onEdit) this.options.onEdit(field.id, value);
    }

    /** Show a whole sheet (missing inputs show their defaults). */
    setValues(data) {
      this.values = Object.assign(Z.sheets.defaults(this.season), data || {});
      for (const [id, control] of this.controls) {
        if (control.field.kind !== 'computed') control.update(this.values[id]);
      }
      this.refreshMissions();
    }

    setDisabled(disabled) {
      this.disabled = !!disabled;
      this.setValues(this.values);
    }

    /** Mark server validation errors next to their inputs; returns those that fit no input. */
    setErrors(errors) {
      const byField = new Map();
      const general = [];
      for (const [where, message] of errors || []) {
        const id = Z.sheets.bareField(where);
        if (this.controls.has(id)) byField.set(id, (byField.get(id) ? byField.get(id) + ' ' : '') + message);
        else general.push(where ? where + ': ' + message : message);
      }
      for (const [id, control] of this.controls) {
        const node = control.tile.querySelector('.field-error');
        const message = byField.get(id);
        control.tile.classList.toggle('has-error', !!message);
        node.hidden = !message;
        Z.setText(node, message || '');
      }
      return general;
    }

    setRobotLabels() {
      for (const [robot, head] of this.robotHeads) Z.setText(head, this.options.robotLabel(robot));
    }
  }

  Z.SheetForm = SheetForm;
})();
