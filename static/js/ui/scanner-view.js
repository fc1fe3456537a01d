// The scanner screen: the rear camera reading enterprise QR labels, the torch, and typing the code by hand.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as scanner from '../scanner.js';
import { getEnterprise } from '../store/pulled.js';

export class ScannerScreen {
  constructor(ctx) {
    this.ctx = ctx;
    this.title = t('Scan QR code');
    this.video = h('video', { class: 'scanner-video', muted: true, playsinline: true, 'aria-label': t('Camera') });
    this.status = h('p', { class: 'scanner-status', role: 'status', text: t('Starting the camera…') });
    this.torch = h('button', {
      type: 'button', class: 'button torch', hidden: true, 'aria-pressed': 'false',
      on: { click: () => this.toggleTorch() },
    }, t('Torch'));
    this.code = h('input', { id: 'manual-code', autocomplete: 'off', autocapitalize: 'characters', required: true });
    this.handled = false;
    this.el = h('div', { class: 'screen scanner' },
      h('div', { class: 'scanner-frame' }, this.video, h('div', { class: 'scanner-aim', 'aria-hidden': 'true' })),
      this.status, this.torch,
      h('form', { class: 'card manual-entry', on: { submit: (event) => this.typed(event) } },
        h('label', { for: 'manual-code', text: t('No camera or no label? Type the enterprise code') }),
        h('div', { class: 'inline-form' }, this.code,
          h('button', { type: 'submit', class: 'button primary' }, t('Open')))));
  }

  async load() {
    try {
      await scanner.start(this.video, (text) => this.read(text));
      this.status.textContent = t('Point the camera at the enterprise’s QR label.');
      this.torch.hidden = !scanner.torchSupported();
    } catch (err) {
      this.status.textContent = err && err.name === 'NotAllowedError'
        ? t('The camera was not allowed. Type the code below, or allow the camera in the browser settings.')
        : t('No camera could be opened. Type the code below.');
      this.status.classList.add('warn');
    }
  }

  async read(text) {
    if (this.handled) return;
    const code = scanner.enterpriseCodeFrom(text);
    if (!code) {
      this.status.textContent = t('This QR code is not one of ours: %(text)s', { text: String(text).slice(0, 120) });
      this.status.classList.add('warn');
      return;
    }
    await this.open(code, 'qr');
  }

  async open(code, via) {
    // Typed codes come in any case; labels carry the code as stored.
    const enterprise = (await getEnterprise(code)) || (await getEnterprise(code.toUpperCase()));
    if (!enterprise) {
      this.status.textContent = t('Enterprise %(code)s is not in your area, or has not been downloaded to this phone yet.', { code });
      this.status.classList.add('warn');
      return;
    }
    this.handled = true;
    scanner.stop();
    this.ctx.go(`/app/enterprise/${encodeURIComponent(enterprise.code)}`, { state: { via } });
  }

  async typed(event) {
    event.preventDefault();
    const value = this.code.value.trim();
    if (value) await this.open(scanner.enterpriseCodeFrom(value) || value, 'manual');
  }

  async toggleTorch() {
    const on = this.torch.getAttribute('aria-pressed') !== 'true';
    try {
      await scanner.setTorch(on);
      this.torch.setAttribute('aria-pressed', String(on));
    } catch {
      this.torch.hidden = true;
    }
  }

  destroy() {
    scanner.stop();
  }
}
