/* mc-sync.h: the outbox worker. The only thing that talks to the portal about
 * outbox entries. One worker thread with its own McStore; it reports on the main
 * context of the thread that created it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "mc-config.h"

G_BEGIN_DECLS

typedef enum {
  MC_LINK_UNKNOWN,
  MC_LINK_ONLINE,
  MC_LINK_OFFLINE,
} McLinkState;

#define MC_TYPE_SYNC (mc_sync_get_type ())
G_DECLARE_FINAL_TYPE (McSync, mc_sync, MC, SYNC, GObject)

/* Properties (notified on the creating thread's main context):
 *   "link-state"  McLinkState as int
 *   "waiting"     guint, entries queued or sending
 * Signals:
 *   "entry-changed" (gint64 id): an entry's state changed (e.g. delivered). */
McSync      *mc_sync_new             (const char  *data_dir,
                                      McConfig    *config);
/* Starts the worker thread. */
void         mc_sync_start           (McSync      *self);
/* Stops the worker and waits for it (also done in dispose). */
void         mc_sync_stop            (McSync      *self);
/* Something new is in the outbox, or the clerk wants a retry now. */
void         mc_sync_wake            (McSync      *self);
McLinkState  mc_sync_get_link_state  (McSync      *self);
guint        mc_sync_get_waiting     (McSync      *self);
/* The catalogue version for the metrics textfile ([metrics] textfile). */
void         mc_sync_set_catalogue_version (McSync     *self,
                                            const char *version);

/* For motcua-ctl and tests, without a thread: deliver what is due now, once
 * through the queue (@until_empty: keep going, waiting for backoffs, until no
 * entry waits or @timeout_s passes). Returns the number delivered. */
guint        mc_sync_run_blocking    (const char  *data_dir,
                                      McConfig    *config,
                                      gboolean     until_empty,
                                      guint        timeout_s,
                                      GError     **error);

/* Full-jitter exponential backoff: a random delay in [0, min(max, initial·2^n)]
 * with a floor of 1 s, for the @attempt-th retry (attempt >= 1). */
guint        mc_backoff_delay        (guint        attempt,
                                      guint        initial_s,
                                      guint        max_s);

G_END_DECLS
