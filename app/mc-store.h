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
} McStoreError;
GQuark mc_store_error_quark (void);

typedef enum {
  MC_OUTBOX_QUEUED,     /* waiting for its (next) attempt */
  MC_OUTBOX_SENDING,    /* an attempt is under way (or was, when the process died) */
  MC_OUTBOX_DELIVERED,  /* the portal's receipt is stored */
  MC_OUTBOX_REJECTED,   /* the portal refused it for good; kept, with the reason */
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStore, mc_store_close)

G_END_DECLS
