/* mc-portal.h: the client side of docs/portal-protocol.md, over libcurl.
 *
 * Calls block: use them from a worker thread (McSync) or a command-line tool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_PORTAL_ERROR (mc_portal_error_quark ())
typedef enum {
  MC_PORTAL_ERROR_NETWORK,    /* DNS, connect, TLS, timeout, reset, captive portal */
  MC_PORTAL_ERROR_TRANSIENT,  /* 408/425/429/5xx: try again later */
  MC_PORTAL_ERROR_PROTOCOL,   /* a reply we cannot read: try again later */
  MC_PORTAL_ERROR_PERMANENT,  /* 4xx: this dossier will never be accepted as is */
  /* Uploads only (the sync worker recovers from these; if one escapes, it is
   * treated as TRANSIENT): */
  MC_PORTAL_ERROR_UPLOAD_GONE,      /* 404/410: unknown or expired, create it again */
  MC_PORTAL_ERROR_UPLOAD_MISMATCH,  /* 460 checksum / 409 offset: HEAD, send again */
  /* POST /api/v1/dossiers: 409 attachment_incomplete; check the uploads, resume. */
  MC_PORTAL_ERROR_ATTACHMENTS_INCOMPLETE,
} McPortalError;
GQuark mc_portal_error_quark (void);

typedef struct {
  char *dossier_code;
  char *tracking_url;  /* nullable */
  char *received_at;   /* nullable */
  char *status;        /* nullable */
  gboolean replayed;   /* 200: the portal had it already */
} McReceipt;

void mc_receipt_free (McReceipt *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReceipt, mc_receipt_free)

typedef struct {
  int    protocol;
  gint64 max_attachment_bytes;
  gint64 max_dossier_bytes;
} McPortalInfo;

typedef struct _McPortal McPortal;

McPortal   *mc_portal_new             (const char  *base_url,
                                       const char  *kiosk_id,
                                       guint        timeout_s);
void        mc_portal_free            (McPortal    *self);
const char *mc_portal_get_base_url    (McPortal    *self);

gboolean    mc_portal_health          (McPortal     *self,
                                       McPortalInfo *out_info,
                                       GError      **error);
/* POST /api/v1/dossiers. On a transient failure with Retry-After,
 * @out_retry_after_s (optional) gets the delay in seconds, else 0. */
McReceipt  *mc_portal_submit          (McPortal    *self,
                                       const char  *idempotency_key,
                                       const char  *payload_json,
                                       guint       *out_retry_after_s,
                                       GError     **error);
/* GET /api/v1/dossiers/{code}. */
McReceipt  *mc_portal_lookup          (McPortal    *self,
                                       const char  *dossier_code,
                                       GError     **error);

/* tus 1.0.0 uploads (docs/portal-protocol.md, "Attachments").
 * @upload_url is the Location the creation returned, as returned (relative
 * references are resolved against the portal's address). */

#define MC_PORTAL_DEFAULT_CHUNK_BYTES (1024 * 1024)

/* POST /api/v1/uploads, idempotent by @key. Returns the Location;
 * @out_offset gets the upload's current offset (0 when new). */
char       *mc_portal_upload_create   (McPortal    *self,
                                       const char  *key,
                                       gint64       length,
                                       const char  *filename,
                                       const char  *content_type,
                                       const char  *sha256_hex,
                                       gint64      *out_offset,
                                       guint       *out_retry_after_s,
                                       GError     **error);
/* HEAD: how many bytes the portal has. */
gboolean    mc_portal_upload_offset   (McPortal    *self,
                                       const char  *upload_url,
                                       gint64      *out_offset,
                                       guint       *out_retry_after_s,
                                       GError     **error);
/* PATCH @length bytes of @fd from @offset (streamed from the file, with its
 * Upload-Checksum); @out_offset gets the portal's new offset. No overall
 * timeout: the low-speed limit catches a stalled link. */
gboolean    mc_portal_upload_chunk    (McPortal    *self,
                                       const char  *upload_url,
                                       int          fd,
                                       gint64       offset,
                                       gint64       length,
                                       gint64      *out_offset,
                                       guint       *out_retry_after_s,
                                       GError     **error);

/* Retry-After: delta seconds or an HTTP date, relative to @now (unix seconds).
 * Returns seconds (0 when unparsable or in the past). */
guint       mc_parse_retry_after      (const char  *value,
                                       gint64       now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPortal, mc_portal_free)

G_END_DECLS
