// Messages: the server's gettext catalogue, sent as JSON (/app/i18n/<locale>.json, precached).
// Msgids are English, with %(name)s placeholders as in the Python code; pybabel extracts t('...') calls.
// The record vocabularies (kinds, levels, states…) come with them: /app/i18n/vocabulary.json gives the
// msgid of each value, written once in the server's vocabulary modules, and t() translates it.

export const LOCALES = ['zh_CN', 'en'];
export const DEFAULT_LOCALE = 'zh_CN';

const catalogues = {};
let current = DEFAULT_LOCALE;
let vocabularies = null;

async function fetchJson(url) {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** Load ``code``'s catalogue (from the service worker's cache when offline) and use it. */
export async function setLocale(code) {
  const wanted = LOCALES.includes(code) ? code : DEFAULT_LOCALE;
  // Neither reachable: the English msgids, and the values themselves for the vocabularies, show until the
  // next start.
  const [catalogue, vocabulary] = await Promise.all([
    catalogues[wanted] ? catalogues[wanted] : fetchJson(`/app/i18n/${wanted}.json`),
    vocabularies || fetchJson('/app/i18n/vocabulary.json'),
  ]);
  if (catalogue) catalogues[wanted] = catalogue;
  if (vocabulary) vocabularies = vocabulary;
  current = wanted;
  document.documentElement.lang = languageTag();
}

/** The current locale code (zh_CN, en). */
export function getLocale() {
  return current;
}

/** BCP 47 tag of the current locale, for Intl and the lang attribute. */
export function languageTag() {
  return current === 'zh_CN' ? 'zh-CN' : 'en';
}

/** The translation of ``msgid`` with ``%(name)s`` placeholders filled from ``params``. */
export function t(msgid, params) {
  const text = (catalogues[current] && catalogues[current][msgid]) || msgid;
  if (!params) return text;
  return text.replace(/%\((\w+)\)s/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** The msgid naming ``value`` in the record vocabulary ``name`` (hazard_status, inspection_kind…), or null. */
export function vocabularyMsgid(name, value) {
  const values = vocabularies && vocabularies[name];
  return (values && values[value]) || null;
}

/** A date and time for people, in the current language. */
export function formatDateTime(value) {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(languageTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar date (YYYY-MM-DD) for people. */
export function formatDate(value) {
  if (!value) return '';
  const [y, m, d] = value.split('-').map(Number);
  return new Intl.DateTimeFormat(languageTag(), { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

/** A byte count for people (storage usage). */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '?';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
