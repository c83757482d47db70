/* test-input.c: the Telex/VNI engine, key vectors for every rule, undo,
 * backspace steps, the edit protocol and the direct tone/mark helpers.
 *
 * A vector is keys -> text through mc_input_compose(), which drives a real
 * engine and applies its edits to a string, as the keyboard widget does.
 * "\b" in the keys is a backspace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mc-input.h"

typedef struct {
  const char *keys;
  const char *expected;
} Vector;

#define T MC_INPUT_METHOD_TELEX
#define V MC_INPUT_METHOD_VNI

static void
check_vectors (McInputMethod  method,
               McToneStyle    style,
               const Vector  *vectors,
               gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *got = mc_input_compose (method, style, vectors[i].keys);
      g_autofree char *nfc = g_utf8_normalize (got, -1, G_NORMALIZE_NFC);

      if (g_strcmp0 (got, vectors[i].expected) != 0)
        g_test_message ("%s %s: keys “%s”", method == T ? "Telex" : "VNI",
                        style == MC_TONE_STYLE_NEW ? "new" : "old", vectors[i].keys);
      g_assert_cmpstr (got, ==, vectors[i].expected);
      g_assert_cmpstr (got, ==, nfc);
    }
}

/* Both styles agree on these. */
static const Vector telex_common[] = {
  /* tones */
  { "as", "á" }, { "af", "à" }, { "ar", "ả" }, { "ax", "ã" }, { "aj", "ạ" },
  { "asz", "a" }, { "asf", "à" }, { "z", "z" }, { "az", "az" },
  /* vowels with marks */
  { "aa", "â" }, { "ee", "ê" }, { "oo", "ô" },
  { "aw", "ă" }, { "ow", "ơ" }, { "uw", "ư" }, { "w", "ư" }, { "W", "Ư" },
  { "uow", "ươ" }, { "uwow", "ươ" }, { "dd", "đ" }, { "DD", "Đ" }, { "Dd", "Đ" },
  /* repeat undoes */
  { "ass", "as" }, { "aaa", "aa" }, { "ddd", "dd" }, { "aww", "aw" }, { "ww", "w" },
  { "uww", "uw" }, { "ooo", "oo" }, { "eee", "ee" }, { "uoww", "uow" },
  { "asss", "ass" }, { "ddda", "dda" },
  /* no vowel: literal */
  { "s", "s" }, { "f", "f" }, { "j", "j" }, { "r", "r" }, { "x", "x" },
  { "ts", "ts" }, { "nghs", "nghs" },
  /* common words */
  { "Vieetj Nam", "Việt Nam" }, { "tieengs Vieetj", "tiếng Việt" },
  { "nguwowif", "người" }, { "nguoiwf", "người" }, { "dduwowngf", "đường" },
  { "DDUWOWFNG", "ĐƯỜNG" }, { "Nguyeenx", "Nguyễn" }, { "Traanf", "Trần" },
  { "Leex", "Lễ" }, { "Phamj", "Phạm" }, { "Hoangf", "Hoàng" }, { "Huyfnh", "Huỳnh" },
  { "khai sinh", "khai sinh" }, { "ddawng kys", "đăng ký" }, { "hoof sow", "hồ sơ" },
  { "thur tucj", "thủ tục" }, { "xax phuwowngf", "xã phường" },
  { "tinhr thanhf phoos", "tỉnh thành phố" }, { "cawn cuwowcs", "căn cước" },
  /* the tone follows the letters typed after it */
  { "hoafn", "hoàn" }, { "toans", "toán" }, { "toasn", "toán" }, { "tuaans", "tuấn" },
  { "tuasan", "tuấn" }, { "hoacj", "hoạc" }, { "hoawcj", "hoặc" }, { "quyeenf", "quyền" },
  /* free order: the mark key may come later in the syllable */
  { "tieen", "tiên" }, { "tiene", "tiên" }, { "toio", "tôi" }, { "dod", "đo" },
  { "nguowif", "người" }, { "duowngd", "đương" },
  /* qu, gi onsets */
  { "quas", "quá" }, { "quys", "quý" }, { "quyf", "quỳ" }, { "gias", "giá" },
  { "giuwx", "giữ" }, { "gif", "gì" }, { "gifn", "gìn" }, { "quaf", "quà" },
  { "quow", "quơ" }, { "quawngr", "quẳng" }, { "giuwowngf", "giường" },
  /* two and three vowels */
  { "khuya", "khuya" }, { "hoaif", "hoài" }, { "khuyru", "khuỷu" }, { "khuyur", "khuỷu" },
  { "ngoaij", "ngoại" }, { "ngoeos", "ngoéo" }, { "muaf", "mùa" }, { "muwa", "mưa" },
  { "muaw", "mưa" }, { "muwar", "mửa" }, { "miaf", "mìa" }, { "bieenr", "biển" },
  { "thuyeenf", "thuyền" }, { "nhuoojm", "nhuộm" }, { "dduwowcj", "được" },
  { "huwu", "hưu" }, { "cuwus", "cứu" }, { "guwir", "gửi" }, { "mair", "mải" },
  { "caos", "cáo" }, { "yeeu", "yêu" }, { "yeeus", "yếu" }, { "khuyeetj", "khuyệt" },
  { "ruwowuj", "rượu" }, { "tuwoi", "tươi" }, { "tuoiw", "tươi" }, { "chuoois", "chuối" },
  /* uppercase kept per letter */
  { "VIEETJ", "VIỆT" }, { "Vieejt", "Việt" }, { "NGUWOWIF", "NGƯỜI" }, { "Aa", "Â" },
  { "aA", "â" },
  /* words that are no Vietnamese come back as typed */
  { "Wifi", "Wifi" }, { "class", "class" }, { "email", "email" }, { "words", "words" },
  { "bafk", "bafk" },
  /* word boundaries */
  { "as,", "á," }, { "as.as", "á.á" }, { "a1s", "a1s" }, { "hoans-an", "hoán-an" },
  /* backspace undoes one step */
  { "as\b", "a" }, { "aa\b", "a" }, { "aas\b", "â" }, { "aas\b\b", "a" },
  { "as\b\b", "" }, { "ass\b", "a" }, { "ass\bs", "á" }, 
  { "toans\b", "toan" }, { "w\b", "" }, { "dd\b", "d" }, { "uow\b", "uo" },
  { "a \b", "a" }, { "hoa \b\bf", "hò" }, { "\b", "" },
};

/* New style: hoà, hoè, thuỷ; old style: hòa, hòe, thủy. */
static const Vector telex_new[] = {
  { "hoaf", "hoà" }, { "hoef", "hoè" }, { "thuyr", "thuỷ" }, { "hoas", "hoá" },
  { "khoer", "khoẻ" }, { "tuys", "tuý" }, { "Thanh Hoas", "Thanh Hoá" },
  { "hoaf\b", "hoa" }, { "huyr", "huỷ" }, { "hoafn\b", "hoà" }, { "hoa \bf", "hoà" },
  { "HOAF", "HOÀ" },
};
static const Vector telex_old[] = {
  { "hoaf", "hòa" }, { "hoef", "hòe" }, { "thuyr", "thủy" }, { "hoas", "hóa" },
  { "khoer", "khỏe" }, { "tuys", "túy" }, { "Thanh Hoas", "Thanh Hóa" },
  /* a final consonant moves it: hòa + n -> hoàn */
  { "hoafn", "hoàn" }, { "huyr", "hủy" }, { "hoafn\b", "hòa" }, { "hoa \bf", "hòa" },
  { "HOAF", "HÒA" },
  { "quys", "quý" },
};

static const Vector vni_common[] = {
  { "a1", "á" }, { "a2", "à" }, { "a3", "ả" }, { "a4", "ã" }, { "a5", "ạ" },
  { "a10", "a" }, { "a0", "a0" }, { "a6", "â" }, { "e6", "ê" }, { "o6", "ô" },
  { "a8", "ă" }, { "o7", "ơ" }, { "u7", "ư" }, { "uo7", "ươ" }, { "d9", "đ" },
  { "D9", "Đ" }, { "a11", "a1" }, { "a66", "a6" }, { "d99", "d9" }, { "o77", "o7" },
  { "1", "1" }, { "s1", "s1" }, { "12 so61", "12 số" },
  { "Vie65t Nam", "Việt Nam" }, { "Nguye6n4", "Nguyễn" }, { "D9U7O72NG", "ĐƯỜNG" },
  { "nguoi72", "người" }, { "hoa2n", "hoàn" }, { "qua1", "quá" }, { "gia1", "giá" },
  { "khuy3u", "khuỷu" }, { "hoai2", "hoài" }, { "mua7", "mưa" }, { "tuan61", "tuấn" },
  { "d9a8ng ky1", "đăng ký" }, { "a1\b", "a" }, { "a11\b", "a" },
};
static const Vector vni_new[] = {
  { "hoa2", "hoà" }, { "thuy3", "thuỷ" },
};
static const Vector vni_old[] = {
  { "hoa2", "hòa" }, { "thuy3", "thủy" },
};

static void
test_telex (void)
{
  check_vectors (T, MC_TONE_STYLE_NEW, telex_common, G_N_ELEMENTS (telex_common));
  check_vectors (T, MC_TONE_STYLE_OLD, telex_common, G_N_ELEMENTS (telex_common));
  check_vectors (T, MC_TONE_STYLE_NEW, telex_new, G_N_ELEMENTS (telex_new));
  check_vectors (T, MC_TONE_STYLE_OLD, telex_old, G_N_ELEMENTS (telex_old));
}

static void
test_vni (void)
{
  check_vectors (V, MC_TONE_STYLE_NEW, vni_common, G_N_ELEMENTS (vni_common));
  check_vectors (V, MC_TONE_STYLE_OLD, vni_common, G_N_ELEMENTS (vni_common));
  check_vectors (V, MC_TONE_STYLE_NEW, vni_new, G_N_ELEMENTS (vni_new));
  check_vectors (V, MC_TONE_STYLE_OLD, vni_old, G_N_ELEMENTS (vni_old));
}

typedef struct {
  guint       n_delete;
  const char *insert;
} Edit;

static void
assert_edit (gboolean    ret,
             gboolean    expected_ret,
             guint       n_delete,
             const char *insert,
             Edit        expected)
{
  g_assert_cmpint (ret, ==, expected_ret);
  g_assert_cmpuint (n_delete, ==, expected.n_delete);
  g_assert_cmpstr (insert, ==, expected.insert);
}

/* The edits themselves, as a key controller applies them. */
static void
test_edits (void)
{
  g_autoptr(McInputEngine) engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  const char *insert = NULL;
  guint n = 99;
  gboolean ret;

  ret = mc_input_engine_feed (engine, 'h', &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 0, "h" });
  ret = mc_input_engine_feed (engine, 'o', &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 0, "o" });
  ret = mc_input_engine_feed (engine, 'a', &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 0, "a" });
  ret = mc_input_engine_feed (engine, 'f', &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 1, "à" });
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "hoà");
  ret = mc_input_engine_feed (engine, 'n', &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 0, "n" });
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "hoàn");

  /* backspace: one step back, then into the committed text */
  ret = mc_input_engine_backspace (engine, &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 1, "" });
  ret = mc_input_engine_backspace (engine, &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 1, "a" });
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "hoa");

  /* a boundary commits and types itself */
  ret = mc_input_engine_feed (engine, ' ', &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 0, " " });
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "");
  ret = mc_input_engine_backspace (engine, &n, &insert);
  assert_edit (ret, FALSE, n, insert, (Edit) { 0, "" });

  /* a control key commits, is not typed, and is the caller's */
  mc_input_engine_feed (engine, 'w', &n, &insert);
  ret = mc_input_engine_feed (engine, '\r', &n, &insert);
  assert_edit (ret, FALSE, n, insert, (Edit) { 0, "" });
  ret = mc_input_engine_feed (engine, 0x110000, &n, &insert);
  assert_edit (ret, FALSE, n, insert, (Edit) { 0, "" });

  /* a word that is no Vietnamese is put back on the boundary */
  for (const char *p = "Wifi"; *p != '\0'; p++)
    mc_input_engine_feed (engine, *p, &n, &insert);
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "Ừii");
  ret = mc_input_engine_feed (engine, '.', &n, &insert);
  g_assert_true (ret);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (insert, ==, "Wifi.");

  /* commit with nothing to put back */
  mc_input_engine_feed (engine, 'a', &n, &insert);
  mc_input_engine_feed (engine, 's', &n, &insert);
  ret = mc_input_engine_commit (engine, &n, &insert);
  assert_edit (ret, TRUE, n, insert, (Edit) { 0, "" });
  ret = mc_input_engine_commit (engine, &n, &insert);
  assert_edit (ret, FALSE, n, insert, (Edit) { 0, "" });
}

/* Backspace goes back one composition step at a time, all the way. */
static void
test_backspace_steps (void)
{
  g_autoptr(McInputEngine) engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  const char *steps[] = { "ng", "ngư", "ngươ", "ngươi", "người", "ngườin" };
  const char *keys = "nguwowifn";
  g_autoptr(GString) text = g_string_new (NULL);
  const char *insert;
  guint n;

  for (const char *p = keys; *p != '\0'; p++)
    mc_input_engine_feed (engine, *p, &n, &insert);
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "ngườin");

  /* keys: n g u w o w i f n -> back through each */
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, steps[4]);
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, steps[3]);
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, steps[2]);
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "ngưo");
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, steps[1]);
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "ngu");
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, steps[0]);
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "");
  g_assert_false (mc_input_engine_backspace (engine, &n, &insert));
}

static void
test_set_word (void)
{
  g_autoptr(McInputEngine) engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  const char *insert;
  guint n;

  mc_input_engine_set_word (engine, "Số nhà hoa");
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "hoa");
  g_assert_true (mc_input_engine_feed (engine, 'f', &n, &insert));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (insert, ==, "à");
  g_assert_true (mc_input_engine_feed (engine, 'n', &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "hoàn");
  /* the tone moves: the edit replaces from the changed letter */
  mc_input_engine_set_tone_style (engine, MC_TONE_STYLE_OLD);
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "hòa");
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (insert, ==, "òa");

  /* a set word is edited letter by letter, and never put back */
  mc_input_engine_set_word (engine, "Trần");
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "Trầ");
  g_assert_true (mc_input_engine_feed (engine, 's', &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "Trấ");

  /* decomposed text: the whole decomposed tail is replaced */
  mc_input_engine_set_word (engine, "ho\xcc\x80");  /* "hò" in NFD */
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "ho\xcc\x80");
  g_assert_true (mc_input_engine_feed (engine, 'a', &n, &insert));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (insert, ==, "òa");  /* old style since above */

  /* nothing to take */
  mc_input_engine_set_word (engine, "số 12");
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "");
  mc_input_engine_set_word (engine, "");
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "");
}

static void
test_direct_keys (void)
{
  g_autoptr(McInputEngine) engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  const char *insert;
  guint n;

  /* nothing typed yet: cannot apply */
  g_assert_false (mc_input_engine_apply_tone (engine, MC_TONE_ACUTE, &n, &insert));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpstr (insert, ==, "");

  for (const char *p = "nguoi"; *p != '\0'; p++)
    mc_input_engine_feed (engine, *p, &n, &insert);
  g_assert_true (mc_input_engine_apply_tone (engine, MC_TONE_GRAVE, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "nguòi");
  g_assert_true (mc_input_engine_apply_mark (engine, MC_MARK_HORN, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "người");
  g_assert_true (mc_input_engine_apply_tone (engine, MC_TONE_GRAVE, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "ngươi");
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "người");
  g_assert_true (mc_input_engine_backspace (engine, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "nguòi");
  g_assert_false (mc_input_engine_apply_mark (engine, MC_MARK_BREVE, &n, &insert));
  g_assert_false (mc_input_engine_apply_mark (engine, MC_MARK_STROKE, &n, &insert));
  mc_input_engine_reset (engine);

  for (const char *p = "dan"; *p != '\0'; p++)
    mc_input_engine_feed (engine, *p, &n, &insert);
  g_assert_true (mc_input_engine_apply_mark (engine, MC_MARK_STROKE, &n, &insert));
  g_assert_true (mc_input_engine_apply_mark (engine, MC_MARK_BREVE, &n, &insert));
  g_assert_true (mc_input_engine_apply_tone (engine, MC_TONE_HOOK, &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "đẳn");
  /* a direct word is never put back, even when it is no syllable */
  g_assert_true (mc_input_engine_feed (engine, 'k', &n, &insert));
  g_assert_true (mc_input_engine_commit (engine, &n, &insert));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpstr (insert, ==, "");
}

static void
test_helpers (void)
{
  struct {
    const char *word;
    McTone tone;
    McToneStyle style;
    const char *expected;
  } tones[] = {
    { "hoa", MC_TONE_GRAVE, MC_TONE_STYLE_NEW, "hoà" },
    { "hoa", MC_TONE_GRAVE, MC_TONE_STYLE_OLD, "hòa" },
    { "thuy", MC_TONE_HOOK, MC_TONE_STYLE_NEW, "thuỷ" },
    { "thuy", MC_TONE_HOOK, MC_TONE_STYLE_OLD, "thủy" },
    { "Thanh hóa", MC_TONE_ACUTE, MC_TONE_STYLE_NEW, "Thanh hoá" },
    { "người", MC_TONE_DOT, MC_TONE_STYLE_NEW, "ngượi" },
    { "người", MC_TONE_NONE, MC_TONE_STYLE_NEW, "ngươi" },
    { "quy", MC_TONE_ACUTE, MC_TONE_STYLE_OLD, "quý" },
    { "gia", MC_TONE_ACUTE, MC_TONE_STYLE_OLD, "giá" },
    { "khuyu", MC_TONE_HOOK, MC_TONE_STYLE_NEW, "khuỷu" },
    { "hoan", MC_TONE_GRAVE, MC_TONE_STYLE_OLD, "hoàn" },
    { "TOAN", MC_TONE_ACUTE, MC_TONE_STYLE_NEW, "TOÁN" },
    { "ho\xcc\x80""a", MC_TONE_GRAVE, MC_TONE_STYLE_NEW, "hoà" },
  };
  struct {
    const char *word;
    McMark mark;
    const char *expected;
  } marks[] = {
    { "nguoi", MC_MARK_HORN, "ngươi" },
    { "nguòi", MC_MARK_HORN, "người" },
    { "người", MC_MARK_HORN, "nguòi" },
    { "mua", MC_MARK_HORN, "mưa" },
    { "tô", MC_MARK_HORN, "tơ" },
    { "tu", MC_MARK_HORN, "tư" },
    { "quo", MC_MARK_HORN, "quơ" },
    { "tuan", MC_MARK_CIRCUMFLEX, "tuân" },
    { "tiến", MC_MARK_CIRCUMFLEX, "tién" },
    { "vietj", MC_MARK_CIRCUMFLEX, NULL },
    { "viet", MC_MARK_CIRCUMFLEX, "viêt" },
    { "dang", MC_MARK_BREVE, "dăng" },
    { "dang", MC_MARK_STROKE, "đang" },
    { "Đang", MC_MARK_STROKE, "Dang" },
    { "Đăng", MC_MARK_NONE, "Đang" },
    { "ban", MC_MARK_STROKE, NULL },
    { "tri", MC_MARK_BREVE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (tones); i++)
    {
      g_autofree char *got = mc_input_apply_tone (tones[i].word, tones[i].tone, tones[i].style);
      g_assert_cmpstr (got, ==, tones[i].expected);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      g_autofree char *got = mc_input_apply_mark (marks[i].word, marks[i].mark,
                                                  MC_TONE_STYLE_NEW);
      g_assert_cmpstr (got, ==, marks[i].expected);
    }

  g_assert_null (mc_input_apply_tone ("", MC_TONE_ACUTE, MC_TONE_STYLE_NEW));
  g_assert_null (mc_input_apply_tone ("ng", MC_TONE_ACUTE, MC_TONE_STYLE_NEW));
  g_assert_null (mc_input_apply_tone ("class", MC_TONE_ACUTE, MC_TONE_STYLE_NEW));
  g_assert_null (mc_input_apply_tone ("số 12", MC_TONE_ACUTE, MC_TONE_STYLE_NEW));
}

static void
test_method_switch (void)
{
  g_autoptr(McInputEngine) engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  McInputMethod method = MC_INPUT_METHOD_TELEX;
  McToneStyle style = MC_TONE_STYLE_OLD;
  const char *insert;
  guint n;

  for (const char *p = "tieen"; *p != '\0'; p++)
    mc_input_engine_feed (engine, *p, &n, &insert);
  g_object_set (engine, "method", MC_INPUT_METHOD_VNI, NULL);
  g_object_get (engine, "method", &method, "tone-style", &style, NULL);
  g_assert_cmpint (method, ==, MC_INPUT_METHOD_VNI);
  g_assert_cmpint (style, ==, MC_TONE_STYLE_NEW);
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "tiên");
  g_assert_true (mc_input_engine_feed (engine, '2', &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "tiền");
  g_assert_true (mc_input_engine_feed (engine, 's', &n, &insert));
  g_assert_cmpstr (mc_input_engine_get_preedit (engine), ==, "tiềns");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/input/telex", test_telex);
  g_test_add_func ("/motcua/input/vni", test_vni);
  g_test_add_func ("/motcua/input/edits", test_edits);
  g_test_add_func ("/motcua/input/backspace-steps", test_backspace_steps);
  g_test_add_func ("/motcua/input/set-word", test_set_word);
  g_test_add_func ("/motcua/input/direct-keys", test_direct_keys);
  g_test_add_func ("/motcua/input/helpers", test_helpers);
  g_test_add_func ("/motcua/input/method-switch", test_method_switch);

  return g_test_run ();
}
