// Saving a hazard event from a sheet (re-check, rectification report): the same steps for every kind.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { enqueueHazardEvent } from '../outbox.js';
import { requestBackgroundSync, syncNow } from '../sync.js';
import { isoWithOffset } from '../util.js';

/**
 * Put the sheet's event in the outbox with its photos, then close the sheet and ask for a sync.
 * When the phone cannot store it, the sheet stays open with the reason: nothing typed is lost.
 * @param {object} sheet a sheet with user, hazard, enterpriseName, event (EventDraft), note, problems,
 *   saveButton, el, toast and onSaved
 * @param {object} fields the event document's own fields (type, photos, new_deadline, ...)
 * @param {string} savedMessage the toast once it is in the outbox
 */
export async function queueEventFromSheet(sheet, fields, savedMessage) {
  sheet.saveButton.disabled = true;
  const pairs = sheet.event.photoPairs();
  try {
    await enqueueHazardEvent({
      user: sheet.user,
      hazard: sheet.hazard,
      enterpriseName: sheet.enterpriseName,
      document: {
        uuid: sheet.event.draft.uuid, at: isoWithOffset(), note: sheet.note.value.trim(), ...fields,
        // Only when there are: an event without pairs stays the document it always was.
        ...(pairs.length ? { photo_pairs: pairs } : {}),
      },
      photos: sheet.event.photoRecords(),
    });
  } catch {
    replaceChildren(sheet.problems, h('li', { text: t('Could not save on this phone: the storage may be full.') }));
    sheet.saveButton.disabled = false;
    return;
  }
  sheet.el.close();
  sheet.toast(savedMessage);
  requestBackgroundSync();
  syncNow('queued');
  sheet.onSaved();
}
