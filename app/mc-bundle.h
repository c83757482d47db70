/* mc-bundle.h: the waiting dossiers on a USB stick, for when the link has been
 * down for days: this kiosk exports them as one bundle folder, the district
 * imports it (`motcua-ctl import-bundle`) into its own outbox and delivers it.
 *
 * A bundle is a folder motcua-bundle-<kiosk id>-<yyyymmdd-hhmmss>/ holding
 *   manifest.json    format "motcua-bundle" version 1: the exporting kiosk's
 *                    id, when, and per dossier its idempotency key, local
 *                    number, procedure code, created_at (unix seconds),
 *                    assisted, the payload (a string, byte for byte as
 *                    stored), and its attachments (client key, document,
 *                    filename, content type, size, sha256, path in the bundle);
 *   manifest.sha256  the SHA-256 of manifest.json, as `sha256sum` writes it
 *                    ("<hex>  manifest.json"), written last: a bundle without
 *                    it is incomplete;
 *   files/<idempotency key>/<client key>   the attachments.
 * It holds personal data: the stick must be handled like the paper dossiers.
 *
 * Exactly once across kiosks: the dossiers keep their idempotency keys and
 * their attachments' keys. The exported entries stay QUEUED on this kiosk
 * (marked exported_at): if its link comes back, it sends them too, and the
 * portal answers with the receipt of the dossier the district already
 * submitted (same key, same body: the uploads are idempotent by key, so the
 * upload ids, and the body, are the same) — one dossier per key at the portal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_BUNDLE_ERROR (mc_bundle_error_quark ())
typedef enum {
  MC_BUNDLE_ERROR_EMPTY,     /* export: no dossier waits */
  MC_BUNDLE_ERROR_INVALID,   /* import: not a bundle, or an unknown version */
  MC_BUNDLE_ERROR_TAMPERED,  /* import: a checksum or size does not match (the
                              * message names the file); nothing was imported */
  MC_BUNDLE_ERROR_IO,        /* reading or writing failed (full stick, …) */
} McBundleError;
GQuark mc_bundle_error_quark (void);

#define MC_BUNDLE_MANIFEST        "manifest.json"
#define MC_BUNDLE_MANIFEST_SHA256 "manifest.sha256"

/* Exports every QUEUED or SENDING dossier (cancelled ones never) of @store
 * into a new bundle folder under @to_dir (e.g. the USB stick's mount point),
 * each file written and fsync'd; then marks them exported. Returns the bundle
 * folder's path; @out_count (nullable) gets the number of dossiers. A dossier
 * whose attachment no longer matches its checksum stops the export
 * (MC_BUNDLE_ERROR_TAMPERED naming it) and the partial folder is removed. */
char     *mc_bundle_export (McStore     *store,
                            const char  *kiosk_id,
                            const char  *to_dir,
                            guint       *out_count,
                            GError     **error);

/* Checks @bundle_dir completely without importing: the manifest against
 * manifest.sha256, its structure, and every file's size and SHA-256 (paths
 * must stay inside the bundle). @out_count (nullable): dossiers in it. */
gboolean  mc_bundle_verify (const char  *bundle_dir,
                            guint       *out_count,
                            GError     **error);

/* mc_bundle_verify(), then, only if all is well, puts each dossier into
 * @store's outbox (mc_store_import_entry(): its keys and local number kept,
 * QUEUED, due now). Dossiers already there (same idempotency key) are
 * skipped and counted in @out_skipped: importing a bundle twice is harmless. */
gboolean  mc_bundle_import (McStore     *store,
                            const char  *bundle_dir,
                            guint       *out_imported,
                            guint       *out_skipped,
                            GError     **error);

G_END_DECLS
