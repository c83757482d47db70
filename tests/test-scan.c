/* test-scan.c: McScanner against real libsane and its "test" backend (no
 * hardware), enabled through a private SANE_CONFIG_DIR whose dll.conf holds
 * only "test" (so no other backend is probed) and whose test.conf sets the
 * backend's behaviour (slow reads, the status sane_read returns).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-scan.h"
#include "mc-scan-private.h"

typedef struct {
  GPtrArray *pages;        /* of McPage, from "page-done" */
  guint      started;
  guint      base;         /* pages before this scan */
  guint      progress;
  guint      finished;     /* "finished" count */
  GError    *error;        /* from "error" */
  gboolean   done;
  guint      n_result;
  GError    *result_error;
  guint      cancel_after; /* cancel when this many pages are done (0: never) */
} Run;

/* One SANE configuration dir for the whole process: libsane reads
 * SANE_CONFIG_DIR once and keeps it across sane_exit()/sane_init(). */
static char *sane_dir;

/* Writes the SANE configuration; @extra are test.conf lines. Must run before
 * mc_scanner_new() (its sane_init() reads the files). */
static void
setup_sane (const char *extra)
{
  const char *dir = sane_dir;
  g_autofree char *dll = g_build_filename (dir, "dll.conf", NULL);
  g_autofree char *test = g_build_filename (dir, "test.conf", NULL);
  g_autofree char *conf = g_strdup_printf ("number_of_devices 2\n%s\n", extra ? extra : "");
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (dll, "test\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (test, conf, -1, &error);
  g_assert_no_error (error);
}

static char *
work_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "scan", NULL);
}

static void
page_started_cb (McScanner *scanner,
                 guint      index,
                 Run       *run)
{
  g_assert_cmpuint (index, ==, run->pages->len - run->base);
  run->started++;
}

static void
progress_cb (McScanner *scanner,
             guint      index,
             double     fraction,
             Run       *run)
{
  g_assert_true (fraction == -1 || (fraction >= 0 && fraction <= 1));
  run->progress++;
}

static void
page_done_cb (McScanner *scanner,
              McPage    *page,
              Run       *run)
{
  g_ptr_array_add (run->pages, g_object_ref (page));
  if (run->cancel_after > 0 && run->pages->len - run->base == run->cancel_after)
    mc_scanner_cancel (scanner);
}

static void
finished_cb (McScanner *scanner,
             guint      n,
             Run       *run)
{
  run->finished++;
  g_assert_cmpuint (n, ==, run->pages->len - run->base);
}

static void
error_cb (McScanner *scanner,
          GError    *error,
          Run       *run)
{
  g_assert_null (run->error);
  run->error = g_error_copy (error);
}

static void
scan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->n_result = mc_scanner_scan_finish (MC_SCANNER (source), result, &run->result_error);
  run->done = TRUE;
}

static void
connect_run (McScanner *scanner,
             Run       *run)
{
  run->pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (scanner, "page-started", G_CALLBACK (page_started_cb), run);
  g_signal_connect (scanner, "progress", G_CALLBACK (progress_cb), run);
  g_signal_connect (scanner, "page-done", G_CALLBACK (page_done_cb), run);
  g_signal_connect (scanner, "finished", G_CALLBACK (finished_cb), run);
  g_signal_connect (scanner, "error", G_CALLBACK (error_cb), run);
}

static void
clear_run (Run *run)
{
  g_clear_pointer (&run->pages, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_clear_error (&run->result_error);
}

static void
scan (McScanner           *scanner,
      const char          *device,
      const McScanOptions *options,
      Run                 *run)
{
  run->done = FALSE;
  run->base = run->pages->len;
  mc_scanner_scan_async (scanner, device, options, NULL, scan_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  /* The task's callback comes after every signal. */
  g_assert_true (run->finished == 1 || run->error != NULL);
}

/* A small area, so the test backend is quick. */
static void
small_options (McScanOptions *o,
               McScanSource   source,
               guint          dpi)
{
  mc_scan_options_init (o, MC_PROFILE_TEXT);
  o->source = source;
  o->dpi = dpi;
  o->tl_x = 10;
  o->tl_y = 10;
  o->br_x = 60;   /* 50 × 40 mm */
  o->br_y = 50;
}

static void
assert_page_on_disk (McPage *page)
{
  g_autoptr(GFile) file = g_file_new_for_path (mc_page_get_path (page));
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  int ch = mc_page_get_mode (page) == MC_PAGE_COLOR ? 3 : 1;

  g_assert_nonnull (info);
  g_assert_cmpint (g_file_info_get_size (info), ==,
                   (goffset) mc_page_get_width (page) * mc_page_get_height (page) * ch);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GPtrArray **devices = user_data;
  g_autoptr(GError) error = NULL;

  *devices = mc_scanner_list_devices_finish (MC_SCANNER (source), result, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ tests */

static void
test_list_devices (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McScanner) scanner = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  gboolean found = FALSE;

  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  mc_scanner_list_devices_async (scanner, NULL, list_cb, &devices);
  while (devices == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (devices->len, ==, 2);
  for (guint i = 0; i < devices->len; i++)
    {
      McScanDevice *d = g_ptr_array_index (devices, i);
      g_assert_nonnull (d->vendor);
      g_assert_nonnull (d->model);
      if (g_strcmp0 (d->name, "test:0") == 0)
        found = TRUE;
    }
  g_assert_true (found);
}

static void
test_single_page (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McScanner) scanner = NULL;
  McScanOptions o;
  Run run = { 0 };
  McPage *page;

  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  connect_run (scanner, &run);
  g_assert_null (mc_scanner_get_last_device (scanner));

  small_options (&o, MC_SCAN_SOURCE_FLATBED, 200);
  scan (scanner, NULL, &o, &run);   /* no device given: the first one found */
  g_assert_no_error (run.result_error);
  g_assert_cmpuint (run.n_result, ==, 1);
  g_assert_cmpuint (run.pages->len, ==, 1);
  g_assert_cmpuint (run.started, ==, 1);
  g_assert_cmpuint (run.progress, >, 0);

  page = g_ptr_array_index (run.pages, 0);
  g_assert_cmpint (mc_page_get_mode (page), ==, MC_PAGE_GRAY);
  g_assert_cmpuint (mc_page_get_dpi (page), ==, 200);
  g_assert_cmpint (ABS (mc_page_get_width (page) - 394), <=, 1);   /* 50 mm at 200 dpi */
  g_assert_cmpint (ABS (mc_page_get_height (page) - 315), <=, 1);  /* 40 mm */
  assert_page_on_disk (page);
  g_assert_cmpstr (mc_scanner_get_last_device (scanner), ==, "test:0");
  g_assert_false (mc_scanner_get_busy (scanner));

  /* Colour. */
  o.mode = MC_PAGE_COLOR;
  o.dpi = 100;
  run.finished = 0;
  scan (scanner, "test:0", &o, &run);
  g_assert_no_error (run.result_error);
  page = g_ptr_array_index (run.pages, 1);
  g_assert_cmpint (mc_page_get_mode (page), ==, MC_PAGE_COLOR);
  assert_page_on_disk (page);

  clear_run (&run);
}

static void
test_flatbed_pages (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McScanner) scanner = NULL;
  g_autoptr(McDocument) doc = NULL;
  McScanOptions o;
  Run run = { 0 };

  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  doc = mc_document_new (dir, MC_PROFILE_TEXT, "Sổ hộ khẩu", "Thủ tục", "D-1");
  connect_run (scanner, &run);
  small_options (&o, MC_SCAN_SOURCE_FLATBED, 100);

  /* "Add another page": each flatbed scan is one page. */
  for (int i = 0; i < 2; i++)
    {
      run.finished = 0;
      scan (scanner, "test:0", &o, &run);
      g_assert_no_error (run.result_error);
      g_assert_cmpuint (run.n_result, ==, 1);
      mc_document_append (doc, g_ptr_array_index (run.pages, i));
    }
  g_assert_cmpuint (mc_document_get_n_pages (doc), ==, 2);
  g_assert_true (mc_document_get_page (doc, 0) != mc_document_get_page (doc, 1));
  g_assert_cmpstr (mc_page_get_path (mc_document_get_page (doc, 0)), !=,
                   mc_page_get_path (mc_document_get_page (doc, 1)));
  clear_run (&run);
}

static void
test_adf_batch (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McScanner) scanner = NULL;
  McScanOptions o;
  Run run = { 0 };

  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  connect_run (scanner, &run);
  small_options (&o, MC_SCAN_SOURCE_ADF, 100);

  /* The test backend's feeder holds 10 sheets, then "out of documents". */
  scan (scanner, "test:0", &o, &run);
  g_assert_no_error (run.result_error);
  g_assert_null (run.error);
  g_assert_cmpuint (run.n_result, ==, 10);
  g_assert_cmpuint (run.pages->len, ==, 10);
  g_assert_cmpuint (run.finished, ==, 1);
  /* Every page is its own file on disk, not pixels in memory. */
  for (guint i = 0; i < run.pages->len; i++)
    assert_page_on_disk (g_ptr_array_index (run.pages, i));
  clear_run (&run);
}

static void
test_cancel (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McScanner) scanner = NULL;
  McScanOptions o;
  Run run = { 0 };

  /* Slow: the backend waits 0.2 s after each buffer it sends (one buffer is
   * a whole page here), so the cancel arrives while the batch is running. */
  setup_sane ("read-delay true\nread-delay-duration 200000\n");
  scanner = mc_scanner_new (dir);
  connect_run (scanner, &run);
  small_options (&o, MC_SCAN_SOURCE_ADF, 100);
  run.cancel_after = 2;

  scan (scanner, "test:0", &o, &run);
  g_assert_error (run.result_error, MC_SCAN_ERROR, MC_SCAN_ERROR_CANCELLED);
  g_assert_error (run.error, MC_SCAN_ERROR, MC_SCAN_ERROR_CANCELLED);
  g_assert_cmpuint (run.n_result, ==, 0);
  /* The pages done before the cancel are kept; the feeder was not emptied. */
  g_assert_cmpuint (run.pages->len, >=, 2);
  g_assert_cmpuint (run.pages->len, <, 10);
  for (guint i = 0; i < run.pages->len; i++)
    assert_page_on_disk (g_ptr_array_index (run.pages, i));
  g_test_message ("cancelled after %u pages: %s", run.pages->len, run.error->message);

  /* The scanner works again afterwards. */
  g_clear_error (&run.error);
  g_clear_error (&run.result_error);
  g_ptr_array_set_size (run.pages, 0);
  run.cancel_after = 0;
  run.finished = 0;
  small_options (&o, MC_SCAN_SOURCE_FLATBED, 50);
  scan (scanner, "test:0", &o, &run);
  g_assert_no_error (run.result_error);
  g_assert_cmpuint (run.pages->len, ==, 1);
  clear_run (&run);
}

static void
test_device_gone (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McScanner) scanner = NULL;
  McScanOptions o;
  Run run = { 0 };

  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  connect_run (scanner, &run);
  small_options (&o, MC_SCAN_SOURCE_FLATBED, 100);

  scan (scanner, "test:7", &o, &run);
  g_assert_error (run.result_error, MC_SCAN_ERROR, MC_SCAN_ERROR_DEVICE_GONE);
  g_assert_error (run.error, MC_SCAN_ERROR, MC_SCAN_ERROR_DEVICE_GONE);
  g_assert_cmpuint (run.pages->len, ==, 0);
  g_test_message ("%s", run.error->message);
  g_assert_null (mc_scanner_get_last_device (scanner));
  clear_run (&run);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} OpenRun;

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  OpenRun *run = user_data;

  run->ok = mc_scanner_open_device_finish (MC_SCANNER (source), result, &run->error);
  run->done = TRUE;
}

static gboolean
open_device (McScanner  *scanner,
             const char *name,
             GError    **error)
{
  OpenRun run = { 0 };

  mc_scanner_open_device_async (scanner, name, NULL, open_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (run.ok == (run.error == NULL));
  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.ok;
}

/* The scanner remembered from an earlier run (the kiosk's [kiosk] scanner):
 * opened alone, then used by a scan that names no device; one that is gone
 * says so, and a scan without a device then falls back to the first found. */
static void
test_remembered_device (void)
{
  g_autofree char *dir = work_dir ();
  g_autoptr(McScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;
  McScanOptions o;
  Run run = { 0 };

  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  connect_run (scanner, &run);

  /* As the kiosk does at start: the remembered name, then a quick check. */
  mc_scanner_set_last_device (scanner, "test:1");
  g_assert_true (open_device (scanner, "test:1", &error));
  g_assert_no_error (error);
  small_options (&o, MC_SCAN_SOURCE_FLATBED, 100);
  scan (scanner, NULL, &o, &run);
  g_assert_no_error (run.result_error);
  g_assert_cmpuint (run.pages->len, ==, 1);
  g_assert_cmpstr (mc_scanner_get_last_device (scanner), ==, "test:1");

  /* Unplugged since: refused, and the caller looks for the others. */
  g_assert_false (open_device (scanner, "test:9", &error));
  g_assert_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_DEVICE_GONE);
  g_test_message ("%s", error->message);
  clear_run (&run);
}

static void
busy_scan_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  /* Free again when the callback runs: it may scan again at once. */
  g_assert_false (mc_scanner_get_busy (MC_SCANNER (source)));
  scan_cb (source, result, user_data);
}

/* Whether another opener gets the device: SANE keeps one handle per device,
 * so not while the scanner has it open. Asked of libsane directly, on this
 * thread, while the scanner's worker waits for a job. */
static SANE_Status
probe_open (const char *name)
{
  SANE_Handle handle = NULL;
  SANE_Status status = sane_open (name, &handle);

  if (status == SANE_STATUS_GOOD)
    sane_close (handle);
  return status;
}

/* One scanner for the whole kiosk (the documents step and the card's QR):
 * each scan says where its pages go, "busy" is TRUE from the moment a scan is
 * asked (a second screen sees it before the worker starts), and
 * mc_scanner_close_device() frees the device between two citizens; the next
 * scan opens it again. */
static void
test_shared_scanner (void)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *card_dir = g_build_filename (g_get_user_cache_dir (), "card", NULL);
  g_autoptr(McScanner) scanner = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autofree char *page_dir = NULL;
  McScanOptions o;
  Run run = { 0 };

  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  connect_run (scanner, &run);

  small_options (&o, MC_SCAN_SOURCE_FLATBED, 100);
  o.work_dir = card_dir;
  run.base = run.pages->len;
  mc_scanner_scan_async (scanner, "test:0", &o, NULL, busy_scan_cb, &run);
  g_assert_true (mc_scanner_get_busy (scanner));
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.result_error);
  g_assert_cmpuint (run.pages->len, ==, 1);
  page_dir = g_path_get_dirname (mc_page_get_path (g_ptr_array_index (run.pages, 0)));
  g_assert_cmpstr (page_dir, ==, card_dir);
  g_clear_pointer (&page_dir, g_free);

  /* The scanner keeps the device open between scans... */
  g_assert_cmpint (probe_open ("test:0"), ==, SANE_STATUS_DEVICE_BUSY);
  /* ... until it is closed (the jobs run in order: the list comes after). */
  mc_scanner_close_device (scanner);
  mc_scanner_list_devices_async (scanner, NULL, list_cb, &devices);
  while (devices == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (probe_open ("test:0"), ==, SANE_STATUS_GOOD);

  /* Opened again by the next scan; pages in the scanner's own dir. */
  o.work_dir = NULL;
  run.finished = 0;
  scan (scanner, NULL, &o, &run);
  g_assert_no_error (run.result_error);
  g_assert_cmpuint (run.pages->len, ==, 2);
  page_dir = g_path_get_dirname (mc_page_get_path (g_ptr_array_index (run.pages, 1)));
  g_assert_cmpstr (page_dir, ==, dir);
  g_assert_cmpint (probe_open ("test:0"), ==, SANE_STATUS_DEVICE_BUSY);
  clear_run (&run);
}

/* What SANE reports, as the citizen reads it: the whole mapping. The real
 * backend's way to the same messages is test_read_status() below. */
static void
test_status_errors (void)
{
  struct { SANE_Status status; int code; } cases[] = {
    { SANE_STATUS_IO_ERROR, MC_SCAN_ERROR_DEVICE_GONE },  /* unplugged mid-scan */
    { SANE_STATUS_INVAL, MC_SCAN_ERROR_DEVICE_GONE },
    { SANE_STATUS_JAMMED, MC_SCAN_ERROR_JAMMED },
    { SANE_STATUS_COVER_OPEN, MC_SCAN_ERROR_COVER_OPEN },
    { SANE_STATUS_NO_DOCS, MC_SCAN_ERROR_NO_DOCS },
    { SANE_STATUS_NO_MEM, MC_SCAN_ERROR_NO_MEMORY },
    { SANE_STATUS_CANCELLED, MC_SCAN_ERROR_CANCELLED },
    { SANE_STATUS_DEVICE_BUSY, MC_SCAN_ERROR_BUSY },
    { SANE_STATUS_ACCESS_DENIED, MC_SCAN_ERROR_ACCESS_DENIED },
    { SANE_STATUS_UNSUPPORTED, MC_SCAN_ERROR_UNSUPPORTED },
    { SANE_STATUS_EOF, MC_SCAN_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      _mc_scan_set_error_from_status (&error, cases[i].status);
      g_assert_error (error, MC_SCAN_ERROR, cases[i].code);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_test_message ("%s → %s", sane_strstatus (cases[i].status), error->message);
    }
}

/* A scanner fault reported by the real test backend: its sane_read() returns
 * the status set by "read-status-code" right after sane_start(). Before the
 * engine let the backend's reader settle, sane_cancel() then deadlocked now
 * and then (libsane cancels its reader thread asynchronously, inside malloc);
 * 16 rounds made that a hang every time. The backend offers a select
 * fd here (the engine waits on it) or not (the engine waits a moment). */
static void
check_read_status (const char *status,
                   gboolean    select_fd,
                   int         code)
{
  g_autofree char *dir = work_dir ();
  g_autofree char *conf = g_strdup_printf ("read-status-code %s\nselect-fd %s\n",
                                           status, select_fd ? "true" : "false");
  g_autoptr(McScanner) scanner = NULL;
  g_autoptr(McDocument) doc = NULL;
  McScanOptions o;
  Run run = { 0 };

  /* A page scanned before the fault, kept in its document. */
  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  connect_run (scanner, &run);
  doc = mc_document_new (dir, MC_PROFILE_TEXT, "Giấy khai sinh", "Thủ tục", "D-2");
  small_options (&o, MC_SCAN_SOURCE_FLATBED, 200);
  scan (scanner, "test:0", &o, &run);
  g_assert_no_error (run.result_error);
  mc_document_append (doc, g_ptr_array_index (run.pages, 0));
  clear_run (&run);
  g_clear_object (&scanner);

  setup_sane (conf);
  scanner = mc_scanner_new (dir);
  run = (Run) { 0 };
  connect_run (scanner, &run);
  for (guint round = 0; round < 16; round++)
    {
      /* Flatbed and feeder, pages larger than the backend's pipe. */
      small_options (&o, round % 2 ? MC_SCAN_SOURCE_ADF : MC_SCAN_SOURCE_FLATBED, 200);
      run.finished = 0;
      g_clear_error (&run.error);
      g_clear_error (&run.result_error);
      scan (scanner, "test:0", &o, &run);
      g_assert_error (run.result_error, MC_SCAN_ERROR, code);
      g_assert_error (run.error, MC_SCAN_ERROR, code);
      g_assert_cmpuint (run.n_result, ==, 0);
      g_assert_cmpuint (run.pages->len, ==, 0);
      g_assert_false (mc_scanner_get_busy (scanner));
    }
  g_test_message ("%s: %s", status, run.error->message);
  /* No partial page was left behind; the earlier page is still there. */
  g_assert_cmpuint (mc_document_get_n_pages (doc), ==, 1);
  assert_page_on_disk (mc_document_get_page (doc, 0));
  clear_run (&run);
  g_clear_object (&scanner);

  /* Fixed (the backend's fault cleared): scanning works again. */
  setup_sane (NULL);
  scanner = mc_scanner_new (dir);
  run = (Run) { 0 };
  connect_run (scanner, &run);
  scan (scanner, "test:0", &o, &run);
  g_assert_no_error (run.result_error);
  g_assert_cmpuint (run.pages->len, >=, 1);
  clear_run (&run);
}

static void
test_read_status (gconstpointer data)
{
  const char *which = data;

  if (g_str_equal (which, "jammed"))
    check_read_status ("SANE_STATUS_JAMMED", TRUE, MC_SCAN_ERROR_JAMMED);
  else if (g_str_equal (which, "jammed-no-select-fd"))
    check_read_status ("SANE_STATUS_JAMMED", FALSE, MC_SCAN_ERROR_JAMMED);
  else if (g_str_equal (which, "cover-open"))
    check_read_status ("SANE_STATUS_COVER_OPEN", TRUE, MC_SCAN_ERROR_COVER_OPEN);
  else if (g_str_equal (which, "no-docs"))
    check_read_status ("SANE_STATUS_NO_DOCS", TRUE, MC_SCAN_ERROR_NO_DOCS);
  else if (g_str_equal (which, "unplugged"))
    check_read_status ("SANE_STATUS_IO_ERROR", TRUE, MC_SCAN_ERROR_DEVICE_GONE);
  else
    g_assert_not_reached ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dll = NULL, *test = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  sane_dir = g_dir_make_tmp ("test-scan-sane-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

  g_test_add_func ("/motcua/scan/list-devices", test_list_devices);
  g_test_add_func ("/motcua/scan/single-page", test_single_page);
  g_test_add_func ("/motcua/scan/flatbed-pages", test_flatbed_pages);
  g_test_add_func ("/motcua/scan/adf-batch", test_adf_batch);
  g_test_add_func ("/motcua/scan/cancel", test_cancel);
  g_test_add_func ("/motcua/scan/device-gone", test_device_gone);
  g_test_add_func ("/motcua/scan/remembered-device", test_remembered_device);
  g_test_add_func ("/motcua/scan/shared-scanner", test_shared_scanner);
  g_test_add_func ("/motcua/scan/status-errors", test_status_errors);
  g_test_add_data_func ("/motcua/scan/jammed", "jammed", test_read_status);
  g_test_add_data_func ("/motcua/scan/jammed-no-select-fd", "jammed-no-select-fd", test_read_status);
  g_test_add_data_func ("/motcua/scan/cover-open", "cover-open", test_read_status);
  g_test_add_data_func ("/motcua/scan/feeder-empty", "no-docs", test_read_status);
  g_test_add_data_func ("/motcua/scan/unplugged-mid-scan", "unplugged", test_read_status);

  status = g_test_run ();

  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  test = g_build_filename (sane_dir, "test.conf", NULL);
  g_unlink (dll);
  g_unlink (test);
  g_rmdir (sane_dir);
  g_free (sane_dir);
  return status;
}
