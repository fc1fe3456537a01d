// Small helpers without DOM or storage: identifiers, local times and dates.

/** A random UUID (v4); made on the phone, it is the record's identity and its idempotency key. */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const pad = (n) => String(Math.abs(n)).padStart(2, '0');

/** ISO 8601 in the phone's own time zone with its offset, as the contract wants: 2026-11-23T09:30:00+08:00. */
export function isoWithOffset(date = new Date()) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** The calendar date (YYYY-MM-DD) in the phone's time zone. */
export function localDate(date = new Date()) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local date ``days`` after ``from``. */
export function addDays(days, from = new Date()) {
  const date = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return localDate(date);
}

/** Run ``fn`` once ``ms`` after the last call; ``flush()`` runs a pending call now. */
export function debounce(fn, ms) {
  let timer = null;
  let pendingArgs = null;
  const debounced = (...args) => {
    pendingArgs = args;
    clearTimeout(timer);
    timer = setTimeout(() => debounced.flush(), ms);
  };
  debounced.flush = () => {
    clearTimeout(timer);
    timer = null;
    if (pendingArgs) {
      const args = pendingArgs;
      pendingArgs = null;
      return fn(...args);
    }
    return undefined;
  };
  return debounced;
}
