/* bench-search.c: search latency per keystroke, and the SQLite FTS5 baseline.
 *
 *   meson compile -C build bench-search && build/bench/bench-search
 *
 * 1. Loads the shipped catalogue (load time, median of 5).
 * 2. 1,000 real-looking queries (the test vectors, and word runs taken from the
 *    procedure names, half of them without tones, some with y/i swapped), typed
 *    one character at a time: mc_catalogue_search (query so far, 50) timed at
 *    every keystroke. Median and p99.
 * 3. The same over a synthetic 20,000-procedure catalogue made from the real
 *    names (written to a temporary file and loaded like the real one).
 * 4. Baseline: SQLite FTS5 (unicode61 remove_diacritics 2) over the same names,
 *    fields and codes, a prefix query per keystroke; and both engines' recall on
 *    the search vectors (expected first result within the top 3).
 *
 * Keystroke to redrawn list in the real window (< 16 ms target) needs the UI:
 * the search page should time from the GtkText "changed" to the next frame's
 * "after-paint" on the GdkFrameClock, and print it with MOTCUA_BENCH=1; the
 * engine's share is what this program measures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mc-catalogue.h"
#include "mc-text.h"
#include "../tests/search-vectors.h"

#define N_QUERIES 1000
#define MAX_RESULTS 50

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  printf ("%-44s n=%6u  median %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", what, ms->len,
          g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, (guint) (ms->len * 0.99)),
          g_array_index (ms, double, ms->len - 1));
}

/* Without tones (half the queries: kiosks without a Vietnamese keyboard). */
static char *
strip_tones (const char *text)
{
  return mc_text_fold (text);
}

static GPtrArray *
make_queries (McCatalogue *catalogue)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  GListModel *model = mc_catalogue_get_model (catalogue);
  guint n = g_list_model_get_n_items (model);
  GRand *rand = g_rand_new_with_seed (20251123);

  for (guint i = 0; i < G_N_ELEMENTS (search_vectors); i++)
    g_ptr_array_add (queries, g_strdup (search_vectors[i].query));
  while (queries->len < N_QUERIES)
    {
      g_autoptr(McProcedure) p = g_list_model_get_item (model, g_rand_int_range (rand, 0, n));
      g_auto(GStrv) words = g_strsplit (mc_procedure_get_name (p), " ", -1);
      guint n_words = g_strv_length (words);
      guint start, len;
      g_autofree char *joined = NULL;

      if (n_words == 0)
        continue;
      /* Citizens type 1-4 words, mostly from the start of the name. */
      start = g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 0, n_words);
      len = MIN ((guint) g_rand_int_range (rand, 1, 5), n_words - start);
      {
        char *saved = words[start + len];

        words[start + len] = NULL;
        joined = g_strjoinv (" ", words + start);
        words[start + len] = saved;
      }
      if (g_rand_boolean (rand))
        g_ptr_array_add (queries, strip_tones (joined));
      else
        g_ptr_array_add (queries, g_utf8_strdown (joined, -1));
    }
  g_rand_free (rand);
  return queries;
}

/* CPU time of this thread: the machine may be busy with other work, and wall
 * time then measures the scheduler, not the search. Both are reported. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
bench_keystrokes (const char  *what,
                  McCatalogue *catalogue,
                  GPtrArray   *queries)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *cpu_what = g_strconcat (what, " (CPU)", NULL);
  double slowest = 0;
  g_autofree char *slowest_query = NULL;

  for (guint q = 0; q < queries->len; q++)
    {
      const char *query = g_ptr_array_index (queries, q);

      for (const char *end = g_utf8_next_char (query);; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (query, end - query);
          double cpu_start = thread_cpu_ms ();
          gint64 start = g_get_monotonic_time ();
          g_autoptr(GPtrArray) results = mc_catalogue_search (catalogue, typed, MAX_RESULTS);
          double elapsed = (g_get_monotonic_time () - start) / 1000.0;
          double cpu_elapsed = thread_cpu_ms () - cpu_start;

          g_array_append_val (ms, elapsed);
          g_array_append_val (cpu, cpu_elapsed);
          if (cpu_elapsed > slowest)
            {
              slowest = cpu_elapsed;
              g_free (slowest_query);
              slowest_query = g_strdup (typed);
            }
          if (*end == '\0')
            break;
        }
    }
  report (what, ms);
  report (cpu_what, cpu);
  printf ("  slowest (CPU): “%s” %.3f ms\n", slowest_query, slowest);
}

static double
time_load (const char   *path,
           McCatalogue **out)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      McCatalogue *catalogue = mc_catalogue_new_from_file (path, &error);
      double elapsed = (g_get_monotonic_time () - start) / 1000.0;

      if (catalogue == NULL)
        g_error ("%s", error->message);
      g_array_append_val (ms, elapsed);
      if (i == 4)
        *out = catalogue;
      else
        g_object_unref (catalogue);
    }
  g_array_sort (ms, compare_doubles);
  return g_array_index (ms, double, 2);
}

/* A 20,000-procedure catalogue: the real names, each with a variant suffix. */
static char *
write_synthetic (McCatalogue *real)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model = mc_catalogue_get_model (real);
  guint n = g_list_model_get_n_items (model);
  char *path = g_build_filename (g_get_tmp_dir (), "motcua-bench-catalogue-20000.json", NULL);
  static const char *variants[] = { "", " (trường hợp khác)", " lưu động", " trực tuyến",
                                    " có yếu tố nước ngoài", " tại khu vực biên giới", " lần thứ hai" };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "procedures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(McProcedure) p = g_list_model_get_item (model, i % n);
      g_autofree char *code = g_strdup_printf ("9.%06u", i);
      g_autofree char *name = g_strconcat (mc_procedure_get_name (p),
                                           variants[(i / n) % G_N_ELEMENTS (variants)], NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, mc_procedure_get_field (p));
      json_builder_set_member_name (builder, "level");
      json_builder_add_string_value (builder, mc_procedure_get_level (p));
      json_builder_set_member_name (builder, "popularity");
      json_builder_add_int_value (builder, mc_procedure_get_popularity (p));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  if (!json_generator_to_file (generator, path, &error))
    g_error ("%s", error->message);
  return path;
}

/* ---- the FTS5 baseline ---------------------------------------------------------- */

static sqlite3 *
fts_open (McCatalogue *catalogue)
{
  GListModel *model = mc_catalogue_get_model (catalogue);
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;

  if (sqlite3_open (":memory:", &db) != SQLITE_OK
      || sqlite3_exec (db, "CREATE VIRTUAL TABLE f USING fts5(code UNINDEXED, name, other,"
                           " tokenize = 'unicode61 remove_diacritics 2')", NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "INSERT INTO f VALUES (?, ?, ?)", -1, &insert, NULL) != SQLITE_OK)
    g_error ("sqlite: %s", sqlite3_errmsg (db));
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McProcedure) p = g_list_model_get_item (model, i);
      g_autofree char *other = g_strjoin (" ", mc_procedure_get_field (p) ? mc_procedure_get_field (p) : "",
                                          mc_procedure_get_code (p), NULL);

      sqlite3_bind_text (insert, 1, mc_procedure_get_code (p), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, mc_procedure_get_name (p), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, other, -1, SQLITE_TRANSIENT);
      sqlite3_step (insert);
      sqlite3_reset (insert);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (insert);
  return db;
}

/* What a plain FTS5 search box does: each typed word a quoted prefix term. The
 * text is only NFC-normalised: unicode61 removes the tones itself (but not đ). */
static GPtrArray *
fts_search (sqlite3    *db,
            const char *query,
            guint       limit)
{
  g_autofree char *nfc = g_utf8_normalize (query, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) words = g_strsplit_set (nfc != NULL ? nfc : "", " ,.-/", -1);
  g_autoptr(GString) match = g_string_new (NULL);
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0' || strchr (words[i], '"') != NULL)
        continue;
      g_string_append_printf (match, "%s\"%s\"*", match->len ? " " : "", words[i]);
    }
  if (match->len == 0)
    return codes;
  if (sqlite3_prepare_v2 (db, "SELECT code FROM f WHERE f MATCH ? ORDER BY rank LIMIT ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    g_error ("sqlite: %s", sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, match->str, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return codes;
}

static void
bench_fts (const char *what,
           sqlite3    *db,
           GPtrArray  *queries)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint q = 0; q < queries->len; q++)
    {
      const char *query = g_ptr_array_index (queries, q);

      for (const char *end = g_utf8_next_char (query);; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (query, end - query);
          gint64 start = g_get_monotonic_time ();
          g_autoptr(GPtrArray) codes = fts_search (db, typed, MAX_RESULTS);
          double elapsed = (g_get_monotonic_time () - start) / 1000.0;

          g_array_append_val (ms, elapsed);
          if (*end == '\0')
            break;
        }
    }
  report (what, ms);
}

static gboolean
in_top3 (GPtrArray  *codes,
         const char *code)
{
  for (guint i = 0; i < MIN (codes->len, 3u); i++)
    if (strcmp (g_ptr_array_index (codes, i), code) == 0)
      return TRUE;
  return FALSE;
}

static void
recall (McCatalogue *catalogue,
        sqlite3     *db)
{
  guint ours = 0, fts = 0, n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (search_vectors); i++)
    {
      const Vector *v = &search_vectors[i];
      const char *expected = v->first != NULL ? v->first : v->top3[0];
      g_autoptr(GPtrArray) results = mc_catalogue_search (catalogue, v->query, 3);
      g_autoptr(GPtrArray) our_codes = g_ptr_array_new ();
      g_autoptr(GPtrArray) fts_codes = fts_search (db, v->query, 3);

      for (guint j = 0; j < results->len; j++)
        g_ptr_array_add (our_codes, (char *) mc_procedure_get_code (g_ptr_array_index (results, j)));
      n++;
      ours += in_top3 (our_codes, expected);
      fts += in_top3 (fts_codes, expected);
      if (!in_top3 (fts_codes, expected))
        printf ("  FTS5 misses “%s” (%s); it gives %s\n", v->query, expected,
                fts_codes->len ? (char *) g_ptr_array_index (fts_codes, 0) : "nothing");
    }
  printf ("recall@3 on %u search vectors: motcua %u/%u (%.0f%%), FTS5 %u/%u (%.0f%%)\n",
          n, ours, n, 100.0 * ours / n, fts, n, 100.0 * fts / n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(McCatalogue) synthetic = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *synthetic_path = NULL;
  g_autoptr(McCatalogue) probe = mc_catalogue_new_default (&error);
  sqlite3 *db;
  double load_ms;
  guint keystrokes = 0;

  if (probe == NULL)
    g_error ("%s", error->message);
  load_ms = time_load (mc_catalogue_get_path (probe), &catalogue);
  printf ("catalogue %s: %u procedures, load (parse + index) median %.1f ms\n",
          mc_catalogue_get_path (catalogue), mc_catalogue_get_n_procedures (catalogue), load_ms);

  queries = make_queries (catalogue);
  for (guint q = 0; q < queries->len; q++)
    keystrokes += g_utf8_strlen (g_ptr_array_index (queries, q), -1);
  printf ("%u queries, %u keystrokes; results limited to %u\n", queries->len, keystrokes, MAX_RESULTS);

  bench_keystrokes ("motcua search, full catalogue", catalogue, queries);
  db = fts_open (catalogue);
  bench_fts ("FTS5 baseline, full catalogue", db, queries);
  recall (catalogue, db);
  sqlite3_close (db);

  synthetic_path = write_synthetic (catalogue);
  load_ms = time_load (synthetic_path, &synthetic);
  printf ("synthetic catalogue: %u procedures, load median %.1f ms\n",
          mc_catalogue_get_n_procedures (synthetic), load_ms);
  bench_keystrokes ("motcua search, synthetic 20,000", synthetic, queries);
  db = fts_open (synthetic);
  bench_fts ("FTS5 baseline, synthetic 20,000", db, queries);
  sqlite3_close (db);
  g_remove (synthetic_path);
  return 0;
}
