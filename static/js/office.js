// Small behaviours of the back office. No inline scripts: the Content-Security-Policy forbids them.

// Buttons and links with data-confirm ask before acting (deactivating a user, importing).
document.addEventListener('click', (event) => {
  const target = event.target.closest('[data-confirm]');
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// Selects with data-autosubmit submit their filter form when changed.
document.addEventListener('change', (event) => {
  if (event.target.matches('[data-autosubmit]')) {
    event.target.form.requestSubmit();
  }
});

// Buttons with data-print open the print dialog (label sheets, notices).
document.addEventListener('click', (event) => {
  if (event.target.closest('[data-print]')) {
    window.print();
  }
});

if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/service_worker.js', { scope: '/' }).catch(() => {
    // The back office works without it; only the offline shell is lost.
  });
}
