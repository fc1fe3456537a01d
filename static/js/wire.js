// The records that cross the wire between the field app and the server (DESIGN.md, "Sync protocol").
// Types only: modules refer to them as import('./wire.js').Name in JSDoc.

/**
 * @typedef {Object} Enterprise  One enterprise in the user's scope, as `pull` sends it.
 * @property {string} code  The QR payload: <origin>/e/<code>.
 * @property {string} name
 * @property {string} sector
 * @property {string} [sector_label]
 * @property {string} supervision_class  A–D (分级分类监管).
 * @property {string|null} grid  The grid's code (网格).
 * @property {string} [address]
 * @property {string} [contact_person]
 * @property {string} [contact_phone]
 * @property {string} [uscc]  统一社会信用代码.
 */

/**
 * @typedef {Object} TemplateItem
 * @property {string} id  The item's key, stable across template versions.
 * @property {string} prompt
 * @property {string} guidance
 * @property {string} basis  依据: the law or standard.
 * @property {'pass_fail'|'number'|'text'} kind
 * @property {boolean} photo_required_on_fail
 */

/**
 * @typedef {Object} TemplateVersion  One frozen version of a checklist template.
 * @property {number} id  The template's id (the same for all its versions).
 * @property {number} version
 * @property {string} name
 * @property {{title: string, items: TemplateItem[]}[]} sections
 */

/**
 * @typedef {Object} PhotoRef  A photo the server holds, as pull and the hazard API name it.
 * @property {string} uuid
 * @property {string} purpose
 * @property {string} thumb_url  /photos/<uuid>/thumb.jpg (signed in).
 * @property {string} [display_url]  In the hazard API's answer; pull leaves it out, as the next two.
 * @property {string} [sha256]
 * @property {string|null} [taken_at]
 */

/**
 * @typedef {Object} Hazard  An unclosed hazard at an enterprise in scope (for look-back re-checks).
 * @property {string} uuid
 * @property {string} enterprise_code
 * @property {'open'|'rectified'|'pending_verification'} status
 * @property {'general'|'major'} level
 * @property {string} description
 * @property {string|null} deadline  YYYY-MM-DD (整改期限).
 * @property {string} [enterprise_name]
 * @property {string|null} [number]  The readable number (YH-2026-000123).
 * @property {string} [responsible_person]  三定: who.
 * @property {string} [measures]  三定: how.
 * @property {string|null} [found_at]
 * @property {string|null} [found_by]
 * @property {boolean} [escalated]
 * @property {boolean} [recurring]
 * @property {number} [failed_recheck_count]
 * @property {PhotoRef[]} [photos]  Evidence: found, rectification and re-check photos.
 * @property {{type: string, note: string, actor: string, applied: boolean}|null} [last_event]
 */

/**
 * @typedef {Object} HazardEventDocument  `POST /api/v1/hazards/<uuid>/events`, idempotent by `uuid`.
 * @property {string} uuid
 * @property {'rectification_reported'|'recheck_passed'|'recheck_failed'} type  What the phone sends.
 * @property {string} at  ISO 8601 with offset, the phone's clock.
 * @property {string} note
 * @property {string[]} photos  Photo UUIDs, uploaded before the event.
 * @property {string|null} new_deadline  YYYY-MM-DD; required by recheck_failed.
 * @property {string} [signed_by]  Who signs (who rectified).
 * @property {string|null} [signature]  Photo UUID of the signature drawn on the phone.
 */

/**
 * @typedef {Object} PullResponse  `GET /api/v1/sync/pull?since=CURSOR`.
 * @property {string} cursor
 * @property {boolean} full  True: the lists are everything in scope and replace what the phone holds.
 * @property {Enterprise[]} enterprises
 * @property {TemplateVersion[]} templates
 * @property {Hazard[]} hazards
 * @property {{uuid: string, review_state: string, review_comment: string}[]} [inspections]
 * @property {ReturnedInspection[]} [returned]  The user's own inspections returned for amendment.
 * @property {{enterprises: string[], templates: number[], hazards: string[], returned: string[]}} [removed]
 */

/**
 * @typedef {Object} ReturnedInspection  An inspection as `GET /api/v1/inspections/<uuid>` answers it, plus:
 * @property {string} enterprise_name
 * @property {string} template_name
 * @property {{uuid: string, purpose: string|null, thumb_url: string, display_url: string}[]} photos
 *   Every photo and signature the document names, to fetch for amending offline.
 */

/**
 * @typedef {Object} AnswerDocument
 * @property {string} item_id
 * @property {'pass'|'fail'|'na'|null} result
 * @property {string|null} value  Number and text items.
 * @property {string} note
 * @property {string[]} photos  Photo UUIDs, uploaded before the inspection.
 */

/**
 * @typedef {Object} HazardDocument  A hazard found by the inspection (一一记录).
 * @property {string} uuid
 * @property {string} item_id
 * @property {string} description
 * @property {'general'|'major'} level
 * @property {'on_the_spot'|'deadline'} mode  现场整改 / 限期整改.
 * @property {string} responsible_person
 * @property {string} measures
 * @property {string|null} deadline  YYYY-MM-DD.
 * @property {string[]} photos
 * @property {string[]} rectification_photos
 */

/**
 * @typedef {Object} InspectionDocument  `POST /api/v1/inspections`, idempotent by `uuid`.
 * @property {string} uuid
 * @property {string} enterprise_code
 * @property {number} template_id
 * @property {number} template_version
 * @property {'routine'|'campaign'|'lookback'|'unannounced'|'restart'} kind
 * @property {string} started_at  ISO 8601 with offset, the phone's clock.
 * @property {string} finished_at
 * @property {'qr'|'manual'} identified_by
 * @property {{lat: number, lng: number, accuracy_m: number}|null} location
 * @property {AnswerDocument[]} answers
 * @property {HazardDocument[]} hazards
 * @property {string} notes
 * @property {{inspector: string|null, representative: string|null, representative_name: string,
 *             representative_signed_sha256?: string, representative_absent_reason?: string}} signatures
 *   The two signatures as photo UUIDs (PNG), who signed for the enterprise, the fingerprint of what they signed
 *   (signed-content.js), or why the enterprise did not sign an amendment.
 * @property {string} [revision_of]  The returned inspection this one amends (revision.js).
 */

/**
 * @typedef {Object} ApiErrorBody  Every error answer: `{"error": {...}}`.
 * @property {{code: string, message: string, field: string|null}} error
 */

export {};
