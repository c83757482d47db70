/* test-soak.c: dossiers with attachments delivered exactly once by real
 * processes, against the real portal simulator, while the sync process is
 * killed with SIGKILL again and again.
 *
 *   /motcua/soak/kill-mid-upload   (suite engine) a few dossiers; the sync is
 *       killed each time an upload is half done; the database stays whole and
 *       every upload resumes.
 *   /motcua/soak/faults            (suite soak) many dossiers, faults on
 *       (bodies cut mid-upload, lost and truncated replies, 503/429 bursts, a
 *       portal restart), the sync killed at random points, then run to the
 *       end.
 *
 * The oracle is the simulator's own listing: exactly one dossier per
 * idempotency key, each attachment's SHA-256 as the simulator computes it from
 * the bytes it stored equal to ours, and every outbox entry delivered.
 *
 * Environment: MOTCUA_SOAK_DOSSIERS (default 30), MOTCUA_SOAK_MAX_BYTES
 * (largest attachment, default 1000000; at least 100000), MOTCUA_SOAK_KILLS
 * (default 20), MOTCUA_SOAK_SEED (default: random; printed on stderr).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "mc-store.h"
#include "sim-runner.h"

#define CTL BUILDDIR "/app/motcua-ctl"
#define PAYLOAD \
  "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"," \
  "\"id_number\":\"001090012345\",\"birth_date\":\"1990-05-17\",\"sex\":\"male\"," \
  "\"phone\":\"0912345678\"},\"fields\":{},\"attachments\":[]}"
#define MIN_BYTES 100000

typedef struct
{
  SimRunner  sim;
  char      *data_dir;
  char      *config;
  GRand     *rand;
  guint32    seed;
  char      *seed_arg;
} Soak;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &n, NULL))
    return fallback;
  return n;
}

static void
soak_init (Soak  *s,
           guint  chunk_bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  const char *seed_env = g_getenv ("MOTCUA_SOAK_SEED");

  s->seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_random_int ();
  s->rand = g_rand_new_with_seed (s->seed);
  s->seed_arg = g_strdup_printf ("%u", s->seed);
  /* For reproduction: MOTCUA_SOAK_SEED=<seed>. */
  g_printerr ("# %s: seed %u\n", g_test_get_path (), s->seed);
  g_test_message ("seed %u", s->seed);

  sim_runner_init (&s->sim);
  s->data_dir = g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
  s->config = g_build_filename (g_get_user_config_dir (), "kiosk.conf", NULL);
  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  conf = g_strdup_printf ("[kiosk]\nid=SOAK\n"
                          "[sync]\nretry-initial=1\nretry-max=2\ntimeout=10\nchunk-size=%u\n",
                          chunk_bytes);
  g_file_set_contents (s->config, conf, -1, &error);
  g_assert_no_error (error);
}

static void
soak_clear (Soak *s)
{
  sim_runner_clear (&s->sim);
  g_clear_pointer (&s->data_dir, g_free);
  g_clear_pointer (&s->config, g_free);
  g_clear_pointer (&s->rand, g_rand_free);
  g_clear_pointer (&s->seed_arg, g_free);
}

static void
soak_start_sim (Soak    *s,
                guint16  port)
{
  const char *args[] = { "--seed", s->seed_arg, NULL };

  sim_runner_start_args (&s->sim, port, args);
}

/* Starts the simulator; FALSE (test skipped) when it does not take uploads
 * (before tests/portal-sim speaks tus, or an older build). */
static gboolean
soak_start (Soak *s)
{
  guint16 port;

  if (!sim_runner_check ())
    return FALSE;

  sim_runner_start (&s->sim, 0);
  if (!sim_runner_supports_uploads (&s->sim))
    {
      g_test_skip ("the portal simulator does not take uploads");
      return FALSE;
    }

  /* Again with our seed for its random faults. */
  port = s->sim.port;
  sim_runner_stop (&s->sim, FALSE);
  soak_start_sim (s, port);
  return TRUE;
}

static GBytes *
random_bytes (GRand *rand,
              gsize  size)
{
  guint32 *data = g_malloc (size + 4);

  for (gsize i = 0; i < size / 4 + 1; i++)
    data[i] = g_rand_int (rand);
  return g_bytes_new_take (data, size);
}

/* @n dossiers, each with 1 to 3 attachments of @min to @max bytes. Returns
 * the total bytes of attachments. */
static gint64
enqueue_dossiers (Soak  *s,
                  guint  n,
                  gsize  min,
                  gsize  max)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  store = mc_store_open (s->data_dir, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(McOutboxEntry) entry = NULL;
      guint attachments = g_rand_int_range (s->rand, 1, 4);

      for (guint j = 0; j < attachments; j++)
        {
          McAttachmentSpec *spec = g_new0 (McAttachmentSpec, 1);
          gsize size = g_rand_int_range (s->rand, min, max + 1);
          gboolean pdf = g_rand_boolean (s->rand);
          char *name = g_strdup_printf ("tai-lieu-%u-%u.%s", i, j, pdf ? "pdf" : "jpg");

          g_ptr_array_add (bytes, random_bytes (s->rand, size));
          g_ptr_array_add (names, name);
          spec->bytes = g_ptr_array_index (bytes, j);
          spec->document = j == 0 ? "Tờ khai" : "Giấy tờ kèm theo";
          spec->filename = name;
          spec->content_type = pdf ? "application/pdf" : "image/jpeg";
          g_ptr_array_add (specs, spec);
          total += size;
        }

      entry = mc_store_enqueue_with_attachments (store, "SOAK", "1.001193", PAYLOAD, specs,
                                                 &error);
      g_assert_no_error (error);
      g_assert_nonnull (entry);
    }

  return total;
}

static GSubprocess *
spawn_sync (Soak *s)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  /* Its report goes to stdout: never into our TAP stream. Its log only with
   * MOTCUA_SOAK_VERBOSE set. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                           (g_getenv ("MOTCUA_SOAK_VERBOSE") != NULL
                            ? 0 : G_SUBPROCESS_FLAGS_STDERR_SILENCE),
                           &error, CTL, "--data-dir", s->data_dir, "--config", s->config,
                           "--portal", s->sim.url, "sync", "--until-empty", "--timeout", "600",
                           NULL);
  g_assert_no_error (error);
  return proc;
}

typedef struct
{
  gint64 sent;        /* bytes confirmed, all attachments */
  gboolean mid;       /* some attachment is part way */
  guint waiting;
} Progress;

static Progress
read_progress (McStore *store)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Progress p = { 0 };

  entries = mc_store_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GPtrArray) list = mc_store_list_attachments (store, entry->id, &error);

      g_assert_no_error (error);
      p.waiting += (entry->state == MC_OUTBOX_QUEUED || entry->state == MC_OUTBOX_SENDING);
      for (guint j = 0; j < list->len; j++)
        {
          McAttachment *a = g_ptr_array_index (list, j);

          g_assert_cmpint (a->offset, >=, 0);
          g_assert_cmpint (a->offset, <=, a->size);
          p.sent += a->offset;
          if (a->offset > 0 && a->offset < a->size)
            p.mid = TRUE;
        }
    }

  return p;
}

/* The database a killed process left: opens (integrity_check) and reads. */
static void
assert_store_consistent (Soak *s)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = mc_store_open (s->data_dir, &error);
  g_assert_no_error (error);
  read_progress (store);
}

static void
kill_and_wait (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
}

/* Runs the sync to the end; it must finish by itself. */
static void
run_to_completion (Soak *s)
{
  g_autoptr(GSubprocess) proc = spawn_sync (s);
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

/* The oracle. Returns how many attachments it checked. */
static guint
assert_all_delivered_once (Soak *s)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  store = mc_store_open (s->data_dir, &error);
  g_assert_no_error (error);
  entries = mc_store_list (store, &error);
  g_assert_no_error (error);
  dossiers = sim_runner_dossiers (&s->sim);

  /* Nothing the outbox does not know about. */
  g_assert_cmpuint (json_array_get_length (dossiers), ==, entries->len);

  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GPtrArray) list = mc_store_list_attachments (store, entry->id, &error);
      JsonObject *dossier = NULL;
      JsonArray *theirs;

      g_assert_no_error (error);
      g_assert_cmpstr (mc_outbox_state_to_string (entry->state), ==, "delivered");
      g_assert_cmpuint (sim_runner_count_key (dossiers, entry->idempotency_key, &dossier), ==, 1);
      g_assert_cmpstr (entry->dossier_code, ==,
                       json_object_get_string_member (dossier, "dossier_code"));

      theirs = json_object_get_array_member (dossier, "attachments");
      g_assert_cmpuint (json_array_get_length (theirs), ==, list->len);
      for (guint j = 0; j < list->len; j++)
        {
          McAttachment *a = g_ptr_array_index (list, j);
          JsonObject *t = json_array_get_object_element (theirs, j);
          g_autofree char *upload_id = mc_attachment_get_upload_id (a);

          g_assert_cmpint (a->state, ==, MC_ATTACHMENT_UPLOADED);
          g_assert_cmpstr (json_object_get_string_member (t, "upload_id"), ==, upload_id);
          g_assert_cmpint (json_object_get_int_member (t, "size"), ==, a->size);
          g_assert_cmpstr (json_object_get_string_member (t, "sha256"), ==, a->sha256);
          /* What the simulator's stored bytes hash to. */
          g_assert_cmpstr (json_object_get_string_member (t, "sha256_stored"), ==, a->sha256);
          checked++;
        }
    }

  return checked;
}

/* Kill the sync each time an upload is part way, resume, repeat. */
static void
test_kill_mid_upload (void)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Soak s = { 0 };
  gint64 last_sent = 0;
  guint kills = 0;

  soak_init (&s, 64 * 1024);
  if (!soak_start (&s))
    {
      soak_clear (&s);
      return;
    }
  /* Slow enough that an upload is seen part way: ~2 s for everything. */
  sim_runner_set_bandwidth (&s.sim, 1000000);

  enqueue_dossiers (&s, 2, 400000, 600000);
  store = mc_store_open (s.data_dir, &error);
  g_assert_no_error (error);

  while (kills < 5)
    {
      g_autoptr(GSubprocess) proc = spawn_sync (&s);
      Progress p = { 0 };

      /* Polls the outbox (another connection, WAL) for new progress part way. */
      for (;;)
        {
          p = read_progress (store);
          if ((p.mid && p.sent > last_sent) || p.waiting == 0)
            break;
          /* Ended by itself: only when all is delivered, else it failed. */
          if (g_subprocess_get_identifier (proc) == NULL)
            {
              p = read_progress (store);
              g_assert_cmpuint (p.waiting, ==, 0);
              break;
            }
          g_usleep (5 * G_TIME_SPAN_MILLISECOND);
        }
      kill_and_wait (proc);
      if (p.waiting == 0)
        break;

      kills++;
      last_sent = p.sent;
      assert_store_consistent (&s);
    }

  g_test_message ("killed %u times mid-upload", kills);
  g_assert_cmpuint (kills, >=, 3);

  run_to_completion (&s);
  assert_all_delivered_once (&s);

  g_clear_pointer (&store, mc_store_close);
  soak_clear (&s);
}

static void
add_fault (Soak       *s,
           const char *spec)
{
  sim_runner_add_fault (&s->sim, spec);
}

/* The faults of a healthy-but-bad link; re-added after a portal restart. */
static void
add_link_faults (Soak *s)
{
  add_fault (s, "drop_body,on=upload,probability=0.05");
  add_fault (s, "lose_reply,on=submit,probability=0.15");
  add_fault (s, "drop_after_bytes=40,on=submit,probability=0.1");
  add_fault (s, "status=503,on=upload,probability=0.02,retry_after=1");
}

static void
test_faults (void)
{
  guint n = env_uint ("MOTCUA_SOAK_DOSSIERS", 30);
  guint max_bytes = MAX (env_uint ("MOTCUA_SOAK_MAX_BYTES", 1000000), MIN_BYTES);
  guint n_kills = env_uint ("MOTCUA_SOAK_KILLS", 20);
  gint64 start = g_get_monotonic_time ();
  gint64 total;
  guint kills = 0, mid = 0, attachments, round;
  gboolean restarted = FALSE;
  guint16 port;
  Soak s = { 0 };

  soak_init (&s, 256 * 1024);
  if (!soak_start (&s))
    {
      soak_clear (&s);
      return;
    }
  port = s.sim.port;

  total = enqueue_dossiers (&s, n, MIN_BYTES, max_bytes);
  /* Spread the uploads over the kills: about 12 s of upload at full speed. */
  sim_runner_set_bandwidth (&s.sim, MAX (total / 12, 500000));
  add_link_faults (&s);

  for (round = 0; kills < n_kills && round < 3 * n_kills; round++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(McStore) store = NULL;
      g_autoptr(GError) error = NULL;
      Progress p;

      /* Bursts of refusals now and then. */
      if (round % 7 == 3)
        add_fault (&s, "status=503,count=4,retry_after=1");
      if (round % 7 == 5)
        add_fault (&s, "status=429,count=3,retry_after=1,on=submit+upload");

      /* Once, half way: the portal crashes and comes back on the same
       * database and port. */
      if (kills == n_kills / 2 && !restarted)
        {
          sim_runner_stop (&s.sim, TRUE);
          soak_start_sim (&s, port);
          sim_runner_set_bandwidth (&s.sim, MAX (total / 12, 500000));
          add_link_faults (&s);
          restarted = TRUE;
        }

      proc = spawn_sync (&s);
      g_usleep (g_rand_int_range (s.rand, 20, 600) * G_TIME_SPAN_MILLISECOND);
      kill_and_wait (proc);
      if (g_subprocess_get_if_signaled (proc))
        kills++;

      store = mc_store_open (s.data_dir, &error);
      g_assert_no_error (error);
      p = read_progress (store);
      mid += p.mid;
      if (p.waiting == 0)
        break;
    }

  /* The rest, faults still on. */
  run_to_completion (&s);
  attachments = assert_all_delivered_once (&s);

  g_printerr ("# soak: %u dossiers, %u attachments, %" G_GINT64_FORMAT " bytes, "
              "%u kills (%u with an upload part way), 1 portal restart, %.1f s, seed %u\n",
              n, attachments, total, kills, mid,
              (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, s.seed);
  g_assert_cmpuint (kills, >=, n_kills);

  soak_clear (&s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/soak/kill-mid-upload", test_kill_mid_upload);
  g_test_add_func ("/motcua/soak/faults", test_faults);

  return g_test_run ();
}
