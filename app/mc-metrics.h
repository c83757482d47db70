/* mc-metrics.h: the kiosk's health in the Prometheus text format (0.0.4), for
 * a province's fleet: `motcua-ctl metrics`, and a file for node_exporter's
 * textfile collector that the sync worker rewrites every [metrics] interval
 * when [metrics] textfile is set. docs/fleet-monitoring.md lists the metrics
 * and an alert rule. Counts and times only: never personal data.
 *
 * Metrics:
 *   motcua_outbox_dossiers{state="queued|sending|delivered|rejected|cancelled"}  gauge
 *   motcua_outbox_waiting                                     gauge (queued + sending)
 *   motcua_outbox_oldest_waiting_age_seconds                  gauge (0: none waits)
 *   motcua_sync_last_success_timestamp_seconds                gauge (portal answered;
 *                                                             0: never)
 *   motcua_sync_last_delivery_timestamp_seconds               gauge (0: never)
 *   motcua_sync_failures_total{class="network|transient|protocol|permanent"} counter
 *   motcua_data_dir_free_bytes                                gauge
 *   motcua_kiosk_info{kiosk_id,version,catalogue_version}     gauge, always 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "mc-store.h"

G_BEGIN_DECLS

/* The text at @now (unix seconds). @catalogue_version nullable ("unknown"). */
char     *mc_metrics_render          (McStore     *store,
                                      const char  *kiosk_id,
                                      const char  *catalogue_version,
                                      gint64       now,
                                      GError     **error);

/* mc_metrics_render() at the current time, written to @path atomically
 * (temporary file in the same folder, then rename: the collector never reads
 * half a file), mode 0644: it holds no personal data and node_exporter runs
 * as another user. */
gboolean  mc_metrics_write_textfile  (McStore     *store,
                                      const char  *kiosk_id,
                                      const char  *catalogue_version,
                                      const char  *path,
                                      GError     **error);

/* For the sync worker: the portal answered (a health probe or a delivery) at
 * @now; @delivered: a dossier was delivered. */
void      mc_metrics_record_success  (McStore     *store,
                                      gint64       now,
                                      gboolean     delivered);

/* For the sync worker: an attempt failed with @attempt_error, counted by
 * class (MC_PORTAL_ERROR_NETWORK → network, TRANSIENT and upload trouble →
 * transient, PROTOCOL → protocol, PERMANENT and damaged files → permanent;
 * the kiosk's own store errors are not counted). */
void      mc_metrics_record_failure  (McStore      *store,
                                      const GError *attempt_error);

G_END_DECLS
