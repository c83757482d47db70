/* test-identity.c: CCCD number rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-identity.h"

static GDate *
date_new (int day, int month, int year)
{
  return g_date_new_dmy (day, month, year);
}

static void
test_check_valid (void)
{
  g_autoptr(GError) error = NULL;
  int year = 0;
  McSex sex = MC_SEX_UNKNOWN;

  g_assert_true (mc_cccd_check ("001090012345", &year, &sex, &error));
  g_assert_no_error (error);
  g_assert_cmpint (year, ==, 1990);
  g_assert_cmpint (sex, ==, MC_SEX_MALE);

  g_assert_true (mc_cccd_check ("079301000123", &year, &sex, &error));
  g_assert_no_error (error);
  g_assert_cmpint (year, ==, 2001);
  g_assert_cmpint (sex, ==, MC_SEX_FEMALE);

  g_assert_true (mc_cccd_check ("096185999999", &year, &sex, &error));
  g_assert_no_error (error);
  g_assert_cmpint (year, ==, 1985);
  g_assert_cmpint (sex, ==, MC_SEX_FEMALE);

  g_assert_true (mc_cccd_check ("048200000001", &year, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (year, ==, 2000);
}

static void
assert_check_fails (const char *number,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  int year = -1;

  g_assert_false (mc_cccd_check (number, &year, NULL, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (year, ==, -1);
}

static void
test_check_invalid (void)
{
  g_autoptr(GError) error = NULL;

  assert_check_fails (NULL, MC_IDENTITY_ERROR_EMPTY);
  assert_check_fails ("", MC_IDENTITY_ERROR_EMPTY);
  assert_check_fails ("00109001234", MC_IDENTITY_ERROR_LENGTH);
  assert_check_fails ("0010900123456", MC_IDENTITY_ERROR_LENGTH);
  assert_check_fails ("0010900123a5", MC_IDENTITY_ERROR_NOT_DIGITS);
  assert_check_fails ("abcdefghijkl", MC_IDENTITY_ERROR_NOT_DIGITS);
  assert_check_fails ("001 090 012345", MC_IDENTITY_ERROR_NOT_DIGITS);
  assert_check_fails ("００1090012345", MC_IDENTITY_ERROR_NOT_DIGITS); /* fullwidth */
  assert_check_fails ("003090012345", MC_IDENTITY_ERROR_PROVINCE);
  assert_check_fails ("000090012345", MC_IDENTITY_ERROR_PROVINCE);
  assert_check_fails ("097090012345", MC_IDENTITY_ERROR_PROVINCE);
  assert_check_fails ("999090012345", MC_IDENTITY_ERROR_PROVINCE);
  /* 8/9: born in the 1800s; 4-7: born in 2100 or later. */
  assert_check_fails ("001890012345", MC_IDENTITY_ERROR_CENTURY);
  assert_check_fails ("001990012345", MC_IDENTITY_ERROR_CENTURY);
  assert_check_fails ("001400012345", MC_IDENTITY_ERROR_CENTURY);
  assert_check_fails ("001700012345", MC_IDENTITY_ERROR_CENTURY);
  /* 2099 is in the future for a good while yet. */
  assert_check_fails ("001299012345", MC_IDENTITY_ERROR_CENTURY);

  /* The message says what was typed, so the citizen sees what to fix. */
  g_assert_false (mc_cccd_check ("00109001234", NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "12"));
  g_assert_nonnull (strstr (error->message, "11"));
}

static void
test_every_province (void)
{
  /* The 63 codes; everything else from 000 to 999 is no province. */
  static const char *codes[] = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019",
    "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
    "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
    "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
  };
  guint known = 0;

  g_assert_cmpuint (G_N_ELEMENTS (codes), ==, 63);
  for (int i = 0; i < 1000; i++)
    {
      char code[4];
      gboolean listed = FALSE;

      g_snprintf (code, sizeof code, "%03d", i);
      for (guint j = 0; j < G_N_ELEMENTS (codes); j++)
        listed |= strcmp (codes[j], code) == 0;

      if (listed)
        {
          g_autofree char *number = g_strconcat (code, "090012345", NULL);

          g_assert_nonnull (mc_cccd_province_name (code));
          g_assert_true (mc_cccd_check (number, NULL, NULL, NULL));
          known++;
        }
      else
        {
          g_assert_null (mc_cccd_province_name (code));
        }
    }
  g_assert_cmpuint (known, ==, 63);

  g_assert_cmpstr (mc_cccd_province_name ("001"), ==, "Hà Nội");
  g_assert_cmpstr (mc_cccd_province_name ("046"), ==, "Thừa Thiên Huế");
  g_assert_cmpstr (mc_cccd_province_name ("079"), ==, "Hồ Chí Minh");
  g_assert_cmpstr (mc_cccd_province_name ("096"), ==, "Cà Mau");
  g_assert_null (mc_cccd_province_name (""));
  g_assert_null (mc_cccd_province_name ("01"));
  g_assert_null (mc_cccd_province_name ("0011"));
}

static void
test_validate_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) d1990 = date_new (17, 5, 1990);
  g_autoptr(GDate) d2001 = date_new (29, 2, 2000 + 4);
  g_autoptr(GDate) d2001b = date_new (31, 12, 2001);

  g_assert_true (mc_cccd_validate ("001090012345", d1990, MC_SEX_MALE, &error));
  g_assert_no_error (error);
  g_assert_true (mc_cccd_validate ("001090012345", d1990, MC_SEX_UNKNOWN, &error));
  g_assert_no_error (error);
  g_assert_true (mc_cccd_validate ("001090012345", NULL, MC_SEX_UNKNOWN, &error));
  g_assert_no_error (error);
  g_assert_true (mc_cccd_validate ("079301000123", d2001b, MC_SEX_FEMALE, &error));
  g_assert_no_error (error);
  g_assert_true (mc_cccd_validate ("079304000123", d2001, MC_SEX_FEMALE, &error));
  g_assert_no_error (error);
}

static void
test_validate_year_mismatch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) d1991 = date_new (1, 1, 1991);
  g_autoptr(GDate) d1900 = date_new (1, 1, 1900);

  g_assert_false (mc_cccd_validate ("001090012345", d1991, MC_SEX_MALE, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_YEAR);
  g_assert_nonnull (strstr (error->message, "1990"));
  g_assert_nonnull (strstr (error->message, "1991"));
  g_clear_error (&error);

  /* Same two last digits, other century. */
  g_assert_false (mc_cccd_validate ("001200012345", d1900, MC_SEX_MALE, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_YEAR);
  g_assert_nonnull (strstr (error->message, "2000"));
  g_assert_nonnull (strstr (error->message, "1900"));
  g_clear_error (&error);

  g_assert_false (mc_cccd_validate ("001190012345", d1991, MC_SEX_FEMALE, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_YEAR);
}

static void
test_validate_sex_mismatch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) d1990 = date_new (17, 5, 1990);
  g_autoptr(GDate) d2001 = date_new (3, 7, 2001);

  g_assert_false (mc_cccd_validate ("001090012345", d1990, MC_SEX_FEMALE, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_SEX);
  g_clear_error (&error);

  g_assert_false (mc_cccd_validate ("079301000123", d2001, MC_SEX_MALE, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_SEX);
  g_clear_error (&error);

  g_assert_false (mc_cccd_validate ("079301000123", NULL, MC_SEX_MALE, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_SEX);
}

static void
test_validate_birth_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 1);
  g_autoptr(GDate) tomorrow = date_new (g_date_time_get_day_of_month (later),
                                        g_date_time_get_month (later),
                                        g_date_time_get_year (later));
  g_autoptr(GDate) today = date_new (g_date_time_get_day_of_month (now),
                                     g_date_time_get_month (now),
                                     g_date_time_get_year (now));
  g_autoptr(GDate) d1899 = date_new (31, 12, 1899);
  g_autoptr(GDate) invalid = g_date_new ();
  char number[13];

  /* A number that encodes tomorrow's year: only the date itself is wrong. */
  g_snprintf (number, sizeof number, "001%d%02d012345",
              g_date_time_get_year (later) >= 2000 ? 2 : 0,
              g_date_time_get_year (later) % 100);
  g_assert_false (mc_cccd_validate (number, tomorrow, MC_SEX_UNKNOWN, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_DATE);
  g_clear_error (&error);

  /* Born today is fine. */
  g_snprintf (number, sizeof number, "001%d%02d012345",
              g_date_time_get_year (now) >= 2000 ? 2 : 0,
              g_date_time_get_year (now) % 100);
  g_assert_true (mc_cccd_validate (number, today, MC_SEX_MALE, &error));
  g_assert_no_error (error);

  g_assert_false (mc_cccd_validate ("001099012345", d1899, MC_SEX_UNKNOWN, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_DATE);
  g_clear_error (&error);

  g_assert_false (mc_cccd_validate ("001090012345", invalid, MC_SEX_UNKNOWN, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_DATE);
  g_clear_error (&error);

  /* The number is checked first. */
  g_assert_false (mc_cccd_validate ("00109001234", tomorrow, MC_SEX_FEMALE, &error));
  g_assert_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_LENGTH);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/identity/check-valid", test_check_valid);
  g_test_add_func ("/motcua/identity/check-invalid", test_check_invalid);
  g_test_add_func ("/motcua/identity/every-province", test_every_province);
  g_test_add_func ("/motcua/identity/validate-valid", test_validate_valid);
  g_test_add_func ("/motcua/identity/validate-year-mismatch", test_validate_year_mismatch);
  g_test_add_func ("/motcua/identity/validate-sex-mismatch", test_validate_sex_mismatch);
  g_test_add_func ("/motcua/identity/validate-birth-date", test_validate_birth_date);

  return g_test_run ();
}
