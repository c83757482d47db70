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

static gboolean
is_vowel (char c)
{
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

void
mc_text_fold_y_in_word (char  *word,
                        gsize  len)
{
  g_return_if_fail (word != NULL);

  /* Only a final "y" of a syllable of two letters or more, after a consonant
   * ("ky", "ly", "my", "sy", "ty", "hy", "vy"), or after the "qu" onset, whose
   * "u" is part of the consonant ("quy"). */
  if (len < 2 || word[len - 1] != 'y')
    return;
  if (!is_vowel (word[len - 2]) && g_ascii_isalpha (word[len - 2]))
    word[len - 1] = 'i';
  else if (len == 3 && word[0] == 'q' && word[1] == 'u')
    word[len - 1] = 'i';
}

char *
mc_text_search_key (const char *text)
{
  char *folded;
  char *start;

  g_return_val_if_fail (text != NULL, NULL);

  folded = mc_text_fold (text);
  start = folded;
  for (char *p = folded;; p++)
    {
      if (*p == ' ' || *p == '\0')
        {
          mc_text_fold_y_in_word (start, p - start);
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return folded;
}
