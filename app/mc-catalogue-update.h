/* mc-catalogue-update.h: fetches a newer procedure catalogue from the portal
 * (GET /api/v1/catalogue, docs/portal-protocol.md "Catalogue updates"):
 * conditional request (If-None-Match with the stored ETag), SHA-256 check of
 * the body (X-Content-SHA256), a test load, then an atomic swap into
 * @updates_dir (temp file, fsync, rename, fsync of the directory).
 * mc_catalogue_load() prefers @updates_dir/catalogue.json.gz and falls back to
 * the shipped catalogue, which is never touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_CATALOGUE_UPDATE_ERROR (mc_catalogue_update_error_quark ())
typedef enum {
  MC_CATALOGUE_UPDATE_ERROR_NETWORK,   /* the portal cannot be reached */
  MC_CATALOGUE_UPDATE_ERROR_PROTOCOL,  /* an unexpected reply (status, headers) */
  MC_CATALOGUE_UPDATE_ERROR_CHECKSUM,  /* the body does not match X-Content-SHA256 */
  MC_CATALOGUE_UPDATE_ERROR_INVALID,   /* the body is not a catalogue we can load */
  MC_CATALOGUE_UPDATE_ERROR_IO,        /* cannot write into the updates directory */
} McCatalogueUpdateError;
GQuark mc_catalogue_update_error_quark (void);

typedef enum {
  MC_CATALOGUE_UPDATE_NOT_MODIFIED,    /* 304: what we have is current */
  MC_CATALOGUE_UPDATE_INSTALLED,       /* a new catalogue is in place; reload to use it */
} McCatalogueUpdateResult;

/* The folder of a data directory that holds the catalogue updates (and the
 * check log): where the kiosk and motcua-ctl load the catalogue from. */
char    *mc_catalogue_update_dup_dir (const char              *data_dir);

/* Blocking (a worker thread or motcua-ctl). FALSE with @error on failure; the
 * catalogue in place is then unchanged. */
gboolean mc_catalogue_update        (const char               *updates_dir,
                                     const char               *portal_url,
                                     const char               *kiosk_id,
                                     McCatalogueUpdateResult  *out_result,
                                     GCancellable             *cancellable,
                                     GError                  **error);
void     mc_catalogue_update_async  (const char               *updates_dir,
                                     const char               *portal_url,
                                     const char               *kiosk_id,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data);
gboolean mc_catalogue_update_finish (GAsyncResult             *result,
                                     McCatalogueUpdateResult  *out_result,
                                     GError                  **error);

/* The last check for a newer catalogue (mc_catalogue_update() records each
 * one that was not cancelled in @updates_dir/last-check), for clerk mode and
 * motcua-ctl. Times in unix seconds, 0 for never. */
typedef struct {
  gint64  checked;    /* the last check, whatever came of it */
  gint64  succeeded;  /* the last check that got an answer (new or not modified) */
  gint64  installed;  /* the last time a new catalogue was installed */
  char   *error;      /* nullable: why the last check failed */
} McCatalogueCheck;

void              mc_catalogue_check_free           (McCatalogueCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCatalogueCheck, mc_catalogue_check_free)
/* Never NULL: all zero when no check was ever recorded. */
McCatalogueCheck *mc_catalogue_update_read_check    (const char *updates_dir);
/* Whether @catalogue_path (mc_catalogue_get_path()) is the downloaded
 * catalogue of @updates_dir rather than the shipped one. */
gboolean          mc_catalogue_update_is_installed  (const char *updates_dir,
                                                     const char *catalogue_path);

G_END_DECLS
