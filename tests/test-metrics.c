/* test-metrics.c: the Prometheus text format of `motcua-ctl metrics` and the
 * textfile, checked by a strict parser of the exposition format 0.0.4
 * (promtool, from Debian's prometheus package, is ~96 MB installed: too heavy
 * for a build dependency), and its values against a seeded outbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "mc-metrics.h"
#include "mc-portal.h"
#include "mc-store.h"
#include "mc-store-private.h"

#define CTL BUILDDIR "/app/motcua-ctl"
#define PAYLOAD "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
                "\"id_number\":\"001090012345\",\"phone\":\"0912345678\"}}"

/* Parses @text strictly; returns series ("name{labels}") → value. Fails the
 * test on anything the format does not allow. */
static GHashTable *
parse_exposition (const char *text)
{
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) helps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) sampled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) name_re = g_regex_new ("^[a-zA-Z_:][a-zA-Z0-9_:]*$", 0, 0, NULL);
  g_autoptr(GRegex) sample_re = g_regex_new (
    "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
    "(\\S+)( -?[0-9]+)?$", 0, 0, NULL);
  guint n;

  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines) - 1;  /* after the final newline */
  g_assert_cmpstr (lines[n], ==, "");

  for (guint i = 0; i < n; i++)
    {
      const char *line = lines[i];

      g_assert_cmpstr (line, !=, "");
      if (g_str_has_prefix (line, "# HELP ") || g_str_has_prefix (line, "# TYPE "))
        {
          g_auto(GStrv) parts = g_strsplit (line + 7, " ", 2);

          g_assert_nonnull (parts[0]);
          g_assert_nonnull (parts[1]);
          g_assert_true (g_regex_match (name_re, parts[0], 0, NULL));
          /* Before any sample of the metric, once. */
          g_assert_false (g_hash_table_contains (sampled, parts[0]));
          if (line[2] == 'T')
            {
              g_assert_true (g_strv_contains ((const char *[]) { "counter", "gauge", "histogram",
                                                                 "summary", "untyped", NULL },
                                              parts[1]));
              g_assert_false (g_hash_table_contains (types, parts[0]));
              if (g_str_equal (parts[1], "counter"))
                g_assert_true (g_str_has_suffix (parts[0], "_total"));
              g_hash_table_insert (types, g_strdup (parts[0]), g_strdup (parts[1]));
            }
          else
            {
              g_assert_false (g_hash_table_contains (helps, parts[0]));
              g_assert_cmpstr (parts[1], !=, "");
              g_hash_table_add (helps, g_strdup (parts[0]));
            }
          continue;
        }
      g_assert_false (g_str_has_prefix (line, "#"));

      {
        g_autoptr(GMatchInfo) match = NULL;
        g_autofree char *name = NULL;
        g_autofree char *labels = NULL;
        g_autofree char *value = NULL;
        g_autofree char *key = NULL;
        char *end;
        double v;

        if (!g_regex_match (sample_re, line, 0, &match))
          g_error ("not a sample line: “%s”", line);
        name = g_match_info_fetch (match, 1);
        labels = g_match_info_fetch (match, 3);
        value = g_match_info_fetch (match, 4);

        /* Every sample has its TYPE and HELP, and the series is unique. */
        g_assert_true (g_hash_table_contains (types, name));
        g_assert_true (g_hash_table_contains (helps, name));
        g_hash_table_add (sampled, g_strdup (name));
        if (g_strcmp0 (value, "NaN") != 0 && g_strcmp0 (value, "+Inf") != 0 &&
            g_strcmp0 (value, "-Inf") != 0)
          {
            v = g_ascii_strtod (value, &end);
            g_assert_true (*end == '\0');
            (void) v;
          }
        key = labels != NULL && *labels != '\0' ? g_strdup_printf ("%s{%s}", name, labels)
                                                 : g_strdup (name);
        g_assert_false (g_hash_table_contains (series, key));
        g_hash_table_insert (series, g_steal_pointer (&key), g_steal_pointer (&value));
      }
    }

  return series;
}

static double
get (GHashTable *series,
     const char *key)
{
  const char *value = g_hash_table_lookup (series, key);

  if (value == NULL)
    g_error ("no series %s", key);
  return g_ascii_strtod (value, NULL);
}

static void
test_values (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) series = NULL;
  g_autofree char *text = NULL;
  gint64 now = 2000000000;
  McOutboxEntry *e;
  gint64 ids[6];

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      e = mc_store_enqueue (store, "HN-01", "1.001193", PAYLOAD, &error);
      g_assert_no_error (error);
      ids[i] = e->id;
      mc_outbox_entry_free (e);
    }
  /* 0, 1 queued (created 3 h and 1 h ago); 2 sending; 3 delivered; 4 rejected; 5 cancelled. */
  g_assert_true (_mc_store_set_times (store, ids[0], now - 3 * 3600, 0, NULL));
  g_assert_true (_mc_store_set_times (store, ids[1], now - 3600, 0, NULL));
  g_assert_true (mc_store_mark_sending (store, ids[2], NULL));
  g_assert_true (_mc_store_set_times (store, ids[2], now - 7200, 0, NULL));
  g_assert_true (mc_store_mark_delivered (store, ids[3], "G01", NULL, NULL));
  g_assert_true (_mc_store_set_times (store, ids[3], now - 99999, now - 99000, NULL));
  g_assert_true (mc_store_mark_rejected (store, ids[4], "no", NULL));
  g_assert_true (_mc_store_set_times (store, ids[4], now - 88888, 0, NULL));
  g_assert_true (mc_store_cancel (store, ids[5], "dup", NULL));
  g_assert_true (_mc_store_set_times (store, ids[5], now - 77777, 0, NULL));

  /* What the sync worker records. */
  mc_metrics_record_success (store, now - 60, FALSE);
  mc_metrics_record_success (store, now - 600, TRUE);
  {
    g_autoptr(GError) net = g_error_new_literal (MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK, "x");
    g_autoptr(GError) tr = g_error_new_literal (MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT, "x");
    g_autoptr(GError) up = g_error_new_literal (MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_GONE, "x");
    g_autoptr(GError) pr = g_error_new_literal (MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL, "x");
    g_autoptr(GError) pe = g_error_new_literal (MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT, "x");
    g_autoptr(GError) dm = g_error_new_literal (MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED, "x");
    g_autoptr(GError) full = g_error_new_literal (MC_STORE_ERROR, MC_STORE_ERROR_FULL, "x");

    for (guint i = 0; i < 3; i++)
      mc_metrics_record_failure (store, net);
    mc_metrics_record_failure (store, tr);
    mc_metrics_record_failure (store, up);
    mc_metrics_record_failure (store, pr);
    mc_metrics_record_failure (store, pe);
    mc_metrics_record_failure (store, dm);
    mc_metrics_record_failure (store, full);  /* our own disk: not the portal's fault */
  }

  text = mc_metrics_render (store, "HN-01", "20251123.1a2b \"x\"\\", now, &error);
  g_assert_no_error (error);
  g_test_message ("%s", text);
  series = parse_exposition (text);

  g_assert_cmpfloat (get (series, "motcua_outbox_waiting"), ==, 3);
  g_assert_cmpfloat (get (series, "motcua_outbox_dossiers{state=\"queued\"}"), ==, 2);
  g_assert_cmpfloat (get (series, "motcua_outbox_dossiers{state=\"sending\"}"), ==, 1);
  g_assert_cmpfloat (get (series, "motcua_outbox_dossiers{state=\"delivered\"}"), ==, 1);
  g_assert_cmpfloat (get (series, "motcua_outbox_dossiers{state=\"rejected\"}"), ==, 1);
  g_assert_cmpfloat (get (series, "motcua_outbox_dossiers{state=\"cancelled\"}"), ==, 1);
  g_assert_cmpfloat (get (series, "motcua_outbox_oldest_waiting_age_seconds"), ==, 3 * 3600);
  g_assert_cmpfloat (get (series, "motcua_sync_last_success_timestamp_seconds"), ==, now - 600);
  g_assert_cmpfloat (get (series, "motcua_sync_last_delivery_timestamp_seconds"), ==, now - 600);
  g_assert_cmpfloat (get (series, "motcua_sync_failures_total{class=\"network\"}"), ==, 3);
  g_assert_cmpfloat (get (series, "motcua_sync_failures_total{class=\"transient\"}"), ==, 2);
  g_assert_cmpfloat (get (series, "motcua_sync_failures_total{class=\"protocol\"}"), ==, 1);
  g_assert_cmpfloat (get (series, "motcua_sync_failures_total{class=\"permanent\"}"), ==, 2);
  g_assert_cmpfloat (get (series, "motcua_data_dir_free_bytes"), >, 0);
  g_assert_cmpfloat (get (series, "motcua_kiosk_info{kiosk_id=\"HN-01\",version=\"" PACKAGE_VERSION
                                  "\",catalogue_version=\"20251123.1a2b \\\"x\\\"\\\\\"}"), ==, 1);

  /* No personal data. */
  g_assert_null (strstr (text, "001090012345"));
  g_assert_null (strstr (text, "Nguyễn"));
  g_assert_null (strstr (text, "0912345678"));
}

/* `motcua-ctl metrics` and `--textfile`: the same format, the file replaced
 * atomically and readable by node_exporter. */
static void
test_ctl (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  g_autofree char *prom = g_build_filename (g_get_user_data_dir (), "node", "motcua.prom", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GHashTable) series = NULL;
  g_autoptr(GHashTable) file_series = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  McOutboxEntry *e;
  int status;
  GStatBuf st;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  e = mc_store_enqueue (store, "HN-01", "1.001193", PAYLOAD, &error);
  g_assert_no_error (error);
  mc_outbox_entry_free (e);
  g_clear_pointer (&store, mc_store_close);

  {
    const char *argv[] = { CTL, "--data-dir", dir, "metrics", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_no_error (error);
  }
  series = parse_exposition (out);
  g_assert_cmpfloat (get (series, "motcua_outbox_waiting"), ==, 1);
  g_assert_cmpfloat (get (series, "motcua_sync_failures_total{class=\"network\"}"), ==, 0);

  /* The same text through an independent parser: prometheus_client's own. */
  {
    g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-prometheus.py", NULL);
    g_autofree char *exposition = g_build_filename (g_get_user_data_dir (), "metrics.txt", NULL);
    g_autofree char *samples = NULL;
    const char *argv[] = { "/usr/bin/python3", script, exposition, NULL };

    g_assert_true (g_file_set_contents (exposition, out, -1, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &samples, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (samples, "\nmotcua_outbox_waiting{} 1\n"));
    g_assert_nonnull (strstr (samples, "motcua_sync_failures_total{class=\"network\"} 0\n"));
  }

  {
    g_autofree char *node_dir = g_path_get_dirname (prom);

    g_assert_no_errno (g_mkdir_with_parents (node_dir, 0755));
  }
  g_assert_true (g_file_set_contents (prom, "stale", -1, NULL));
  {
    const char *argv[] = { CTL, "--data-dir", dir, "metrics", "--textfile", prom, NULL };
    g_autofree char *out2 = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out2, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_cmpstr (out2, ==, "");
  }
  g_assert_true (g_file_get_contents (prom, &written, NULL, NULL));
  file_series = parse_exposition (written);
  g_assert_cmpfloat (get (file_series, "motcua_outbox_waiting"), ==, 1);
  g_assert_cmpint (g_stat (prom, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
}

/* The parser must be able to fail. */
static void
test_parser_strict (void)
{
  const char *bad[] = {
    "motcua_x 1\n",                                         /* no TYPE/HELP */
    "# HELP a x\n# TYPE a gauge\na 1",                        /* no final newline */
    "# HELP a x\n# TYPE a gauge\na{b=\"c} 1\n",               /* bad label */
    "# HELP a x\n# TYPE a counter\na 1\n",                    /* counter without _total */
    "# HELP a x\n# TYPE a gauge\na 1\na 2\n",                 /* duplicate series */
    "# HELP a x\n# TYPE a gauge\na one\n",                    /* not a number */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (g_test_subprocess ())
        {
          g_autoptr(GHashTable) s = NULL;
          const char *which = g_getenv ("MC_BAD");

          s = parse_exposition (bad[atoi (which)]);
          return;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);

      g_setenv ("MC_BAD", index, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/metrics/values", test_values);
  g_test_add_func ("/motcua/metrics/ctl", test_ctl);
  g_test_add_func ("/motcua/metrics/parser-strict", test_parser_strict);

  return g_test_run ();
}
