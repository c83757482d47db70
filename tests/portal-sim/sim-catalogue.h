/* sim-catalogue.h: GET /api/v1/catalogue for motcua-portal-sim (see
 * docs/portal-protocol.md, "Catalogue updates").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

/* Serves the file at @path (read at every request, so a test may replace it)
 * at /api/v1/catalogue with ETag and X-Content-SHA256; @bad_checksum sends a
 * wrong X-Content-SHA256, to test the client's check. */
void sim_catalogue_install (SoupServer *server,
                            const char *path,
                            gboolean    bad_checksum);
