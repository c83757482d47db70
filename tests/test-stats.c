/* test-stats.c: the office's statistics from a seeded outbox, against figures
 * computed by hand, and their CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-stats.h"
#include "mc-store.h"
#include "mc-store-private.h"

#define PAYLOAD "{\"procedure_code\":\"x\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"}}"

/* 2026-11-23 00:00 +07:00, a Monday of ISO week 48. */
#define MON23 G_GINT64_CONSTANT (1795366800)
#define H     3600
#define DAY   (24 * H)

#define P1 "1.001193"
#define P2 "2.000986"
#define P3 "3.0\"A,B"   /* not a real code: it checks the CSV quoting */

typedef enum { DELIVERED, WAITING, REJECTED, CANCELLED } Fate;

static void
seed (McStore    *store,
      gint64      created,
      const char *procedure,
      Fate        fate,
      gint64      queued_s,
      gboolean    assisted)
{
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  entry = mc_store_enqueue_full (store, "TEST", procedure, PAYLOAD, NULL,
                                 assisted ? MC_ENQUEUE_ASSISTED : MC_ENQUEUE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->assisted, ==, assisted);

  switch (fate)
    {
    case DELIVERED:
      g_assert_true (mc_store_mark_delivered (store, entry->id, "G01-1", NULL, &error));
      break;
    case REJECTED:
      g_assert_true (mc_store_mark_rejected (store, entry->id, "refused", &error));
      break;
    case CANCELLED:
      g_assert_true (mc_store_cancel (store, entry->id, "citizen changed their mind", &error));
      break;
    case WAITING:
    default:
      break;
    }
  g_assert_no_error (error);

  g_assert_true (_mc_store_set_times (store, entry->id, created,
                                      fate == DELIVERED ? created + queued_s : 0, &error));
  g_assert_no_error (error);
}

static McStore *
seeded_store (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (dir, &error);

  g_assert_no_error (error);
  seed (store, MON23 + 9 * H, P1, DELIVERED, 60, FALSE);
  seed (store, MON23 + 10 * H, P1, DELIVERED, 300, TRUE);
  seed (store, MON23 + 23 * H + 1800, P2, WAITING, 0, FALSE);  /* 16:30 UTC: still the 23rd */
  seed (store, MON23 + DAY + 8 * H, P2, REJECTED, 0, FALSE);
  seed (store, MON23 + 3 * DAY + 12 * H, P1, CANCELLED, 0, FALSE);
  seed (store, MON23 + 7 * DAY + 9 * H, P3, DELIVERED, 3600, FALSE);
  seed (store, MON23 + 7 * DAY + 9 * H + 1800, P1, DELIVERED, 120, TRUE);
  seed (store, MON23 - DAY + 10 * H, P2, DELIVERED, 30, FALSE);  /* Sunday, week 47 */
  return store;
}

static void
assert_row (const McStatsRow *row,
            const char       *key,
            guint             total,
            guint             delivered,
            guint             waiting,
            guint             rejected,
            guint             cancelled,
            guint             assisted)
{
  g_assert_cmpstr (row->key, ==, key);
  g_assert_cmpuint (row->total, ==, total);
  g_assert_cmpuint (row->delivered, ==, delivered);
  g_assert_cmpuint (row->waiting, ==, waiting);
  g_assert_cmpuint (row->rejected, ==, rejected);
  g_assert_cmpuint (row->cancelled, ==, cancelled);
  g_assert_cmpuint (row->assisted, ==, assisted);
}

#define ROW(array, i) ((const McStatsRow *) g_ptr_array_index ((array), (i)))

static void
test_all (void)
{
  g_autoptr(McStore) store = seeded_store ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(McStats) stats = NULL;
  g_autoptr(GError) error = NULL;

  stats = mc_stats_compute (store, 0, G_MAXINT64, tz, &error);
  g_assert_no_error (error);

  assert_row (&stats->totals, "total", 8, 5, 1, 1, 1, 2);
  g_assert_cmpuint (stats->assisted_delivered, ==, 2);
  /* Queue times 30, 60, 120, 300, 3600 s. */
  g_assert_cmpint (stats->median_queue_s, ==, 120);
  g_assert_cmpfloat_with_epsilon (stats->online_share, 5.0 / 8, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->self_service_share, 3.0 / 8, 1e-9);

  /* Every day from the 22nd to the 30th, empty ones too. */
  g_assert_cmpuint (stats->days->len, ==, 9);
  assert_row (ROW (stats->days, 0), "2026-11-22", 1, 1, 0, 0, 0, 0);
  assert_row (ROW (stats->days, 1), "2026-11-23", 3, 2, 1, 0, 0, 1);
  assert_row (ROW (stats->days, 2), "2026-11-24", 1, 0, 0, 1, 0, 0);
  assert_row (ROW (stats->days, 3), "2026-11-25", 0, 0, 0, 0, 0, 0);
  assert_row (ROW (stats->days, 4), "2026-11-26", 1, 0, 0, 0, 1, 0);
  assert_row (ROW (stats->days, 7), "2026-11-29", 0, 0, 0, 0, 0, 0);
  assert_row (ROW (stats->days, 8), "2026-11-30", 2, 2, 0, 0, 0, 1);

  g_assert_cmpuint (stats->weeks->len, ==, 3);
  assert_row (ROW (stats->weeks, 0), "2026-W47", 1, 1, 0, 0, 0, 0);
  assert_row (ROW (stats->weeks, 1), "2026-W48", 5, 2, 1, 1, 1, 1);
  assert_row (ROW (stats->weeks, 2), "2026-W49", 2, 2, 0, 0, 0, 1);

  g_assert_cmpuint (stats->procedures->len, ==, 3);
  assert_row (ROW (stats->procedures, 0), P1, 4, 3, 0, 0, 1, 2);
  assert_row (ROW (stats->procedures, 1), P2, 3, 1, 1, 1, 0, 0);
  assert_row (ROW (stats->procedures, 2), P3, 1, 1, 0, 0, 0, 0);
}

/* The welcome screen's "frequently used here": cancelled dossiers do not
 * count; ties by code. */
static void
test_top (void)
{
  g_autoptr(McStore) store = seeded_store ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = mc_stats_top_procedures (store, 0, 10, &error);
  g_auto(GStrv) two = NULL;
  g_auto(GStrv) late = NULL;
  g_auto(GStrv) none = NULL;

  g_assert_no_error (error);
  /* P1: 4 dossiers, one cancelled; P2: 3. */
  g_assert_cmpstrv (all, ((const char * const[]) { P1, P2, P3, NULL }));
  two = mc_stats_top_procedures (store, 0, 2, &error);
  g_assert_cmpstrv (two, ((const char * const[]) { P1, P2, NULL }));
  late = mc_stats_top_procedures (store, MON23 + 7 * DAY, 10, &error);
  g_assert_cmpstrv (late, ((const char * const[]) { P1, P3, NULL }));
  none = mc_stats_top_procedures (store, MON23 + 30 * DAY, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_null (none[0]);
}

static void
test_range (void)
{
  g_autoptr(McStore) store = seeded_store ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(McStats) stats = NULL;
  g_autoptr(McStats) empty = NULL;
  g_autoptr(GError) error = NULL;

  /* The week of the 23rd only. */
  stats = mc_stats_compute (store, MON23, MON23 + 7 * DAY, tz, &error);
  g_assert_no_error (error);
  assert_row (&stats->totals, "total", 5, 2, 1, 1, 1, 1);
  g_assert_cmpint (stats->median_queue_s, ==, 180);  /* (60 + 300) / 2 */
  g_assert_cmpfloat_with_epsilon (stats->online_share, 2.0 / 5, 1e-9);
  g_assert_cmpfloat_with_epsilon (stats->self_service_share, 1.0 / 5, 1e-9);
  g_assert_cmpuint (stats->days->len, ==, 4);  /* the 23rd to the 26th */
  g_assert_cmpuint (stats->weeks->len, ==, 1);

  /* Nothing: no rows, no median. */
  empty = mc_stats_compute (store, 0, 1000, tz, &error);
  g_assert_no_error (error);
  assert_row (&empty->totals, "total", 0, 0, 0, 0, 0, 0);
  g_assert_cmpint (empty->median_queue_s, ==, -1);
  g_assert_cmpfloat (empty->online_share, ==, 0.0);
  g_assert_cmpuint (empty->days->len, ==, 0);
  g_assert_cmpuint (empty->procedures->len, ==, 0);
}

static void
test_csv (void)
{
  g_autoptr(McStore) store = seeded_store ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(McStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *by_procedure = NULL;
  g_autofree char *by_week = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;

  stats = mc_stats_compute (store, 0, G_MAXINT64, tz, &error);
  g_assert_no_error (error);

  by_procedure = mc_stats_to_csv (stats, MC_STATS_BY_PROCEDURE);
  g_assert_cmpstr (by_procedure, ==,
                   "procedure,total,delivered,waiting,rejected,cancelled,assisted\r\n"
                   "1.001193,4,3,0,0,1,2\r\n"
                   "2.000986,3,1,1,1,0,0\r\n"
                   "\"3.0\"\"A,B\",1,1,0,0,0,0\r\n"
                   "total,8,5,1,1,1,2\r\n");

  by_week = mc_stats_to_csv (stats, MC_STATS_BY_WEEK);
  g_assert_cmpstr (by_week, ==,
                   "week,total,delivered,waiting,rejected,cancelled,assisted\r\n"
                   "2026-W47,1,1,0,0,0,0\r\n"
                   "2026-W48,5,2,1,1,1,1\r\n"
                   "2026-W49,2,2,0,0,0,1\r\n"
                   "total,8,5,1,1,1,2\r\n");

  path = g_build_filename (g_get_user_data_dir (), "days.csv", NULL);
  g_assert_true (mc_stats_write_csv (stats, MC_STATS_BY_DAY, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_true (g_str_has_prefix (written, "day,total,"));
  g_assert_nonnull (strstr (written, "\r\n2026-11-25,0,0,0,0,0,0\r\n"));
  /* No personal data in what leaves the kiosk. */
  g_assert_null (strstr (written, "Nguyễn"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/stats/all", test_all);
  g_test_add_func ("/motcua/stats/range", test_range);
  g_test_add_func ("/motcua/stats/top-procedures", test_top);
  g_test_add_func ("/motcua/stats/csv", test_csv);

  return g_test_run ();
}
