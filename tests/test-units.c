/* test-units.c: the 2025 administrative units and the pre-2025 -> 2025 map,
 * against the real data/units.tsv. Expected codes are from
 * legacy63-to-2025-mapping.csv (see data/README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "mc-units.h"

static McUnits *
load (void)
{
  g_autoptr(GError) error = NULL;
  McUnits *units = mc_units_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (units);
  return units;
}

static void
test_counts (void)
{
  g_autoptr(McUnits) units = load ();
  GPtrArray *provinces = mc_units_get_provinces (units);
  guint n_communes = 0;

  g_assert_cmpuint (provinces->len, ==, 34);
  for (guint i = 0; i < provinces->len; i++)
    {
      const McUnit *province = g_ptr_array_index (provinces, i);
      g_autoptr(GPtrArray) communes = mc_units_get_communes (units, province->code);

      g_assert_cmpint (province->kind, ==, MC_UNIT_PROVINCE);
      g_assert_true (mc_units_lookup (units, MC_UNIT_PROVINCE, province->code) == province);
      g_assert_cmpuint (communes->len, >, 0);
      n_communes += communes->len;
    }
  g_assert_cmpuint (n_communes, ==, 3321);
  g_assert_null (mc_units_get_communes (units, 999));

  g_assert_cmpstr (mc_units_lookup (units, MC_UNIT_PROVINCE, 1)->name, ==, "Thành phố Hà Nội");
  g_assert_cmpstr (mc_units_lookup (units, MC_UNIT_COMMUNE, 4)->name, ==, "Phường Ba Đình");
  g_assert_cmpuint (mc_units_lookup (units, MC_UNIT_COMMUNE, 4)->province_code, ==, 1);
  g_assert_null (mc_units_lookup (units, MC_UNIT_COMMUNE, 999999));
}

static void
test_name_key (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Thành phố Hồ Chí Minh", "ho chi minh" },
    { "TP. Hồ Chí Minh", "ho chi minh" },
    { "TP.HCM", "ho chi minh" },
    { "Phường 05", "5" },
    { "P.5", "5" },
    { "Q. 1", "1" },
    { "Xã Hoà Bình", "hoa binh" },
    { "xã Hòa Bình", "hoa binh" },
    { "H. Đan Phượng", "dan phuong" },
    { "TT. Phùng", "phung" },
    { "Thị xã Sơn Tây", "son tay" },
    { "Tỉnh Hà Tĩnh", "ha tinh" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = mc_units_name_key (cases[i].in);

      g_assert_cmpstr (key, ==, cases[i].out);
    }
}

static void
test_find (void)
{
  g_autoptr(McUnits) units = load ();
  g_autoptr(GPtrArray) hoa_binh = mc_units_find (units, MC_UNIT_COMMUNE, "hoa binh", 0);
  g_autoptr(GPtrArray) typing = mc_units_find (units, MC_UNIT_COMMUNE, "ba d", 1);
  g_autoptr(GPtrArray) province = mc_units_find (units, MC_UNIT_PROVINCE, "TP. Hà Nội", 0);
  g_autoptr(GPtrArray) nothing = mc_units_find (units, MC_UNIT_COMMUNE, "xyzzy", 0);

  /* Hoà/Hòa spelt both ways in the source: both found. */
  g_assert_cmpuint (hoa_binh->len, >=, 2);
  for (guint i = 0; i < hoa_binh->len; i++)
    {
      const McUnit *unit = g_ptr_array_index (hoa_binh, i);
      g_autofree char *key = mc_units_name_key (unit->name);

      g_assert_true (g_str_has_prefix (key, "hoa binh"));
    }
  g_assert_cmpuint (typing->len, >=, 1);
  g_assert_cmpstr (((const McUnit *) g_ptr_array_index (typing, 0))->name, ==, "Phường Ba Đình");
  g_assert_cmpuint (province->len, ==, 1);
  g_assert_cmpuint (((const McUnit *) g_ptr_array_index (province, 0))->code, ==, 1);
  g_assert_cmpuint (nothing->len, ==, 0);
}

typedef struct {
  const char *address;
  guint codes[3];   /* expected 2025 communes, any order; 0-terminated */
} MapCase;

static void
test_map_legacy (void)
{
  static const MapCase cases[] = {
    /* Whole old communes merged into one new commune. */
    { "Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội", { 97 } },
    { "Thị trấn Thới Lai, Huyện Thới Lai, Thành phố Cần Thơ", { 31258 } },
    /* Into another province (Thái Bình -> Hưng Yên). */
    { "Xã Hồng Minh, Huyện Hưng Hà, Tỉnh Thái Bình", { 12685 } },
    { "Thôn Đông, Thị trấn Thiên Cầm, Huyện Cẩm Xuyên, Tỉnh Hà Tĩnh", { 18676 } },
    { "Phường 13, Quận Bình Thạnh, Thành phố Hồ Chí Minh", { 26905 } },
    { "Phường Xuân Khanh, Thị xã Sơn Tây, Thành phố Hà Nội", { 9604 } },
    { "Xã Ia Pia, Huyện Chư Prông, Tỉnh Gia Lai", { 23926 } },
    /* Split old communes: every new commune they went into. */
    { "Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội", { 9817, 9832 } },
    { "Phường Đa Kao, Quận 1, Thành phố Hồ Chí Minh", { 26740, 26737 } },
    { "Phường Yên Hòa, Quận Cầu Giấy, Thành phố Hà Nội", { 166, 175 } },
    /* Abbreviations, tone position, no tones, number with a leading zero. */
    { "Số 12 ngõ 5, X. Tân Lập, H. Đan Phượng, TP. Hà Nội", { 9817, 9832 } },
    { "P. Yên Hoà, Q. Cầu Giấy, TP Hà Nội", { 166, 175 } },
    { "phuong 13, quan binh thanh, tp ho chi minh", { 26905 } },
    { "P.13, Q. Bình Thạnh, TP.HCM", { 26905 } },
    /* No commune: an island district. */
    { "Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu", { 26732 } },
    /* Already a 2025 address. */
    { "Xã Ô Diên, Thành phố Hà Nội", { 9817 } },
  };
  g_autoptr(McUnits) units = load ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = mc_units_map_address (units, cases[i].address, &error);
      guint n_expected = 0;

      g_test_message ("address %u", i);
      g_assert_no_error (error);
      while (n_expected < G_N_ELEMENTS (cases[i].codes) && cases[i].codes[n_expected] != 0)
        n_expected++;
      g_assert_cmpuint (found->len, ==, n_expected);
      for (guint j = 0; j < n_expected; j++)
        {
          gboolean seen = FALSE;

          for (guint k = 0; k < found->len; k++)
            seen |= ((const McUnit *) g_ptr_array_index (found, k))->code == cases[i].codes[j];
          g_assert_true (seen);
        }
    }
}

static void
test_map_unknown (void)
{
  g_autoptr(McUnits) units = load ();
  const char *addresses[] = {
    "", "Hà Nội", "Xã Không Có, Huyện Đan Phượng, Thành phố Hà Nội",
    "Xã Tân Lập, Huyện Đan Phượng, Tỉnh Không Có",
  };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = mc_units_map_address (units, addresses[i], &error);

      g_assert_error (error, MC_UNITS_ERROR, MC_UNITS_ERROR_NOT_FOUND);
      g_assert_null (found);
    }
}

static void
test_damaged (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "units.tsv", NULL);
  g_autoptr(GError) error = NULL;
  McUnits *units;

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (path, "P\t1\tThành phố Hà Nội\ttỉnh\nC\t4\t99\tPhường X\tphường\n", -1, &error);
  g_assert_no_error (error);
  units = mc_units_new_from_file (path, &error);
  g_assert_error (error, MC_UNITS_ERROR, MC_UNITS_ERROR_PARSE);
  g_assert_null (units);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/units/counts", test_counts);
  g_test_add_func ("/motcua/units/name-key", test_name_key);
  g_test_add_func ("/motcua/units/find", test_find);
  g_test_add_func ("/motcua/units/map-legacy", test_map_legacy);
  g_test_add_func ("/motcua/units/map-unknown", test_map_unknown);
  g_test_add_func ("/motcua/units/damaged", test_damaged);

  return g_test_run ();
}
