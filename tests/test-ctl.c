/* test-ctl.c: motcua-ctl as a user runs it (a subprocess; its stdout captured),
 * against a real data folder and the real portal simulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mc-catalogue-update.h"
#include "mc-store.h"
#include "sim-runner.h"

#define CTL BUILDDIR "/app/motcua-ctl"

typedef struct
{
  SimRunner  sim;
  char      *data_dir;
  char      *config;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sim_runner_init (&f->sim);
  f->data_dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  f->config = g_build_filename (g_get_user_config_dir (), "kiosk.conf", NULL);
  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_file_set_contents (f->config,
                       "[kiosk]\nid=TEST\n[sync]\nretry-initial=1\nretry-max=2\ntimeout=5\n",
                       -1, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sim_runner_clear (&f->sim);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->config, g_free);
}

/* Runs motcua-ctl with @args (NULL-terminated); returns its exit status. */
static int
ctl_v (char        **out,
       char        **err,
       const char  *first,
       va_list      ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_ptr_array_add (argv, (char *) CTL);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));

  if (stderr_text != NULL && *stderr_text != '\0')
    g_test_message ("motcua-ctl stderr: %s", stderr_text);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  return g_subprocess_get_exit_status (proc);
}

static G_GNUC_NULL_TERMINATED int
ctl (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = ctl_v (out, err, first, ap);
  va_end (ap);

  return status;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* `outbox --json` as an array. */
static JsonArray *
outbox (Fixture *f)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (ctl (&out, NULL, "--data-dir", f->data_dir, "outbox", "--json", NULL), ==, 0);
  root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

static char *
submit_ok (Fixture    *f,
           const char *name)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ctl (&out, &err, "--data-dir", f->data_dir, "--config", f->config,
                        "submit", "--procedure", "1.001193", "--name", name,
                        "--id-number", "001090012345", "--birth-date", "17/05/1990",
                        "--sex", "male", "--phone", "0912345678", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_suffix (out, "\n"));

  return g_strchomp (g_steal_pointer (&out));
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  const char *cases[][4] = {
    { NULL },
    { "frobnicate", NULL },
    { "--no-such-option", "outbox", NULL },
    { "outbox", "--no-such-option", NULL },
    { "search", NULL },
    { "show", NULL },
    { "submit", "--name", "Nguyễn Văn An", NULL },
    { "sync", "--once", "--until-empty", NULL },
    { "outbox", "extra", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (ctl (&out, &err, "--data-dir", f->data_dir,
                            cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "motcua-ctl: "));
    }

  /* --help is not an error, and goes to stdout. */
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (ctl (&out, NULL, "--help", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "submit"));
  }
}

static void
test_search_show (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gboolean found = FALSE;

  g_assert_cmpint (ctl (&out, NULL, "search", "khai", "sinh", "--json", NULL), ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i),
                                                    "code"), "1.001193"))
      found = TRUE;
  g_assert_true (found);

  /* Text: one procedure per line, code first. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "search", "khai sinh", "--limit", "1", NULL), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (g_strchomp (out), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    g_assert_true (g_str_has_prefix (lines[0], "1.001193\t"));
  }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpint (ctl (&out, NULL, "--json", "show", "1.001193", NULL), ==, 0);
  root = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "code"), ==,
                   "1.001193");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root),
                                                                "documents")));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, &err, "show", "9.999999", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "9.999999"));
}

static void
test_submit_outbox (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *json_file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) number = g_regex_new ("^TEST-\\d{6}-0001$", 0, 0, NULL);
  JsonObject *entry;

  first = submit_ok (f, "Nguyễn Văn An");
  g_assert_true (g_regex_match (number, first, 0, NULL));

  /* From a JSON file, printing JSON. */
  json_file = g_build_filename (g_get_user_config_dir (), "dossier.json", NULL);
  g_file_set_contents (json_file,
                       "{\"procedure\": \"1.001193\", \"name\": \"Trần Thị Bình\","
                       " \"id_number\": \"001190012345\", \"birth-date\": \"02/03/1990\","
                       " \"sex\": \"female\", \"phone\": \"0987654321\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ctl (&out, &err, "--data-dir", f->data_dir, "--config", f->config, "--json",
                        "submit", "--from-json", json_file, NULL), ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (out);

    entry = json_node_get_object (root);
    second = g_strdup (json_object_get_string_member (entry, "local_number"));
    g_assert_true (g_str_has_suffix (second, "-0002"));
    g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "queued");
  }

  /* Refused by validation: nothing enqueued, the reason on stderr. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (&out, &err, "--data-dir", f->data_dir, "--config", f->config,
                        "submit", "--procedure", "1.001193", "--name", "Nguyễn Văn An",
                        "--id-number", "12345", "--birth-date", "17/05/1990",
                        "--phone", "0912345678", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "motcua-ctl: "));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ctl (&out, &err, "--data-dir", f->data_dir, "submit", "--procedure", "9.999999",
                        "--name", "Nguyễn Văn An", "--id-number", "001090012345",
                        "--birth-date", "17/05/1990", "--phone", "0912345678", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");

  entries = outbox (f);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "local_number"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "queued");
  g_assert_cmpint (json_object_get_int_member (entry, "attempts"), ==, 0);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (entry, "idempotency_key")));

  /* What the kiosk would send: the dossier's JSON, plus "client". */
  {
    g_autoptr(McStore) store = mc_store_open (f->data_dir, &error);
    g_autoptr(McOutboxEntry) stored = NULL;
    g_autoptr(JsonNode) payload = NULL;
    JsonObject *applicant, *client;

    g_assert_no_error (error);
    stored = mc_store_find_by_number (store, second, &error);
    g_assert_no_error (error);
    payload = parse_json (stored->payload);
    applicant = json_object_get_object_member (json_node_get_object (payload), "applicant");
    client = json_object_get_object_member (json_node_get_object (payload), "client");
    g_assert_cmpstr (json_object_get_string_member (applicant, "id_number"), ==, "001190012345");
    g_assert_cmpstr (json_object_get_string_member (applicant, "birth_date"), ==, "1990-03-02");
    g_assert_cmpstr (json_object_get_string_member (client, "kiosk_id"), ==, "TEST");
    g_assert_cmpstr (json_object_get_string_member (client, "local_number"), ==, second);
  }

  /* Text listing: a heading, then one line per entry. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "--data-dir", f->data_dir, "outbox", NULL), ==, 0);
  g_assert_nonnull (strstr (out, first));
  g_assert_nonnull (strstr (out, "\tqueued\t"));
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *rejected = NULL;
  g_autofree char *delivered = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(JsonArray) dossiers = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *entry, *dossier = NULL;

  if (!sim_runner_check ())
    return;

  sim_runner_start (&f->sim, 0);
  rejected = submit_ok (f, "Nguyễn Văn An");
  delivered = submit_ok (f, "Trần Thị Bình");

  /* The first submission is refused (422), the second gets a 503 first. */
  sim_runner_add_fault (&f->sim, "status=422,count=1,on=submit");
  sim_runner_add_fault (&f->sim, "status=503,count=1,retry_after=1,on=submit");

  g_assert_cmpint (ctl (&out, NULL, "--data-dir", f->data_dir, "--config", f->config,
                        "--portal", f->sim.url, "sync", "--until-empty", "--timeout", "30",
                        "--json", NULL), ==, 0);
  root = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "delivered"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "waiting"), ==, 0);

  entries = outbox (f);
  dossiers = sim_runner_dossiers (&f->sim);
  g_assert_cmpuint (json_array_get_length (dossiers), ==, 1);

  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "local_number"), ==, rejected);
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "rejected");
  g_assert_nonnull (json_object_get_string_member (entry, "last_error"));

  entry = json_array_get_object_element (entries, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "local_number"), ==, delivered);
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "delivered");
  g_assert_cmpint (json_object_get_int_member (entry, "attempts"), ==, 2);
  g_assert_cmpuint (sim_runner_count_key (dossiers,
                                          json_object_get_string_member (entry, "idempotency_key"),
                                          &dossier), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "dossier_code"), ==,
                   json_object_get_string_member (dossier, "dossier_code"));

  /* Nothing left: once through is a no-op. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ctl (&out, NULL, "--data-dir", f->data_dir, "--portal", f->sim.url,
                        "sync", "--once", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "0 "));
}

static void
test_sync_offline (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *number = NULL;
  g_autofree char *portal = g_strdup_printf ("http://127.0.0.1:%u", sim_runner_free_port ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonArray) entries = NULL;
  JsonObject *entry;

  number = submit_ok (f, "Nguyễn Văn An");

  g_assert_cmpint (ctl (&out, &err, "--data-dir", f->data_dir, "--config", f->config,
                        "--portal", portal, "sync", "--once", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "motcua-ctl: "));

  entries = outbox (f);
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "queued");
  g_assert_cmpint (json_object_get_int_member (entry, "attempts"), ==, 0);
}

/* The catalogue in use, where it came from, and the kiosk's last check. */
static void
test_catalogue (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *updates_dir = g_build_filename (f->data_dir, "catalogue", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_cmpint (ctl (&out, NULL, "--data-dir", f->data_dir, "--json", "catalogue", NULL), ==, 0);
  root = parse_json (out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "shipped");
  g_assert_cmpint (json_object_get_int_member (object, "last_check"), ==, 0);
  g_assert_true (json_object_get_null_member (object, "last_error"));

  /* A check while the portal is unreachable, as the kiosk makes it. */
  g_assert_false (mc_catalogue_update (updates_dir, "http://127.0.0.1:9", "TEST", NULL, NULL,
                                       &error));
  g_assert_error (error, MC_CATALOGUE_UPDATE_ERROR, MC_CATALOGUE_UPDATE_ERROR_NETWORK);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpint (ctl (&out, NULL, "--data-dir", f->data_dir, "--json", "catalogue", NULL), ==, 0);
  root = parse_json (out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "shipped");
  g_assert_cmpint (json_object_get_int_member (object, "last_check"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "last_error"), ==, error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/motcua/ctl/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("usage", test_usage);
  ADD ("search-show", test_search_show);
  ADD ("catalogue", test_catalogue);
  ADD ("submit-outbox", test_submit_outbox);
  ADD ("sync-with-portal", test_sync);
  ADD ("sync-offline", test_sync_offline);

#undef ADD

  return g_test_run ();
}
