/* mc-input.c: the Vietnamese input method engine (Telex, VNI). See mc-input.h
 * for the rules and the edit protocol.
 *
 * A word is held as letters (base letter, diacritic, case) plus one tone for
 * the whole syllable; the tone's letter is chosen only when the word is drawn,
 * so letters typed after the tone move it ("hoaf" + "n" -> "hoàn"). The engine
 * keeps the keys of the current word and composes them again from the start on
 * a backspace, which is how one composition step is undone.
 *
 * Never log the text typed: it is names, numbers and addresses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-input"

#include <string.h>

#include "mc-input.h"

G_DEFINE_ENUM_TYPE (McInputMethod, mc_input_method,
  G_DEFINE_ENUM_VALUE (MC_INPUT_METHOD_TELEX, "telex"),
  G_DEFINE_ENUM_VALUE (MC_INPUT_METHOD_VNI, "vni"))

G_DEFINE_ENUM_TYPE (McToneStyle, mc_tone_style,
  G_DEFINE_ENUM_VALUE (MC_TONE_STYLE_NEW, "new"),
  G_DEFINE_ENUM_VALUE (MC_TONE_STYLE_OLD, "old"))

/* Longer runs of letters are no Vietnamese syllable (the longest is 7 letters,
 * "nghiêng"); past these the engine ends the word and starts another, which
 * keeps every step cheap whatever is fed. */
#define MAX_LETTERS 40
#define MAX_STEPS   48

/* The Telex w, which makes ă before ơ before ư. */
#define MARK_TELEX_W 100

/* Direct tone/mark steps, stored among the keys (which are < 0x110000). */
#define STEP_TONE(t) (0x200000u | (guint32) (t))
#define STEP_MARK(m) (0x200100u | (guint32) (m))
#define STEP_IS_TONE(s) (((s) & 0xffff00u) == 0x200000u)
#define STEP_IS_MARK(s) (((s) & 0xffff00u) == 0x200100u)

typedef struct {
  gunichar base;        /* a lower-case ASCII letter, or any other character kept as is */
  guint8   mark;        /* McMark */
  guint8   upper : 1;
  guint8   from_w : 1;  /* an ư typed as a lone Telex w: one more w gives "w" back */
} Letter;

typedef struct {
  Letter   letters[MAX_LETTERS];
  guint    n;
  McTone   tone;        /* of the whole syllable */
  gboolean escaped;     /* after an undo by repeating a key: the rest is literal */
} Word;

typedef struct {
  guint    nuc_start;   /* end of the onset */
  guint    nuc_end;     /* start of the final consonant */
  gboolean valid;       /* a Vietnamese syllable, or the start of one */
} Syllable;

typedef enum {
  OUTCOME_APPLIED,
  OUTCOME_LITERAL,
  OUTCOME_UNDONE,       /* a repeated key took its mark off and was typed */
  OUTCOME_FULL,
} Outcome;

static const gunichar tone_marks[] = { 0, 0x0301, 0x0300, 0x0309, 0x0303, 0x0323 };

/* Onsets (D is đ), vowel nuclei by base letter, final consonants. A word that
 * is being typed may stop anywhere: every prefix of an onset or a final is in
 * its list, and the nuclei list has the two-letter starts of the three-letter
 * ones. */
static const char *const onsets[] = {
  "", "b", "c", "ch", "d", "D", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
  "ngh", "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v", "x", NULL
};
static const char *const nuclei[] = {
  "a", "e", "i", "o", "u", "y",
  "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi", "oo", "ua",
  "ue", "ui", "uo", "uu", "uy", "ye",
  "ieu", "yeu", "oai", "oay", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", NULL
};
static const char *const codas[] = {
  "", "c", "ch", "m", "n", "ng", "nh", "p", "t", NULL
};

static gboolean
in_list (const char *const *list,
         const char        *s)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (list[i], s) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_vowel (gunichar b)
{
  return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/* A Vietnamese (or plain Latin) letter split into base, diacritic and tone.
 * FALSE for anything else (digits, ñ, ç, Cyrillic, combining marks alone). */
static gboolean
letter_from_char (gunichar  c,
                  Letter   *out,
                  McTone   *out_tone)
{
  gunichar d[6];
  gsize n;

  memset (out, 0, sizeof *out);
  *out_tone = MC_TONE_NONE;

  if (c == 0x0111 || c == 0x0110)
    {
      out->base = 'd';
      out->mark = MC_MARK_STROKE;
      out->upper = c == 0x0110;
      return TRUE;
    }

  n = g_unichar_fully_decompose (c, FALSE, d, G_N_ELEMENTS (d));
  if (n == 0 || n > G_N_ELEMENTS (d) || d[0] >= 0x80 || !g_ascii_isalpha (d[0]))
    return FALSE;

  out->base = g_ascii_tolower (d[0]);
  out->upper = g_ascii_isupper (d[0]);
  for (gsize i = 1; i < n; i++)
    {
      McTone tone = MC_TONE_NONE;

      switch (d[i])
        {
        case 0x0302:
          if (out->mark != MC_MARK_NONE || strchr ("aeo", (int) out->base) == NULL)
            return FALSE;
          out->mark = MC_MARK_CIRCUMFLEX;
          continue;
        case 0x0306:
          if (out->mark != MC_MARK_NONE || out->base != 'a')
            return FALSE;
          out->mark = MC_MARK_BREVE;
          continue;
        case 0x031B:
          if (out->mark != MC_MARK_NONE || (out->base != 'o' && out->base != 'u'))
            return FALSE;
          out->mark = MC_MARK_HORN;
          continue;
        case 0x0301: tone = MC_TONE_ACUTE; break;
        case 0x0300: tone = MC_TONE_GRAVE; break;
        case 0x0309: tone = MC_TONE_HOOK; break;
        case 0x0303: tone = MC_TONE_TILDE; break;
        case 0x0323: tone = MC_TONE_DOT; break;
        default:
          return FALSE;
        }
      if (*out_tone != MC_TONE_NONE || !is_vowel (out->base))
        return FALSE;
      *out_tone = tone;
    }
  return TRUE;
}

static gboolean
is_letter (gunichar c)
{
  Letter l;
  McTone t;

  return letter_from_char (c, &l, &t);
}

static void
analyze (const Word *w,
         Syllable   *s)
{
  char buf[MAX_LETTERS + 1];
  const Letter *l = w->letters;
  guint i = 0, j;

  s->valid = TRUE;
  for (guint k = 0; k < w->n; k++)
    {
      if (l[k].base >= 0x80 || !g_ascii_islower (l[k].base))
        s->valid = FALSE;
      if (l[k].mark == MC_MARK_STROKE && k != 0)
        s->valid = FALSE;
    }

  while (i < w->n && !is_vowel (l[i].base))
    i++;
  /* The u of "qu" and the i of "gi" belong to the onset when a vowel follows. */
  if (i == 1 && i + 1 < w->n && is_vowel (l[i + 1].base)
      && ((l[0].base == 'q' && l[1].base == 'u') || (l[0].base == 'g' && l[1].base == 'i')))
    i++;
  j = i;
  while (j < w->n && is_vowel (l[j].base))
    j++;
  s->nuc_start = i;
  s->nuc_end = j;

  if (!s->valid)
    return;

  for (guint k = 0; k < i; k++)
    {
      buf[k] = l[k].mark == MC_MARK_STROKE ? 'D' : (char) l[k].base;
      if (l[k].mark != MC_MARK_NONE && l[k].mark != MC_MARK_STROKE)
        s->valid = FALSE;
    }
  buf[i] = '\0';
  if (!in_list (onsets, buf))
    s->valid = FALSE;

  for (guint k = i; k < j; k++)
    buf[k - i] = (char) l[k].base;
  buf[j - i] = '\0';
  if (j > i && !in_list (nuclei, buf))
    s->valid = FALSE;

  for (guint k = j; k < w->n; k++)
    buf[k - j] = (char) l[k].base;
  buf[w->n - j] = '\0';
  if (!in_list (codas, buf))
    s->valid = FALSE;
}

static gboolean
pair_is (const Letter *l,
         const char   *pair)
{
  return l[0].base == (gunichar) pair[0] && l[1].base == (gunichar) pair[1];
}

/* Which letter carries the tone: see the rules in mc-input.h. -1 if none. */
static int
tone_index (const Word     *w,
            const Syllable *s,
            McToneStyle     style)
{
  const Letter *l = w->letters;
  guint ns = s->nuc_start, ne = s->nuc_end;

  if (ne == ns)
    return -1;
  if (ne - ns == 1)
    return ns;

  for (guint k = ne; k > ns; k--)
    {
      guint8 m = l[k - 1].mark;

      if (m == MC_MARK_CIRCUMFLEX || m == MC_MARK_BREVE || m == MC_MARK_HORN)
        return k - 1;
    }

  if (ne - ns >= 3)
    return ns + 1;

  if (ne < w->n)
    return ns + 1;

  if (pair_is (l + ns, "oa") || pair_is (l + ns, "oe") || pair_is (l + ns, "uy"))
    return style == MC_TONE_STYLE_OLD ? (int) ns : (int) ns + 1;
  if (pair_is (l + ns, "ie") || pair_is (l + ns, "ye") || pair_is (l + ns, "uo")
      || pair_is (l + ns, "ue") || pair_is (l + ns, "oo"))
    return ns + 1;
  return ns;
}

static void
word_render (const Word  *w,
             McToneStyle  style,
             GString     *out)
{
  g_autoptr(GString) tmp = g_string_new (NULL);
  g_autofree char *nfc = NULL;
  Syllable s;
  int t = -1;

  analyze (w, &s);
  if (w->tone != MC_TONE_NONE)
    t = tone_index (w, &s, style);

  for (guint k = 0; k < w->n; k++)
    {
      const Letter *l = &w->letters[k];

      if (l->base >= 0x80 || !g_ascii_islower (l->base))
        {
          g_string_append_unichar (tmp, l->base);
          continue;
        }
      if (l->mark == MC_MARK_STROKE)
        {
          g_string_append_unichar (tmp, l->upper ? 0x0110 : 0x0111);
          continue;
        }
      g_string_append_c (tmp, l->upper ? g_ascii_toupper (l->base) : (char) l->base);
      if (l->mark == MC_MARK_CIRCUMFLEX)
        g_string_append_unichar (tmp, 0x0302);
      else if (l->mark == MC_MARK_BREVE)
        g_string_append_unichar (tmp, 0x0306);
      else if (l->mark == MC_MARK_HORN)
        g_string_append_unichar (tmp, 0x031B);
      if ((int) k == t)
        g_string_append_unichar (tmp, tone_marks[w->tone]);
    }

  nfc = g_utf8_normalize (tmp->str, tmp->len, G_NORMALIZE_NFC);
  g_string_append (out, nfc != NULL ? nfc : tmp->str);
}

static char *
word_to_string (const Word  *w,
                McToneStyle  style)
{
  GString *out = g_string_new (NULL);

  word_render (w, style, out);
  return g_string_free (out, FALSE);
}

/* ươ once a final consonant or a third vowel follows a half-typed "ưo"/"uơ"
 * ("dduwong" -> "đương"); a lone "uơ" stays (thuở). */
static void
word_fix_uo (Word *w)
{
  Syllable s;
  Letter *l = w->letters;

  analyze (w, &s);
  for (guint k = s.nuc_start; k + 1 < s.nuc_end; k++)
    {
      if (l[k].base == 'u' && l[k + 1].base == 'o'
          && (l[k].mark == MC_MARK_HORN) != (l[k + 1].mark == MC_MARK_HORN)
          && (l[k].mark == MC_MARK_HORN || l[k].mark == MC_MARK_NONE)
          && (k + 2 < w->n))
        {
          l[k].mark = MC_MARK_HORN;
          l[k + 1].mark = MC_MARK_HORN;
        }
    }
}

static Outcome
word_append (Word     *w,
             gunichar  c)
{
  Letter l;
  McTone tone;

  if (w->n >= MAX_LETTERS)
    return OUTCOME_FULL;

  if (letter_from_char (c, &l, &tone))
    {
      if (tone != MC_TONE_NONE)
        w->tone = tone;
    }
  else
    {
      memset (&l, 0, sizeof l);
      l.base = c;
    }
  w->letters[w->n++] = l;
  if (!w->escaped)
    word_fix_uo (w);
  return OUTCOME_LITERAL;
}

static void
word_parse (Word       *w,
            const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    word_append (w, g_utf8_get_char (p));
}

/* The tone of a syllable; TRUE if it could take one (it has a vowel and is
 * Vietnamese). With @toggle, setting the tone it already has removes it and
 * *@removed says so. */
static gboolean
word_set_tone (Word     *w,
               McTone    tone,
               gboolean  toggle,
               gboolean *removed)
{
  Syllable s;

  *removed = FALSE;
  analyze (w, &s);
  if (!s.valid || s.nuc_start == s.nuc_end)
    return FALSE;

  if (toggle && tone != MC_TONE_NONE && w->tone == tone)
    {
      w->tone = MC_TONE_NONE;
      *removed = TRUE;
      return TRUE;
    }
  w->tone = tone;
  return TRUE;
}

static int
last_of (const Word     *w,
         const Syllable *s,
         const char     *bases)
{
  for (guint k = s->nuc_end; k > s->nuc_start; k--)
    if (strchr (bases, (int) w->letters[k - 1].base) != NULL)
      return k - 1;
  return -1;
}

/* Puts @mark (an McMark or MARK_TELEX_W) on the letter that takes it; if the
 * letter has it already, takes it off and sets *@removed. *@out_k is that
 * letter. FALSE if no letter takes it. */
static gboolean
word_toggle_mark (Word     *w,
                  int       mark,
                  gboolean *removed,
                  int      *out_k)
{
  Letter *l = w->letters;
  Syllable s;
  int k = -1, k2 = -1;
  guint8 m = (guint8) mark;

  *removed = FALSE;
  *out_k = -1;
  analyze (w, &s);
  if (!s.valid)
    return FALSE;

  if (mark == MC_MARK_STROKE)
    {
      if (w->n == 0 || l[0].base != 'd')
        return FALSE;
      k = 0;
    }
  else if (s.nuc_start == s.nuc_end)
    return FALSE;
  else if (mark == MC_MARK_NONE)
    {
      gboolean any = FALSE;

      for (guint i = s.nuc_start; i < s.nuc_end; i++)
        {
          any |= l[i].mark != MC_MARK_NONE;
          l[i].mark = MC_MARK_NONE;
        }
      *removed = any;
      return TRUE;
    }
  else if (mark == MC_MARK_CIRCUMFLEX)
    k = last_of (w, &s, "aeo");
  else if (mark == MC_MARK_BREVE)
    k = last_of (w, &s, "a");
  else
    {
      m = MC_MARK_HORN;
      for (guint i = s.nuc_start; i + 1 < s.nuc_end && k < 0; i++)
        if (pair_is (l + i, "uo"))
          {
            k = i;
            k2 = i + 1;
          }
      if (k < 0 && s.nuc_end - s.nuc_start == 2 && pair_is (l + s.nuc_start, "ua"))
        k = s.nuc_start;
      if (k < 0 && mark == MARK_TELEX_W && (k = last_of (w, &s, "a")) >= 0)
        m = MC_MARK_BREVE;
      if (k < 0)
        k = last_of (w, &s, "o");
      if (k < 0)
        for (guint i = s.nuc_start; i < s.nuc_end && k < 0; i++)
          if (l[i].base == 'u')
            k = i;
    }

  if (k < 0)
    return FALSE;
  *out_k = k;

  if (l[k].mark == m && (k2 < 0 || l[k2].mark == m))
    {
      l[k].mark = MC_MARK_NONE;
      if (k2 >= 0)
        l[k2].mark = MC_MARK_NONE;
      *removed = TRUE;
      return TRUE;
    }

  /* ươ + circumflex on the o: uô, not ưô. */
  if (m == MC_MARK_CIRCUMFLEX && l[k].base == 'o' && l[k].mark == MC_MARK_HORN
      && k > (int) s.nuc_start && l[k - 1].base == 'u' && l[k - 1].mark == MC_MARK_HORN)
    l[k - 1].mark = MC_MARK_NONE;

  l[k].mark = m;
  l[k].from_w = FALSE;
  if (k2 >= 0)
    l[k2].mark = m;
  return TRUE;
}

/* One key of @method on @w. */
static Outcome
word_key (Word          *w,
          McInputMethod  method,
          gunichar       key)
{
  gunichar lower = key < 0x80 ? (gunichar) g_ascii_tolower ((char) key) : key;
  McTone tone = MC_TONE_NONE;
  int mark = -1;
  gboolean is_tone = FALSE;
  gboolean removed = FALSE;
  int k = -1;

  if (w->escaped)
    return word_append (w, key);

  if (method == MC_INPUT_METHOD_TELEX)
    {
      switch (lower)
        {
        case 's': is_tone = TRUE; tone = MC_TONE_ACUTE; break;
        case 'f': is_tone = TRUE; tone = MC_TONE_GRAVE; break;
        case 'r': is_tone = TRUE; tone = MC_TONE_HOOK; break;
        case 'x': is_tone = TRUE; tone = MC_TONE_TILDE; break;
        case 'j': is_tone = TRUE; tone = MC_TONE_DOT; break;
        case 'z': is_tone = TRUE; tone = MC_TONE_NONE; break;
        case 'w': mark = MARK_TELEX_W; break;
        case 'd': mark = MC_MARK_STROKE; break;
        default: break;
        }
    }
  else
    {
      switch (lower)
        {
        case '1': is_tone = TRUE; tone = MC_TONE_ACUTE; break;
        case '2': is_tone = TRUE; tone = MC_TONE_GRAVE; break;
        case '3': is_tone = TRUE; tone = MC_TONE_HOOK; break;
        case '4': is_tone = TRUE; tone = MC_TONE_TILDE; break;
        case '5': is_tone = TRUE; tone = MC_TONE_DOT; break;
        case '0': is_tone = TRUE; tone = MC_TONE_NONE; break;
        case '6': mark = MC_MARK_CIRCUMFLEX; break;
        case '7': mark = MC_MARK_HORN; break;
        case '8': mark = MC_MARK_BREVE; break;
        case '9': mark = MC_MARK_STROKE; break;
        default: break;
        }
    }

  if (is_tone)
    {
      if (tone == MC_TONE_NONE && w->tone == MC_TONE_NONE)
        return word_append (w, key);
      if (!word_set_tone (w, tone, TRUE, &removed))
        return word_append (w, key);
      if (!removed)
        return OUTCOME_APPLIED;
      if (word_append (w, key) == OUTCOME_FULL)
        return OUTCOME_FULL;
      w->escaped = TRUE;
      return OUTCOME_UNDONE;
    }

  /* Telex aa ee oo: the circumflex goes on that vowel, wherever it is in the
   * syllable ("tieen", "tien" + "e"). */
  if (method == MC_INPUT_METHOD_TELEX && (lower == 'a' || lower == 'e' || lower == 'o'))
    {
      Syllable s;
      char bases[2] = { (char) lower, '\0' };

      analyze (w, &s);
      k = s.valid ? last_of (w, &s, bases) : -1;
      if (k < 0)
        return word_append (w, key);
      /* Not next to it, and the letter fits as a vowel of its own: "ngoeo". */
      if (k + 1 < (int) w->n)
        {
          Word appended = *w;
          Syllable s2;

          word_append (&appended, key);
          analyze (&appended, &s2);
          if (s2.valid)
            {
              *w = appended;
              return OUTCOME_LITERAL;
            }
        }
      if (w->letters[k].mark == MC_MARK_CIRCUMFLEX)
        {
          w->letters[k].mark = MC_MARK_NONE;
          if (word_append (w, key) == OUTCOME_FULL)
            return OUTCOME_FULL;
          w->escaped = TRUE;
          return OUTCOME_UNDONE;
        }
      /* ươ + o: uô, not ưô. */
      if (w->letters[k].mark == MC_MARK_HORN && lower == 'o' && k > (int) s.nuc_start
          && w->letters[k - 1].base == 'u' && w->letters[k - 1].mark == MC_MARK_HORN)
        w->letters[k - 1].mark = MC_MARK_NONE;
      w->letters[k].mark = MC_MARK_CIRCUMFLEX;
      return OUTCOME_APPLIED;
    }

  if (mark < 0)
    return word_append (w, key);

  if (!word_toggle_mark (w, mark, &removed, &k))
    {
      Syllable s;

      /* Telex w alone, or after an onset: ư. */
      analyze (w, &s);
      if (mark == MARK_TELEX_W && s.valid && s.nuc_start == s.nuc_end && w->n < MAX_LETTERS)
        {
          Letter *l = &w->letters[w->n++];

          memset (l, 0, sizeof *l);
          l->base = 'u';
          l->mark = MC_MARK_HORN;
          l->upper = key != lower;
          l->from_w = TRUE;
          return OUTCOME_APPLIED;
        }
      return word_append (w, key);
    }
  if (!removed)
    return OUTCOME_APPLIED;

  if (w->letters[k].from_w)
    {
      /* "ww" -> "w": the ư was the first w. */
      Letter *l = &w->letters[k];

      memset (l, 0, sizeof *l);
      l->base = 'w';
      l->upper = key != lower;
    }
  else if (word_append (w, key) == OUTCOME_FULL)
    return OUTCOME_FULL;
  w->escaped = TRUE;
  return OUTCOME_UNDONE;
}

static Outcome
word_step (Word          *w,
           McInputMethod  method,
           guint32        step)
{
  gboolean removed;
  int k;

  if (STEP_IS_TONE (step))
    return word_set_tone (w, step & 0xff, TRUE, &removed) ? OUTCOME_APPLIED : OUTCOME_LITERAL;
  if (STEP_IS_MARK (step))
    return word_toggle_mark (w, step & 0xff, &removed, &k) ? OUTCOME_APPLIED : OUTCOME_LITERAL;
  return word_key (w, method, step);
}

/* The engine. */

struct _McInputEngine
{
  GObject        parent_instance;

  McInputMethod  method;
  McToneStyle    style;

  char          *base;          /* owned: the literal start of the word (set_word(),
                                 * an undo by repeat, a change of method), NFC */
  gboolean       base_escaped;  /* the base ends in an undo: keys after it are literal */
  GArray        *steps;         /* guint32: keys and direct tone/mark steps */
  Word           word;          /* base + steps, composed */
  char          *shown;         /* owned: what is in the text for this word now */
  GString       *insert;        /* the last edit's text to insert */
};

G_DEFINE_FINAL_TYPE (McInputEngine, mc_input_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_METHOD,
  PROP_TONE_STYLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
engine_has_word (McInputEngine *self)
{
  return self->base[0] != '\0' || self->steps->len > 0;
}

static void
engine_clear (McInputEngine *self)
{
  g_free (self->base);
  self->base = g_strdup ("");
  self->base_escaped = FALSE;
  g_array_set_size (self->steps, 0);
  memset (&self->word, 0, sizeof self->word);
  g_free (self->shown);
  self->shown = g_strdup ("");
}

static void
engine_replay (McInputEngine *self)
{
  memset (&self->word, 0, sizeof self->word);
  word_parse (&self->word, self->base);
  self->word.escaped = self->base_escaped;
  for (guint i = 0; i < self->steps->len; i++)
    word_step (&self->word, self->method, g_array_index (self->steps, guint32, i));
}

/* The word as it stands becomes the literal base. */
static void
engine_flatten (McInputEngine *self)
{
  g_free (self->base);
  self->base = word_to_string (&self->word, self->style);
  self->base_escaped = self->word.escaped;
  g_array_set_size (self->steps, 0);
}

/* Typed keys only, no set_word() and no undo: such a word may be put back. */
static char *
engine_raw_keys (McInputEngine *self)
{
  GString *raw;

  if (self->base[0] != '\0' || self->word.escaped)
    return NULL;

  raw = g_string_new (NULL);
  for (guint i = 0; i < self->steps->len; i++)
    {
      guint32 step = g_array_index (self->steps, guint32, i);

      if (STEP_IS_TONE (step) || STEP_IS_MARK (step))
        return (g_string_free (raw, TRUE), NULL);
      g_string_append_unichar (raw, step);
    }
  return g_string_free (raw, FALSE);
}

/* The text the word leaves behind when it ends. */
static char *
engine_final_text (McInputEngine *self)
{
  g_autofree char *raw = engine_raw_keys (self);
  Syllable s;

  analyze (&self->word, &s);
  if (raw != NULL && !s.valid && strcmp (raw, self->shown) != 0)
    return g_steal_pointer (&raw);
  return g_strdup (self->shown);
}

/* Edit from @old (in the text before the cursor) to @new: delete what
 * differs after their common prefix, insert the rest of @new. */
static void
engine_edit (McInputEngine  *self,
             const char     *old,
             const char     *new,
             guint          *out_n_delete,
             const char    **out_insert)
{
  const char *o = old, *n = new;

  while (*o != '\0' && *n != '\0' && g_utf8_get_char (o) == g_utf8_get_char (n))
    {
      o = g_utf8_next_char (o);
      n = g_utf8_next_char (n);
    }
  g_string_assign (self->insert, n);
  if (out_n_delete != NULL)
    *out_n_delete = (guint) g_utf8_strlen (o, -1);
  if (out_insert != NULL)
    *out_insert = self->insert->str;
}

static void
engine_show (McInputEngine  *self,
             const char     *old,
             guint          *out_n_delete,
             const char    **out_insert)
{
  g_free (self->shown);
  self->shown = word_to_string (&self->word, self->style);
  engine_edit (self, old, self->shown, out_n_delete, out_insert);
}

static void
empty_edit (McInputEngine  *self,
            guint          *out_n_delete,
            const char    **out_insert)
{
  engine_edit (self, "", "", out_n_delete, out_insert);
}

static gboolean
is_word_key (McInputEngine *self,
             gunichar       key)
{
  if (is_letter (key))
    return TRUE;
  return self->method == MC_INPUT_METHOD_VNI && key < 0x80 && g_ascii_isdigit ((char) key)
         && engine_has_word (self);
}

gboolean
mc_input_engine_feed (McInputEngine  *self,
                      gunichar        key,
                      guint          *out_n_delete,
                      const char    **out_insert)
{
  g_autofree char *old = NULL;
  g_autofree char *text = NULL;
  gboolean printable;
  Outcome outcome;

  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), FALSE);

  printable = key != 0 && g_unichar_validate (key) && !g_unichar_iscntrl (key);

  if (printable && is_word_key (self, key)
      && self->steps->len < MAX_STEPS && self->word.n < MAX_LETTERS)
    {
      old = g_strdup (self->shown);
      g_array_append_val (self->steps, key);
      outcome = word_step (&self->word, self->method, key);
      if (outcome == OUTCOME_UNDONE)
        engine_flatten (self);
      engine_show (self, old, out_n_delete, out_insert);
      return TRUE;
    }

  /* A word boundary (or a word too long to be one: it ends here and the key
   * starts the next). */
  old = g_steal_pointer (&self->shown);
  self->shown = g_strdup (old);
  text = engine_final_text (self);
  engine_clear (self);

  if (!printable)
    {
      engine_edit (self, old, text, out_n_delete, out_insert);
      return FALSE;
    }

  if (is_word_key (self, key) || (is_letter (key)))
    {
      g_autofree char *joined = NULL;

      g_array_append_val (self->steps, key);
      word_step (&self->word, self->method, key);
      g_free (self->shown);
      self->shown = word_to_string (&self->word, self->style);
      joined = g_strconcat (text, self->shown, NULL);
      engine_edit (self, old, joined, out_n_delete, out_insert);
    }
  else
    {
      char buf[8] = { 0 };
      g_autofree char *joined = NULL;

      g_unichar_to_utf8 (key, buf);
      joined = g_strconcat (text, buf, NULL);
      engine_edit (self, old, joined, out_n_delete, out_insert);
    }
  return TRUE;
}

gboolean
mc_input_engine_backspace (McInputEngine  *self,
                           guint          *out_n_delete,
                           const char    **out_insert)
{
  g_autofree char *old = NULL;

  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), FALSE);

  if (!engine_has_word (self))
    {
      empty_edit (self, out_n_delete, out_insert);
      return FALSE;
    }

  old = g_strdup (self->shown);
  if (self->steps->len > 0)
    g_array_set_size (self->steps, self->steps->len - 1);
  else
    {
      char *end = self->base + strlen (self->base);

      *g_utf8_find_prev_char (self->base, end) = '\0';
      self->base_escaped = FALSE;
    }
  engine_replay (self);
  engine_show (self, old, out_n_delete, out_insert);
  if (!engine_has_word (self))
    engine_clear (self);
  return TRUE;
}

static gboolean
engine_direct (McInputEngine  *self,
               guint32         step,
               guint          *out_n_delete,
               const char    **out_insert)
{
  g_autofree char *old = NULL;
  Word copy;

  if (self->steps->len >= MAX_STEPS)
    {
      empty_edit (self, out_n_delete, out_insert);
      return FALSE;
    }

  /* A direct key works even after an undo by repeat. */
  copy = self->word;
  copy.escaped = FALSE;
  if (word_step (&copy, self->method, step) != OUTCOME_APPLIED)
    {
      empty_edit (self, out_n_delete, out_insert);
      return FALSE;
    }
  if (self->word.escaped)
    {
      engine_flatten (self);
      self->base_escaped = FALSE;
    }
  old = g_strdup (self->shown);
  g_array_append_val (self->steps, step);
  engine_replay (self);
  engine_show (self, old, out_n_delete, out_insert);
  return TRUE;
}

gboolean
mc_input_engine_apply_tone (McInputEngine  *self,
                            McTone          tone,
                            guint          *out_n_delete,
                            const char    **out_insert)
{
  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), FALSE);
  g_return_val_if_fail (tone <= MC_TONE_DOT, FALSE);

  return engine_direct (self, STEP_TONE (tone), out_n_delete, out_insert);
}

gboolean
mc_input_engine_apply_mark (McInputEngine  *self,
                            McMark          mark,
                            guint          *out_n_delete,
                            const char    **out_insert)
{
  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), FALSE);
  g_return_val_if_fail (mark <= MC_MARK_STROKE, FALSE);

  return engine_direct (self, STEP_MARK (mark), out_n_delete, out_insert);
}

gboolean
mc_input_engine_commit (McInputEngine  *self,
                        guint          *out_n_delete,
                        const char    **out_insert)
{
  g_autofree char *text = NULL;
  g_autofree char *old = NULL;
  gboolean had_word;

  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), FALSE);

  had_word = engine_has_word (self);
  old = g_strdup (self->shown);
  text = engine_final_text (self);
  engine_clear (self);
  engine_edit (self, old, text, out_n_delete, out_insert);
  return had_word;
}

void
mc_input_engine_reset (McInputEngine *self)
{
  g_return_if_fail (MC_IS_INPUT_ENGINE (self));

  engine_clear (self);
}

/* The trailing letters of @text (combining marks of a decomposed text
 * included), at most MAX_LETTERS of them: a pointer into @text. */
static const char *
trailing_letters (const char *text)
{
  const char *start = text + strlen (text);
  guint count = 0;

  while (start > text)
    {
      const char *prev = g_utf8_find_prev_char (text, start);
      gunichar c = g_utf8_get_char (prev);

      if (!is_letter (c) && !(g_unichar_ismark (c) && prev > text))
        break;
      if (++count > MAX_LETTERS)
        return text + strlen (text);
      start = prev;
    }
  /* A decomposed mark must not start the word. */
  while (*start != '\0' && g_unichar_ismark (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  return start;
}

void
mc_input_engine_set_word (McInputEngine *self,
                          const char    *word)
{
  const char *tail;

  g_return_if_fail (MC_IS_INPUT_ENGINE (self));
  g_return_if_fail (word != NULL);

  engine_clear (self);
  if (!g_utf8_validate (word, -1, NULL))
    return;

  tail = trailing_letters (word);
  if (*tail == '\0')
    return;

  g_free (self->base);
  self->base = g_utf8_normalize (tail, -1, G_NORMALIZE_NFC);
  g_free (self->shown);
  self->shown = g_strdup (tail);
  engine_replay (self);
  if (self->word.n > MAX_LETTERS - 1)
    engine_clear (self);
}

const char *
mc_input_engine_get_preedit (McInputEngine *self)
{
  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), NULL);

  return self->shown;
}

McInputMethod
mc_input_engine_get_method (McInputEngine *self)
{
  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), MC_INPUT_METHOD_TELEX);

  return self->method;
}

void
mc_input_engine_set_method (McInputEngine *self,
                            McInputMethod  method)
{
  g_return_if_fail (MC_IS_INPUT_ENGINE (self));
  g_return_if_fail (method <= MC_INPUT_METHOD_VNI);

  if (self->method == method)
    return;

  /* The keys so far meant something in the old method: keep the word as it
   * is and go on from there. */
  if (engine_has_word (self))
    engine_flatten (self);
  self->method = method;
  engine_replay (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

McToneStyle
mc_input_engine_get_tone_style (McInputEngine *self)
{
  g_return_val_if_fail (MC_IS_INPUT_ENGINE (self), MC_TONE_STYLE_NEW);

  return self->style;
}

void
mc_input_engine_set_tone_style (McInputEngine *self,
                                McToneStyle    style)
{
  g_return_if_fail (MC_IS_INPUT_ENGINE (self));
  g_return_if_fail (style <= MC_TONE_STYLE_OLD);

  if (self->style == style)
    return;

  self->style = style;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TONE_STYLE]);
}

static void
mc_input_engine_finalize (GObject *object)
{
  McInputEngine *self = MC_INPUT_ENGINE (object);

  g_free (self->base);
  g_free (self->shown);
  g_array_unref (self->steps);
  g_string_free (self->insert, TRUE);

  G_OBJECT_CLASS (mc_input_engine_parent_class)->finalize (object);
}

static void
mc_input_engine_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McInputEngine *self = MC_INPUT_ENGINE (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_TONE_STYLE:
      g_value_set_enum (value, self->style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_input_engine_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McInputEngine *self = MC_INPUT_ENGINE (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      mc_input_engine_set_method (self, g_value_get_enum (value));
      break;
    case PROP_TONE_STYLE:
      mc_input_engine_set_tone_style (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_input_engine_class_init (McInputEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_input_engine_finalize;
  object_class->get_property = mc_input_engine_get_property;
  object_class->set_property = mc_input_engine_set_property;

  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL,
                       MC_TYPE_INPUT_METHOD, MC_INPUT_METHOD_TELEX,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TONE_STYLE] =
    g_param_spec_enum ("tone-style", NULL, NULL,
                       MC_TYPE_TONE_STYLE, MC_TONE_STYLE_NEW,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_input_engine_init (McInputEngine *self)
{
  self->method = MC_INPUT_METHOD_TELEX;
  self->style = MC_TONE_STYLE_NEW;
  self->base = g_strdup ("");
  self->shown = g_strdup ("");
  self->steps = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->insert = g_string_new (NULL);
}

McInputEngine *
mc_input_engine_new (McInputMethod method)
{
  g_return_val_if_fail (method <= MC_INPUT_METHOD_VNI, NULL);

  return g_object_new (MC_TYPE_INPUT_ENGINE, "method", method, NULL);
}

/* Pure helpers. */

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

char *
mc_input_compose (McInputMethod  method,
                  McToneStyle    style,
                  const char    *keys)
{
  g_autoptr(McInputEngine) engine = NULL;
  GString *text;
  const char *insert;
  guint n_delete;

  g_return_val_if_fail (keys != NULL, NULL);

  engine = mc_input_engine_new (method);
  mc_input_engine_set_tone_style (engine, style);
  text = g_string_new (NULL);

  for (const char *p = keys; *p != '\0'; )
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      p = g_utf8_next_char (p);

      if (c == '\b')
        {
          if (mc_input_engine_backspace (engine, &n_delete, &insert))
            text_apply (text, n_delete, insert);
          else
            {
              text_apply (text, 1, "");
              mc_input_engine_set_word (engine, text->str);
            }
          continue;
        }

      if (!mc_input_engine_feed (engine, c, &n_delete, &insert))
        {
          text_apply (text, n_delete, insert);
          g_string_append_unichar (text, c);
        }
      else
        text_apply (text, n_delete, insert);
    }

  mc_input_engine_commit (engine, &n_delete, &insert);
  text_apply (text, n_delete, insert);
  return g_string_free (text, FALSE);
}

static char *
apply_to_last_syllable (const char  *text,
                        McToneStyle  style,
                        gboolean     is_tone,
                        int          what)
{
  g_autofree char *nfc = NULL;
  g_autofree char *rendered = NULL;
  const char *tail;
  gboolean removed;
  Word w = { 0 };
  int k;

  g_return_val_if_fail (text != NULL, NULL);

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return NULL;
  tail = trailing_letters (nfc);
  if (*tail == '\0')
    return NULL;

  word_parse (&w, tail);
  if (is_tone ? !word_set_tone (&w, what, FALSE, &removed)
              : !word_toggle_mark (&w, what, &removed, &k))
    return NULL;

  rendered = word_to_string (&w, style);
  return g_strdup_printf ("%.*s%s", (int) (tail - nfc), nfc, rendered);
}

char *
mc_input_apply_tone (const char  *word,
                     McTone       tone,
                     McToneStyle  style)
{
  g_return_val_if_fail (tone <= MC_TONE_DOT, NULL);

  return apply_to_last_syllable (word, style, TRUE, tone);
}

char *
mc_input_apply_mark (const char  *word,
                     McMark       mark,
                     McToneStyle  style)
{
  g_return_val_if_fail (mark <= MC_MARK_STROKE, NULL);

  return apply_to_last_syllable (word, style, FALSE, mark);
}
