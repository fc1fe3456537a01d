// The ``meta`` store: a handful of named values (pull cursor, last sync, signed-in user, locale, sent history).
import { database } from '../db.js';

export async function getMeta(key) {
  return (await database()).get('meta', key);
}

export async function setMeta(key, value) {
  return (await database()).put('meta', value, key);
}

export async function deleteMeta(key) {
  return (await database()).delete('meta', key);
}
