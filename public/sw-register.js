// Registers the offline service worker (served builds only; the single file has none) and shows
// a notice when this visit runs a newer build than the last one: updates apply on the next visit,
// never mid-edit.
(function () {
  const meta = document.querySelector('meta[name="erdsmith-build"]');
  const build = meta && meta.content;
  if (!build || !('serviceWorker' in navigator) || !location.protocol.startsWith('http')) return;
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker:', e.message));
  let previous = null;
  try {
    previous = localStorage.getItem('erdsmith-build');
    localStorage.setItem('erdsmith-build', build);
  } catch (_) {
    return; // storage disabled: no notice, the app still works
  }
  if (previous && previous !== build) {
    const show = () => {
      const note = document.createElement('div');
      note.className = 'update-notice';
      note.setAttribute('role', 'status');
      note.dataset.testid = 'update-notice';
      note.textContent = 'erdsmith was updated to a new version. Your work is kept.';
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'OK';
      close.setAttribute('aria-label', 'Dismiss update notice');
      close.addEventListener('click', () => note.remove());
      note.appendChild(close);
      document.body.appendChild(note);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }
})();
