/* mc-identity.h: rules of the Vietnamese citizen identity number (số CCCD /
 * số định danh cá nhân, 12 digits).
 *
 * Digits 1-3: province/city code of birth registration (001 Hà Nội … 096 Cà Mau,
 * the 63 pre-2025 codes); digit 4: century and sex (0 male/1 female born 1900-1999,
 * 2/3 for 2000-2099, 4/5 for 2100-2199, …); digits 5-6: the last two digits of the
 * birth year; digits 7-12: random.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_IDENTITY_ERROR (mc_identity_error_quark ())
typedef enum {
  MC_IDENTITY_ERROR_EMPTY,
  MC_IDENTITY_ERROR_LENGTH,          /* not 12 characters */
  MC_IDENTITY_ERROR_NOT_DIGITS,
  MC_IDENTITY_ERROR_PROVINCE,        /* digits 1-3 are no province code */
  MC_IDENTITY_ERROR_CENTURY,         /* digit 4 gives an impossible century */
  MC_IDENTITY_ERROR_BIRTH_YEAR,      /* digits 4-6 disagree with the date of birth */
  MC_IDENTITY_ERROR_SEX,             /* digit 4 disagrees with the sex given */
  MC_IDENTITY_ERROR_BIRTH_DATE,      /* the date of birth itself is impossible */
} McIdentityError;
GQuark mc_identity_error_quark (void);

typedef enum {
  MC_SEX_UNKNOWN,
  MC_SEX_MALE,
  MC_SEX_FEMALE,
} McSex;

/* Checks @number alone (length, digits, province, century). On success fills
 * the optional outs: the birth year it encodes and the sex. Error messages are
 * translated and say what to fix. */
gboolean    mc_cccd_check            (const char  *number,
                                      int         *out_birth_year,
                                      McSex       *out_sex,
                                      GError     **error);
/* Checks @number and that it agrees with @birth_date (nullable: not checked) and
 * @sex (MC_SEX_UNKNOWN: not checked). @birth_date must not be in the future nor
 * before 1900. */
gboolean    mc_cccd_validate         (const char  *number,
                                      GDate       *birth_date,
                                      McSex        sex,
                                      GError     **error);
/* Name of the province of birth registration for a 3-digit code ("001" ->
 * "Hà Nội"); NULL when unknown. */
const char *mc_cccd_province_name    (const char  *code3);

G_END_DECLS
