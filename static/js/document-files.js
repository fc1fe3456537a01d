// The PDFs of an enterprise account's documents, fetched after each pull so the enterprise can show a document
// with no network (the documents it was served on site, say, to a visitor or an auditor). No DOM here.
//
// Blobs in IndexedDB (the ``document_files`` store, store/pulled.js) like the hazards' thumbnails: a PDF lives
// exactly as long as its document is on the pull's list, and the service worker never keeps signed-in pages.
import { timeoutSignal } from './api.js';
import { documentFileHashes, listDocuments, putDocumentFile } from './store/pulled.js';

const PDF_TIMEOUT_MS = 60_000;

/** Fetch one document's PDF and keep it: true when stored, false when the network failed (stop for now). */
async function fetchDocument(doc) {
  let response;
  try {
    response = await fetch(doc.pdf_url, { credentials: 'same-origin', signal: timeoutSignal(PDF_TIMEOUT_MS) });
  } catch {
    return false;
  }
  // A sign-in page or an error body must never be kept as the document.
  if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('application/pdf')) {
    return response.status !== 401 && response.status < 500;
  }
  try {
    await putDocumentFile({ id: doc.id, sha256: doc.sha256, blob: await response.blob() });
    return true;
  } catch {
    return false; // the connection broke mid-body, or the phone's storage is full
  }
}

/** Fetch the PDFs the phone lacks, newest document first, one at a time (each is made on the server). */
export async function refreshDocumentFiles() {
  const stored = await documentFileHashes();
  for (const doc of await listDocuments()) {
    if (stored.get(doc.id) === doc.sha256) continue;
    if (!(await fetchDocument(doc))) return;
  }
}
