/* fuzz-input.c: libFuzzer entry point for the Telex/VNI engine (clang only;
 * see tests/fuzz/README). Byte 0 picks the method and style; the rest is
 * UTF-8 keys, where 0x01-0x07 are backspace, commit, a direct tone, a direct
 * mark, set_word on the text so far, reset and a method switch. Aborts (via
 * g_assert) if the text built from the edits ever stops ending with the
 * preedit, or anything stops being UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "fuzz"

#include <stddef.h>
#include <stdint.h>

#include "mc-input.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
apply (GString *text, guint n, const char *insert)
{
  for (guint i = 0; i < n && text->len > 0; i++)
    g_string_truncate (text, g_utf8_find_prev_char (text->str, text->str + text->len) - text->str);
  g_assert_true (g_utf8_validate (insert, -1, NULL));
  g_string_append (text, insert);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(McInputEngine) engine = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *p, *end;

  if (size < 1)
    return 0;
  engine = mc_input_engine_new (data[0] & 1);
  mc_input_engine_set_tone_style (engine, (data[0] >> 1) & 1);

  p = (const char *) data + 1;
  end = (const char *) data + size;
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *insert = "";
      guint n = 0;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = (guint8) *p;
          p++;
        }
      else
        p = g_utf8_next_char (p);

      switch (c)
        {
        case 1:
          if (!mc_input_engine_backspace (engine, &n, &insert))
            {
              apply (text, 1, "");
              mc_input_engine_set_word (engine, text->str);
            }
          break;
        case 2: mc_input_engine_commit (engine, &n, &insert); break;
        case 3: mc_input_engine_apply_tone (engine, (text->len % 6), &n, &insert); break;
        case 4: mc_input_engine_apply_mark (engine, (text->len % 5), &n, &insert); break;
        case 5: mc_input_engine_set_word (engine, text->str); break;
        case 6: mc_input_engine_reset (engine); break;
        case 7:
          mc_input_engine_set_method (engine, 1 - mc_input_engine_get_method (engine));
          break;
        default:
          if (!mc_input_engine_feed (engine, c, &n, &insert))
            {
              apply (text, n, insert);
              n = 0;
              insert = "";
              mc_input_engine_reset (engine);
            }
          break;
        }
      apply (text, n, insert);
      g_assert_true (g_str_has_suffix (text->str, mc_input_engine_get_preedit (engine)));
    }
  return 0;
}
