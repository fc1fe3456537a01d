// Document numbers on this phone (safety/documents/blocks.py on the server): the blocks the last pull reserved
// for it, the numbers it has given on documents, and its own id, all in the ``meta`` store. A number is given in
// one transaction that reads both lists, so two tabs never give the same one.
import { database } from '../db.js';
import { uuid } from '../util.js';

const BLOCKS = 'number_blocks';
const GIVEN = 'numbers_given';
const DEVICE = 'device';

/**
 * @typedef {Object} GivenNumber
 * @property {string} type  inspection_record | rectification_order | onsite_measures
 * @property {number} year
 * @property {number} number
 * @property {string} owner  The draft whose document carries it.
 * @property {'pending'|'sent'} state  Sent once the server stored the document.
 */

/** This phone's random id, made once: the server reserves its blocks for it. */
export async function deviceId() {
  const db = await database();
  const tx = db.transaction('meta', 'readwrite');
  let device = await tx.store.get(DEVICE);
  if (!device) {
    device = uuid();
    await tx.store.put(device, DEVICE);
  }
  await tx.done;
  return device;
}

/** The next free number of ``type`` for ``owner``'s document, or null when the block has run out. */
export async function takeNumber(type, owner) {
  const db = await database();
  const tx = db.transaction('meta', 'readwrite');
  const blocks = (await tx.store.get(BLOCKS)) || [];
  const given = (await tx.store.get(GIVEN)) || [];
  const taken = new Set(given.filter((entry) => entry.type === type).map((entry) => `${entry.year}:${entry.number}`));
  let found = null;
  for (const block of blocks.filter((b) => b.type === type)) {
    const number = block.numbers.find((n) => !taken.has(`${block.year}:${n}`));
    if (number !== undefined) {
      // The office's prefix for the type travels with the number, so the phone prints it as the paper does.
      found = { type, year: block.year, number, prefix: block.prefix || '', office: block.office || '' };
      break;
    }
  }
  if (found) await tx.store.put([...given, { type, year: found.year, number: found.number, owner, state: 'pending' }], GIVEN);
  await tx.done;
  return found;
}

/** How many numbers of each type this phone can still give: ``{type: count}``. */
export async function numbersLeft() {
  const db = await database();
  const blocks = (await db.get('meta', BLOCKS)) || [];
  const given = new Set(((await db.get('meta', GIVEN)) || []).map((e) => `${e.type}:${e.year}:${e.number}`));
  const left = {};
  for (const block of blocks) {
    left[block.type] = (left[block.type] || 0)
      + block.numbers.filter((n) => !given.has(`${block.type}:${block.year}:${n}`)).length;
  }
  return left;
}

/** ``owner``'s documents will not be sent (the draft was discarded): its numbers are released at the next pull. */
export async function forgetNumbersOf(owner) {
  await changeGiven((given) => withoutUnsent(given, owner));
}

/** The same inside the caller's transaction (``meta`` store), when the record goes in the same one. */
export async function forgetNumbersIn(meta, owner) {
  await meta.put(withoutUnsent((await meta.get(GIVEN)) || [], owner), GIVEN);
}

function withoutUnsent(given, owner) {
  return given.filter((entry) => entry.owner !== owner || entry.state === 'sent');
}

/** The server stored the document with this number. */
export async function markNumberSent({ type, year, number }) {
  await changeGiven((given) => given.map((entry) => (entry.type === type && entry.year === year
    && entry.number === number ? { ...entry, state: 'sent' } : entry)));
}

async function changeGiven(change) {
  const db = await database();
  const tx = db.transaction('meta', 'readwrite');
  await tx.store.put(change((await tx.store.get(GIVEN)) || []), GIVEN);
  await tx.done;
}

/** The pull's ``pending``: numbers given on documents the server does not have yet (type:year:number,…). */
export async function pendingNumbers() {
  const given = (await (await database()).get('meta', GIVEN)) || [];
  return given.filter((entry) => entry.state === 'pending').map((e) => `${e.type}:${e.year}:${e.number}`).join(',');
}

/**
 * Keep the pull's blocks, inside its transaction (``meta`` store). A sent number leaves the list once no block
 * holds it any more: until then it must stay given.
 */
export async function applyNumberBlocks(meta, blocks) {
  if (!blocks) return;
  await meta.put(blocks, BLOCKS);
  const held = new Set(blocks.flatMap((block) => block.numbers.map((n) => `${block.type}:${block.year}:${n}`)));
  const given = (await meta.get(GIVEN)) || [];
  await meta.put(given.filter((e) => e.state === 'pending' || held.has(`${e.type}:${e.year}:${e.number}`)), GIVEN);
}
