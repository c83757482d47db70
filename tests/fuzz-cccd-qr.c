/* fuzz-cccd-qr.c: random bytes and mutated valid payloads through the CCCD QR
 * parser, and random keys with random timings through the HID reader, as a
 * GTest (seeded; MC_FUZZ_SEED overrides the fixed default).
 *
 * Checks: exactly one of card and error; errors carry a non-empty UTF-8
 * message in the expected domains; a card's strings are UTF-8 and NFC, its
 * number 12 digits, its dates valid; the reader never returns more than a
 * payload may hold. tests/fuzz/ has the libFuzzer entry points (clang only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-cccd-qr.h"

#define N_RANDOM  20000
#define N_MUTATED 40000

static const char *const seeds[] = {
  "001090012345|012345678|Nguyễn Văn An|01011990|Nam|Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, "
  "Hà Nội|15042021",
  "079300000123||Trần Thị Bích|29022000|Nữ|Ấp 3, Xã Tân Thạnh Đông, Huyện Củ Chi, "
  "Hồ Chí Minh|01072021",
  "001090012345|Nguyễn Văn An|01011990|Nam|Thôn 3, Xã A, Huyện B, Tỉnh C|15042021",
  "001090012345|012345678|Nguyễn Văn An|01011990|Nam|x|15042021|01012030",
  "001090012345|012345678|Nguyễn Văn An|01011990|Nam|x|15042021|Không thời hạn|",
};

static void
check_nfc_utf8 (const char *s)
{
  g_autofree char *nfc = NULL;

  if (s == NULL)
    return;
  g_assert_true (g_utf8_validate (s, -1, NULL));
  nfc = g_utf8_normalize (s, -1, G_NORMALIZE_NFC);
  g_assert_cmpstr (s, ==, nfc);
}

static void
check_parse (const char *data,
             gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCccdCard) card = mc_cccd_qr_parse (data, len, &error);

  if (card == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == MC_CCCD_QR_ERROR || error->domain == MC_IDENTITY_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, !=, "");
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (card->number), ==, 12);
  g_assert_true (g_date_valid (&card->birth_date));
  g_assert_true (card->sex == MC_SEX_MALE || card->sex == MC_SEX_FEMALE);
  g_assert_cmpuint (card->n_fields, >=, 6);
  g_assert_cmpuint (card->n_fields, <=, 8);
  g_assert_cmpstr (card->full_name, !=, "");
  check_nfc_utf8 (card->full_name);
  check_nfc_utf8 (card->old_id);
  check_nfc_utf8 (card->address);
  check_nfc_utf8 (card->address_street);
  check_nfc_utf8 (card->address_commune);
  check_nfc_utf8 (card->address_district);
  check_nfc_utf8 (card->address_province);
  g_assert_nonnull (card->address);
}

static void
test_random_bytes (GRand *rand)
{
  guint8 buf[MC_CCCD_QR_MAX_LENGTH + 64];

  for (guint i = 0; i < N_RANDOM; i++)
    {
      gsize len = g_rand_int_range (rand, 0, sizeof buf);
      gboolean text = g_rand_boolean (rand);

      for (gsize k = 0; k < len; k++)
        buf[k] = text ? "0123456789|Nam Nữ,ABCabc "[g_rand_int_range (rand, 0, 26)]
                      : (guint8) g_rand_int_range (rand, 0, 256);
      check_parse ((const char *) buf, len);
    }
}

static void
test_mutated (GRand *rand)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < N_MUTATED; i++)
    {
      guint n_mutations = g_rand_int_range (rand, 1, 5);

      g_string_assign (s, seeds[g_rand_int_range (rand, 0, G_N_ELEMENTS (seeds))]);
      for (guint m = 0; m < n_mutations; m++)
        {
          gsize at = s->len > 0 ? g_rand_int_range (rand, 0, s->len) : 0;

          switch (g_rand_int_range (rand, 0, 8))
            {
            case 0: /* flip a byte */
              if (s->len > 0)
                s->str[at] = (char) g_rand_int_range (rand, 1, 256);
              break;
            case 1: /* insert a bar */
              g_string_insert_c (s, at, '|');
              break;
            case 2: /* delete a run */
              {
                gsize n = g_rand_int_range (rand, 1, 20);

                g_string_erase (s, at, MIN (n, s->len - at));
              }
              break;
            case 3: /* a digit changed */
              if (s->len > 0)
                s->str[at] = '0' + g_rand_int_range (rand, 0, 10);
              break;
            case 4: /* truncate */
              g_string_truncate (s, at);
              break;
            case 5: /* duplicate a slice */
              {
                g_autofree char *slice = g_strndup (s->str + at, g_rand_int_range (rand, 1, 60));
                g_string_insert (s, g_rand_int_range (rand, 0, s->len + 1), slice);
              }
              break;
            case 6: /* a combining mark or a space */
              g_string_insert (s, at, g_rand_boolean (rand) ? "\xcc\x81" : " \xc2\xa0 ");
              break;
            default: /* grow past the limit */
              while (s->len <= MC_CCCD_QR_MAX_LENGTH && g_rand_boolean (rand))
                g_string_append (s, ", Thôn A");
              break;
            }
        }
      check_parse (s->str, g_rand_boolean (rand) ? -1 : (gssize) s->len);
    }
}

static void
test_reader (GRand *rand)
{
  g_autoptr(McCccdQrReader) reader = mc_cccd_qr_reader_new (0);
  gint64 now = 0;

  for (guint i = 0; i < 200000; i++)
    {
      guint r = g_rand_int_range (rand, 0, 100);
      gunichar key;
      g_autofree char *payload = NULL;

      if (r < 3)
        key = '\r';
      else if (r < 90)
        key = "0123456789|Nam,x "[g_rand_int_range (rand, 0, 17)];
      else
        key = g_rand_int (rand);
      now += g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 40000)
                                   : -(gint64) g_rand_int_range (rand, 0, 1000);
      payload = mc_cccd_qr_reader_feed (reader, key, now);
      if (payload != NULL)
        {
          g_assert_true (g_utf8_validate (payload, -1, NULL));
          g_assert_cmpuint (strlen (payload), <=, MC_CCCD_QR_MAX_LENGTH);
          check_parse (payload, -1);
        }
    }
}

static void
test_fuzz (void)
{
  const char *env = g_getenv ("MC_FUZZ_SEED");
  guint32 seed = env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : 20250706;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  g_test_message ("seed %u", seed);
  /* The seeds themselves parse. */
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McCccdCard) card = mc_cccd_qr_parse (seeds[i], -1, &error);

      g_assert_no_error (error);
    }
  test_random_bytes (rand);
  test_mutated (rand);
  test_reader (rand);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/fuzz-cccd-qr/parse-and-reader", test_fuzz);

  return g_test_run ();
}
