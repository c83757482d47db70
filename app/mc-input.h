/* mc-input.h: the Vietnamese input method engine (Telex and VNI) behind the
 * kiosk's on-screen keyboard and behind a physical keyboard.
 *
 * Design: a stateful engine that edits the word before the cursor.
 *
 * The engine owns the word being typed (the "preedit": the letters since the
 * last word boundary) and nothing else. Every call that changes the text hands
 * back one edit, always the same shape:
 *
 *     delete @n_delete characters (not bytes) before the cursor,
 *     then insert @insert (UTF-8, NFC) at the cursor.
 *
 * That one shape suits both front-ends:
 *  - the on-screen keyboard: on a key tap, call mc_input_engine_feed() and
 *    apply the edit to the focused GtkEditable (gtk_editable_delete_text() of
 *    the @n_delete characters before the cursor, gtk_editable_insert_text());
 *  - a physical keyboard: a GtkEventControllerKey on the field passes
 *    gdk_keyval_to_unicode (keyval) to mc_input_engine_feed(), applies the edit
 *    and returns GDK_EVENT_STOP when it returned TRUE; BackSpace goes to
 *    mc_input_engine_backspace() the same way.
 * The preedit is ordinary text in the field (GTK 4.8 has no public preedit API
 * for GtkText outside an IM module), so the field's value is always what the
 * citizen sees. Only the last word is composed: the engine keeps the key
 * history of that word, which is what lets backspace undo one composition step
 * ("as" gives "á"; backspace gives "a", not "").
 *
 * When the cursor moves, the field is cleared or changed by other means, or the
 * focus goes to another field, call mc_input_engine_reset(). To go on composing
 * a word already in the text (after a backspace into committed text, or after
 * the cursor was put behind a word), call mc_input_engine_set_word() with the
 * letters just before the cursor: "hoa" then a tone key gives "hoà".
 *
 * Telex (default):  s f r x j  sắc huyền hỏi ngã nặng, z removes the tone;
 *                   aa ee oo -> â ê ô;  aw ow uw -> ă ơ ư;  uow / uo+w -> ươ;
 *                   w alone (or after consonants) -> ư;  dd -> đ.
 * VNI:              1 2 3 4 5  sắc huyền hỏi ngã nặng, 0 removes the tone;
 *                   6 -> â ê ô,  7 -> ơ ư (uo7 -> ươ),  8 -> ă,  9 -> đ.
 * Modifier keys may come later in the syllable ("tieen" and "tien" + "e" both
 * give "tiên"; "hoaf" + "n" gives "hoàn": the tone belongs to the syllable and
 * is placed again whenever the letters change). Pressing a modifier key again
 * undoes it and types the key ("ass" -> "as", "aaa" -> "aa", "ddd" -> "dd",
 * "ww" -> "w"); after such an undo the rest of the word is typed literally.
 * A modifier key that cannot apply (no vowel, not a Vietnamese syllable) is an
 * ordinary letter ("s" alone stays "s", "class" stays "class"). Case is kept
 * letter by letter ("DDUWOWFNG" -> "ĐƯỜNG"). On a word boundary a word that was
 * transformed but did not end up a Vietnamese syllable is put back as typed
 * ("Wifi", not "Ừii"), as UniKey does; words started with set_word() or
 * touched by the direct tone/mark keys are never put back.
 *
 * Tone placement follows the rules of Quyết định 1989/QĐ-BGDĐT (25/5/2018,
 * Bộ Giáo dục và Đào tạo, "Quy định về chính tả trong chương trình, sách giáo
 * khoa giáo dục phổ thông"), Điều 8: the tone goes on the main vowel; ia ua ưa
 * take it on the first letter (bìa, lụa, lửa), iê yê uô ươ on the second
 * (biển, thuyền, nhuộm, được); a letter with a diacritic wins (tuấn, người,
 * hưu); in three vowels the middle one (hoài, khuỷu); the u of "qu" and the i
 * of "gi" are part of the onset (quá, quý, giá, giữ); with a final consonant
 * the second of two vowels (hoàn, huỳnh, hoạch).
 * The only difference between the two styles is oa, oe, uy with no final
 * consonant: MC_TONE_STYLE_NEW "hoà, hoè, thuỷ" (the tone on the main vowel,
 * as Điều 8 prescribes with the examples "hoà nhạc, quý hoá, thuỷ thủ, mạnh
 * khoẻ"), MC_TONE_STYLE_OLD "hòa, hòe, thủy" (the older habit, still common in
 * legal texts: "Luật Thủy sản"). The default is MC_TONE_STYLE_NEW because that
 * is the style today's school textbooks are written in (the decision above
 * governs them); the guess that textbooks use "hòa" does not hold.
 *
 * Output is NFC. Personal data: never log what is typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  MC_INPUT_METHOD_TELEX,
  MC_INPUT_METHOD_VNI,
} McInputMethod;

typedef enum {
  MC_TONE_STYLE_NEW,   /* hoà, thuỷ (default, textbooks since QĐ 1989/QĐ-BGDĐT) */
  MC_TONE_STYLE_OLD,   /* hòa, thủy */
} McToneStyle;

typedef enum {
  MC_TONE_NONE,        /* thanh ngang: no mark; as a key it removes the tone */
  MC_TONE_ACUTE,       /* sắc  á  (Telex s, VNI 1) */
  MC_TONE_GRAVE,       /* huyền à (Telex f, VNI 2) */
  MC_TONE_HOOK,        /* hỏi  ả  (Telex r, VNI 3) */
  MC_TONE_TILDE,       /* ngã  ã  (Telex x, VNI 4) */
  MC_TONE_DOT,         /* nặng ạ  (Telex j, VNI 5) */
} McTone;

typedef enum {
  MC_MARK_NONE,
  MC_MARK_CIRCUMFLEX,  /* â ê ô */
  MC_MARK_BREVE,       /* ă */
  MC_MARK_HORN,        /* ơ ư, and ươ for a "uo" pair */
  MC_MARK_STROKE,      /* đ */
} McMark;

GType mc_input_method_get_type (void);
GType mc_tone_style_get_type (void);
#define MC_TYPE_INPUT_METHOD (mc_input_method_get_type ())
#define MC_TYPE_TONE_STYLE (mc_tone_style_get_type ())

#define MC_TYPE_INPUT_ENGINE (mc_input_engine_get_type ())
G_DECLARE_FINAL_TYPE (McInputEngine, mc_input_engine, MC, INPUT_ENGINE, GObject)

/* A new engine with an empty preedit; properties "method" (McInputMethod) and
 * "tone-style" (McToneStyle, default MC_TONE_STYLE_NEW) can be bound to the
 * kiosk's settings. Changing either commits nothing: the next key uses it. */
McInputEngine *mc_input_engine_new            (McInputMethod   method);
McInputMethod  mc_input_engine_get_method     (McInputEngine  *self);
void           mc_input_engine_set_method     (McInputEngine  *self,
                                               McInputMethod   method);
McToneStyle    mc_input_engine_get_tone_style (McInputEngine  *self);
void           mc_input_engine_set_tone_style (McInputEngine  *self,
                                               McToneStyle     style);

/* Feeds one key (a Unicode character, as gdk_keyval_to_unicode() gives it).
 *
 * Always apply the edit (*@out_n_delete characters before the cursor deleted,
 * then *@out_insert inserted; *@out_insert is owned by the engine and valid
 * until the next call on it; either out may be NULL only if you truly do not
 * need it).
 *  - A letter (Telex/VNI letters, also Vietnamese letters such as "ă" or "ờ"
 *    from an on-screen key) or, in VNI, a digit inside a word: composed into
 *    the preedit. Returns TRUE.
 *  - Any other printable character (space, punctuation, a digit in Telex):
 *    a word boundary. The preedit is committed (perhaps put back as typed,
 *    see above), the key itself is part of *@out_insert. Returns TRUE.
 *  - A control character (Enter, Tab, …), 0 or an invalid code point: the
 *    preedit is committed; the key is NOT inserted. Returns FALSE: handle the
 *    key yourself after applying the edit.
 * So: TRUE means "the engine handled the key, stop the event". */
gboolean       mc_input_engine_feed           (McInputEngine  *self,
                                               gunichar        key,
                                               guint          *out_n_delete,
                                               const char    **out_insert);

/* Backspace. With a preedit: undoes the last composition step (the last key
 * or direct tone/mark; for text given by set_word() or after an undo-by-
 * repeat, the last character) and returns TRUE with the edit to apply.
 * With no preedit: returns FALSE and an empty edit; delete the character
 * before the cursor yourself (and, if you like, call set_word() with the
 * letters that are now before the cursor). */
gboolean       mc_input_engine_backspace      (McInputEngine  *self,
                                               guint          *out_n_delete,
                                               const char    **out_insert);

/* Direct keys for people who do not know Telex: applies @tone (MC_TONE_NONE
 * removes it) or @mark to the preedit, as one composition step (backspace
 * undoes it). Pressing the same tone/mark again removes it (a toggle). Returns
 * FALSE with an empty edit when it cannot apply (no preedit, no vowel, no
 * letter that takes the mark): the UI may then tell the person to type the
 * letters first. */
gboolean       mc_input_engine_apply_tone     (McInputEngine  *self,
                                               McTone          tone,
                                               guint          *out_n_delete,
                                               const char    **out_insert);
gboolean       mc_input_engine_apply_mark     (McInputEngine  *self,
                                               McMark          mark,
                                               guint          *out_n_delete,
                                               const char    **out_insert);

/* Ends the word (e.g. when the field loses focus or before a programmatic
 * change). The edit is non-empty only if the word is put back as typed.
 * Returns TRUE if there was a preedit. */
gboolean       mc_input_engine_commit         (McInputEngine  *self,
                                               guint          *out_n_delete,
                                               const char    **out_insert);

/* Forgets the preedit without touching the text (the cursor moved). */
void           mc_input_engine_reset          (McInputEngine  *self);

/* Declares that the text just before the cursor ends with @word (its trailing
 * letters are taken: "Số nhà hoa" -> "hoa"; nothing if it ends with a
 * non-letter) and makes that the preedit, so the next keys compose it. */
void           mc_input_engine_set_word       (McInputEngine  *self,
                                               const char     *word);

/* The preedit as it is in the text now (NFC; "" when none). Owned by the
 * engine. */
const char    *mc_input_engine_get_preedit    (McInputEngine  *self);

/* Pure helpers (no engine). */

/* Types @keys (UTF-8) through a fresh engine and returns the text that results,
 * word boundaries included, with the last word committed: "Vieetj Nam" ->
 * "Việt Nam". For tests, benchmarks and tools. */
char          *mc_input_compose               (McInputMethod   method,
                                               McToneStyle     style,
                                               const char     *keys);

/* Sets @tone on the last syllable of @word (a word or a whole text: the
 * trailing letters are taken), placed by the rules above; MC_TONE_NONE removes
 * the tone. Unlike the engine's key this does not toggle. Returns the new text
 * (NFC), or NULL if the last syllable has no vowel or is not Vietnamese. */
char          *mc_input_apply_tone            (const char     *word,
                                               McTone          tone,
                                               McToneStyle     style);

/* Puts @mark on the letter of the last syllable that takes it (circumflex: the
 * last a, e or o; breve: the last a; horn: "uo" -> "ươ", "ua" -> "ưa", else
 * the last o, else the first u; stroke: an initial d), moving the tone if need
 * be. If the letter already has that mark it is removed (a toggle); MC_MARK_NONE
 * removes every mark of the syllable's vowels. Returns the new text (NFC), or
 * NULL if no letter takes the mark. */
char          *mc_input_apply_mark            (const char     *word,
                                               McMark          mark,
                                               McToneStyle     style);

G_END_DECLS
