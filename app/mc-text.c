/* mc-text.c: Vietnamese text folding for search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-text"

#include "mc-text.h"

#include <string.h>
#include <glib/gi18n.h>

char *
mc_text_collapse (const char *text)
{
  g_autofree char *nfc = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

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

/* Formats ------------------------------------------------------------------- */

char *
mc_text_format_date (GDateTime *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  return g_date_time_format (date, "%d/%m/%Y");
}

char *
mc_text_format_date_time (GDateTime *date_time)
{
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (date_time != NULL, NULL);

  day = mc_text_format_date (date_time);
  time = g_date_time_format (date_time, "%H:%M");
  /* Translators: a moment: %1$s is the time "14:05", %2$s the date
   * "23/11/2026" */
  return g_strdup_printf (_("%1$s %2$s"), time, day);
}

char *
mc_text_format_money (gint64 dong)
{
  /* Translators: the digit group separator in amounts of money: "50,000 VND"
   * in English, "50.000 đồng" in Vietnamese */
  const char *separator = C_("money", ",");
  char digits[32];
  GString *grouped = g_string_new (NULL);
  g_autofree char *number = NULL;
  guint64 magnitude = dong < 0 ? -(guint64) dong : (guint64) dong;
  gsize n;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  n = strlen (digits);
  if (dong < 0)
    g_string_append_c (grouped, '-');
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (grouped, separator);
      g_string_append_c (grouped, digits[i]);
    }
  number = g_string_free (grouped, FALSE);

  /* Translators: an amount of money in Vietnamese đồng; %s is the number with
   * its digits grouped ("50,000"). Vietnamese: "%s đồng" */
  return g_strdup_printf (_("%s VND"), number);
}

/* "50.000" or "50000" at @p, followed by " đồng": its value and end. */
static gboolean
parse_dong (const char  *p,
            gint64      *value,
            const char **end)
{
  const char *q = p;
  gint64 v = 0;
  int digits = 0;

  while (g_ascii_isdigit (*q) || (*q == '.' && g_ascii_isdigit (q[1]) && digits > 0))
    {
      if (*q != '.')
        {
          if (v > G_MAXINT64 / 10 - 10)
            return FALSE;
          v = v * 10 + (*q - '0');
          digits++;
        }
      q++;
    }
  if (digits == 0)
    return FALSE;
  if (g_str_has_prefix (q, " đồng"))
    q += strlen (" đồng");
  else if (g_str_has_prefix (q, "\u00a0đồng"))
    q += strlen ("\u00a0đồng");
  else
    return FALSE;

  *value = v;
  *end = q;
  return TRUE;
}

char *
mc_text_format_fee (const char *fee)
{
  static const char free_vi[] = "Miễn phí";
  GString *out;
  const char *p;

  if (fee == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (p = fee; *p != '\0';)
    {
      gint64 value;
      const char *end;

      /* A number starts at a word's start: not "A4" or "1.5.2". */
      if (g_ascii_isdigit (*p) && (p == fee || (!g_ascii_isalnum (p[-1]) && p[-1] != '.'))
          && parse_dong (p, &value, &end))
        {
          g_autofree char *money = mc_text_format_money (value);

          g_string_append (out, money);
          p = end;
        }
      else if (strncmp (p, free_vi, strlen (free_vi)) == 0)
        {
          /* Translators: the fee of a procedure that costs nothing */
          g_string_append (out, _("Free"));
          p += strlen (free_vi);
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
        }
    }

  return g_string_free (out, FALSE);
}
