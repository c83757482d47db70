/* mc-store.h: the kiosk's SQLite store; for now the outbox of finalized dossiers.
 *
 * The outbox is the source of truth: a dossier is committed here (WAL, synchronous
 * FULL) before the citizen is told "submitted". One McStore per thread: the UI and
 * the sync worker each open their own on the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_STORE_ERROR (mc_store_error_quark ())
typedef enum {
  MC_STORE_ERROR_OPEN,      /* cannot open or create the database */
  MC_STORE_ERROR_CORRUPT,   /* integrity check failed / not our database */
  MC_STORE_ERROR_TOO_NEW,   /* schema newer than this build knows */
  MC_STORE_ERROR_FULL,      /* disk full (SQLITE_FULL / ENOSPC) */
  MC_STORE_ERROR_IO,        /* any other SQLite failure */
  MC_STORE_ERROR_NOT_FOUND,
  MC_STORE_ERROR_TOO_LARGE, /* above the portal's advertised size limits */
  MC_STORE_ERROR_DAMAGED,   /* an attachment file is missing or altered on disk */
  MC_STORE_ERROR_CANCELLED, /* the clerk cancelled this dossier: never sent */
  MC_STORE_ERROR_EXISTS,    /* mc_store_import_entry(): that idempotency key is here */
  MC_STORE_ERROR_STATE,     /* the dossier is not in a state that allows this */
} McStoreError;
GQuark mc_store_error_quark (void);

typedef enum {
  MC_OUTBOX_QUEUED,     /* waiting for its (next) attempt */
  MC_OUTBOX_SENDING,    /* an attempt is under way (or was, when the process died) */
  MC_OUTBOX_DELIVERED,  /* the portal's receipt is stored */
  MC_OUTBOX_REJECTED,   /* quarantined: the portal refused it for good, or one of
                         * its attachments is damaged on disk; kept, with the
                         * reason, until the clerk retries it */
} McOutboxState;

const char *mc_outbox_state_to_string (McOutboxState state); /* "queued", … */

typedef struct {
  gint64         id;
  char          *local_number;     /* provisional receipt number, "DEMO-261123-0001" */
  char          *idempotency_key;  /* UUID, fixed at finalization */
  char          *procedure_code;
  char          *payload;          /* the JSON body sent to the portal */
  McOutboxState  state;
  guint          attempts;
  gint64         created_at;       /* unix seconds */
  gint64         next_attempt_at;  /* unix seconds */
  char          *last_error;       /* nullable */
  char          *dossier_code;     /* nullable until delivered */
  char          *tracking_url;     /* nullable */
  gint64         delivered_at;     /* 0 until delivered */
  /* Clerk mode (schema 3): */
  gboolean       assisted;         /* a clerk submitted it on the citizen's behalf */
  gint64         cancelled_at;     /* 0, or when the clerk cancelled it: then state
                                    * is MC_OUTBOX_REJECTED and it is never sent */
  char          *cancel_reason;    /* nullable: the clerk's reason */
  gint64         exported_at;      /* 0, or when it last went into a bundle
                                    * (mc-bundle.h); it stays deliverable */
  gint64         purged_at;        /* 0, or when its personal data was removed
                                    * (mc_store_purge()) */
} McOutboxEntry;

void mc_outbox_entry_free (McOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOutboxEntry, mc_outbox_entry_free)

/* An attachment of an outbox entry: a file copied into
 * <data_dir>/attachments/<idempotency key>/<client key> when the dossier was
 * finalized, and its tus upload (docs/portal-protocol.md). */
typedef enum {
  MC_ATTACHMENT_PENDING,    /* no upload created at the portal yet */
  MC_ATTACHMENT_UPLOADING,  /* created: upload_url set, offset confirmed so far */
  MC_ATTACHMENT_UPLOADED,   /* the portal confirmed every byte */
  MC_ATTACHMENT_DAMAGED,    /* the file on disk no longer matches: never sent */
} McAttachmentState;

const char *mc_attachment_state_to_string (McAttachmentState state); /* "pending", … */

typedef struct {
  gint64             id;
  gint64             entry_id;
  guint              position;      /* order in the dossier's "attachments" */
  char              *client_key;    /* UUID: the tus "key" metadata */
  char              *document;      /* which required document it is */
  char              *filename;      /* as shown and sent, not the file on disk */
  char              *content_type;
  char              *path;          /* absolute path of the stored copy */
  gint64             size;
  char              *sha256;        /* lowercase hex */
  char              *upload_url;    /* nullable: the upload's Location */
  gint64             offset;        /* bytes the portal confirmed */
  McAttachmentState  state;
} McAttachment;

void mc_attachment_free (McAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAttachment, mc_attachment_free)

/* The upload id: the last path segment of @attachment's upload_url, or NULL. */
char *mc_attachment_get_upload_id (const McAttachment *attachment);

/* What the kiosk hands to mc_store_enqueue_with_attachments(): a file, by
 * @source_path or by @bytes (exactly one of them). */
typedef struct {
  const char *source_path;   /* nullable */
  GBytes     *bytes;         /* nullable */
  const char *document;
  const char *filename;
  const char *content_type;  /* "application/pdf", "image/jpeg" */
} McAttachmentSpec;

typedef struct _McStore McStore;

/* Opens (creating with mode 0700) @data_dir and its kiosk.db (mode 0600),
 * migrating the schema. */
McStore       *mc_store_open              (const char    *data_dir,
                                           GError       **error);
void           mc_store_close             (McStore       *self);
const char    *mc_store_get_data_dir      (McStore       *self);

/* Finalizes a dossier into the outbox: fixes its idempotency key and local
 * number (<kiosk_id>-<yymmdd>-<4-digit daily sequence>), adds the "client" object
 * to @payload_json, commits. Returns the new entry. */
McOutboxEntry *mc_store_enqueue           (McStore       *self,
                                           const char    *kiosk_id,
                                           const char    *procedure_code,
                                           const char    *payload_json,
                                           GError       **error);
/* The same with attachments (a GPtrArray of McAttachmentSpec*, may be NULL or
 * empty): each file is copied into the data folder first (temporary file,
 * fsync, rename, folder fsync; mode 0600), its SHA-256 and size computed on the
 * way, then the entry and its attachment rows are committed in one transaction,
 * and the payload's "attachments" array lists them (document, filename,
 * content_type, sha256, size; the upload ids are added when they are known).
 * On any failure nothing is left behind: no row, no file. Out of room
 * (ENOSPC, EDQUOT, EFBIG) is MC_STORE_ERROR_FULL; beyond the portal's last
 * advertised limits, MC_STORE_ERROR_TOO_LARGE. */
McOutboxEntry *mc_store_enqueue_with_attachments (McStore     *self,
                                                  const char  *kiosk_id,
                                                  const char  *procedure_code,
                                                  const char  *payload_json,
                                                  GPtrArray   *attachments,
                                                  GError     **error);
/* Flags for mc_store_enqueue_full(). */
typedef enum {
  MC_ENQUEUE_NONE     = 0,
  MC_ENQUEUE_ASSISTED = 1 << 0,  /* a clerk submits on a citizen's behalf: the entry's
                                  * "assisted" and the payload's client.assisted */
} McEnqueueFlags;

/* mc_store_enqueue_with_attachments() with @flags. */
McOutboxEntry *mc_store_enqueue_full      (McStore         *self,
                                           const char      *kiosk_id,
                                           const char      *procedure_code,
                                           const char      *payload_json,
                                           GPtrArray       *attachments,
                                           McEnqueueFlags   flags,
                                           GError         **error);
McOutboxEntry *mc_store_get               (McStore       *self,
                                           gint64         id,
                                           GError       **error);
McOutboxEntry *mc_store_find_by_number    (McStore       *self,
                                           const char    *local_number,
                                           GError       **error);
/* Every entry, oldest first. Transfer full: GPtrArray of McOutboxEntry*. */
GPtrArray     *mc_store_list              (McStore       *self,
                                           GError       **error);
/* Entries in QUEUED or SENDING state. */
guint          mc_store_count_waiting     (McStore       *self);
/* The oldest QUEUED (or stale SENDING) entry whose next attempt is due at @now;
 * NULL with no error when none. */
McOutboxEntry *mc_store_next_due          (McStore       *self,
                                           gint64         now,
                                           GError       **error);
/* The earliest next_attempt_at among waiting entries, or 0 when none wait. */
gint64         mc_store_next_wakeup       (McStore       *self);

gboolean       mc_store_mark_sending      (McStore       *self,
                                           gint64         id,
                                           GError       **error);
gboolean       mc_store_mark_delivered    (McStore       *self,
                                           gint64         id,
                                           const char    *dossier_code,
                                           const char    *tracking_url,
                                           GError       **error);
/* Back to QUEUED, attempts + 1, the error remembered. */
gboolean       mc_store_mark_retry        (McStore       *self,
                                           gint64         id,
                                           gint64         next_attempt_at,
                                           const char    *error_message,
                                           GError       **error);
/* A network failure: back to QUEUED without spending an attempt. */
gboolean       mc_store_mark_postponed    (McStore       *self,
                                           gint64         id,
                                           gint64         next_attempt_at,
                                           const char    *error_message,
                                           GError       **error);
gboolean       mc_store_mark_rejected     (McStore       *self,
                                           gint64         id,
                                           const char    *reason,
                                           GError       **error);
/* Clerk: a rejected or waiting entry is retried now. */
gboolean       mc_store_retry_now         (McStore       *self,
                                           gint64         id,
                                           GError       **error);

/* An entry's attachments, in order. Transfer full: GPtrArray of McAttachment*. */
GPtrArray     *mc_store_list_attachments  (McStore       *self,
                                           gint64         entry_id,
                                           GError       **error);
/* Records an attachment's upload progress (after each confirmed chunk). */
gboolean       mc_store_update_attachment (McStore           *self,
                                           gint64             attachment_id,
                                           const char        *upload_url,
                                           gint64             offset,
                                           McAttachmentState  state,
                                           GError           **error);
/* Reads the stored copy again: FALSE with MC_STORE_ERROR_DAMAGED when it is
 * missing, unreadable, or its size or SHA-256 differ from what was recorded. */
gboolean       mc_store_verify_attachment (McStore            *self,
                                           const McAttachment *attachment,
                                           GError            **error);

/* The portal's size limits as last seen by a health probe (0: unknown). */
gboolean       mc_store_set_portal_limits (McStore       *self,
                                           gint64         max_attachment_bytes,
                                           gint64         max_dossier_bytes,
                                           GError       **error);
void           mc_store_get_portal_limits (McStore       *self,
                                           gint64        *out_max_attachment_bytes,
                                           gint64        *out_max_dossier_bytes);
/* For the attach step: FALSE with MC_STORE_ERROR_TOO_LARGE and a message for
 * the citizen when a file of @size bytes is above the portal's limit. An
 * unknown limit accepts anything (the portal still has the last word). */
gboolean       mc_store_check_attachment_size (McStore   *self,
                                               gint64     size,
                                               GError   **error);
/* The same for a whole dossier of @total_bytes (payload and attachments). */
gboolean       mc_store_check_dossier_size    (McStore   *self,
                                               gint64     total_bytes,
                                               GError   **error);

/* Clerk mode ------------------------------------------------------------ */

/* Clerk: cancels a QUEUED or REJECTED entry with @reason (non-empty). It moves
 * to MC_OUTBOX_REJECTED with cancelled_at set, is never sent again
 * (mc_store_retry_now() refuses it with MC_STORE_ERROR_CANCELLED), and stays
 * in the outbox for the record. An entry being sent right now, or delivered,
 * cannot be cancelled: MC_STORE_ERROR_STATE (try again when the attempt is
 * over; a delivered dossier is the portal's now). Cancelling twice is an
 * error too. */
gboolean       mc_store_cancel            (McStore       *self,
                                           gint64         id,
                                           const char    *reason,
                                           GError       **error);

/* What happened to @entry, in plain words for the clerk (translated; no
 * personal data beyond what the portal's own message quoted): why a
 * quarantined dossier was refused (a mistake in the CCCD number, the name,
 * the birth date, the phone, an attached document, an unknown procedure, a
 * file damaged on this kiosk's disk) and what to do; a cancelled one's
 * reason; for a waiting one whether an attempt failed; NULL for a dossier
 * that waits without trouble or was delivered. @attachments (nullable): its
 * attachments, to tell a damaged file. */
char          *mc_outbox_entry_explain    (const McOutboxEntry *entry,
                                           GPtrArray           *attachments);

/* The created_at of the oldest QUEUED or SENDING entry, or 0 when none waits. */
gint64         mc_store_get_oldest_waiting (McStore      *self);

/* Records that entry @id went into a bundle at @when (mc-bundle.h). */
gboolean       mc_store_mark_exported     (McStore       *self,
                                           gint64         id,
                                           gint64         when,
                                           GError       **error);

/* A dossier finalized on another kiosk, as a bundle carries it. */
typedef struct {
  const char  *local_number;       /* kept: the citizen holds this number */
  const char  *idempotency_key;    /* kept: exactly once across kiosks */
  const char  *procedure_code;
  const char  *payload;            /* kept byte for byte (its "client" names the
                                    * kiosk that finalized it) */
  gint64       created_at;
  gboolean     assisted;
  GPtrArray   *attachments;        /* nullable: McAttachmentSpec* (source_path) */
  const char * const *client_keys; /* nullable: one per attachment, kept */
  const char * const *sha256;      /* nullable: one per attachment: the copy must
                                    * match, else MC_STORE_ERROR_DAMAGED */
} McImportSpec;

/* Puts a dossier of another kiosk into this outbox, QUEUED and due now,
 * with its idempotency key, local number, payload and attachment keys
 * unchanged (files copied and fsync'd as for mc_store_enqueue_with_attachments()).
 * An entry with that idempotency key already here: MC_STORE_ERROR_EXISTS and
 * nothing changes. On any failure nothing is left behind. */
McOutboxEntry *mc_store_import_entry      (McStore             *self,
                                           const McImportSpec  *spec,
                                           GError             **error);

/* Privacy: removes the personal data of DELIVERED entries delivered at or
 * before @before, and of cancelled entries cancelled at or before @before
 * (unix seconds): the payload's "applicant" and "fields", attachment file
 * names in the payload and the attachment rows, the attachment files
 * themselves, and the last error (it may quote the dossier). What remains:
 * local number, idempotency key, procedure code, state, timestamps, receipt
 * (dossier code, tracking URL), assisted, cancel reason, attachment sizes and
 * checksums: enough for the statistics and a citizen's lookup. Sets
 * purged_at; idempotent. Checkpoints the WAL so no old page lingers there.
 * Returns the number of entries purged now, or -1 on error. */
int            mc_store_purge             (McStore       *self,
                                           gint64         before,
                                           GError       **error);

/* Drafts (schema 4): the form as the citizen fills it, saved at every answer
 * so a power cut loses nothing; keyed by the visit's session id (a UUID).
 * Personal data: deleted when the dossier is finalized or the visit ends
 * (secure_delete zeroes the pages). @fields_json is the dossier's fields as
 * mc_dossier_to_draft_json() gives them. */
gboolean       mc_store_save_draft        (McStore       *self,
                                           const char    *session_id,
                                           const char    *procedure_code,
                                           const char    *fields_json,
                                           GError       **error);
/* The newest draft saved at or after @since (unix seconds), NULL (no error)
 * when there is none; @out_session_id and @out_procedure_code nullable. */
char          *mc_store_find_draft        (McStore       *self,
                                           gint64         since,
                                           char         **out_session_id,
                                           char         **out_procedure_code,
                                           GError       **error);
gboolean       mc_store_delete_draft      (McStore       *self,
                                           const char    *session_id,
                                           GError       **error);
/* Deletes the drafts last saved before @before; the number deleted, or -1. */
int            mc_store_delete_drafts_before (McStore    *self,
                                              gint64      before,
                                              GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStore, mc_store_close)

G_END_DECLS
