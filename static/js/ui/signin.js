// Sign-in through the session API. Needed once (and again when the session expires);
// afterwards the phone keeps working offline as the last signed-in user.
import { h } from '../dom.js';
import { formatWait, t } from '../i18n.js';
import { signIn } from '../session.js';

export class SignInScreen {
  /** @param {{previousUser: object|null, onSignedIn: (user: object) => void}} options */
  constructor(_ctx, { previousUser, onSignedIn }) {
    this.title = t('Sign in');
    this.onSignedIn = onSignedIn;
    this.error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    this.username = h('input', {
      id: 'signin-username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none',
      value: previousUser ? previousUser.username : '',
    });
    this.password = h('input', {
      id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    });
    this.submit = h('button', { type: 'submit', class: 'button primary block' }, t('Sign in'));
    const intro = previousUser
      ? t('Your session has ended. Sign in again to send your records; nothing on this phone is lost.')
      : t('Sign in once with a network connection; afterwards the app also works offline.');
    this.el = h('form', { class: 'screen signin', on: { submit: (event) => this.send(event) } },
      h('div', { class: 'signin-brand' },
        h('img', { src: '/static/img/icon-192.png', alt: '', width: 72, height: 72 }),
        h('h2', { text: t('Safety inspections') })),
      h('p', { class: 'muted', text: intro }),
      h('label', { for: 'signin-username', text: t('Username') }), this.username,
      h('label', { for: 'signin-password', text: t('Password') }), this.password,
      this.error, this.submit);
  }

  async send(event) {
    event.preventDefault();
    this.error.hidden = true;
    this.submit.disabled = true;
    try {
      const user = await signIn(this.username.value.trim(), this.password.value);
      this.onSignedIn(user);
    } catch (err) {
      this.error.textContent = failureMessage(err);
      this.error.hidden = false;
      this.submit.disabled = false;
    }
  }
}

function failureMessage(err) {
  if (err.status === 0) return t('No network connection: signing in needs one. Try again when you are online.');
  // Too many failed sign-ins: the wait comes from Retry-After and is said in the app's own language.
  if (err.status === 429 && err.retryAfterMs > 0) {
    return t('Too many failed sign-ins. Please try again in %(wait)s.', { wait: formatWait(err.retryAfterMs / 1000) });
  }
  return err.message;
}
