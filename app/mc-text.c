/* mc-text.c: Vietnamese text folding for search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-text"

#include "mc-text.h"

#include <string.h>

char *
mc_text_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  /* Invalid bytes are dropped rather than failing the whole string: the query
   * comes from a touch keyboard, the candidates from our own data. */
  valid = g_utf8_make_valid (text, -1);
  /* NFD puts every tone mark and vowel hat in its own code point, whether the
   * input was precomposed (NFC) or not. */
  decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_combining_class (c) != 0
          || g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;

      /* đ/Đ is a letter of its own, not d plus a mark: NFD leaves it alone. */
      if (c == 0x0111 || c == 0x0110)
        c = 'd';

      if (!g_unichar_isalnum (c))
        {
          /* White space (NBSP included), punctuation and symbols separate words. */
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
        }
      g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}
