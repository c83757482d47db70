/* mc-lookup.h: "Tra cứu hồ sơ": the state of a dossier from what a citizen
 * types or shows (the dossier code, the kiosk's provisional number, or the
 * receipt's QR code with the tracking URL).
 *
 * Where the answer comes from: the local outbox when the dossier was submitted
 * at this kiosk (always available, even offline), refreshed from the portal
 * when it has been delivered and the portal answers; the portal for any other
 * code; and an honest MC_LOOKUP_ERROR_OFFLINE when neither can tell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-store.h"

G_BEGIN_DECLS

#define MC_LOOKUP_ERROR (mc_lookup_error_quark ())
typedef enum {
  MC_LOOKUP_ERROR_INVALID,    /* not a dossier code, number or receipt QR */
  MC_LOOKUP_ERROR_NOT_FOUND,  /* neither this kiosk nor the portal knows it */
  MC_LOOKUP_ERROR_OFFLINE,    /* not from this kiosk and the portal cannot be reached now */
} McLookupError;
GQuark mc_lookup_error_quark (void);

typedef enum {
  MC_LOOKUP_SOURCE_OUTBOX,    /* this kiosk's outbox only (portal not asked or not reachable) */
  MC_LOOKUP_SOURCE_PORTAL,    /* the portal's answer (possibly for an outbox entry) */
} McLookupSource;

typedef struct {
  McLookupSource source;
  char *query;           /* the code looked up, after parsing the input */
  char *local_number;    /* nullable: the provisional number, when from this kiosk */
  char *dossier_code;    /* nullable: the portal's code, once known */
  char *procedure_code;  /* nullable */
  /* Machine state: outbox "queued", "sending", "delivered", "rejected"; portal
   * "received", "processing", "done", "rejected" (docs/portal-protocol.md). */
  char *state;
  char *state_label;     /* translated, for the citizen: "Waiting to be sent", ... */
  char *detail;          /* nullable, translated: e.g. why a dossier was rejected */
  char *tracking_url;    /* nullable */
  char *updated_at;      /* nullable, RFC 3339 (portal) */
  gboolean portal_unreachable;  /* an outbox answer the portal could not refresh */
  /* Nullable: this kiosk's outbox entry for the dossier, what a reprint of its
   * receipt is made from (its personal data may have been purged: a receipt
   * holds none); its payload is left out. */
  McOutboxEntry *outbox_entry;
} McLookupResult;

void mc_lookup_result_free (McLookupResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McLookupResult, mc_lookup_result_free)

/* The code in @input: trimmed, upper-cased; a URL's "ma_ho_so" query
 * parameter or last path segment ("…/dossiers/G01.99-261123-000042"). NULL
 * when it cannot be a code (empty, spaces inside, too long, odd characters). */
char           *mc_lookup_parse_input  (const char           *input);

/* Blocking: runs in a worker thread (mc_lookup_async) or a command-line tool.
 * @data_dir: the kiosk's store directory (NULL: no outbox); @portal_url: the
 * portal's base URL (NULL: offline); @kiosk_id: sent as X-Kiosk-Id. */
McLookupResult *mc_lookup              (const char           *data_dir,
                                        const char           *portal_url,
                                        const char           *kiosk_id,
                                        const char           *input,
                                        GCancellable         *cancellable,
                                        GError              **error);
void            mc_lookup_async        (const char           *data_dir,
                                        const char           *portal_url,
                                        const char           *kiosk_id,
                                        const char           *input,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
McLookupResult *mc_lookup_finish       (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
