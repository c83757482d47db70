/* test-text.c: Vietnamese folding for search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib.h>
#include <glib/gi18n.h>

#include "mc-text.h"

static void
assert_folds_to (const char *input,
                 const char *expected)
{
  g_autofree char *folded = mc_text_fold (input);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_vietnamese (void)
{
  assert_folds_to ("Đăng ký khai sinh", "dang ky khai sinh");
  assert_folds_to ("Thủ tục đăng ký kết hôn", "thu tuc dang ky ket hon");
  assert_folds_to ("Chứng thực bản sao từ bản chính", "chung thuc ban sao tu ban chinh");
  assert_folds_to ("Đăng ký thường trú", "dang ky thuong tru");
  assert_folds_to ("Hộ tịch", "ho tich");
  assert_folds_to ("Xác nhận tình trạng hôn nhân", "xac nhan tinh trang hon nhan");
  /* Every vowel with every tone, and the hats and horns. */
  assert_folds_to ("àáảãạ ăằắẳẵặ âầấẩẫậ", "aaaaa aaaaaa aaaaaa");
  assert_folds_to ("èéẻẽẹ êềếểễệ ìíỉĩị", "eeeee eeeeee iiiii");
  assert_folds_to ("òóỏõọ ôồốổỗộ ơờớởỡợ", "ooooo oooooo oooooo");
  assert_folds_to ("ùúủũụ ưừứửữự ỳýỷỹỵ", "uuuuu uuuuuu yyyyy");
  assert_folds_to ("đĐ", "dd");
}

static void
test_nfd_equals_nfc (void)
{
  const char *nfc = "Thủ tục đăng ký khai sinh, chứng thực bản sao";
  g_autofree char *nfd = g_utf8_normalize (nfc, -1, G_NORMALIZE_NFD);
  g_autofree char *folded_nfc = mc_text_fold (nfc);
  g_autofree char *folded_nfd = mc_text_fold (nfd);

  /* The test would prove nothing if the two inputs were the same bytes. */
  g_assert_cmpstr (nfc, !=, nfd);
  g_assert_cmpstr (folded_nfc, ==, folded_nfd);
  g_assert_cmpstr (folded_nfc, ==, "thu tuc dang ky khai sinh chung thuc ban sao");

  /* "ế" written as e + circumflex + acute, as some keyboards and the portal do. */
  assert_folds_to ("K\xe1\xba\xbft h\xc3\xb4n", "ket hon");
  assert_folds_to ("Ke\xcc\x82\xcc\x81t ho\xcc\x82n", "ket hon");
}

static void
test_case (void)
{
  assert_folds_to ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh");
  assert_folds_to ("THUONG TRU", "thuong tru");
  assert_folds_to ("Chứng Thực", "chung thuc");
  assert_folds_to ("ỨNG DỤNG VNeID", "ung dung vneid");
}

static void
test_spaces_and_punctuation (void)
{
  assert_folds_to ("Đăng ký  KHAI SINH", "dang ky khai sinh");
  assert_folds_to ("  khai\tsinh\n ", "khai sinh");
  assert_folds_to ("khai\xc2\xa0sinh", "khai sinh");            /* NBSP */
  assert_folds_to ("khai\xe2\x80\xafsinh", "khai sinh");        /* narrow NBSP */
  assert_folds_to ("Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
                   "cap ban sao trich luc ho tich ban sao giay khai sinh");
  assert_folds_to ("Nhận cha, mẹ, con (có yếu tố nước ngoài).",
                   "nhan cha me con co yeu to nuoc ngoai");
  assert_folds_to ("1.001193", "1 001193");
  assert_folds_to ("163/QĐ-BTP", "163 qd btp");
  assert_folds_to ("“Giấy khai sinh” — bản chính!", "giay khai sinh ban chinh");
}

static void
test_empty_and_invalid (void)
{
  assert_folds_to ("", "");
  assert_folds_to ("   ", "");
  assert_folds_to (",.;-", "");
  /* Invalid UTF-8 never yields NULL; the valid letters survive. */
  {
    g_autofree char *folded = mc_text_fold ("khai\xff sinh");

    g_assert_nonnull (folded);
    g_assert_true (g_str_has_prefix (folded, "khai"));
    g_assert_true (g_str_has_suffix (folded, "sinh"));
  }
}

/* Formats: the kiosk's catalogs from the build tree, the language as the
 * kiosk sets it (LANGUAGE, then textdomain() to drop glibc's cache). */
static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  textdomain (GETTEXT_PACKAGE);
}

static void
assert_fee (const char *fee,
            const char *expected)
{
  g_autofree char *text = mc_text_format_fee (fee);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_money (gint64      dong,
              const char *expected)
{
  g_autofree char *text = mc_text_format_money (dong);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_money (void)
{
  use_language ("vi");
  assert_money (50000, "50.000 đồng");
  assert_money (0, "0 đồng");
  assert_money (5, "5 đồng");
  assert_money (999, "999 đồng");
  assert_money (1000, "1.000 đồng");
  assert_money (1025000, "1.025.000 đồng");
  assert_money (-20000, "-20.000 đồng");
  assert_money (G_MAXINT64, "9.223.372.036.854.775.807 đồng");

  use_language ("en");
  assert_money (50000, "50,000 VND");
  assert_money (1025000, "1,025,000 VND");
  assert_money (0, "0 VND");
}

static void
test_fee (void)
{
  use_language ("vi");
  assert_fee ("Miễn phí", "Miễn phí");
  assert_fee ("50.000 đồng", "50.000 đồng");
  assert_fee ("50000 đồng", "50.000 đồng");
  assert_fee ("500.000 đồng/hồ sơ", "500.000 đồng/hồ sơ");
  assert_fee ("10 USD", "10 USD");
  g_assert_null (mc_text_format_fee (NULL));

  use_language ("en");
  assert_fee ("Miễn phí", "Free");
  assert_fee ("50.000 đồng", "50,000 VND");
  assert_fee ("500.000 đồng/hồ sơ", "500,000 VND/hồ sơ");
  assert_fee ("Miễn phí (trực tuyến), 5.000 đồng (trực tiếp)",
              "Free (trực tuyến), 5,000 VND (trực tiếp)");
  assert_fee ("100.000 đồng (trực tuyến, dịch vụ bưu chính), 50.000 đồng (trực tiếp)",
              "100,000 VND (trực tuyến, dịch vụ bưu chính), 50,000 VND (trực tiếp)");
  /* Not money in đồng: left alone. */
  assert_fee ("10 USD/bản", "10 USD/bản");
  assert_fee ("Mẫu 1.5 đ", "Mẫu 1.5 đ");
  assert_fee ("", "");
}

static void
test_dates (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) birth = g_date_time_new (utc, 1990, 5, 7, 0, 0, 0);
  g_autoptr(GDateTime) submitted = g_date_time_new (utc, 2026, 11, 23, 9, 5, 30);
  const char *languages[] = { "vi", "en" };

  /* dd/mm/yyyy in both languages (see mc-text.h), zero-padded. */
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *date = NULL;
      g_autofree char *moment = NULL;

      use_language (languages[i]);
      date = mc_text_format_date (birth);
      moment = mc_text_format_date_time (submitted);
      g_assert_cmpstr (date, ==, "07/05/1990");
      g_assert_cmpstr (moment, ==, "09:05 23/11/2026");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *po = g_build_filename (BUILDDIR, "po", NULL);

  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/text/fold-vietnamese", test_vietnamese);
  g_test_add_func ("/motcua/text/fold-nfd-equals-nfc", test_nfd_equals_nfc);
  g_test_add_func ("/motcua/text/fold-case", test_case);
  g_test_add_func ("/motcua/text/fold-spaces-punctuation", test_spaces_and_punctuation);
  g_test_add_func ("/motcua/text/fold-empty-invalid", test_empty_and_invalid);
  g_test_add_func ("/motcua/text/format-money", test_money);
  g_test_add_func ("/motcua/text/format-fee", test_fee);
  g_test_add_func ("/motcua/text/format-dates", test_dates);

  return g_test_run ();
}
