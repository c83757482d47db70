/* test-config.c: kiosk.conf defaults, loading, checks, URL patterns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-config.h"

static void
assert_defaults (McConfig *config)
{
  g_assert_cmpstr (config->kiosk_id, ==, "demo-kiosk");
  g_assert_cmpstr (config->office_name, ==, "");
  g_assert_cmpstr (config->language, ==, "vi");
  g_assert_cmpstr (config->portal_url, ==, "http://127.0.0.1:8765");
  g_assert_cmpstr (config->procedure_url_pattern, ==,
                   "https://dichvucong.gov.vn/p/home/"
                   "dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}");
  g_assert_cmpstr (config->tracking_url_pattern, ==,
                   "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}");
  g_assert_cmpuint (config->retry_initial_s, ==, 30);
  g_assert_cmpuint (config->retry_max_s, ==, 900);
  g_assert_cmpuint (config->request_timeout_s, ==, 60);
  g_assert_cmpstr (config->agency_code, ==, "");
  g_assert_cmpuint (config->idle_timeout_s, ==, 120);
  g_assert_nonnull (config->favourites);
  g_assert_cmpuint (g_strv_length (config->favourites), ==, 0);
  g_assert_cmpstr (config->printer, ==, "");
  g_assert_cmpstr (config->scanner, ==, "");
  g_assert_cmpuint (config->retention_days, ==, 0);
  g_assert_false (config->kiosk_mode);
  g_assert_cmpstr (config->metrics_textfile, ==, "");
  g_assert_cmpuint (config->metrics_interval_s, ==, 300);
  g_assert_cmpint (config->input_method, ==, MC_INPUT_METHOD_TELEX);
  g_assert_cmpint (config->tone_style, ==, MC_TONE_STYLE_NEW);
}

static char *
write_conf (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_config_dir (), "kiosk.conf", NULL);

  g_assert_no_errno (g_mkdir_with_parents (g_get_user_config_dir (), 0700));
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_defaults (void)
{
  g_autoptr(McConfig) config = mc_config_new_default ();

  assert_defaults (config);
}

static void
test_sample_is_defaults (void)
{
  const char *datadir = g_getenv ("MOTCUA_DATA_DIR");
  g_autofree char *path = g_build_filename (datadir != NULL ? datadir : SRCDATADIR,
                                            "kiosk.conf.sample", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McConfig) config = mc_config_load (path, &error);

  /* The sample documents every key with its default value. */
  g_assert_no_error (error);
  g_assert_nonnull (config);
  assert_defaults (config);
}

static void
test_load (void)
{
  g_autofree char *path = write_conf (
    "# a kiosk\n"
    "[kiosk]\n"
    "id=HN-BaDinh-01\n"
    "office=UBND phường Ba Đình\n"
    "language=en\n"
    "unknown-key=ignored\n"
    "[portal]\n"
    "url=https://gateway.example.gov.vn/motcua\n"
    "tracking-url=https://example.gov.vn/track/{code}?again={code}\n"
    "[sync]\n"
    "retry-initial= 5 \n"
    "retry-max=5\n"
    "[input]\n"
    "method= VNI \n"
    "tone-style=old\n"
    "[other]\n"
    "x=y\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(McConfig) config = mc_config_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (config->kiosk_id, ==, "HN-BaDinh-01");
  g_assert_cmpstr (config->office_name, ==, "UBND phường Ba Đình");
  g_assert_cmpstr (config->language, ==, "en");
  g_assert_cmpstr (config->portal_url, ==, "https://gateway.example.gov.vn/motcua");
  g_assert_cmpstr (config->tracking_url_pattern, ==,
                   "https://example.gov.vn/track/{code}?again={code}");
  g_assert_cmpuint (config->retry_initial_s, ==, 5);
  g_assert_cmpuint (config->retry_max_s, ==, 5);
  /* Left out: defaults. */
  g_assert_cmpuint (config->request_timeout_s, ==, 60);
  g_assert_true (g_str_has_suffix (config->procedure_url_pattern, "ma_thu_tuc={code}"));
  g_assert_cmpint (config->input_method, ==, MC_INPUT_METHOD_VNI);
  g_assert_cmpint (config->tone_style, ==, MC_TONE_STYLE_OLD);
}

static void
test_missing_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "absent.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McConfig) config = mc_config_load (path, &error);

  g_assert_null (config);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_not_keyfile (void)
{
  g_autofree char *path = write_conf ("this is not a key file\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(McConfig) config = mc_config_load (path, &error);

  g_assert_null (config);
  g_assert_nonnull (error);
}

static const struct {
  const char *contents;
  const char *names;  /* what the message must name */
} bad_values[] = {
  { "[kiosk]\nid=\n", "[kiosk] id" },
  { "[kiosk]\nid=kiosk 1\n", "[kiosk] id" },
  { "[kiosk]\nid=kiosk_1\n", "[kiosk] id" },
  { "[kiosk]\nid=ki-ốt\n", "[kiosk] id" },
  { "[kiosk]\nid=abcdefghijabcdefghijabcdefghijabc\n", "[kiosk] id" },  /* 33 */
  { "[kiosk]\nlanguage=fr\n", "[kiosk] language" },
  { "[kiosk]\nlanguage=\n", "[kiosk] language" },
  { "[portal]\nurl=ftp://example.org/\n", "[portal] url" },
  { "[portal]\nurl=127.0.0.1:8765\n", "[portal] url" },
  { "[portal]\nurl=http://\n", "[portal] url" },
  { "[portal]\nurl=\n", "[portal] url" },
  { "[portal]\nprocedure-url=https://example.org/p?code=\n", "[portal] procedure-url" },
  { "[portal]\nprocedure-url=file:///tmp/{code}\n", "[portal] procedure-url" },
  { "[portal]\ntracking-url={code}\n", "[portal] tracking-url" },
  { "[sync]\nretry-initial=0\n", "[sync] retry-initial" },
  { "[sync]\nretry-initial=-5\n", "[sync] retry-initial" },
  { "[sync]\nretry-initial=ten\n", "[sync] retry-initial" },
  { "[sync]\nretry-initial=1e3\n", "[sync] retry-initial" },
  { "[sync]\nretry-initial=99999999999999999999\n", "[sync] retry-initial" },
  { "[sync]\nretry-max=\n", "[sync] retry-max" },
  { "[sync]\nretry-initial=60\nretry-max=59\n", "[sync] retry-max" },
  { "[sync]\nretry-max=20\n", "[sync] retry-max" },  /* below the default 30 */
  { "[sync]\ntimeout=0\n", "[sync] timeout" },
  { "[sync]\ntimeout=3601\n", "[sync] timeout" },
  { "[kiosk]\nagency-code=a b\n", "[kiosk] agency-code" },
  { "[kiosk]\nidle-timeout=5\n", "[kiosk] idle-timeout" },
  { "[kiosk]\nidle-timeout=3601\n", "[kiosk] idle-timeout" },
  { "[kiosk]\nfavourites=1.001193;x y\n", "[kiosk] favourites" },
  { "[kiosk]\nretention-days=-1\n", "[kiosk] retention-days" },
  { "[kiosk]\nretention-days=3651\n", "[kiosk] retention-days" },
  { "[kiosk]\nkiosk-mode=yes\n", "[kiosk] kiosk-mode" },
  { "[metrics]\ntextfile=relative.prom\n", "[metrics] textfile" },
  { "[metrics]\ntextfile=/var/lib/x.txt\n", "[metrics] textfile" },
  { "[metrics]\ninterval=59\n", "[metrics] interval" },
  { "[input]\nmethod=viqr\n", "[input] method" },
  { "[input]\nmethod=\n", "[input] method" },
  { "[input]\ntone-style=hoà\n", "[input] tone-style" },
};

static void
test_bad_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autofree char *path = write_conf (bad_values[i].contents);
      g_autoptr(GError) error = NULL;
      g_autoptr(McConfig) config = mc_config_load (path, &error);

      g_test_message ("case %u: %s", i, bad_values[i].contents);
      g_assert_null (config);
      g_assert_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID);
      if (strstr (error->message, bad_values[i].names) == NULL)
        g_error ("case %u: “%s” does not name %s", i, error->message, bad_values[i].names);
    }
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

/* /etc, then the data folder's copy, key by key. */
static void
test_layered (void)
{
  g_autofree char *system = g_build_filename (g_get_user_config_dir (), "etc", "kiosk.conf", NULL);
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  g_autofree char *data_conf = g_build_filename (data_dir, "kiosk.conf", NULL);
  g_autoptr(McConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* Neither file: defaults. */
  config = mc_config_load_layered (system, data_dir, &error);
  g_assert_no_error (error);
  assert_defaults (config);
  g_clear_pointer (&config, mc_config_free);

  write_file (system, "[kiosk]\nid=HN-01\nidle-timeout=90\nkiosk-mode=true\n"
                      "favourites=1.001193;2.000986\n[sync]\nretry-max=600\n");
  write_file (data_conf, "[kiosk]\nidle-timeout=200\nprinter=Receipts\n"
                         "favourites=1.000001\n");
  config = mc_config_load_layered (system, data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->kiosk_id, ==, "HN-01");           /* /etc */
  g_assert_true (config->kiosk_mode);                        /* /etc */
  g_assert_cmpuint (config->retry_max_s, ==, 600);           /* /etc */
  g_assert_cmpuint (config->idle_timeout_s, ==, 200);        /* data folder wins */
  g_assert_cmpstr (config->printer, ==, "Receipts");         /* data folder */
  g_assert_cmpuint (g_strv_length (config->favourites), ==, 1);
  g_assert_cmpstr (config->favourites[0], ==, "1.000001");
  g_assert_cmpuint (config->retention_days, ==, 0);          /* default */
  g_clear_pointer (&config, mc_config_free);

  /* A bad value in either names its file and key. */
  write_file (data_conf, "[kiosk]\nidle-timeout=2\n");
  config = mc_config_load_layered (system, data_dir, &error);
  g_assert_null (config);
  g_assert_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, data_conf));
  g_assert_nonnull (strstr (error->message, "[kiosk] idle-timeout"));
}

/* The clerk's save: validated, atomic, 0600, only what differs from below. */
static void
test_save (void)
{
  g_autofree char *system = g_build_filename (g_get_user_config_dir (), "etc", "kiosk.conf", NULL);
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "kiosk-save", NULL);
  g_autofree char *data_conf = g_build_filename (data_dir, "kiosk.conf", NULL);
  g_autoptr(McConfig) config = NULL;
  g_autoptr(McConfig) again = NULL;
  g_autoptr(McConfig) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  GStatBuf st;

  write_file (system, "[kiosk]\nid=HN-01\nidle-timeout=90\n");
  config = mc_config_load_layered (system, data_dir, &error);
  g_assert_no_error (error);

  config->idle_timeout_s = 240;
  g_free (config->agency_code);
  config->agency_code = g_strdup ("000.00.31.H29");
  g_strfreev (config->favourites);
  config->favourites = g_strsplit ("1.001193;2.000986", ";", -1);
  g_assert_true (mc_config_save (config, system, data_dir, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (data_conf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (data_conf, &written, NULL, NULL));
  /* Only the differences: the kiosk id comes from /etc, not from here. */
  g_assert_null (strstr (written, "id=HN-01"));
  g_assert_null (strstr (written, "portal"));
  g_assert_nonnull (strstr (written, "idle-timeout=240"));
  g_assert_nonnull (strstr (written, "agency-code=000.00.31.H29"));

  again = mc_config_load_layered (system, data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->kiosk_id, ==, "HN-01");
  g_assert_cmpuint (again->idle_timeout_s, ==, 240);
  g_assert_cmpstr (again->agency_code, ==, "000.00.31.H29");
  g_assert_cmpuint (g_strv_length (again->favourites), ==, 2);
  g_assert_cmpstr (again->favourites[1], ==, "2.000986");

  /* Invalid: refused, the file unchanged. */
  copy = mc_config_copy (again);
  g_assert_cmpuint (copy->idle_timeout_s, ==, 240);
  g_free (copy->portal_url);
  copy->portal_url = g_strdup ("gopher://x");
  g_assert_false (mc_config_save (copy, system, data_dir, &error));
  g_assert_error (error, MC_CONFIG_ERROR, MC_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "[portal] url"));
  g_clear_error (&error);
  {
    g_autofree char *unchanged = NULL;

    g_assert_true (g_file_get_contents (data_conf, &unchanged, NULL, NULL));
    g_assert_cmpstr (unchanged, ==, written);
  }
}

static void
test_expand_url (void)
{
  static const struct {
    const char *pattern, *code, *expected;
  } cases[] = {
    { "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}",
      "G01.99-261123-000042",
      "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=G01.99-261123-000042" },
    { "https://x.example/?ma_thu_tuc={code}", "1.001193", "https://x.example/?ma_thu_tuc=1.001193" },
    { "https://x.example/{code}/{code}", "a b", "https://x.example/a%20b/a%20b" },
    { "https://x.example/?q={code}", "a&b=c/d?#", "https://x.example/?q=a%26b%3Dc%2Fd%3F%23" },
    { "https://x.example/?q={code}", "Hồ sơ", "https://x.example/?q=H%E1%BB%93%20s%C6%A1" },
    { "https://x.example/?q={code}", "", "https://x.example/?q=" },
    { "https://x.example/?q={cod}", "1", "https://x.example/?q={cod}" },
    { "https://x.example/?q={{code}}", "1", "https://x.example/?q={1}" },
    { "no pattern", "1", "no pattern" },
    { "{code}", "{code}", "%7Bcode%7D" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = mc_config_expand_url (cases[i].pattern, cases[i].code);

      g_assert_cmpstr (url, ==, cases[i].expected);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/config/defaults", test_defaults);
  g_test_add_func ("/motcua/config/sample-is-defaults", test_sample_is_defaults);
  g_test_add_func ("/motcua/config/load", test_load);
  g_test_add_func ("/motcua/config/missing-file", test_missing_file);
  g_test_add_func ("/motcua/config/not-keyfile", test_not_keyfile);
  g_test_add_func ("/motcua/config/bad-values", test_bad_values);
  g_test_add_func ("/motcua/config/expand-url", test_expand_url);
  g_test_add_func ("/motcua/config/layered", test_layered);
  g_test_add_func ("/motcua/config/save", test_save);

  return g_test_run ();
}
