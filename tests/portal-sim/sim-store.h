/* sim-store.h: the portal simulator's own SQLite database (WAL): every accepted
 * dossier with its idempotency key, body and receipt, so that a restarted
 * simulator still replays receipts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIM_STORE_ERROR (sim_store_error_quark ())
typedef enum {
  SIM_STORE_ERROR_SQLITE,
} SimStoreError;
GQuark sim_store_error_quark (void);

typedef struct {
  gint64  seq;
  char   *dossier_code;
  char   *idempotency_key;
  char   *body;            /* the request body as received */
  char   *body_hash;       /* SHA-256 of the canonical JSON of the body */
  char   *procedure_code;
  char   *tracking_url;
  char   *received_at;
  char   *status;          /* received, processing, done, rejected */
  char   *updated_at;
  gint64  times_replayed;
} SimDossier;

void sim_dossier_free (SimDossier *dossier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimDossier, sim_dossier_free)

typedef struct _SimStore SimStore;

SimStore   *sim_store_open          (const char  *path,
                                     GError     **error);
void        sim_store_free          (SimStore    *self);

/* Both return NULL with @error unset when there is no such dossier. */
SimDossier *sim_store_find_by_key   (SimStore    *self,
                                     const char  *idempotency_key,
                                     GError     **error);
SimDossier *sim_store_find_by_code  (SimStore    *self,
                                     const char  *dossier_code,
                                     GError     **error);

/* Commits a new dossier; its code is "SIM-<yymmdd>-<6-digit sequence>" and
 * {code} in @tracking_url_pattern is replaced with it. */
SimDossier *sim_store_insert        (SimStore    *self,
                                     const char  *idempotency_key,
                                     const char  *body,
                                     const char  *body_hash,
                                     const char  *procedure_code,
                                     const char  *tracking_url_pattern,
                                     GError     **error);
gboolean    sim_store_count_replay  (SimStore    *self,
                                     gint64       seq,
                                     GError     **error);
/* Returns FALSE with @error unset when there is no such dossier. */
gboolean    sim_store_set_status    (SimStore    *self,
                                     const char  *dossier_code,
                                     const char  *status,
                                     GError     **error);
/* Every dossier, oldest first (element type SimDossier). */
GPtrArray  *sim_store_list          (SimStore    *self,
                                     GError     **error);
gboolean    sim_store_reset         (SimStore    *self,
                                     GError     **error);

/* RFC 3339 with the local offset, e.g. "2026-11-23T09:15:02+07:00". */
char       *sim_now_rfc3339         (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimStore, sim_store_free)

G_END_DECLS
