/* sim-uploads.h: the portal simulator's tus 1.0.0 server (core + creation +
 * checksum + expiration) under /api/v1/uploads, see docs/portal-protocol.md.
 *
 * Upload bytes live in files in a directory next to the database, their state
 * in the database. A PATCH body streams into a temporary file of its own while
 * it arrives (never into memory) and is appended to the upload only once it is
 * complete and its checksum verified; a body cut short is discarded when it
 * carried Upload-Checksum and kept up to what arrived when it did not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sim-store.h"

G_BEGIN_DECLS

#define SIM_UPLOADS_PATH "/api/v1/uploads"

typedef struct _SimUploads SimUploads;
typedef struct _SimUploadWrite SimUploadWrite;

/* @dir is created if needed; temporary files a killed simulator left there
 * are removed. */
SimUploads *sim_uploads_new          (SimStore    *store,
                                      const char  *dir,
                                      gint64       max_bytes,
                                      gint64       expiry_seconds,
                                      GError     **error);
void        sim_uploads_free         (SimUploads  *self);
/* Removes every upload file (the caller empties the database). */
void        sim_uploads_reset        (SimUploads  *self);
/* Body bytes appended to uploads so far (a statistic). */
guint64     sim_uploads_get_committed_bytes (SimUploads *self);
void        sim_uploads_reset_stats  (SimUploads  *self);

/* When the headers of a PATCH on @id arrived: the place its body streams
 * to, or NULL when the request is going to be refused anyway (the handler
 * then answers why). */
SimUploadWrite *sim_uploads_begin_patch (SimUploads        *self,
                                         SoupServerMessage *msg,
                                         const char        *id);
void        sim_upload_write_chunk   (SimUploadWrite *write,
                                      const guint8   *data,
                                      gsize           len);
/* The body will not be completed (connection lost or cut): keeps what arrived
 * if the request had no Upload-Checksum, discards it otherwise. Does nothing
 * once the request was handled or aborted. */
void        sim_upload_write_abort   (SimUploadWrite *write);
/* The request was not processed (e.g. a fault answered it): drops the body. */
void        sim_upload_write_discard (SimUploadWrite *write);
void        sim_upload_write_free    (SimUploadWrite *write);

/* Handles a request under /api/v1/uploads; @write is what
 * sim_uploads_begin_patch() returned for it (NULL for other methods). */
void        sim_uploads_handle       (SimUploads        *self,
                                      SoupServerMessage *msg,
                                      const char        *method,
                                      const char        *path,
                                      SimUploadWrite    *write);

/* Whether the upload @id is complete, not expired, @size bytes long and its
 * bytes have the SHA-256 @sha256 (hex). */
gboolean    sim_uploads_verify       (SimUploads  *self,
                                      const char  *id,
                                      gint64       size,
                                      const char  *sha256,
                                      GError     **error);
/* The SHA-256 (hex) of the upload's stored bytes, read now; NULL if the file
 * is missing or shorter than @length. */
char       *sim_uploads_file_sha256  (SimUploads  *self,
                                      const char  *id,
                                      gint64       length);
/* GET /_sim/uploads: every upload; @verify re-reads every file. */
JsonNode   *sim_uploads_to_json      (SimUploads  *self,
                                      gboolean     verify,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimUploads, sim_uploads_free)

G_END_DECLS
