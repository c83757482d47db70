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

/* @text as it is kept: NFC, trimmed, every run of white space made one ASCII
 * space; case and marks untouched. Newly allocated; NULL if @text is not UTF-8. */
char *mc_text_collapse (const char *text);

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

/* Dates, times and money as the kiosk shows them, one place for all screens
 * and the receipt. The language is gettext's (the kiosk sets LANGUAGE):
 *  - a date is "17/05/1990" (dd/mm/yyyy) in Vietnamese and in English alike:
 *    it is how the citizen's CCCD card, the forms and the receipt write it,
 *    and the English screens say "day/month/year" wherever a date is typed;
 *  - a time of day is "14:05" (24 hours);
 *  - money is "50.000 đồng" in Vietnamese, "50,000 VND" in English. */
char *mc_text_format_date      (GDateTime  *date);

/* "14:05 23/11/2026": the time, then the date. */
char *mc_text_format_date_time (GDateTime  *date_time);

/* @dong as "1.025.000 đồng" / "1,025,000 VND"; negative amounts get a "-". */
char *mc_text_format_money     (gint64      dong);

/* A fee as the catalogue writes it ("Miễn phí", "50.000 đồng/hồ sơ",
 * "Miễn phí (trực tuyến), 5.000 đồng (trực tiếp)") in the current language:
 * every amount in đồng through mc_text_format_money(), "Miễn phí" as "Free"
 * in English; amounts in other currencies ("10 USD") and the rest of the
 * text stay as they are. NULL for NULL. */
char *mc_text_format_fee       (const char *fee);

G_END_DECLS
