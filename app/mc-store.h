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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStore, mc_store_close)

G_END_DECLS
