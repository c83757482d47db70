/* mc-metrics.c: the Prometheus text format from the outbox and the sync
 * worker's counters (kept in the store's counters table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-metrics"

#include "mc-metrics.h"

#include <errno.h>
#include <sys/statvfs.h>
#include <glib/gi18n.h>

#include "mc-portal.h"
#include "mc-store-private.h"

#define LAST_SUCCESS  "sync:last-success"
#define LAST_DELIVERY "sync:last-delivery"
#define FAILURES      "sync:failures:"

static const char *const failure_classes[] = { "network", "transient", "protocol", "permanent" };

void
mc_metrics_record_success (McStore  *store,
                           gint64    now,
                           gboolean  delivered)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (store != NULL);

  if (!_mc_store_counter_set (store, LAST_SUCCESS, now, &error) ||
      (delivered && !_mc_store_counter_set (store, LAST_DELIVERY, now, &error)))
    g_debug ("Cannot record a sync success: %s", error->message);
}

void
mc_metrics_record_failure (McStore      *store,
                           const GError *attempt_error)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *cls;

  g_return_if_fail (store != NULL);
  g_return_if_fail (attempt_error != NULL);

  if (attempt_error->domain == MC_PORTAL_ERROR)
    {
      switch (attempt_error->code)
        {
        case MC_PORTAL_ERROR_NETWORK:
          cls = "network";
          break;
        case MC_PORTAL_ERROR_PROTOCOL:
          cls = "protocol";
          break;
        case MC_PORTAL_ERROR_PERMANENT:
          cls = "permanent";
          break;
        default:
          cls = "transient";
          break;
        }
    }
  else if (g_error_matches (attempt_error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED) ||
           g_error_matches (attempt_error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT))
    cls = "permanent";
  else if (attempt_error->domain == MC_STORE_ERROR)
    return;
  else
    cls = "transient";

  name = g_strconcat (FAILURES, cls, NULL);
  if (!_mc_store_counter_add (store, name, 1, &error))
    g_debug ("Cannot count a sync failure: %s", error->message);
}

/* A label value: backslash, double quote and line feed escaped. */
static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
header (GString    *out,
        const char *name,
        const char *type,
        const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

char *
mc_metrics_render (McStore     *store,
                   const char  *kiosk_id,
                   const char  *catalogue_version,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint queued = 0, sending = 0, delivered = 0, rejected = 0, cancelled = 0;
  gint64 oldest, free_bytes = 0;
  struct statvfs st;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entries = mc_store_list (store, error);
  if (entries == NULL)
    return NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->cancelled_at != 0)
        cancelled++;
      else if (entry->state == MC_OUTBOX_QUEUED)
        queued++;
      else if (entry->state == MC_OUTBOX_SENDING)
        sending++;
      else if (entry->state == MC_OUTBOX_DELIVERED)
        delivered++;
      else
        rejected++;
    }

  oldest = mc_store_get_oldest_waiting (store);
  if (statvfs (mc_store_get_data_dir (store), &st) == 0)
    free_bytes = (gint64) st.f_bavail * (gint64) st.f_frsize;

  header (out, "motcua_outbox_dossiers", "gauge", "Dossiers in the outbox, by state.");
  g_string_append_printf (out, "motcua_outbox_dossiers{state=\"queued\"} %u\n", queued);
  g_string_append_printf (out, "motcua_outbox_dossiers{state=\"sending\"} %u\n", sending);
  g_string_append_printf (out, "motcua_outbox_dossiers{state=\"delivered\"} %u\n", delivered);
  g_string_append_printf (out, "motcua_outbox_dossiers{state=\"rejected\"} %u\n", rejected);
  g_string_append_printf (out, "motcua_outbox_dossiers{state=\"cancelled\"} %u\n", cancelled);

  header (out, "motcua_outbox_waiting", "gauge",
          "Dossiers waiting for delivery (queued or being sent).");
  g_string_append_printf (out, "motcua_outbox_waiting %u\n", queued + sending);

  header (out, "motcua_outbox_oldest_waiting_age_seconds", "gauge",
          "Age of the oldest waiting dossier in seconds (0 when none waits).");
  g_string_append_printf (out, "motcua_outbox_oldest_waiting_age_seconds %" G_GINT64_FORMAT "\n",
                          oldest > 0 ? MAX (now - oldest, 0) : 0);

  header (out, "motcua_sync_last_success_timestamp_seconds", "gauge",
          "When the portal last answered the sync worker (unix time, 0 = never).");
  g_string_append_printf (out, "motcua_sync_last_success_timestamp_seconds %" G_GINT64_FORMAT "\n",
                          _mc_store_counter_get (store, LAST_SUCCESS));

  header (out, "motcua_sync_last_delivery_timestamp_seconds", "gauge",
          "When a dossier was last delivered (unix time, 0 = never).");
  g_string_append_printf (out, "motcua_sync_last_delivery_timestamp_seconds %" G_GINT64_FORMAT "\n",
                          _mc_store_counter_get (store, LAST_DELIVERY));

  header (out, "motcua_sync_failures_total", "counter", "Failed delivery attempts, by class.");
  for (guint i = 0; i < G_N_ELEMENTS (failure_classes); i++)
    {
      g_autofree char *name = g_strconcat (FAILURES, failure_classes[i], NULL);

      g_string_append_printf (out, "motcua_sync_failures_total{class=\"%s\"} %" G_GINT64_FORMAT "\n",
                              failure_classes[i], _mc_store_counter_get (store, name));
    }

  header (out, "motcua_data_dir_free_bytes", "gauge",
          "Free bytes on the file system of the kiosk's data folder.");
  g_string_append_printf (out, "motcua_data_dir_free_bytes %" G_GINT64_FORMAT "\n", free_bytes);

  header (out, "motcua_kiosk_info", "gauge",
          "The kiosk's id, app version and catalogue version (always 1).");
  g_string_append (out, "motcua_kiosk_info{kiosk_id=\"");
  append_label_value (out, kiosk_id);
  g_string_append (out, "\",version=\"");
  append_label_value (out, PACKAGE_VERSION);
  g_string_append (out, "\",catalogue_version=\"");
  append_label_value (out, catalogue_version != NULL ? catalogue_version : "unknown");
  g_string_append (out, "\"} 1\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
mc_metrics_write_textfile (McStore     *store,
                           const char  *kiosk_id,
                           const char  *catalogue_version,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = mc_metrics_render (store, kiosk_id, catalogue_version,
                            g_get_real_time () / G_USEC_PER_SEC, error);
  if (text == NULL)
    return FALSE;

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
