/* sim-http.h: the portal simulator's reply helpers (JSON replies and the
 * protocol's error object), shared by the dossier and the upload handlers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SIM_JSON_TYPE "application/json; charset=utf-8"

void sim_reply_json  (SoupServerMessage *msg,
                      guint              status,
                      JsonNode          *node);
/* {"error": {"code": …, "message": …, "field": …}}; @field may be NULL. */
void sim_reply_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *message,
                      const char        *field);

G_END_DECLS
