/* mc-field-icons.c: which picture a field (lĩnh vực) gets.
 *
 * The pictures are ui/icons/motcua-field-*-symbolic.svg; where a field is the
 * same thing as a life event (land, identity, certifying, business, military
 * service, poverty) it gets the event's picture, so one thing looks the same
 * wherever the citizen meets it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-field-icons.h"
#include "mc-text.h"

static const struct {
  const char *words;  /* folded words, matched whole, in a folded field name */
  const char *icon;
} field_icons[] = {
  /* First match wins: "Thực hiện chính sách BHXH" is insurance, not policy;
   * "Tài chính đất đai" is land. */
  { "ho tich",                "motcua-field-civil-symbolic" },
  { "nuoi con nuoi",          "motcua-field-civil-symbolic" },
  { "cu tru",                 "motcua-field-residence-symbolic" },
  { "can cuoc",               "motcua-event-identity-symbolic" },
  { "dinh danh",              "motcua-event-identity-symbolic" },
  { "chung thuc",             "motcua-event-certify-symbolic" },
  { "cong chung",             "motcua-event-certify-symbolic" },
  { "dat dai",                "motcua-event-land-symbolic" },
  { "quan su",                "motcua-event-military-symbolic" },
  { "giam ngheo",             "motcua-event-poverty-symbolic" },
  { "ho kinh doanh",          "motcua-event-business-symbolic" },
  { "doanh nghiep",           "motcua-event-business-symbolic" },
  { "hop tac xa",             "motcua-event-business-symbolic" },
  { "to hop tac",             "motcua-event-business-symbolic" },
  { "bhxh",                   "motcua-field-insurance-symbolic" },
  { "bhyt",                   "motcua-field-insurance-symbolic" },
  { "bao hiem",               "motcua-field-insurance-symbolic" },
  { "kham benh",              "motcua-field-insurance-symbolic" },
  { "y te",                   "motcua-field-insurance-symbolic" },
  { "nguoi co cong",          "motcua-field-social-symbolic" },
  { "chinh sach",             "motcua-field-social-symbolic" },
  { "bao tro xa hoi",         "motcua-field-social-symbolic" },
  { "xa hoi",                 "motcua-field-social-symbolic" },
  { "cai nghien",             "motcua-field-social-symbolic" },
  { "bien gioi",              "motcua-field-border-symbolic" },
  { "xuat nhap canh",         "motcua-field-border-symbolic" },
  { "hang hai",               "motcua-field-boat-symbolic" },
  { "duong thuy",             "motcua-field-boat-symbolic" },
  { "thuy loi",               "motcua-field-water-symbolic" },
  { "tai nguyen nuoc",        "motcua-field-water-symbolic" },
  { "de dieu",                "motcua-field-water-symbolic" },
  { "thien tai",              "motcua-field-water-symbolic" },
  { "bien va hai dao",        "motcua-field-water-symbolic" },
  { "tran dau",               "motcua-field-water-symbolic" },
  { "giao thong",             "motcua-field-vehicle-symbolic" },
  { "duong bo",               "motcua-field-vehicle-symbolic" },
  { "lai xe",                 "motcua-field-vehicle-symbolic" },
  { "nong nghiep",            "motcua-field-farming-symbolic" },
  { "lam nghiep",             "motcua-field-farming-symbolic" },
  { "trong trot",             "motcua-field-farming-symbolic" },
  { "chan nuoi",              "motcua-field-farming-symbolic" },
  { "kiem lam",               "motcua-field-farming-symbolic" },
  { "thu y",                  "motcua-field-farming-symbolic" },
  { "thuy san",               "motcua-field-farming-symbolic" },
  { "nong thon",              "motcua-field-farming-symbolic" },
  { "xay dung",               "motcua-field-building-symbolic" },
  { "nha o",                  "motcua-field-building-symbolic" },
  { "ha tang",                "motcua-field-building-symbolic" },
  { "quy hoach",              "motcua-field-building-symbolic" },
  { "kho bac",                "motcua-field-money-symbolic" },
  { "tai chinh",              "motcua-field-money-symbolic" },
  { "thue",                   "motcua-field-money-symbolic" },
  { "cong san",               "motcua-field-money-symbolic" },
  { "hoa giai",               "motcua-field-justice-symbolic" },
  { "toa an",                 "motcua-field-justice-symbolic" },
  { "khieu nai",              "motcua-field-justice-symbolic" },
  { "boi thuong",             "motcua-field-justice-symbolic" },
  { "tro giup phap ly",       "motcua-field-justice-symbolic" },
  { "phong chay",             "motcua-field-fire-symbolic" },
};

const char *
mc_field_icon_name (const char *field)
{
  g_autofree char *folded = NULL;
  g_autofree char *padded = NULL;

  if (field == NULL)
    return "motcua-field-other-symbolic";

  /* Whole words only, so a short key ("thu y") never matches inside longer words. */
  folded = mc_text_fold (field);
  padded = g_strconcat (" ", folded, " ", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (field_icons); i++)
    {
      g_autofree char *words = g_strconcat (" ", field_icons[i].words, " ", NULL);

      if (strstr (padded, words) != NULL)
        return field_icons[i].icon;
    }

  return "motcua-field-other-symbolic";
}
