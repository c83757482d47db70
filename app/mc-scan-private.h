/* mc-scan-private.h: for tests only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sane/sane.h>
#include "mc-scan.h"

G_BEGIN_DECLS

/* The MC_SCAN_ERROR (code and translated message) for a SANE status. */
void _mc_scan_set_error_from_status (GError      **error,
                                     SANE_Status   status);

G_END_DECLS
