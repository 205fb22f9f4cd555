/*
 * Exports page: starts an export (POST /api/exports/<name>), shows its progress live from
 * the /control namespace (export.progress) and the file once it is written; saves the
 * document templates and the FTC award winners.
 */
(function () {
  'use strict';

  const Z = window.Zharys;
  const rows = Z.$('#job-rows');
  const titles = {};
  Z.$$('.export-form').forEach((form) => {
    titles[form.dataset.export] = Z.$('h3', form).textContent;
  });

  function showErrors(box, data) {
    const list = (data && data.errors && data.errors.length) ? data.errors
      : [['', (data && data.error) || Z.t('admin.refused')]];
    box.hidden = false;
    Z.fill(box, Z.el('ul.error-list', null, list.map(([where, message]) =>
      Z.el('li', null, where ? [Z.el('code', null, where), ': '] : null, message))));
  }

  function showJob(job) {
    let row = Z.$(`tr[data-job="${job.id}"]`, rows);
    if (!row) {
      row = Z.el('tr', { 'data-job': job.id },
        Z.el('td', null, titles[job.export] || job.title), Z.el('td', null, job.by),
        Z.el('td', null, Z.el('progress', { max: 1, value: 0 }), ' ', Z.el('span.job-count')),
        Z.el('td.job-file'));
      rows.prepend(row);
      Z.$('#jobs-empty').hidden = true;
    }
    row.dataset.state = job.state;
    const bar = Z.$('progress', row);
    bar.max = job.total || 1;
    bar.value = job.state === 'done' ? bar.max : job.done;
    Z.setText(Z.$('.job-count', row), job.total ? `${job.done}/${job.total}` : '');
    const cell = Z.$('.job-file', row);
    if (job.state === 'done') {
      Z.fill(cell, Z.el('a', { href: `/admin/exports/files/${job.id}` }, job.filename));
    } else if (job.state === 'failed') {
      Z.fill(cell, Z.el('span.text-error', null, job.error || Z.t('exports.failed')));
    } else {
      Z.fill(cell, Z.t('exports.running'));
    }
  }

  Z.connect('/control', { 'export.progress': showJob });

  Z.$$('.export-form').forEach((form) => {
    const error = Z.$('.form-error', form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.hidden = true;
      const options = {};
      new FormData(form).forEach((value, key) => {
        if (value !== '') options[key] = value;
      });
      Z.fetchJSON(`/api/exports/${form.dataset.export}`, { body: options }).then((res) => {
        if (res.ok) showJob(res.data);
        else showErrors(error, res.data);
      }).catch(() => showErrors(error, null));
    });
  });

  Z.$$('.template-form').forEach((form) => {
    const ok = Z.$('.form-ok', form);
    const error = Z.$('.form-error', form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      ok.hidden = true;
      error.hidden = true;
      const data = new FormData(form);
      const signatories = [0, 1, 2, 3].map((i) => ({
        title: data.get('title' + i) || '', name: data.get('name' + i) || '',
      })).filter((s) => s.title || s.name);
      const body = { accent: data.get('accent'), signatories };
      const file = data.get('logo_file');
      const logo = (file && file.size)
        ? fetch(`/api/print-templates/${form.dataset.kind}/logo`, {
          method: 'POST', body: (() => { const f = new FormData(); f.append('logo', file); return f; })(),
          credentials: 'same-origin',
          headers: { Accept: 'application/json', 'X-CSRF-Token': Z.csrfToken() },
        }).then((res) => res.json().catch(() => ({})).then((d) => ({ ok: res.ok, data: d })))
        : Promise.resolve({ ok: true, data: null });
      logo.then((res) => {
        if (!res.ok) return res;
        if (res.data) Z.setText(Z.$('.logo-name', form), res.data.logo);
        return Z.fetchJSON(`/api/print-templates/${form.dataset.kind}`, { body });
      }).then((res) => {
        if (res.ok) ok.hidden = false;
        else showErrors(error, res.data);
      }).catch(() => showErrors(error, null));
    });
  });

  const restore = Z.$('#restore-form');
  if (restore) {
    const ok = Z.$('.form-ok', restore);
    const error = Z.$('#restore-errors');
    restore.addEventListener('submit', (event) => {
      event.preventDefault();
      ok.hidden = true;
      error.hidden = true;
      if (!window.confirm(restore.dataset.confirm)) return;
      fetch('/admin/restore', {
        method: 'POST', body: new FormData(restore), credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRF-Token': Z.csrfToken() },
      }).then((res) => res.json().catch(() => ({})).then((data) => {
        if (res.ok) ok.hidden = false;
        else showErrors(error, data);
      })).catch(() => showErrors(error, null));
    });
  }

  const awards = Z.$('#ftc-awards-form');
  if (awards) {
    const ok = Z.$('.form-ok', awards);
    const error = Z.$('.form-error', awards);
    awards.addEventListener('submit', (event) => {
      event.preventDefault();
      ok.hidden = true;
      error.hidden = true;
      const body = {};
      Z.$$('[data-award]', awards).forEach((line) => {
        body[line.dataset.award] = Z.$$('input', line).map((i) => i.value.trim()).filter(Boolean);
      });
      Z.fetchJSON('/api/awards/ftc', { body }).then((res) => {
        if (res.ok) ok.hidden = false;
        else showErrors(error, res.data);
      }).catch(() => showErrors(error, null));
    });
  }
})();
