/* mc-stats.c: the office's statistics from the outbox, and their CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-stats"

#include "mc-stats.h"

#include <string.h>

static McStatsRow *
row_new (const char *key)
{
  McStatsRow *row = g_new0 (McStatsRow, 1);

  row->key = g_strdup (key);
  return row;
}

static void
row_free (gpointer data)
{
  McStatsRow *row = data;

  g_free (row->key);
  g_free (row);
}

void
mc_stats_free (McStats *stats)
{
  if (stats == NULL)
    return;

  g_free (stats->totals.key);
  g_clear_pointer (&stats->days, g_ptr_array_unref);
  g_clear_pointer (&stats->weeks, g_ptr_array_unref);
  g_clear_pointer (&stats->procedures, g_ptr_array_unref);
  g_free (stats);
}

static void
row_count (McStatsRow          *row,
           const McOutboxEntry *entry)
{
  row->total++;
  if (entry->cancelled_at != 0)
    row->cancelled++;
  else if (entry->state == MC_OUTBOX_DELIVERED)
    row->delivered++;
  else if (entry->state == MC_OUTBOX_REJECTED)
    row->rejected++;
  else
    row->waiting++;
  if (entry->assisted)
    row->assisted++;
}

static McStatsRow *
lookup_row (GHashTable *table,
            const char *key)
{
  McStatsRow *row = g_hash_table_lookup (table, key);

  if (row == NULL)
    {
      row = row_new (key);
      g_hash_table_insert (table, row->key, row);
    }
  return row;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_procedures (gconstpointer a,
                    gconstpointer b)
{
  const McStatsRow *x = *(McStatsRow * const *) a;
  const McStatsRow *y = *(McStatsRow * const *) b;

  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return strcmp (x->key, y->key);
}

/* Every day (or week) from @first to @last as rows, taken from @table or zero. */
static GPtrArray *
fill_range (GHashTable *table,
            GDateTime  *first,
            GDateTime  *last,
            gboolean    weeks)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *last_key = NULL;

  if (first == NULL)
    return rows;

  last_key = g_date_time_format (last, weeks ? "%G-W%V" : "%Y-%m-%d");
  day = g_date_time_ref (first);
  for (;;)
    {
      g_autofree char *key = g_date_time_format (day, weeks ? "%G-W%V" : "%Y-%m-%d");
      McStatsRow *row = NULL;
      GDateTime *next;

      if (rows->len == 0 ||
          strcmp (((McStatsRow *) g_ptr_array_index (rows, rows->len - 1))->key, key) != 0)
        {
          if (g_hash_table_steal_extended (table, key, NULL, (gpointer *) &row))
            g_ptr_array_add (rows, row);
          else
            g_ptr_array_add (rows, row_new (key));
        }

      if (strcmp (key, last_key) == 0)
        break;
      /* Noon to noon: safe across daylight saving changes. */
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }

  return rows;
}

McStats *
mc_stats_compute (McStore    *store,
                  gint64      from,
                  gint64      to,
                  GTimeZone  *tz,
                  GError    **error)
{
  g_autoptr(McStats) stats = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) days = NULL;
  g_autoptr(GHashTable) weeks = NULL;
  g_autoptr(GHashTable) procedures = NULL;
  g_autoptr(GArray) queue_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entries = mc_store_list (store, error);
  if (entries == NULL)
    return NULL;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  stats = g_new0 (McStats, 1);
  stats->from = from;
  stats->to = to;
  stats->totals.key = g_strdup ("total");
  stats->median_queue_s = -1;

  days = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, row_free);
  weeks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, row_free);
  procedures = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, row_free);

  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GDateTime) created = NULL;
      g_autoptr(GDateTime) noon = NULL;
      g_autofree char *day = NULL;
      g_autofree char *week = NULL;

      if (entry->created_at < from || entry->created_at >= to)
        continue;

      created = g_date_time_new_from_unix_utc (entry->created_at);
      {
        g_autoptr(GDateTime) in_tz = g_date_time_to_timezone (created, tz);

        noon = g_date_time_new (tz, g_date_time_get_year (in_tz), g_date_time_get_month (in_tz),
                                g_date_time_get_day_of_month (in_tz), 12, 0, 0);
      }
      day = g_date_time_format (noon, "%Y-%m-%d");
      week = g_date_time_format (noon, "%G-W%V");

      row_count (&stats->totals, entry);
      row_count (lookup_row (days, day), entry);
      row_count (lookup_row (weeks, week), entry);
      row_count (lookup_row (procedures, entry->procedure_code), entry);

      if (first == NULL || g_date_time_compare (noon, first) < 0)
        {
          g_clear_pointer (&first, g_date_time_unref);
          first = g_date_time_ref (noon);
        }
      if (last == NULL || g_date_time_compare (noon, last) > 0)
        {
          g_clear_pointer (&last, g_date_time_unref);
          last = g_date_time_ref (noon);
        }

      if (entry->state == MC_OUTBOX_DELIVERED && entry->cancelled_at == 0)
        {
          gint64 waited = MAX (entry->delivered_at - entry->created_at, 0);

          g_array_append_val (queue_times, waited);
          if (entry->assisted)
            stats->assisted_delivered++;
        }
    }

  stats->days = fill_range (days, first, last, FALSE);
  stats->weeks = fill_range (weeks, first, last, TRUE);

  stats->procedures = g_ptr_array_new_with_free_func (row_free);
  g_hash_table_iter_init (&iter, procedures);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_ptr_array_add (stats->procedures, value);
    }
  g_ptr_array_sort (stats->procedures, compare_procedures);

  if (queue_times->len > 0)
    {
      guint n = queue_times->len;

      g_array_sort (queue_times, compare_gint64);
      if (n % 2 == 1)
        stats->median_queue_s = g_array_index (queue_times, gint64, n / 2);
      else
        stats->median_queue_s = (g_array_index (queue_times, gint64, n / 2 - 1) +
                                 g_array_index (queue_times, gint64, n / 2)) / 2;
    }

  if (stats->totals.total > 0)
    {
      stats->online_share = (double) stats->totals.delivered / stats->totals.total;
      stats->self_service_share = (double) (stats->totals.delivered - stats->assisted_delivered)
                                  / stats->totals.total;
    }

  return g_steal_pointer (&stats);
}

static void
csv_field (GString    *out,
           const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_row (GString          *out,
         const McStatsRow *row)
{
  csv_field (out, row->key);
  g_string_append_printf (out, ",%u,%u,%u,%u,%u,%u\r\n", row->total, row->delivered,
                          row->waiting, row->rejected, row->cancelled, row->assisted);
}

char *
mc_stats_to_csv (const McStats *stats,
                 McStatsTable   table)
{
  static const char *const first_column[] = { "day", "week", "procedure" };
  GString *out = g_string_new (NULL);
  GPtrArray *rows;

  g_return_val_if_fail (stats != NULL, NULL);
  g_return_val_if_fail (table <= MC_STATS_BY_PROCEDURE, NULL);

  rows = table == MC_STATS_BY_DAY ? stats->days
         : table == MC_STATS_BY_WEEK ? stats->weeks : stats->procedures;

  g_string_append_printf (out, "%s,total,delivered,waiting,rejected,cancelled,assisted\r\n",
                          first_column[table]);
  for (guint i = 0; i < rows->len; i++)
    csv_row (out, g_ptr_array_index (rows, i));
  csv_row (out, &stats->totals);

  return g_string_free (out, FALSE);
}

gboolean
mc_stats_write_csv (const McStats  *stats,
                    McStatsTable    table,
                    const char     *path,
                    GError        **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  csv = mc_stats_to_csv (stats, table);
  return g_file_set_contents_full (path, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static int
compare_used (gconstpointer a,
              gconstpointer b)
{
  const McStatsRow *x = *(const McStatsRow * const *) a;
  const McStatsRow *y = *(const McStatsRow * const *) b;
  guint used_x = x->total - x->cancelled;
  guint used_y = y->total - y->cancelled;

  if (used_x != used_y)
    return used_x > used_y ? -1 : 1;
  return strcmp (x->key, y->key);
}

char **
mc_stats_top_procedures (McStore  *store,
                         gint64    since,
                         guint     n,
                         GError  **error)
{
  g_autoptr(McStats) stats = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GStrvBuilder *builder;
  char **codes;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stats = mc_stats_compute (store, since, G_MAXINT64, NULL, error);
  if (stats == NULL)
    return NULL;
  rows = g_ptr_array_new ();
  for (guint i = 0; i < stats->procedures->len; i++)
    {
      McStatsRow *row = stats->procedures->pdata[i];

      if (row->total > row->cancelled)
        g_ptr_array_add (rows, row);
    }
  g_ptr_array_sort (rows, compare_used);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < rows->len && i < n; i++)
    g_strv_builder_add (builder, ((McStatsRow *) rows->pdata[i])->key);
  codes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return codes;
}
