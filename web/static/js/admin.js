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

  const print = Z.$('#print-codes');
  if (print) {
    print.addEventListener('click', () => {
      document.body.classList.add('printing-codes');
      window.print();
      document.body.classList.remove('printing-codes');
    });
  }
})();
