/* fuzz-input.c: random key sequences through the Telex/VNI engine, as a
 * GTest (seeded, so a failure can be replayed: --seed is honoured through
 * g_test_rand_*, and MC_FUZZ_SEED overrides the fixed default).
 *
 * Checks, after every call: the edit and the preedit are valid UTF-8, the
 * edit never deletes more than the engine's own word, and the text built by
 * applying the edits ends with the preedit (the engine's picture of the field
 * never drifts from the field). No crash, no critical (fatal in tests).
 *
 * tests/fuzz/ has the libFuzzer entry points for the same engine (clang only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-input.h"

#define N_SEQUENCES 100000

static const char alphabet[] =
  "aaaeeeooouuuiiyy" "ddwwsfrxjz" "AEOUWDSFRXJZ" "nghtcmpqkl" "0123456789" " .,-/";

static gunichar
random_key (GRand *rand)
{
  static const gunichar odd[] = {
    0x0301, 0x0300, 0x0309, 0x0303, 0x0323, 0x0302, 0x0306, 0x031B, /* combining */
    0x00E1, 0x1EA1, 0x0103, 0x01B0, 0x01A1, 0x0111, 0x0110, 0x1EDD, /* á ạ ă ư ơ đ Đ ờ */
    0x00F1, 0x00E7, 0x0416, 0x4E2D, 0x1F600, 0x00A0, 0xFEFF, 0x200B,
    '\r', '\n', '\t', 0x7F, 0, 0xD800, 0xDFFF, 0x110000, 0xFFFFFFFF, 0x10FFFF,
  };
  guint r = g_rand_int_range (rand, 0, 100);

  if (r < 85)
    return alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
  if (r < 97)
    return odd[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd))];
  return g_rand_int (rand);
}

static void
text_apply (GString    *text,
            guint       n_delete,
            const char *insert)
{
  for (guint i = 0; i < n_delete && text->len > 0; i++)
    {
      const char *prev = g_utf8_find_prev_char (text->str, text->str + text->len);

      g_string_truncate (text, prev != NULL ? (gsize) (prev - text->str) : 0);
    }
  g_string_append (text, insert);
}

static void
check_edit (McInputEngine *engine,
            GString       *text,
            glong          old_len,
            guint          n_delete,
            const char    *insert)
{
  const char *preedit;

  g_assert_true (g_utf8_validate (insert, -1, NULL));
  g_assert_cmpint ((glong) n_delete, <=, old_len);
  text_apply (text, n_delete, insert);
  preedit = mc_input_engine_get_preedit (engine);
  g_assert_true (g_utf8_validate (preedit, -1, NULL));
  g_assert_true (g_str_has_suffix (text->str, preedit));
}

static void
test_random_keys (void)
{
  const char *env = g_getenv ("MC_FUZZ_SEED");
  guint32 seed = env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : 20250706;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(McInputEngine) engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) keys = g_string_new (NULL);

  g_test_message ("seed %u", seed);

  for (guint i = 0; i < N_SEQUENCES; i++)
    {
      guint len = g_rand_int_range (rand, 1, 24);

      g_string_truncate (text, 0);
      mc_input_engine_reset (engine);
      mc_input_engine_set_method (engine, g_rand_boolean (rand) ? MC_INPUT_METHOD_TELEX
                                                                : MC_INPUT_METHOD_VNI);
      mc_input_engine_set_tone_style (engine, g_rand_boolean (rand) ? MC_TONE_STYLE_NEW
                                                                    : MC_TONE_STYLE_OLD);

      for (guint k = 0; k < len; k++)
        {
          glong old_len = g_utf8_strlen (mc_input_engine_get_preedit (engine), -1);
          guint r = g_rand_int_range (rand, 0, 100);
          const char *insert = NULL;
          guint n = 0;

          if (r < 80)
            {
              gunichar key = random_key (rand);

              if (!mc_input_engine_feed (engine, key, &n, &insert))
                {
                  check_edit (engine, text, old_len, n, insert);
                  if (g_unichar_validate (key) && key != 0)
                    g_string_append_unichar (text, key);
                  mc_input_engine_reset (engine);
                  continue;
                }
            }
          else if (r < 90)
            {
              if (!mc_input_engine_backspace (engine, &n, &insert))
                {
                  check_edit (engine, text, old_len, n, insert);
                  text_apply (text, 1, "");
                  mc_input_engine_set_word (engine, text->str);
                  g_assert_true (g_str_has_suffix (text->str,
                                                   mc_input_engine_get_preedit (engine)));
                  continue;
                }
            }
          else if (r < 94)
            mc_input_engine_apply_tone (engine, g_rand_int_range (rand, 0, MC_TONE_DOT + 1),
                                        &n, &insert);
          else if (r < 98)
            mc_input_engine_apply_mark (engine, g_rand_int_range (rand, 0, MC_MARK_STROKE + 1),
                                        &n, &insert);
          else if (r < 99)
            mc_input_engine_commit (engine, &n, &insert);
          else
            {
              mc_input_engine_set_method (engine, 1 - mc_input_engine_get_method (engine));
              continue;
            }
          check_edit (engine, text, old_len, n, insert);
        }
    }

  /* The pure helpers on random strings. */
  for (guint i = 0; i < N_SEQUENCES / 10; i++)
    {
      guint len = g_rand_int_range (rand, 0, 16);
      g_autofree char *composed = NULL;
      g_autofree char *toned = NULL;
      g_autofree char *marked = NULL;

      g_string_truncate (keys, 0);
      for (guint k = 0; k < len; k++)
        {
          gunichar key = random_key (rand);

          if (g_unichar_validate (key) && key != 0)
            g_string_append_unichar (keys, key);
        }
      composed = mc_input_compose (g_rand_boolean (rand), g_rand_boolean (rand), keys->str);
      g_assert_true (g_utf8_validate (composed, -1, NULL));
      toned = mc_input_apply_tone (composed, g_rand_int_range (rand, 0, MC_TONE_DOT + 1),
                                   g_rand_boolean (rand));
      g_assert_true (toned == NULL || g_utf8_validate (toned, -1, NULL));
      marked = mc_input_apply_mark (composed, g_rand_int_range (rand, 0, MC_MARK_STROKE + 1),
                                    g_rand_boolean (rand));
      g_assert_true (marked == NULL || g_utf8_validate (marked, -1, NULL));
    }
}

/* One long run of letters, far past any syllable. */
static void
test_long_word (void)
{
  g_autoptr(McInputEngine) engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 5000; i++)
    {
      glong old_len = g_utf8_strlen (mc_input_engine_get_preedit (engine), -1);
      const char *insert;
      guint n;

      g_assert_true (mc_input_engine_feed (engine, "aswd"[i % 4], &n, &insert));
      check_edit (engine, text, old_len, n, insert);
    }
  g_assert_cmpuint (g_utf8_strlen (text->str, -1), >=, 1000);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/fuzz-input/random-keys", test_random_keys);
  g_test_add_func ("/motcua/fuzz-input/long-word", test_long_word);

  return g_test_run ();
}
