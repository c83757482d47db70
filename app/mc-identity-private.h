/* mc-identity-private.h: identity helpers shared with the dossier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A date of birth is real, not in the future and not before 1900; errors are
 * MC_IDENTITY_ERROR_BIRTH_DATE. */
gboolean _mc_birth_date_check (const GDate  *birth_date,
                               GError      **error);

G_END_DECLS
