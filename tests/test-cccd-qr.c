/* test-cccd-qr.c: the CCCD card's QR payload (6, 7 and 8 fields, mismatches,
 * garbage, oversized, decomposed text), the address split, and the HID reader
 * accumulator with synthetic key timings.
 *
 * The numbers are made up but valid: 001 Hà Nội, digit 4 = 0 (man, 1900s),
 * 90 = 1990; 079 Hồ Chí Minh, 3 (woman, 2000s), 01 = 2001.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-cccd-qr.h"

#define ADDRESS "Số 12 ngõ 5, Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội"
#define VALID7 "001090012345|012345678|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15042021"

static void
assert_date (const GDate *date,
             int          day,
             int          month,
             int          year)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_day (date), ==, day);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_year (date), ==, year);
}

static McCccdCard *
parse_ok (const char *payload)
{
  g_autoptr(GError) error = NULL;
  McCccdCard *card = mc_cccd_qr_parse (payload, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (card);
  return card;
}

static void
assert_fails (const char *payload,
              gssize      length,
              GQuark      domain,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCccdCard) card = mc_cccd_qr_parse (payload, length, &error);

  g_assert_null (card);
  g_assert_error (error, domain, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_seven_fields (void)
{
  g_autoptr(McCccdCard) card = parse_ok (VALID7);
  g_autoptr(McCccdCard) copy = NULL;
  g_autoptr(McCccdCard) empty_old = NULL;

  g_assert_cmpstr (card->number, ==, "001090012345");
  g_assert_cmpstr (card->old_id, ==, "012345678");
  g_assert_cmpstr (card->full_name, ==, "Nguyễn Văn An");
  assert_date (&card->birth_date, 1, 1, 1990);
  g_assert_cmpint (card->sex, ==, MC_SEX_MALE);
  g_assert_cmpstr (card->address, ==, ADDRESS);
  g_assert_cmpstr (card->address_street, ==, "Số 12 ngõ 5, Phố Huế");
  g_assert_cmpstr (card->address_commune, ==, "Phường Hàng Bài");
  g_assert_cmpstr (card->address_district, ==, "Quận Hoàn Kiếm");
  g_assert_cmpstr (card->address_province, ==, "Hà Nội");
  assert_date (&card->issue_date, 15, 4, 2021);
  g_assert_false (g_date_valid (&card->expiry_date));
  g_assert_cmpuint (card->n_fields, ==, 7);

  copy = g_boxed_copy (MC_TYPE_CCCD_CARD, card);
  g_assert_cmpstr (copy->full_name, ==, card->full_name);
  g_assert_true (copy->full_name != card->full_name);
  assert_date (&copy->issue_date, 15, 4, 2021);

  /* no old CMND, a woman born in 2001, a HID reader's trailing CR LF */
  empty_old = parse_ok ("079300000123||Trần Thị Bích|29022000|Nữ|"
                        "Ấp 3, Xã Tân Thạnh Đông, Huyện Củ Chi, Hồ Chí Minh|01072021\r\n");
  g_assert_null (empty_old->old_id);
  g_assert_cmpint (empty_old->sex, ==, MC_SEX_FEMALE);
  assert_date (&empty_old->birth_date, 29, 2, 2000);
  g_assert_cmpstr (empty_old->address_commune, ==, "Xã Tân Thạnh Đông");
}

static void
test_six_and_eight_fields (void)
{
  g_autoptr(McCccdCard) six = NULL;
  g_autoptr(McCccdCard) six_cut = NULL;
  g_autoptr(McCccdCard) eight = NULL;
  g_autoptr(McCccdCard) eight_text = NULL;
  g_autoptr(McCccdCard) eight_bar = NULL;

  /* no old-number field at all */
  six = parse_ok ("001090012345|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15042021");
  g_assert_cmpuint (six->n_fields, ==, 6);
  g_assert_null (six->old_id);
  g_assert_cmpstr (six->full_name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (six->address_province, ==, "Hà Nội");
  assert_date (&six->issue_date, 15, 4, 2021);

  /* seven fields cut after the address */
  six_cut = parse_ok ("001090012345|012345678|Nguyễn Văn An|01011990|Nam|" ADDRESS);
  g_assert_cmpstr (six_cut->old_id, ==, "012345678");
  g_assert_cmpstr (six_cut->address_district, ==, "Quận Hoàn Kiếm");
  g_assert_false (g_date_valid (&six_cut->issue_date));

  /* an expiry date */
  eight = parse_ok (VALID7 "|01012030");
  g_assert_cmpuint (eight->n_fields, ==, 8);
  assert_date (&eight->expiry_date, 1, 1, 2030);
  assert_date (&eight->issue_date, 15, 4, 2021);

  /* no expiry (people over 60) */
  eight_text = parse_ok (VALID7 "|Không thời hạn");
  g_assert_false (g_date_valid (&eight_text->expiry_date));

  /* a trailing bar */
  eight_bar = parse_ok (VALID7 "|01012030|");
  assert_date (&eight_bar->expiry_date, 1, 1, 2030);
}

static void
test_mismatch (void)
{
  /* the number says 1990, the card 1991 */
  assert_fails ("001090012345|012345678|Nguyễn Văn An|01011991|Nam|" ADDRESS "|15042021", -1,
                MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_YEAR);
  /* the number is a man's, the card says Nữ */
  assert_fails ("001090012345|012345678|Nguyễn Thị An|01011990|Nữ|" ADDRESS "|15042021", -1,
                MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_SEX);
  /* no such province code */
  assert_fails ("003090012345|012345678|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15042021", -1,
                MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_PROVINCE);
  /* eleven digits */
  assert_fails ("00109001234|012345678|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15042021", -1,
                MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_LENGTH);
  /* a birth date that does not exist, a sex that is neither */
  assert_fails ("001090012345|012345678|Nguyễn Văn An|30021990|Nam|" ADDRESS "|15042021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD);
  assert_fails ("001090012345|012345678|Nguyễn Văn An|01011990|X|" ADDRESS "|15042021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD);
  /* an issue date before the birth, or not a date */
  assert_fails ("001090012345|012345678|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15041980", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD);
  assert_fails ("001090012345|012345678|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15/04/2021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD);
  /* an old number of the wrong length */
  assert_fails ("001090012345|0123456|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15042021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD);
}

static void
test_empty_fields (void)
{
  g_autoptr(McCccdCard) no_address = NULL;

  assert_fails ("001090012345|012345678|  |01011990|Nam|" ADDRESS "|15042021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD);
  assert_fails ("|012345678|Nguyễn Văn An|01011990|Nam|" ADDRESS "|15042021", -1,
                MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_EMPTY);
  assert_fails ("001090012345|012345678|Nguyễn Văn An||Nam|" ADDRESS "|15042021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails ("001090012345|012345678|Nguyễn Văn An|01011990||" ADDRESS "|15042021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD);
  assert_fails ("||||||", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);

  /* an empty address or issue date is no reason to refuse the card */
  no_address = parse_ok ("001090012345|012345678|Nguyễn Văn An|01011990|Nam||");
  g_assert_cmpstr (no_address->address, ==, "");
  g_assert_null (no_address->address_province);
  g_assert_null (no_address->address_street);
  g_assert_false (g_date_valid (&no_address->issue_date));
}

static void
test_garbage (void)
{
  static const char binary[] = "001090012345|\0|Nguyễn|01011990|Nam|x|15042021";
  g_autofree char *oversized = NULL;
  g_autofree char *at_limit = NULL;
  g_autoptr(GString) big = g_string_new (VALID7);

  assert_fails (NULL, -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_EMPTY);
  assert_fails ("", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_EMPTY);
  assert_fails (" \r\n", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_EMPTY);
  assert_fails ("hello", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails ("https://dichvucong.gov.vn/", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails ("a|b|c|d|e|f|g", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails ("001090012345|01011990|Nam", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails (VALID7 "|1|2|3", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  /* five fields, nine fields */
  assert_fails ("001090012345|012345678|Nguyễn Văn An|01011990|Nam", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails (VALID7 "|01012030|x", -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails ("\xff\xfe" VALID7, -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails (binary, sizeof binary - 1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);
  assert_fails ("001090012345|012345678|Nguyễn\tVăn|01011990|Nam|x|15042021", -1,
                MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT);

  /* oversized: refused before anything else, even when it would parse */
  while (big->len < MC_CCCD_QR_MAX_LENGTH)
    g_string_insert (big, strlen ("001090012345|012345678|Nguyễn Văn An|01011990|Nam|"),
                     "Thôn A, ");
  oversized = g_strdup (big->str);
  g_assert_cmpuint (strlen (oversized), >, MC_CCCD_QR_MAX_LENGTH);
  assert_fails (oversized, -1, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_TOO_LONG);
  oversized[MC_CCCD_QR_MAX_LENGTH + 1] = 'x';
  assert_fails (oversized, MC_CCCD_QR_MAX_LENGTH + 1, MC_CCCD_QR_ERROR,
                MC_CCCD_QR_ERROR_TOO_LONG);

  /* just at the limit is fine */
  g_string_assign (big, VALID7);
  while (big->len < MC_CCCD_QR_MAX_LENGTH - 8)
    g_string_insert (big, strlen ("001090012345|012345678|Nguyễn Văn An|01011990|Nam|"),
                     "Thôn A, ");
  at_limit = g_strdup (big->str);
  {
    g_autoptr(McCccdCard) card = parse_ok (at_limit);
    g_assert_cmpstr (card->address_province, ==, "Hà Nội");
  }
}

static void
test_normalise (void)
{
  /* decomposed (NFD) text and messy spaces: NFC out, one space */
  g_autoptr(McCccdCard) card =
    parse_ok ("  001090012345 |012345678| Nguye\xcc\x82\xcc\x83n  Va\xcc\x86n \xc2\xa0 An "
              "|01011990| nam |Tho\xcc\x82n 3 ,  Xa\xcc\x83 A,Huye\xcc\xa3\xcc\x82n B, "
              "Tỉnh C|15042021");
  g_autoptr(McCccdCard) woman = NULL;

  g_assert_cmpstr (card->full_name, ==, "Nguyễn Văn An");
  g_assert_cmpint (card->sex, ==, MC_SEX_MALE);
  g_assert_cmpstr (card->address_street, ==, "Thôn 3");
  g_assert_cmpstr (card->address_commune, ==, "Xã A");
  g_assert_cmpstr (card->address_district, ==, "Huyện B");
  g_assert_cmpstr (card->address_province, ==, "Tỉnh C");
  g_assert_true (g_utf8_validate (card->address, -1, NULL));
  g_assert_cmpstr (card->address, ==, "Thôn 3 , Xã A,Huyện B, Tỉnh C");

  /* "Nữ" decomposed, "NỮ" upper case, "Nu" without diacritics */
  woman = parse_ok ("079301000123||Lê Thị Hoa|01012001|Nu\xcc\x9b\xcc\x83|x|01012020");
  g_assert_cmpint (woman->sex, ==, MC_SEX_FEMALE);
  g_clear_pointer (&woman, mc_cccd_card_free);
  woman = parse_ok ("079301000123||Lê Thị Hoa|01012001|NỮ|x|01012020");
  g_assert_cmpint (woman->sex, ==, MC_SEX_FEMALE);
  g_clear_pointer (&woman, mc_cccd_card_free);
  woman = parse_ok ("079301000123||Lê Thị Hoa|01012001|Nu|x|01012020");
  g_assert_cmpint (woman->sex, ==, MC_SEX_FEMALE);
  g_assert_cmpstr (woman->address_street, ==, "x");
  g_assert_null (woman->address_province);
}

static void
test_address_split (void)
{
  char *street, *commune, *district, *province;

  g_assert_true (mc_cccd_address_split ("Thôn 3, Xã Ea Kao, Thành phố Buôn Ma Thuột, Đắk Lắk",
                                        &street, &commune, &district, &province));
  g_assert_cmpstr (street, ==, "Thôn 3");
  g_assert_cmpstr (commune, ==, "Xã Ea Kao");
  g_assert_cmpstr (district, ==, "Thành phố Buôn Ma Thuột");
  g_assert_cmpstr (province, ==, "Đắk Lắk");
  g_free (street); g_free (commune); g_free (district); g_free (province);

  g_assert_true (mc_cccd_address_split ("Quận 1, Hồ Chí Minh",
                                        &street, &commune, &district, &province));
  g_assert_null (street);
  g_assert_null (commune);
  g_assert_cmpstr (district, ==, "Quận 1");
  g_assert_cmpstr (province, ==, "Hồ Chí Minh");
  g_free (district); g_free (province);

  g_assert_true (mc_cccd_address_split ("a, b, c, d, e", NULL, NULL, NULL, &province));
  g_assert_cmpstr (province, ==, "e");
  g_free (province);

  g_assert_false (mc_cccd_address_split (" , ,", &street, &commune, &district, &province));
  g_assert_null (street);
  g_assert_null (province);
}

/* Types @text into @reader starting at *@now, one key every @gap_us. */
static char *
type_into (McCccdQrReader *reader,
           const char     *text,
           gint64         *now,
           gint64          gap_us)
{
  char *result = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      *now += gap_us;
      g_assert_null (result);
      result = mc_cccd_qr_reader_feed (reader, g_utf8_get_char (p), *now);
    }
  return result;
}

static void
test_reader (void)
{
  g_autoptr(McCccdQrReader) reader = mc_cccd_qr_reader_new (0);
  g_autofree char *scan = NULL;
  g_autofree char *slow = NULL;
  g_autofree char *after_human = NULL;
  g_autofree char *late_enter = NULL;
  g_autofree char *short_burst = NULL;
  g_autofree char *backwards = NULL;
  g_autofree char *tab = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(McCccdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = 1000000;

  /* a reader: 4 ms a key, Enter 4 ms later */
  scan = type_into (reader, VALID7 "\r", &now, 4000);
  g_assert_cmpstr (scan, ==, VALID7);
  card = mc_cccd_qr_parse (scan, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (card->full_name, ==, "Nguyễn Văn An");
  g_assert_cmpuint (mc_cccd_qr_reader_get_burst_length (reader), ==, 0);

  /* a person typing the same thing: 150 ms a key */
  slow = type_into (reader, VALID7 "\r", &now, 150000);
  g_assert_null (slow);

  /* a person types a little, then a scan: the scan alone comes out */
  now += 1000000;
  g_assert_null (type_into (reader, "Ngu", &now, 200000));
  now += 300000;
  after_human = type_into (reader, VALID7 "\n", &now, 2000);
  g_assert_cmpstr (after_human, ==, VALID7);

  /* the burst is counted while it lasts */
  now += 1000000;
  g_assert_null (type_into (reader, "0010900", &now, 3000));
  g_assert_cmpuint (mc_cccd_qr_reader_get_burst_length (reader), ==, 7);
  mc_cccd_qr_reader_reset (reader);
  g_assert_cmpuint (mc_cccd_qr_reader_get_burst_length (reader), ==, 0);

  /* fast keys, but Enter comes a second later: a person pressed it */
  now += 1000000;
  g_assert_null (type_into (reader, VALID7, &now, 3000));
  now += 1000000;
  late_enter = mc_cccd_qr_reader_feed (reader, '\r', now);
  g_assert_null (late_enter);

  /* fast but short, or without the bars: not a CCCD scan */
  now += 1000000;
  short_burst = type_into (reader, "0123|45|6\r", &now, 1000);
  g_assert_null (short_burst);
  now += 1000000;
  g_assert_null (type_into (reader, "0123456789012345678901234567890\r", &now, 1000));

  /* the clock going backwards in the middle starts again */
  now += 1000000;
  g_assert_null (type_into (reader, "001090012345|0123", &now, 1000));
  now -= 500000;
  backwards = type_into (reader, "45678|Nguyễn\r", &now, 1000);
  g_assert_null (backwards);

  /* a Tab in the middle ends the burst */
  now += 1000000;
  g_assert_null (type_into (reader, "001090012345|012345678|Nguyễn", &now, 1000));
  g_assert_null (mc_cccd_qr_reader_feed (reader, '\t', now + 1000));
  now += 1000;
  tab = type_into (reader, " Văn An\r", &now, 1000);
  g_assert_null (tab);

  /* a flood of fast keys past any payload is no scan */
  now += 1000000;
  for (guint i = 0; i < 300; i++)
    g_string_append (huge, "abc|");
  g_string_append_c (huge, '\r');
  g_assert_null (type_into (reader, huge->str, &now, 1000));

  /* and it still works after all that; a slower reader with its own gap */
  now += 1000000;
  again = type_into (reader, VALID7 "\r", &now, 1);
  g_assert_cmpstr (again, ==, VALID7);
  {
    g_autoptr(McCccdQrReader) slow_reader = mc_cccd_qr_reader_new (60000);
    g_autofree char *payload = type_into (slow_reader, VALID7 "\r", &now, 50000);

    g_assert_cmpstr (payload, ==, VALID7);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/cccd-qr/seven-fields", test_seven_fields);
  g_test_add_func ("/motcua/cccd-qr/six-and-eight-fields", test_six_and_eight_fields);
  g_test_add_func ("/motcua/cccd-qr/mismatch", test_mismatch);
  g_test_add_func ("/motcua/cccd-qr/empty-fields", test_empty_fields);
  g_test_add_func ("/motcua/cccd-qr/garbage", test_garbage);
  g_test_add_func ("/motcua/cccd-qr/normalise", test_normalise);
  g_test_add_func ("/motcua/cccd-qr/address-split", test_address_split);
  g_test_add_func ("/motcua/cccd-qr/reader", test_reader);

  return g_test_run ();
}
