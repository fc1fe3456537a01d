// The phone's storage: the only module that opens IndexedDB (through the vendored idb). It declares the schema;
// the functions that read and write each store live beside it in store/ (meta, pulled, drafts, outbox).
// Everything an inspector records lands here first; the server gets it from the outbox later.
import { openDB, unwrap } from '/static/vendor/idb/index.js';

const NAME = 'safety-field';
/** Writes an inspector cannot redo (drafts, the outbox, photos) wait until the data is on disk. */
export const STRICT = { durability: 'strict' };

// One step per schema version: a phone on version n runs steps n … latest, in order, in one upgrade.
const UPGRADES = [
  (db) => {
    // meta: a handful of named values (pull cursor, last sync, signed-in user, locale): the name is the key.
    db.createObjectStore('meta');
    // enterprises: pull updates and removes them by code, and a scanned QR label gives the code.
    db.createObjectStore('enterprises', { keyPath: 'code' });
    // templates: a draft pins the version it started on, so a newer version of the same
    // template must live beside it: the key is [template id, version].
    const templates = db.createObjectStore('templates', { keyPath: ['id', 'version'] });
    templates.createIndex('id', 'id');
    // hazards: made with a UUID (on a phone or the server), which is how pull names them.
    const hazards = db.createObjectStore('hazards', { keyPath: 'uuid' });
    hazards.createIndex('enterprise_code', 'enterprise_code');
    // drafts: the inspection's own UUID, the one the server will store it under.
    db.createObjectStore('drafts', { keyPath: 'uuid' });
    // outbox: one record per inspection, keyed by the inspection's UUID, so finishing a draft
    // again replaces its record instead of queueing a second copy.
    const outbox = db.createObjectStore('outbox', { keyPath: 'uuid' });
    outbox.createIndex('queued_at', 'queued_at');
    // photos: the UUID the server stores the photo under (a re-sent upload is recognised by it);
    // Blobs in their own store keep drafts small; ``owner`` is the draft they belong to.
    const photos = db.createObjectStore('photos', { keyPath: 'uuid' });
    photos.createIndex('owner', 'owner');
  },
  (db, tx) => {
    // thumbs: evidence thumbnails of the hazards on the phone (for the look-back list offline), keyed by
    // the photo's UUID, as pull names them; ``hazard_uuid`` finds them when their hazard leaves the phone.
    const thumbs = db.createObjectStore('thumbs', { keyPath: 'uuid' });
    thumbs.createIndex('hazard_uuid', 'hazard_uuid');
    // Hazard events (re-checks, rectification reports) wait in the outbox beside inspections, keyed by the
    // event's UUID; the look-back list finds the ones waiting for a hazard by its UUID.
    tx.objectStore('outbox').createIndex('hazard_uuid', 'hazard_uuid');
  },
  (db) => {
    // tasks: the inspector's campaign tasks, made on the server with a UUID, which is how pull updates and
    // removes them; "my tasks" reads them all (a few hundred at most) and sorts in memory.
    db.createObjectStore('tasks', { keyPath: 'uuid' });
  },
  (db) => {
    // returned: the user's inspections the reviewer returned, as pull delivers them (to any phone the user signs
    // in on), keyed by the inspection's UUID, which is how pull updates and removes them.
    db.createObjectStore('returned', { keyPath: 'uuid' });
    // returned_photos: their photos and signatures, fetched after the pull so the amendment can be made with no
    // network; keyed by the photo's UUID, and ``inspection_uuid`` finds them when their inspection leaves.
    const photos = db.createObjectStore('returned_photos', { keyPath: 'uuid' });
    photos.createIndex('inspection_uuid', 'inspection_uuid');
  },
  (db) => {
    // document_files: the PDFs of an enterprise account's documents (the pull's ``documents``), keyed by the
    // document's id, as the list names them; kept with the ``sha256`` of the document they print.
    db.createObjectStore('document_files', { keyPath: 'id' });
  },
];

let opening = null;

// WebKit (every browser on an iPhone) freezes a page that enters the back/forward cache with an IndexedDB
// transaction still running (a sync's pull, a draft being saved): the transaction never commits nor aborts, and
// every later transaction on its stores, in the page the inspector went on to, waits behind it until the cached
// page is evicted. So the app keeps its unfinished transactions and, when the page is hidden into that cache,
// aborts them and closes the connection: what they were writing is redone (a pull, a thumbnail: the sync runs
// again when the page is shown) or was saved by an earlier write (a draft is saved whole at each change). A write
// asked for while the page is in the cache (the editor saving the last keystrokes as the page hides) waits until
// the page is shown again.
const unfinished = new Set();
let shownAgain = null;

function keepUnfinished(db) {
  const connection = unwrap(db);
  const transaction = connection.transaction;
  connection.transaction = function tracked(...args) {
    const tx = transaction.apply(this, args);
    unfinished.add(tx);
    const finished = () => unfinished.delete(tx);
    tx.addEventListener('complete', finished);
    tx.addEventListener('abort', finished);
    return tx;
  };
  return db;
}

function releaseForBackForwardCache() {
  let show;
  shownAgain = new Promise((resolve) => { show = resolve; });
  shownAgain.show = show;
  for (const tx of unfinished) {
    try {
      tx.abort();
    } catch {
      // Finished meanwhile: nothing to release.
    }
  }
  unfinished.clear();
  if (opening) {
    const closing = opening;
    opening = null;
    closing.then((db) => db.close(), () => {});
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) releaseForBackForwardCache();
  });
  window.addEventListener('pageshow', () => {
    if (!shownAgain) return;
    shownAgain.show();
    shownAgain = null;
  });
}

/** The open database (opened once per page). */
export function database() {
  if (shownAgain) return shownAgain.then(database);
  if (!opening) {
    opening = openDB(NAME, UPGRADES.length, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let version = oldVersion; version < UPGRADES.length; version += 1) UPGRADES[version](db, tx);
      },
      blocking(_current, _blocked, event) {
        // A newer app version in another tab needs to upgrade: let it; this page reopens on next use.
        event.target.close();
        opening = null;
      },
      terminated() {
        opening = null;
      },
    }).then(keepUnfinished);
  }
  return opening;
}

// WebKit refuses Blobs in IndexedDB in a private-browsing (ephemeral) session: the put fails with
// "UnknownError: Error preparing Blob/File data to be stored in object store". There an image is kept as its
// bytes (``blob_bytes``, ``blob_type``) and is a Blob again when read. Found out once, with a write that is undone.
let blobsStorable = null;

function canStoreBlobs(db) {
  if (!blobsStorable) {
    blobsStorable = (async () => {
      const tx = db.transaction('meta', 'readwrite');
      tx.done.catch(() => {}); // aborted either way
      try {
        await tx.store.put(new Blob(['probe'], { type: 'text/plain' }), 'blob_probe');
      } catch {
        return false;
      }
      try {
        tx.abort();
      } catch {
        // Already committed: the leftover probe value is harmless.
      }
      return true;
    })();
    // A probe that could not run (the connection closing under it) is tried again on the next photo.
    blobsStorable.catch(() => { blobsStorable = null; });
  }
  return blobsStorable;
}

/** ``record`` (a photo or a thumbnail) as this browser can store it; call before opening the transaction. */
export async function storable(db, record) {
  if (!(record.blob instanceof Blob) || await canStoreBlobs(db)) return record;
  const { blob, ...rest } = record;
  return { ...rest, blob_bytes: await blob.arrayBuffer(), blob_type: blob.type };
}

/** A stored photo or thumbnail with its ``blob``, however it was stored. */
export function withBlob(record) {
  if (!record || !record.blob_bytes) return record;
  const { blob_bytes: bytes, blob_type: type, ...rest } = record;
  return { ...rest, blob: new Blob([bytes], { type }) };
}
