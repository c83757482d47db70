/* mc-store-private.h: store API for the sync worker only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

/* An entry left in SENDING this long is considered abandoned and due again. */
#define MC_STORE_STALE_SENDING_S 120

/* Every SENDING entry goes back to QUEUED, due now (no attempt spent): called
 * when a worker starts, since no attempt of a previous process can still be
 * under way. Returns the number of entries requeued, or -1 on error. */
int _mc_store_requeue_sending (McStore  *self,
                               GError  **error);

/* Tests: caps the database at @max_pages pages (PRAGMA max_page_count), so
 * that writes beyond it fail with SQLITE_FULL as on a full disk. */
gboolean _mc_store_set_max_pages (McStore  *self,
                                  gint64    max_pages,
                                  GError  **error);

/* Named integer counters (the counters table), for the sync worker's
 * figures (mc-metrics.h): "sync:last-success", "sync:failures:network", …
 * A missing counter reads 0. */
gint64   _mc_store_counter_get (McStore     *self,
                                const char  *name);
gboolean _mc_store_counter_add (McStore     *self,
                                const char  *name,
                                gint64       delta,
                                GError     **error);
gboolean _mc_store_counter_set (McStore     *self,
                                const char  *name,
                                gint64       value,
                                GError     **error);

/* The clerk's PIN record (mc-pin.c only): FALSE when no PIN is set. */
gboolean _mc_store_get_clerk   (McStore     *self,
                                char       **out_hash,
                                guint       *out_failures,
                                gint64      *out_locked_until);
/* @hash NULL keeps the stored hash. */
gboolean _mc_store_set_clerk   (McStore     *self,
                                const char  *hash,
                                guint        failures,
                                gint64       locked_until,
                                GError     **error);

/* Tests: rewrites an entry's times, to seed statistics. */
gboolean _mc_store_set_times   (McStore     *self,
                                gint64       id,
                                gint64       created_at,
                                gint64       delivered_at,
                                GError     **error);

G_END_DECLS
