/* test-ui-icons.c: the pictures of the list of fields.
 *
 * Every field a citizen can file at a commune counter (the real
 * data/catalogue.json.gz) gets an icon the kiosk's resources hold, the
 * common ones a picture of their own, and the names of the catalogue map to
 * the intended picture (first match wins, whole words only). No display
 * needed: the icons are looked up in the resource bundle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "mc-application.h"
#include "mc-catalogue.h"
#include "mc-field-icons.h"

static gboolean
icon_shipped (const char *icon)
{
  g_autofree char *path = g_strconcat ("/io/github/motcua/Kiosk/icons/scalable/actions/",
                                       icon, ".svg", NULL);

  return g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL);
}

static void
test_names (void)
{
  static const struct { const char *field, *icon; } cases[] = {
    { "Hộ tịch",                                 "motcua-field-civil-symbolic" },
    { "Đăng ký, quản lý cư trú",                 "motcua-field-residence-symbolic" },
    { "Cấp, quản lý căn cước",                   "motcua-event-identity-symbolic" },
    { "Chứng thực",                              "motcua-event-certify-symbolic" },
    { "Đất đai",                                 "motcua-event-land-symbolic" },
    /* land, not money: first match wins */
    { "Tài chính đất đai",                       "motcua-event-land-symbolic" },
    /* insurance, not policy */
    { "Thực hiện chính sách BHXH",               "motcua-field-insurance-symbolic" },
    { "Chính sách",                              "motcua-field-social-symbolic" },
    { "Người có công",                           "motcua-field-social-symbolic" },
    { "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", "motcua-event-business-symbolic" },
    { "Nghĩa vụ quân sự",                        "motcua-event-military-symbolic" },
    { "Quản lý Đê điều và Phòng, chống thiên tai", "motcua-field-water-symbolic" },
    { "Hàng hải và đường thủy nội địa",          "motcua-field-boat-symbolic" },
    { "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
      "motcua-field-vehicle-symbolic" },
    { "Nông nghiệp",                             "motcua-field-farming-symbolic" },
    { "Hoạt động xây dựng",                      "motcua-field-building-symbolic" },
    { "Kho bạc Nhà nước",                        "motcua-field-money-symbolic" },
    { "Hòa giải ở cơ sở",                        "motcua-field-justice-symbolic" },
    { "Phòng cháy, chữa cháy",                   "motcua-field-fire-symbolic" },
    { "HỘ TỊCH",                                 "motcua-field-civil-symbolic" },
    /* whole words: "thu y" is not in "thủ yếu" */
    { "Thủ yếu",                                 "motcua-field-other-symbolic" },
    { "Chứng khoán",                             "motcua-field-other-symbolic" },
    { "",                                        "motcua-field-other-symbolic" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].field);
      g_assert_cmpstr (mc_field_icon_name (cases[i].field), ==, cases[i].icon);
    }
  g_assert_cmpstr (mc_field_icon_name (NULL), ==, "motcua-field-other-symbolic");
}

static void
test_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = mc_catalogue_new_default (&error);
  GPtrArray *fields;
  guint n_shown = 0;

  g_assert_no_error (error);
  fields = mc_catalogue_get_fields (catalogue);
  for (guint i = 0; i < fields->len; i++)
    {
      const McCatalogueField *field = fields->pdata[i];
      const char *icon = mc_field_icon_name (field->name);

      g_test_message ("%s: %s", field->name, icon);
      g_assert_true (icon_shipped (icon));
      if (field->n_commune == 0)
        continue;
      n_shown++;
      /* The fields with most of the counter's procedures have their own. */
      if (field->n_commune >= 5)
        g_assert_cmpstr (icon, !=, "motcua-field-other-symbolic");
    }
  g_assert_cmpuint (n_shown, >, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  mc_ui_init ();

  g_test_add_func ("/motcua/ui-icons/names", test_names);
  g_test_add_func ("/motcua/ui-icons/catalogue", test_catalogue);

  return g_test_run ();
}
