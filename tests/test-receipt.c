/* test-receipt.c: the receipt layouts, rendered to real PDF files and read back
 * with pdftotext (the text, in Vietnamese), pdfinfo (the page size) and
 * pdftoppm + zbarimg (the tracking QR code decodes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-receipt.h"

/* Under the isolated cache dir, which GLib removes after the test. */
static char *
make_tmp (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "tmp-XXXXXX", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("cannot run %s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s (%s)", argv[0], error->message, err);
  return out;
}

static gboolean
have_tools (void)
{
  const char *tools[] = { "pdftotext", "pdftoppm", "pdfinfo", "zbarimg" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);

      if (path == NULL)
        {
          g_test_fail_printf ("%s is not installed (poppler-utils, zbar-tools)", tools[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = run (argv);
  g_auto(GStrv) words = NULL;
  GString *flat = g_string_new (NULL);

  /* Wrapped lines: compare on single spaces. */
  g_strdelimit (text, "\n\f\t", ' ');
  words = g_strsplit (text, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (flat, "%s%s", flat->len > 0 ? " " : "", words[i]);
  return g_string_free (flat, FALSE);
}

static char *
decode_qr (const char *pdf,
           const char *dir)
{
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  const char *render[] = { "pdftoppm", "-r", "200", "-png", "-singlefile", pdf, prefix, NULL };
  const char *zbar[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autofree char *ignored = run (render);
  char *out = run (zbar);

  return g_strchomp (out);
}

static McReceiptSheet *
sample (McOutboxState state)
{
  McOutboxEntry entry = { 0 };
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 23, 9, 30, 0);

  entry.local_number = (char *) "DEMO-261123-0042";
  entry.procedure_code = (char *) "1.001193";
  entry.state = state;
  entry.created_at = g_date_time_to_unix (when);
  if (state == MC_OUTBOX_DELIVERED)
    entry.dossier_code = (char *) "SIM-261123-000042";

  return mc_receipt_sheet_new_for_entry (&entry, "UBND xã Tân Tiến",
                                   "Thủ tục đăng ký khai sinh", "5 ngày làm việc",
                                   "http://127.0.0.1:8765/tra-cuu/{code}");
}

static void
test_expected_date (void)
{
  /* Monday 23 November 2026 */
  g_autoptr(GDateTime) monday = g_date_time_new_local (2026, 11, 23, 9, 0, 0);
  g_autoptr(GDateTime) friday = g_date_time_new_local (2026, 11, 27, 9, 0, 0);
  struct { GDateTime *from; const char *duration; const char *expected; } cases[] = {
    { monday, "5 ngày làm việc", "30/11/2026" },
    { monday, "5 Ngày làm việc kể từ ngày nhận đủ hồ sơ", "30/11/2026" },
    { friday, "1 ngày làm việc", "30/11/2026" },
    { monday, "3 ngày", "26/11/2026" },
    { monday, "Trong ngày", "23/11/2026" },
    { monday, "1", NULL },
    { monday, "Không quá 30 ngày", NULL },
    { monday, "", NULL },
    { monday, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = mc_receipt_expected_date (cases[i].duration, cases[i].from);

      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_thermal_queued (void)
{
  g_autoptr(McReceiptSheet) receipt = sample (MC_OUTBOX_QUEUED);
  g_autofree char *dir = make_tmp ();
  g_autofree char *pdf = g_build_filename (dir, "thermal.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  double width, height;

  if (!have_tools ())
    return;

  mc_receipt_sheet_get_size (receipt, MC_RECEIPT_THERMAL, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 80 * 72 / 25.4, 0.01);
  g_assert_cmpfloat (height, >, 100);
  g_assert_cmpfloat (height, <, 842);

  g_assert_true (mc_receipt_sheet_write_pdf (receipt, MC_RECEIPT_THERMAL, pdf, &error));
  g_assert_no_error (error);

  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "UBND xã Tân Tiến"));
  g_assert_nonnull (strstr (text, "PHIẾU TIẾP NHẬN HỒ SƠ"));
  g_assert_nonnull (strstr (text, "Thủ tục đăng ký khai sinh"));
  g_assert_nonnull (strstr (text, "Mã thủ tục: 1.001193"));
  g_assert_nonnull (strstr (text, "DEMO-261123-0042"));
  g_assert_nonnull (strstr (text, "chờ gửi"));
  g_assert_nonnull (strstr (text, "Nộp lúc 09:30 23/11/2026"));
  g_assert_nonnull (strstr (text, "Ngày hẹn trả kết quả: 30/11/2026 (5 ngày làm việc)"));
  g_assert_null (strstr (text, "SIM-"));

  {
    const char *argv[] = { "pdfinfo", pdf, NULL };
    info = run (argv);
    /* 80 mm = 226.77 pt */
    g_assert_nonnull (strstr (info, " 226.77"));
    g_assert_true (g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
  }
}

static void
test_a4_delivered (void)
{
  g_autoptr(McReceiptSheet) receipt = sample (MC_OUTBOX_DELIVERED);
  g_autofree char *dir = make_tmp ();
  g_autofree char *pdf = g_build_filename (dir, "a4.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *thermal = g_build_filename (dir, "thermal.pdf", NULL);
  g_autofree char *thermal_qr = NULL;
  const char *info_argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = NULL;

  if (!have_tools ())
    return;

  g_assert_true (mc_receipt_sheet_write_pdf (receipt, MC_RECEIPT_A4, pdf, &error));
  g_assert_no_error (error);

  info = run (info_argv);
  g_assert_nonnull (strstr (info, "(A4)"));

  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "SIM-261123-000042"));
  g_assert_nonnull (strstr (text, "DEMO-261123-0042"));
  g_assert_nonnull (strstr (text, "Mã thủ tục: 1.001193"));
  g_assert_null (strstr (text, "chờ gửi"));
  g_assert_nonnull (strstr (text, "Quét để theo dõi hồ sơ trên điện thoại"));

  qr = decode_qr (pdf, dir);
  g_assert_cmpstr (qr, ==, "http://127.0.0.1:8765/tra-cuu/SIM-261123-000042");

  /* The thermal code is smaller but must decode too. */
  g_assert_true (mc_receipt_sheet_write_pdf (receipt, MC_RECEIPT_THERMAL, thermal, &error));
  g_assert_no_error (error);
  thermal_qr = decode_qr (thermal, dir);
  g_assert_cmpstr (thermal_qr, ==, "http://127.0.0.1:8765/tra-cuu/SIM-261123-000042");
}

static void
test_ask_staff (void)
{
  McOutboxEntry entry = { 0 };
  g_autoptr(McReceiptSheet) receipt = NULL;
  g_autofree char *dir = make_tmp ();
  g_autofree char *pdf = g_build_filename (dir, "r.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!have_tools ())
    return;

  entry.local_number = (char *) "DEMO-261123-0043";
  entry.procedure_code = (char *) "1.001193";
  entry.state = MC_OUTBOX_QUEUED;
  entry.created_at = 1795000000;
  /* The catalogue's bare "1": no unit, no date. */
  receipt = mc_receipt_sheet_new_for_entry (&entry, NULL, NULL, "1", NULL);
  g_assert_true (mc_receipt_sheet_write_pdf (receipt, MC_RECEIPT_THERMAL, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Ngày hẹn trả kết quả: xin hỏi cán bộ"));

  /* An unwritable place is an error, and leaves nothing behind. */
  {
    g_autofree char *bad = g_build_filename (dir, "missing", "r.pdf", NULL);

    g_assert_false (mc_receipt_sheet_write_pdf (receipt, MC_RECEIPT_A4, bad, &error));
    g_assert_nonnull (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *po = g_build_filename (BUILDDIR, "po", NULL);

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/receipt/expected-date", test_expected_date);
  g_test_add_func ("/motcua/receipt/thermal-queued", test_thermal_queued);
  g_test_add_func ("/motcua/receipt/a4-delivered", test_a4_delivered);
  g_test_add_func ("/motcua/receipt/ask-staff", test_ask_staff);

  return g_test_run ();
}
