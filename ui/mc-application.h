/* mc-application.h: the kiosk application. Owns the engine objects the window
 * works with: the configuration, the catalogue, the UI's own store and the sync
 * worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-catalogue.h"
#include "mc-config.h"
#include "mc-scan.h"
#include "mc-store.h"
#include "mc-sync.h"

G_BEGIN_DECLS

#define MC_TYPE_APPLICATION (mc_application_get_type ())
G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

/* Properties (construct or before startup): "data-dir", "config-path",
 * "portal-url", "fullscreen"; read-only "catalogue", notified once the
 * catalogue, loaded in a worker thread from startup on, has arrived (or failed
 * to load: still NULL then). */
McApplication *mc_application_new            (void);

McConfig      *mc_application_get_config     (McApplication  *self);
/* NULL while loading (see mc_application_is_catalogue_loading()) or when the
 * catalogue could not be loaded. */
McCatalogue   *mc_application_get_catalogue  (McApplication  *self);
gboolean       mc_application_is_catalogue_loading (McApplication *self);
McSync        *mc_application_get_sync       (McApplication  *self);
const char    *mc_application_get_data_dir   (McApplication  *self);
/* The UI thread's store, opened on first use; NULL with @error when it cannot be
 * opened (the error message is translated). */
McStore       *mc_application_get_store      (McApplication  *self,
                                              GError        **error);

/* "vi" or "en": sets LANGUAGE and rebuilds the window's pages. */
void           mc_application_set_language   (McApplication  *self,
                                              const char     *language);
const char    *mc_application_get_language   (McApplication  *self);
/* A life event's title in the kiosk's language (Vietnamese without a running
 * kiosk). */
const char    *mc_life_event_get_title       (const McLifeEvent *event);

/* Called by the window once its first frame is on screen: starts the work that
 * need not delay it (the sync worker). */
void           mc_application_first_frame    (McApplication  *self);
/* Catalogue updates. The kiosk checks at its first frame and then every
 * [portal] catalogue-check seconds ("catalogue-checked" after each check, see
 * mc_catalogue_update_read_check()). A newer catalogue, once installed and
 * loaded, waits ("catalogue-pending" TRUE) until the window applies it at a
 * safe moment: no citizen mid-dossier, the welcome screen empty. */
gboolean       mc_application_check_catalogue (McApplication *self);
gboolean       mc_application_apply_pending_catalogue (McApplication *self);
/* <data dir>/catalogue: where downloaded catalogues go. */
char          *mc_application_dup_updates_dir (McApplication *self);
/* Lock-down for unattended use: --kiosk or [kiosk] kiosk-mode=true. */
gboolean       mc_application_get_kiosk      (McApplication  *self);
/* The kiosk's one scanner, shared by the documents step and the card's QR
 * (SANE wants one McScanner per process and one open handle per device).
 * Made on first use with [kiosk] scanner as its last device; a device that
 * scans well becomes [kiosk] scanner (saved in kiosk.conf). Its pages go to
 * <data dir>/scan-pages unless a scan says where (McScanOptions.work_dir).
 * Its "page-done" and progress signals reach every screen connected: a screen
 * takes pages only while its own scan runs, and starts none while the
 * scanner is busy with another's. */
McScanner     *mc_application_get_scanner    (McApplication  *self);
/* Between two citizens (the idle reset, Home, a dossier submitted): cancels
 * a scan under way and closes the device; the next scan opens it again. */
void           mc_application_release_scanner (McApplication *self);

/* Once per process, before any widget: gettext (the build tree's po/ when run
 * from there, else LOCALEDIR) and the UI's resources. */
void           mc_ui_init                    (void);

G_END_DECLS
