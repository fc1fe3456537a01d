// Toasts: short notices at the bottom of the screen ("Ready to work offline", "Update available — reload").
import { h } from '../dom.js';
import { t } from '../i18n.js';

export class Toasts {
  constructor(el) {
    this.el = el;
  }

  /**
   * Show a message; with ``action`` a button ({label, run}) and the toast stays until it is used or put off with
   * "Later" (it sits over the screen's bottom buttons: an inspector mid-checklist must be able to go on first).
   * @returns {HTMLElement}
   */
  show(message, { action = null, kind = 'info', timeout = 4000 } = {}) {
    const toast = h('div', { class: ['toast', `toast-${kind}`], role: kind === 'error' ? 'alert' : 'status' },
      h('span', { text: message }));
    const close = () => toast.remove();
    if (action) {
      toast.append(
        h('button', { type: 'button', class: 'toast-later', on: { click: close } }, t('Later')),
        h('button', { type: 'button', class: 'toast-action', on: { click: () => { close(); action.run(); } } },
          action.label),
      );
    } else if (timeout) {
      setTimeout(close, timeout);
    }
    this.el.append(toast);
    return toast;
  }
}
