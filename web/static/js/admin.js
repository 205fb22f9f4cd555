/*
 * Event setup page: asks before replacing an existing schedule, and prints the join codes
 * (the print stylesheet shows only the QR cards).
 */
(function () {
  'use strict';

  const Z = window.Zharys;

  const scheduleForm = Z.$('#schedule-form');
  if (scheduleForm) {
    // Default start: the next full hour today, so the common case needs no typing.
    const start = Z.$('input[name=start]', scheduleForm);
    if (start && !start.value) {
      const d = new Date();
      d.setHours(d.getHours() + 1, 0, 0, 0);
      const pad = (n) => String(n).padStart(2, '0');
      start.value = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':00';
    }
    scheduleForm.addEventListener('submit', (event) => {
      if (scheduleForm.dataset.hasSchedule === '1' && !window.confirm(Z.t('admin.confirm_replace'))) {
        event.preventDefault();
      }
    });
  }

  // Field sensors: the counter channels' mapping, saved as JSON; row errors listed below.
  const channelsForm = Z.$('#channels-form');
  if (channelsForm) {
    const text = Z.$('#channels-json', channelsForm);
    const ok = Z.$('#channels-ok', channelsForm);
    const errors = Z.$('#channels-errors', channelsForm);
    const showErrors = (list) => {
      errors.hidden = !list.length;
      Z.fill(errors, Z.el('ul.error-list', null, list.map(([where, message]) =>
        Z.el('li', null, where ? [Z.el('code', null, where), ': '] : null, message))));
    };
    channelsForm.addEventListener('submit', (event) => {
      event.preventDefault();
      ok.hidden = true;
      let channels;
      try {
        channels = JSON.parse(text.value || '{}');
      } catch (err) {
        showErrors([['', Z.t('admin.bad_json', { error: err.message })]]);
        return;
      }
      Z.fetchJSON('/api/devices/channels', { body: { channels } })
        .then((res) => {
          if (res.ok) {
            showErrors([]);
            text.value = JSON.stringify(res.data.channels || {}, null, 2);
            ok.textContent = Z.t('admin.channels_saved');
            ok.hidden = false;
          } else {
            const list = (res.data && res.data.errors) || [];
            showErrors(list.length ? list : [['', (res.data && res.data.error) || Z.t('admin.refused')]]);
          }
        })
        .catch(() => showErrors([['', Z.t('admin.refused')]]));
    });
  }

  const print = Z.$('#print-codes');
  if (print) {
    print.addEventListener('click', () => {
      document.body.classList.add('printing-codes');
      window.print();
      document.body.classList.remove('printing-codes');
    });
  }
})();
