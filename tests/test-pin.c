/* test-pin.c: the clerk's PIN: strength, Argon2id hash in the store, lock-out
 * with growing delay that survives a restart, nothing in logs or on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-pin.h"
#include "mc-store.h"

#define PIN   "73914682"
#define WRONG "55501234"

static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      g_string_append_printf (log_text, "%s\n", (const char *) fields[i].value);

  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Like strstr over @len bytes that may hold NULs (a database file). */
static gboolean
contains (const char *haystack,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static char *
data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
}

static void
test_strength (void)
{
  const char *weak[] = { "", "123", "123456789", "12a4", "0000", "99999999", "1234", "4321",
                         "01234567", "98765", "1212", "909090", " 7391" };
  const char *good[] = { "7391", "2580", "120988", PIN, "10203040" };

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mc_pin_check_strength (weak[i], &error));
      g_assert_error (error, MC_PIN_ERROR, MC_PIN_ERROR_WEAK);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (mc_pin_check_strength (good[i], &error));
      g_assert_no_error (error);
    }

  g_assert_cmpuint (mc_pin_lock_seconds (0), ==, 0);
  g_assert_cmpuint (mc_pin_lock_seconds (2), ==, 0);
  g_assert_cmpuint (mc_pin_lock_seconds (3), ==, 30);
  g_assert_cmpuint (mc_pin_lock_seconds (4), ==, 60);
  g_assert_cmpuint (mc_pin_lock_seconds (5), ==, 120);
  g_assert_cmpuint (mc_pin_lock_seconds (7), ==, 480);
  g_assert_cmpuint (mc_pin_lock_seconds (8), ==, 900);
  g_assert_cmpuint (mc_pin_lock_seconds (1000), ==, 900);
}

static void
verify_fails (McStore    *store,
              const char *pin,
              gint64      now,
              int         code,
              gint64      expected_until)
{
  g_autoptr(GError) error = NULL;
  gint64 until = -1;

  g_assert_false (mc_pin_verify (store, pin, now, &until, &error));
  g_assert_error (error, MC_PIN_ERROR, code);
  g_assert_cmpint (until, ==, expected_until);
}

static void
test_lockout (void)
{
  g_autofree char *dir = data_dir ();
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 until = -1;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);

  g_assert_false (mc_pin_is_set (store));
  verify_fails (store, PIN, 1000, MC_PIN_ERROR_NOT_SET, 0);

  g_assert_false (mc_pin_set (store, "1234", &error));
  g_assert_error (error, MC_PIN_ERROR, MC_PIN_ERROR_WEAK);
  g_clear_error (&error);
  g_assert_false (mc_pin_is_set (store));

  g_assert_true (mc_pin_set (store, PIN, &error));
  g_assert_no_error (error);
  g_assert_true (mc_pin_is_set (store));

  g_assert_true (mc_pin_verify (store, PIN, 1000, &until, &error));
  g_assert_no_error (error);
  g_assert_cmpint (until, ==, 0);

  /* Three tries free; the third wrong one locks for 30 s. */
  verify_fails (store, WRONG, 1000, MC_PIN_ERROR_WRONG, 0);
  verify_fails (store, WRONG, 1001, MC_PIN_ERROR_WRONG, 0);
  verify_fails (store, WRONG, 1002, MC_PIN_ERROR_WRONG, 1032);
  g_assert_cmpint (mc_pin_get_locked_until (store, 1010), ==, 1032);

  /* While locked even the right PIN is refused, unchecked and uncounted. */
  verify_fails (store, PIN, 1010, MC_PIN_ERROR_LOCKED, 1032);
  verify_fails (store, PIN, 1031, MC_PIN_ERROR_LOCKED, 1032);

  /* Then 60 s, 120 s: growing. */
  verify_fails (store, WRONG, 1032, MC_PIN_ERROR_WRONG, 1092);
  verify_fails (store, WRONG, 1092, MC_PIN_ERROR_WRONG, 1212);

  /* A restart keeps the count and the lock. */
  g_clear_pointer (&store, mc_store_close);
  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_pin_get_locked_until (store, 1100), ==, 1212);
  verify_fails (store, PIN, 1100, MC_PIN_ERROR_LOCKED, 1212);
  verify_fails (store, WRONG, 1212, MC_PIN_ERROR_WRONG, 1212 + 240);

  /* A clock set back does not lock for longer than the longest lock. */
  g_assert_cmpint (mc_pin_get_locked_until (store, 100), ==, 100 + 240);

  /* The right PIN once the lock is over clears the count. */
  g_assert_true (mc_pin_verify (store, PIN, 1212 + 240, &until, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_pin_get_locked_until (store, 1500), ==, 0);
  verify_fails (store, WRONG, 1500, MC_PIN_ERROR_WRONG, 0);

  /* A new PIN replaces the old one and clears the lock. */
  verify_fails (store, WRONG, 1501, MC_PIN_ERROR_WRONG, 0);
  verify_fails (store, WRONG, 1502, MC_PIN_ERROR_WRONG, 1532);
  g_assert_true (mc_pin_set (store, "20481357", &error));
  g_assert_no_error (error);
  g_assert_true (mc_pin_verify (store, "20481357", 1503, NULL, &error));
  g_assert_no_error (error);
  verify_fails (store, PIN, 1504, MC_PIN_ERROR_WRONG, 0);
}

/* Only an Argon2id hash is stored; the PIN is nowhere on disk nor in the log. */
static void
test_not_stored (void)
{
  g_autofree char *dir = data_dir ();
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean found_hash = FALSE;

  store = mc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (mc_pin_set (store, PIN, &error));
  g_assert_no_error (error);
  g_assert_true (mc_pin_verify (store, PIN, 10, NULL, &error));
  g_assert_no_error (error);
  verify_fails (store, WRONG, 11, MC_PIN_ERROR_WRONG, 0);
  g_clear_pointer (&store, mc_store_close);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_false (contains (contents, len, PIN));
      g_assert_false (contains (contents, len, WRONG));
      found_hash |= contains (contents, len, "$argon2id$");
    }
  g_assert_true (found_hash);

  g_assert_null (strstr (log_text->str, PIN));
  g_assert_null (strstr (log_text->str, WRONG));
  g_assert_null (strstr (log_text->str, "argon2"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/motcua/pin/strength", test_strength);
  g_test_add_func ("/motcua/pin/lockout", test_lockout);
  g_test_add_func ("/motcua/pin/not-stored", test_not_stored);

  return g_test_run ();
}
