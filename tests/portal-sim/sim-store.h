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

/* One entry of a dossier's "attachments": an upload it links to. */
typedef struct {
  char   *upload_id;
  char   *document;
  char   *filename;
  char   *content_type;
  char   *sha256;        /* as the dossier says (hex) */
  gint64  size;
} SimAttachment;

void sim_attachment_free (SimAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimAttachment, sim_attachment_free)

/* A tus upload. Its bytes live in a file named after its id; the bytes before
 * @offset are valid, whatever lies beyond is not. */
typedef struct {
  char    *id;
  char    *key;              /* the client's attachment key, or NULL */
  gint64   length;
  gint64   offset;
  char    *metadata;         /* the Upload-Metadata header as received, or NULL */
  char    *filename;         /* from the metadata, or NULL */
  char    *content_type;     /* from the metadata, or NULL */
  char    *sha256_declared;  /* from the metadata (hex), or NULL */
  char    *sha256;           /* computed by the simulator at completion, or NULL */
  gboolean complete;
  char    *created_at;
  gint64   expires_at;       /* Unix time */
  gint64   links;            /* how many dossiers list it (they never expire) */
} SimUpload;

void sim_upload_free (SimUpload *upload);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimUpload, sim_upload_free)

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
 * {code} in @tracking_url_pattern is replaced with it. @attachments
 * (element type SimAttachment, may be NULL) are linked in the same
 * transaction. */
SimDossier *sim_store_insert        (SimStore    *self,
                                     const char  *idempotency_key,
                                     const char  *body,
                                     const char  *body_hash,
                                     const char  *procedure_code,
                                     const char  *tracking_url_pattern,
                                     GPtrArray   *attachments,
                                     GError     **error);
/* A dossier's attachments in their order (element type SimAttachment). */
GPtrArray  *sim_store_list_attachments (SimStore  *self,
                                        gint64     seq,
                                        GError   **error);
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
/* Empties dossiers and uploads (the caller removes the upload files). */
gboolean    sim_store_reset         (SimStore    *self,
                                     GError     **error);

/* Uploads. The finders return NULL with @error unset when there is none. */
gboolean    sim_store_upload_insert (SimStore        *self,
                                     const SimUpload *upload,
                                     GError         **error);
SimUpload  *sim_store_upload_find   (SimStore    *self,
                                     const char  *id,
                                     GError     **error);
SimUpload  *sim_store_upload_find_by_key (SimStore    *self,
                                          const char  *key,
                                          GError     **error);
/* Stores @upload's offset, complete, sha256 and expires_at. */
gboolean    sim_store_upload_update (SimStore        *self,
                                     const SimUpload *upload,
                                     GError         **error);
gboolean    sim_store_upload_delete (SimStore    *self,
                                     const char  *id,
                                     GError     **error);
/* Every upload, oldest first (element type SimUpload). */
GPtrArray  *sim_store_upload_list   (SimStore    *self,
                                     GError     **error);

/* RFC 3339 with the local offset, e.g. "2026-11-23T09:15:02+07:00". */
char       *sim_now_rfc3339         (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimStore, sim_store_free)

G_END_DECLS
