/* mc-portal-private.h: portal API for the sync worker only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mc-portal.h"

G_BEGIN_DECLS

/* While *@flag (read atomically) is non-zero, requests under way are aborted
 * (a NETWORK error): lets the worker stop without waiting for a timeout.
 * @flag must outlive @self; NULL unsets it. */
void _mc_portal_set_abort_flag (McPortal   *self,
                                const gint *flag);

/* Test and benchmark counters: request body bytes handed to libcurl by
 * mc_portal_upload_chunk() since @self was created (sent or cut short). */
guint64 _mc_portal_get_upload_bytes_sent (McPortal *self);

G_END_DECLS
