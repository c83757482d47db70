/* mc-text.h: Vietnamese text folding for search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Folds @text for comparison: NFC or NFD input alike, lower case, tone marks and
 * other diacritics removed, đ/Đ -> d, runs of white space (NBSP included) and
 * punctuation collapsed to one ASCII space, trimmed. "Đăng ký  KHAI SINH" ->
 * "dang ky khai sinh". Returns a newly allocated string; never NULL for valid
 * UTF-8 input (invalid bytes are dropped). */
char *mc_text_fold (const char *text);

/* The search key of @text: mc_text_fold(), then the "i"/"y" spelling variants
 * made one. Vietnamese writes a syllable-final "i" after a consonant either way
 * (kí/ký, lí/lý, mĩ/mỹ, sĩ/sỹ, tỉ/tỷ, qui/quy), so such a final "y" becomes
 * "i": "ky" -> "ki", "quy" -> "qui". A "y" that is part of a diphthong ("uy" in
 * "thuy", "tuy", "ay", "ey") or starts a syllable ("yen") stays. Applied to the
 * catalogue and to the query alike. Newly allocated. */
char *mc_text_search_key (const char *text);

/* Applies the "y" -> "i" rule of mc_text_search_key() in place to one folded
 * word (ASCII, lower case, no spaces) of @len bytes. */
void  mc_text_fold_y_in_word (char  *word,
                              gsize  len);

G_END_DECLS
