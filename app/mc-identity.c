/* mc-identity.c: rules of the 12-digit citizen identity number (số CCCD).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-identity"

#include <string.h>
#include <glib/gi18n.h>

#include "mc-identity.h"
#include "mc-identity-private.h"

/* Never log the number itself, nor any part of it. */

G_DEFINE_QUARK (mc-identity-error-quark, mc_identity_error)

/* The 63 pre-2025 province codes of birth registration, Thông tư 07/2016/TT-BCA
 * (kept by 59/2021/TT-BCA). They are the GSO province codes with a leading 0:
 * checked code by code against the "Mã TP" column of the GSO list of districts
 * (legacy63-districts-gso-2025-07-18.csv), which has exactly these 63 codes. The
 * names are the ones of the circular: GSO now writes "Hoà Bình" and, after the
 * 2025 change, "Thành phố Huế" for 046. Sorted by code for bsearch. */
typedef struct {
  char code[4];
  const char *name;
} Province;

static const Province provinces[] = {
  { "001", "Hà Nội" },
  { "002", "Hà Giang" },
  { "004", "Cao Bằng" },
  { "006", "Bắc Kạn" },
  { "008", "Tuyên Quang" },
  { "010", "Lào Cai" },
  { "011", "Điện Biên" },
  { "012", "Lai Châu" },
  { "014", "Sơn La" },
  { "015", "Yên Bái" },
  { "017", "Hòa Bình" },
  { "019", "Thái Nguyên" },
  { "020", "Lạng Sơn" },
  { "022", "Quảng Ninh" },
  { "024", "Bắc Giang" },
  { "025", "Phú Thọ" },
  { "026", "Vĩnh Phúc" },
  { "027", "Bắc Ninh" },
  { "030", "Hải Dương" },
  { "031", "Hải Phòng" },
  { "033", "Hưng Yên" },
  { "034", "Thái Bình" },
  { "035", "Hà Nam" },
  { "036", "Nam Định" },
  { "037", "Ninh Bình" },
  { "038", "Thanh Hóa" },
  { "040", "Nghệ An" },
  { "042", "Hà Tĩnh" },
  { "044", "Quảng Bình" },
  { "045", "Quảng Trị" },
  { "046", "Thừa Thiên Huế" },
  { "048", "Đà Nẵng" },
  { "049", "Quảng Nam" },
  { "051", "Quảng Ngãi" },
  { "052", "Bình Định" },
  { "054", "Phú Yên" },
  { "056", "Khánh Hòa" },
  { "058", "Ninh Thuận" },
  { "060", "Bình Thuận" },
  { "062", "Kon Tum" },
  { "064", "Gia Lai" },
  { "066", "Đắk Lắk" },
  { "067", "Đắk Nông" },
  { "068", "Lâm Đồng" },
  { "070", "Bình Phước" },
  { "072", "Tây Ninh" },
  { "074", "Bình Dương" },
  { "075", "Đồng Nai" },
  { "077", "Bà Rịa - Vũng Tàu" },
  { "079", "Hồ Chí Minh" },
  { "080", "Long An" },
  { "082", "Tiền Giang" },
  { "083", "Bến Tre" },
  { "084", "Trà Vinh" },
  { "086", "Vĩnh Long" },
  { "087", "Đồng Tháp" },
  { "089", "An Giang" },
  { "091", "Kiên Giang" },
  { "092", "Cần Thơ" },
  { "093", "Hậu Giang" },
  { "094", "Sóc Trăng" },
  { "095", "Bạc Liêu" },
  { "096", "Cà Mau" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (provinces) == 63);

static int
province_cmp (const void *key,
              const void *elem)
{
  return strncmp (key, elem, 3);
}

const char *
mc_cccd_province_name (const char *code3)
{
  const Province *found;

  g_return_val_if_fail (code3 != NULL, NULL);

  if (strlen (code3) != 3)
    return NULL;

  found = bsearch (code3, provinces, G_N_ELEMENTS (provinces), sizeof provinces[0],
                   province_cmp);
  return found != NULL ? found->name : NULL;
}

static int
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

gboolean
mc_cccd_check (const char  *number,
               int         *out_birth_year,
               McSex       *out_sex,
               GError     **error)
{
  char code3[4];
  int digit4;
  int year;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (number == NULL || number[0] == '\0')
    {
      g_set_error_literal (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_EMPTY,
                           _("Enter the CCCD number (12 digits)."));
      return FALSE;
    }

  for (const char *p = number; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_set_error_literal (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_NOT_DIGITS,
                               _("The CCCD number can only contain digits 0–9."));
          return FALSE;
        }
    }

  len = strlen (number);
  if (len != 12)
    {
      g_set_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_LENGTH,
                   _("The CCCD number must have exactly 12 digits (you entered %u)."),
                   (guint) len);
      return FALSE;
    }

  memcpy (code3, number, 3);
  code3[3] = '\0';
  if (mc_cccd_province_name (code3) == NULL)
    {
      g_set_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_PROVINCE,
                   _("The CCCD number must start with a province code, and %s is not "
                     "one. Check the first three digits."),
                   code3);
      return FALSE;
    }

  /* 0/1: 1900s, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 1800s; even male, odd female. */
  digit4 = number[3] - '0';
  year = (digit4 >= 8 ? 1800 : 1900 + 100 * (digit4 / 2))
         + 10 * (number[4] - '0') + (number[5] - '0');
  if (year < 1900 || year > current_year ())
    {
      g_set_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_CENTURY,
                   _("The CCCD number is not possible: digits 4–6 give the year of "
                     "birth %d. Check the number."),
                   year);
      return FALSE;
    }

  if (out_birth_year != NULL)
    *out_birth_year = year;
  if (out_sex != NULL)
    *out_sex = digit4 % 2 == 0 ? MC_SEX_MALE : MC_SEX_FEMALE;
  return TRUE;
}

gboolean
_mc_birth_date_check (const GDate  *birth_date,
                      GError      **error)
{
  g_autoptr(GDateTime) now = NULL;
  GDate today;

  g_return_val_if_fail (birth_date != NULL, FALSE);

  if (!g_date_valid (birth_date))
    {
      g_set_error_literal (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_DATE,
                           _("The date of birth is not a real date."));
      return FALSE;
    }

  now = g_date_time_new_now_local ();
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  if (g_date_compare (birth_date, &today) > 0)
    {
      g_set_error_literal (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_DATE,
                           _("The date of birth cannot be in the future."));
      return FALSE;
    }

  if (g_date_get_year (birth_date) < 1900)
    {
      g_set_error_literal (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_DATE,
                           _("The date of birth cannot be before 1900."));
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_cccd_validate (const char  *number,
                  GDate       *birth_date,
                  McSex        sex,
                  GError     **error)
{
  int year = 0;
  McSex number_sex = MC_SEX_UNKNOWN;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_cccd_check (number, &year, &number_sex, error))
    return FALSE;

  if (birth_date != NULL)
    {
      if (!_mc_birth_date_check (birth_date, error))
        return FALSE;

      if (g_date_get_year (birth_date) != year)
        {
          g_set_error (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_BIRTH_YEAR,
                       _("The CCCD number does not match the year of birth: digits 4–6 "
                         "say %d, the date of birth says %d."),
                       year, (int) g_date_get_year (birth_date));
          return FALSE;
        }
    }

  if (sex != MC_SEX_UNKNOWN && sex != number_sex)
    {
      if (number_sex == MC_SEX_MALE)
        g_set_error_literal (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_SEX,
                             _("The CCCD number is a man’s (its 4th digit is even), but "
                               "the sex chosen is female. Check the number and the sex."));
      else
        g_set_error_literal (error, MC_IDENTITY_ERROR, MC_IDENTITY_ERROR_SEX,
                             _("The CCCD number is a woman’s (its 4th digit is odd), but "
                               "the sex chosen is male. Check the number and the sex."));
      return FALSE;
    }

  return TRUE;
}
