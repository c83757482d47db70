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

G_END_DECLS
