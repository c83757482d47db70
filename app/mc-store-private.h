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

G_END_DECLS
