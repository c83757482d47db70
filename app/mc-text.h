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

G_END_DECLS
