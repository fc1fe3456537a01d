// The field app: wires storage, sync, the service worker and the screens to the router.
import { csrfHeaders } from './api.js';
import { h, replaceChildren } from './dom.js';
import { DEFAULT_LOCALE, setLocale, t } from './i18n.js';
import { counts } from './outbox.js';
import { applyUpdate, registerWorker } from './pwa.js';
import { Router } from './router.js';
import { currentUser, signOut } from './session.js';
import { getMeta, setMeta } from './store/meta.js';
import { startSync, syncEvents, syncNow, syncState } from './sync.js';
import { SignInScreen } from './ui/signin.js';
import { askPersistence } from './ui/storage-health.js';
import { Toasts } from './ui/toasts.js';
import { TopBar } from './ui/topbar.js';

const ROUTES = [
  ['/app/', 'home'],
  ['/app/scan', 'scan'],
  ['/app/tasks', 'tasks'],
  ['/app/enterprise/:code', 'enterprise'],
  ['/app/inspect/:uuid', 'checklist'],
  ['/app/inspect/:uuid/finish', 'finish'],
  ['/app/outbox', 'outbox'],
  ['/app/settings', 'settings'],
  ['/app/signin', 'signin'],
  ['/e/:code', 'label'],
];
// Screens load when first opened: the first visit downloads only what the sign-in needs. The service
// worker precaches them all, so offline they come from its cache like everything else.
const SCREENS = {
  home: () => import('./ui/home.js').then((module) => module.HomeScreen),
  scan: () => import('./ui/scanner-view.js').then((module) => module.ScannerScreen),
  tasks: () => import('./ui/my-tasks.js').then((module) => module.TasksScreen),
  enterprise: () => import('./ui/enterprise.js').then((module) => module.EnterpriseScreen),
  checklist: () => import('./ui/checklist.js').then((module) => module.ChecklistScreen),
  finish: () => import('./ui/finish.js').then((module) => module.FinishScreen),
  outbox: () => import('./ui/outbox-view.js').then((module) => module.OutboxScreen),
  settings: () => import('./ui/settings.js').then((module) => module.SettingsScreen),
  account: () => import('./ui/enterprise-account.js').then((module) => module.EnterpriseAccountScreen),
};
// An enterprise account sees its own hazards and reports rectification; it has no scanner and no inspections,
// so these routes (a QR label opened with the phone's camera, say) show its own account instead.
const ENTERPRISE_ACCOUNT_ROUTES = new Set(['home', 'scan', 'tasks', 'enterprise', 'checklist', 'finish']);
// Screens where the inspector works on a draft: the tab bar gives way to the checklist's own buttons.
const DRAFT_SCREENS = new Set(['checklist', 'finish']);

class NotFoundScreen {
  constructor() {
    this.title = t('Not found');
    this.el = h('div', { class: 'screen' },
      h('p', { class: 'notice warn', text: t('This page does not exist in the app.') }),
      h('a', { href: '/app/', class: 'button block' }, t('Back to the start')));
  }
}

class App {
  constructor() {
    this.toasts = new Toasts(document.getElementById('toasts'));
    this.header = h('header', { class: 'topbar' });
    this.main = h('main', { class: 'main', id: 'main' });
    this.tabs = h('nav', { class: 'tabbar', 'aria-label': t('Main') });
    this.topbar = new TopBar(this.header, { onBack: () => this.router.back() });
    replaceChildren(document.getElementById('app'), this.header, this.main, this.tabs);
    this.router = new Router(ROUTES, (match) => this.render(match));
    this.screen = null;
    this.renderCount = 0;
    this.syncStarted = false;
    syncEvents.addEventListener('change', () => this.updateSyncBadge());
  }

  async start() {
    registerWorker({
      onUpdate: () => this.toasts.show(t('Update available — reload'), {
        action: { label: t('Reload'), run: () => this.reloadForUpdate() },
      }),
      onOfflineReady: () => this.toasts.show(t('Ready to work offline')),
      beforeReload: () => this.flushScreen(),
    }).catch(() => {
      // Without a worker the app still runs online; the home screen's storage card tells the rest.
    });
    this.renderTabs();
    this.router.dispatch();
    if (await currentUser()) this.startSyncOnce();
  }

  startSyncOnce() {
    if (this.syncStarted) return;
    this.syncStarted = true;
    startSync();
  }

  renderTabs(active = '') {
    const tab = (path, name, label) => h('a', { href: path, class: ['tab', active === name ? 'active' : ''],
      'aria-current': active === name ? 'page' : null }, label);
    const enterprise = this.user && this.user.role === 'enterprise';
    this.tabs.classList.toggle('tabs-3', enterprise);
    replaceChildren(this.tabs,
      tab('/app/', 'home', t('Home')), enterprise ? null : tab('/app/scan', 'scan', t('Scan')),
      tab('/app/outbox', 'outbox', t('Outbox')), tab('/app/settings', 'settings', t('Settings')));
  }

  async updateSyncBadge() {
    const user = await currentUser();
    if (!user) return;
    const { total, attention } = await counts(user.id);
    this.topbar.setSync({ phase: syncState().phase, pending: total, attention });
  }

  async makeScreen(match, user) {
    const query = new URLSearchParams(window.location.search);
    if (!user || match.name === 'signin') {
      return new SignInScreen(this, { previousUser: user, onSignedIn: () => this.signedIn(match) });
    }
    const name = user.role === 'enterprise' && ENTERPRISE_ACCOUNT_ROUTES.has(match.name) ? 'account' : match.name;
    const load = SCREENS[name];
    if (!load) return new NotFoundScreen();
    if (name === 'account') return new (await load())(this);
    const Screen = await load();
    switch (match.name) {
      case 'enterprise':
        return new Screen(this, { code: match.params.code, via: match.state.via, taskUuid: query.get('task') });
      case 'checklist': return new Screen(this, { uuid: match.params.uuid, itemId: query.get('item') });
      case 'finish': return new Screen(this, { uuid: match.params.uuid });
      default: return new Screen(this);
    }
  }

  async render(match) {
    const count = ++this.renderCount;
    if (match.name === 'label') {
      // A QR label opened by the phone's own camera: the enterprise, identified by QR.
      this.router.go(`/app/enterprise/${encodeURIComponent(match.params.code)}`, { replace: true, state: { via: 'qr' } });
      return;
    }
    await this.flushScreen();
    if (this.screen && this.screen.destroy) this.screen.destroy();
    this.screen = null;
    this.user = await currentUser();
    const screen = await this.makeScreen(match, this.user);
    if (count !== this.renderCount) {
      if (screen.destroy) screen.destroy();
      return;
    }
    this.screen = screen;
    const account = this.user && this.user.role === 'enterprise' && ENTERPRISE_ACCOUNT_ROUTES.has(match.name);
    const shown = account ? 'home' : match.name;
    this.routeName = this.user ? shown : 'signin';
    this.topbar.setScreen({ title: screen.title, canGoBack: this.user && shown !== 'home' });
    this.header.hidden = !this.user;
    this.tabs.hidden = !this.user || DRAFT_SCREENS.has(shown);
    this.renderTabs(shown);
    replaceChildren(this.main, screen.el);
    window.scrollTo(0, 0);
    if (screen.load) await screen.load();
    if (count !== this.renderCount && screen.destroy) screen.destroy();
    this.updateSyncBadge();
  }

  async flushScreen() {
    if (this.screen && this.screen.editor) await this.screen.editor.flush();
  }

  // --- what screens may ask of the app ----------------------------------------------------------

  go(path, options) {
    this.router.go(path, options);
  }

  setTitle(title) {
    this.topbar.setScreen({ title, canGoBack: this.routeName !== 'home' });
  }

  toast(message, kind = 'info') {
    this.toasts.show(message, { kind });
  }

  signInAgain() {
    const next = window.location.pathname + window.location.search;
    this.router.go(`/app/signin?next=${encodeURIComponent(next)}`);
  }

  async signedIn(match) {
    askPersistence();
    this.startSyncOnce();
    syncNow('signed-in');
    const next = new URLSearchParams(window.location.search).get('next');
    if (match.name === 'signin') this.router.go(next && next.startsWith('/app/') ? next : '/app/', { replace: true });
    else this.router.dispatch();
  }

  async signOut() {
    await signOut();
    this.router.go('/app/', { replace: true });
  }

  async changeLocale(code) {
    await setLocale(code);
    await setMeta('locale', code);
    // The server answers errors in the session's language too; best effort, offline it is set next time.
    fetch(`/locale/${code}`, { method: 'POST', headers: csrfHeaders(), redirect: 'manual', credentials: 'same-origin' })
      .catch(() => {});
    this.topbar = new TopBar(this.header, { onBack: () => this.router.back() });
    this.tabs.setAttribute('aria-label', t('Main'));
    this.router.dispatch();
  }

  async reloadForUpdate() {
    await this.flushScreen();
    await applyUpdate();
  }
}

async function boot() {
  try {
    await setLocale((await getMeta('locale')) || DEFAULT_LOCALE);
  } catch {
    await setLocale(DEFAULT_LOCALE);
  }
  await new App().start();
}

boot().catch((err) => {
  replaceChildren(document.getElementById('app'), h('p', { class: 'notice warn boot', role: 'alert' },
    t('The app could not start: %(message)s', { message: err && err.message ? err.message : String(err) })));
});
