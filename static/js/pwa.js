// The service worker from the page's side: registration, "ready to work offline", and updates that wait
// for the inspector: a new version is only activated (and the page reloaded) when they tap the toast.

let reloading = false;
let updateRequested = false;

function watchInstalling(worker, announce) {
  worker.addEventListener('statechange', () => {
    // "installed" with a controller already in place means a new version waits behind the running one.
    if (worker.state === 'installed' && navigator.serviceWorker.controller) announce(worker);
  });
}

/**
 * Register /service_worker.js.
 * @param {{onUpdate: () => void, onOfflineReady: () => void, beforeReload: () => Promise<void>}} hooks
 */
export async function registerWorker({ onUpdate, onOfflineReady, beforeReload }) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', async () => {
    // The first install also takes control (clients.claim); only a requested update reloads.
    if (!updateRequested || reloading) {
      if (!hadController) onOfflineReady();
      return;
    }
    reloading = true;
    await beforeReload();
    window.location.reload();
  });
  const registration = await navigator.serviceWorker.register('/service_worker.js', { scope: '/' });
  // One toast per new version: the worker installing as registration resolves is often also the one
  // ``updatefound`` announces.
  const announced = new WeakSet();
  const announce = (worker) => {
    if (announced.has(worker)) return;
    announced.add(worker);
    onUpdate();
  };
  if (registration.waiting && hadController) announce(registration.waiting);
  if (registration.installing) watchInstalling(registration.installing, announce);
  registration.addEventListener('updatefound', () => watchInstalling(registration.installing, announce));
  // A phone keeps the app open for days: look for a new version now and then.
  setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  return registration;
}

/** The inspector tapped "reload": let the waiting worker take over; the page reloads when it has. */
export async function applyUpdate() {
  const registration = await navigator.serviceWorker.getRegistration('/');
  if (!registration || !registration.waiting) {
    window.location.reload();
    return;
  }
  updateRequested = true;
  registration.waiting.postMessage('skip-waiting');
}
