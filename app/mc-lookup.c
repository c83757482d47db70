/* mc-lookup.c: dossier status lookup (outbox, then portal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-lookup"

#include "mc-lookup.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-portal.h"
#include "mc-store.h"

#define LOOKUP_TIMEOUT_S 10
#define MAX_CODE_LEN 64

G_DEFINE_QUARK (mc-lookup-error-quark, mc_lookup_error)

void
mc_lookup_result_free (McLookupResult *result)
{
  if (result == NULL)
    return;
  g_free (result->query);
  g_free (result->local_number);
  g_free (result->dossier_code);
  g_free (result->procedure_code);
  g_free (result->state);
  g_free (result->state_label);
  g_free (result->detail);
  g_free (result->tracking_url);
  g_free (result->updated_at);
  g_clear_pointer (&result->outbox_entry, mc_outbox_entry_free);
  g_free (result);
}

char *
mc_lookup_parse_input (const char *input)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *code;

  g_return_val_if_fail (input != NULL, NULL);

  text = g_strstrip (g_strdup (input));
  code = text;
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_scheme (uri) != NULL
      && (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0
          || g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0))
    {
      g_autoptr(GHashTable) params = NULL;
      const char *path = g_uri_get_path (uri);
      const char *slash;

      if (g_uri_get_query (uri) != NULL)
        params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params != NULL && g_hash_table_lookup (params, "ma_ho_so") != NULL)
        return mc_lookup_parse_input (g_hash_table_lookup (params, "ma_ho_so"));
      slash = strrchr (path, '/');
      if (slash == NULL || slash[1] == '\0')
        return NULL;
      {
        g_autofree char *segment = g_uri_unescape_string (slash + 1, NULL);

        return segment != NULL && strchr (segment, '.') != NULL && !g_str_has_suffix (segment, ".html")
               ? mc_lookup_parse_input (segment) : NULL;
      }
    }

  if (*code == '\0' || strlen (code) > MAX_CODE_LEN)
    return NULL;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_' && *p != '/')
      return NULL;
  return g_ascii_strup (code, -1);
}

static const char *
outbox_label (McOutboxState state)
{
  switch (state)
    {
    case MC_OUTBOX_QUEUED:
      return _("Saved at this kiosk, waiting to be sent to the portal");
    case MC_OUTBOX_SENDING:
      return _("Being sent to the portal");
    case MC_OUTBOX_DELIVERED:
      return _("Received by the portal");
    case MC_OUTBOX_REJECTED:
      return _("Not accepted by the portal; please ask at the counter");
    default:
      g_assert_not_reached ();
    }
}

static const char *
portal_label (const char *status)
{
  if (g_strcmp0 (status, "received") == 0)
    return _("Received, waiting to be processed");
  if (g_strcmp0 (status, "processing") == 0)
    return _("Being processed");
  if (g_strcmp0 (status, "done") == 0)
    return _("Done: the result is ready");
  if (g_strcmp0 (status, "rejected") == 0)
    return _("Rejected; please ask at the counter");
  return _("State unknown; please ask at the counter");
}

/* The outbox entry with this local number or portal code. */
static McOutboxEntry *
find_in_outbox (const char *data_dir,
                const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  McOutboxEntry *entry;

  if (data_dir == NULL)
    return NULL;
  store = mc_store_open (data_dir, &error);
  if (store == NULL)
    {
      g_message ("Lookup without the outbox: %s", error->message);
      return NULL;
    }
  entry = mc_store_find_by_number (store, code, NULL);
  if (entry != NULL)
    return entry;
  /* The outbox is small (what this kiosk sent): a scan is enough. */
  entries = mc_store_list (store, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      McOutboxEntry *candidate = g_ptr_array_index (entries, i);

      /* @code is upper-cased; a kiosk id, hence a provisional number, may be
       * lower-case ("demo-kiosk-261123-0001"). */
      if ((candidate->dossier_code != NULL && g_ascii_strcasecmp (candidate->dossier_code, code) == 0)
          || (candidate->local_number != NULL && g_ascii_strcasecmp (candidate->local_number, code) == 0))
        return g_steal_pointer (&entries->pdata[i]);
    }
  return NULL;
}

static void
apply_receipt (McLookupResult *result,
               McReceipt      *receipt)
{
  result->source = MC_LOOKUP_SOURCE_PORTAL;
  g_free (result->dossier_code);
  result->dossier_code = g_strdup (receipt->dossier_code);
  g_free (result->state);
  result->state = g_strdup (receipt->status != NULL ? receipt->status : "received");
  g_free (result->state_label);
  result->state_label = g_strdup (portal_label (result->state));
  if (receipt->tracking_url != NULL)
    {
      g_free (result->tracking_url);
      result->tracking_url = g_strdup (receipt->tracking_url);
    }
  g_free (result->updated_at);
  result->updated_at = g_strdup (receipt->received_at);
}

McLookupResult *
mc_lookup (const char    *data_dir,
           const char    *portal_url,
           const char    *kiosk_id,
           const char    *input,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *code = NULL;
  McOutboxEntry *entry;  /* borrowed from result */
  g_autoptr(McLookupResult) result = NULL;
  g_autoptr(McPortal) portal = NULL;
  g_autoptr(McReceipt) receipt = NULL;
  g_autoptr(GError) portal_error = NULL;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  code = mc_lookup_parse_input (input);
  if (code == NULL)
    {
      g_set_error_literal (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_INVALID,
                           _("This is not a dossier code. Please check it, or scan the QR code on the receipt."));
      return NULL;
    }

  result = g_new0 (McLookupResult, 1);
  result->query = g_strdup (code);

  result->outbox_entry = find_in_outbox (data_dir, code);
  entry = result->outbox_entry;
  if (entry != NULL)
    {
      /* What the citizen filled in stays in the store: a receipt needs none of it. */
      g_clear_pointer (&entry->payload, g_free);
      result->source = MC_LOOKUP_SOURCE_OUTBOX;
      result->local_number = g_strdup (entry->local_number);
      result->dossier_code = g_strdup (entry->dossier_code);
      result->procedure_code = g_strdup (entry->procedure_code);
      result->state = g_strdup (mc_outbox_state_to_string (entry->state));
      result->state_label = g_strdup (outbox_label (entry->state));
      result->tracking_url = g_strdup (entry->tracking_url);
      if (entry->state == MC_OUTBOX_REJECTED && entry->last_error != NULL)
        result->detail = g_strdup (entry->last_error);
      /* Only a delivered dossier has something newer at the portal. */
      if (entry->state != MC_OUTBOX_DELIVERED || entry->dossier_code == NULL)
        return g_steal_pointer (&result);
    }

  if (portal_url == NULL || g_cancellable_is_cancelled (cancellable))
    {
      if (entry != NULL)
        {
          result->portal_unreachable = portal_url != NULL;
          return g_steal_pointer (&result);
        }
      g_set_error_literal (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_OFFLINE,
                           _("This dossier cannot be checked now: it was not submitted at this "
                             "kiosk and the portal cannot be reached. Please try again later or "
                             "ask at the counter."));
      return NULL;
    }

  portal = mc_portal_new (portal_url, kiosk_id != NULL ? kiosk_id : "", LOOKUP_TIMEOUT_S);
  receipt = mc_portal_lookup (portal, entry != NULL ? entry->dossier_code : code, &portal_error);
  if (receipt != NULL)
    {
      apply_receipt (result, receipt);
      return g_steal_pointer (&result);
    }

  g_debug ("Portal lookup failed: %s", portal_error->message);
  if (entry != NULL)
    {
      /* The outbox's answer stands; say it may be out of date. */
      result->portal_unreachable = TRUE;
      return g_steal_pointer (&result);
    }
  if (g_error_matches (portal_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT))
    {
      g_set_error_literal (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_NOT_FOUND,
                           _("No dossier has this code. Please check it against the receipt."));
      return NULL;
    }
  g_set_error_literal (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_OFFLINE,
                       _("This dossier cannot be checked now: it was not submitted at this "
                         "kiosk and the portal cannot be reached. Please try again later or "
                         "ask at the counter."));
  return NULL;
}

typedef struct {
  char *data_dir;
  char *portal_url;
  char *kiosk_id;
  char *input;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->data_dir);
  g_free (data->portal_url);
  g_free (data->kiosk_id);
  g_free (data->input);
  g_free (data);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LookupData *data = task_data;
  GError *error = NULL;
  McLookupResult *result = mc_lookup (data->data_dir, data->portal_url, data->kiosk_id,
                                      data->input, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) mc_lookup_result_free);
}

void
mc_lookup_async (const char          *data_dir,
                 const char          *portal_url,
                 const char          *kiosk_id,
                 const char          *input,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupData *data;

  g_return_if_fail (input != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_lookup_async);
  data = g_new0 (LookupData, 1);
  data->data_dir = g_strdup (data_dir);
  data->portal_url = g_strdup (portal_url);
  data->kiosk_id = g_strdup (kiosk_id);
  data->input = g_strdup (input);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  g_task_run_in_thread (task, lookup_thread);
}

McLookupResult *
mc_lookup_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_lookup_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
