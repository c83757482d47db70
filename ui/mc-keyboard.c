/* mc-keyboard.c: the on-screen Vietnamese keyboard (see mc-keyboard.h).
 *
 * Every key applies the engine's edit ("delete n characters before the cursor,
 * insert this") to the target; any other change to the target (the citizen
 * moved the cursor, the form filled the field) makes the engine start afresh.
 * The keys never take the focus, so the field keeps its cursor.
 *
 * Personal data: nothing typed is logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-keyboard.h"

typedef enum {
  KEY_LETTER,     /* a letter through the engine; follows Shift */
  KEY_TEXT,       /* a character through the engine (a digit, punctuation) */
  KEY_TONE,       /* a direct tone key */
  KEY_MARK,       /* a direct mark key; follows Shift */
  KEY_SHIFT,
  KEY_BACKSPACE,
  KEY_SPACE,
  KEY_DONE,
  KEY_TO_NUMERIC,
  KEY_TO_LETTERS,
  KEY_GAP,        /* room between groups, not a key */
} KeyKind;

typedef struct {
  KeyKind     kind;
  const char *text;    /* the character (lower case), or the label of a tone key */
  const char *name;    /* the widget is named "key-<name>" */
  int         value;   /* McTone or McMark */
  int         width;   /* in quarter keys; 0 for one key (4) */
} Key;

#define ROW_END { KEY_GAP, NULL, NULL, 0, -1 }

/* Tone and mark keys, for people who do not know Telex or VNI: type the
 * letters, then tap the tone ("an" + á -> "án") or the letter with its mark
 * ("tien" + ê -> "tiên"). */
static const Key row_tones[] = {
  { KEY_TONE, "á", "tone-sac", MC_TONE_ACUTE, 0 },
  { KEY_TONE, "à", "tone-huyen", MC_TONE_GRAVE, 0 },
  { KEY_TONE, "ả", "tone-hoi", MC_TONE_HOOK, 0 },
  { KEY_TONE, "ã", "tone-nga", MC_TONE_TILDE, 0 },
  { KEY_TONE, "ạ", "tone-nang", MC_TONE_DOT, 0 },
  { KEY_GAP, NULL, NULL, 0, 2 },
  { KEY_MARK, "â", "mark-aa", MC_MARK_CIRCUMFLEX, 0 },
  { KEY_MARK, "ă", "mark-aw", MC_MARK_BREVE, 0 },
  { KEY_MARK, "ê", "mark-ee", MC_MARK_CIRCUMFLEX, 0 },
  { KEY_MARK, "ô", "mark-oo", MC_MARK_CIRCUMFLEX, 0 },
  { KEY_MARK, "ơ", "mark-ow", MC_MARK_HORN, 0 },
  { KEY_MARK, "ư", "mark-uw", MC_MARK_HORN, 0 },
  { KEY_MARK, "đ", "mark-dd", MC_MARK_STROKE, 0 },
  ROW_END
};

/* VNI types tones and marks with digits inside the word. */
static const Key row_digits[] = {
  { KEY_TEXT, "1", "vni-1", 0, 0 }, { KEY_TEXT, "2", "vni-2", 0, 0 }, { KEY_TEXT, "3", "vni-3", 0, 0 },
  { KEY_TEXT, "4", "vni-4", 0, 0 }, { KEY_TEXT, "5", "vni-5", 0, 0 }, { KEY_TEXT, "6", "vni-6", 0, 0 },
  { KEY_TEXT, "7", "vni-7", 0, 0 }, { KEY_TEXT, "8", "vni-8", 0, 0 }, { KEY_TEXT, "9", "vni-9", 0, 0 },
  { KEY_TEXT, "0", "vni-0", 0, 0 },
  ROW_END
};

static const Key row_q[] = {
  { KEY_LETTER, "q", "q", 0, 0 }, { KEY_LETTER, "w", "w", 0, 0 }, { KEY_LETTER, "e", "e", 0, 0 },
  { KEY_LETTER, "r", "r", 0, 0 }, { KEY_LETTER, "t", "t", 0, 0 }, { KEY_LETTER, "y", "y", 0, 0 },
  { KEY_LETTER, "u", "u", 0, 0 }, { KEY_LETTER, "i", "i", 0, 0 }, { KEY_LETTER, "o", "o", 0, 0 },
  { KEY_LETTER, "p", "p", 0, 0 },
  { KEY_BACKSPACE, NULL, "backspace", 0, 7 },
  ROW_END
};

static const Key row_a[] = {
  { KEY_GAP, NULL, NULL, 0, 2 },
  { KEY_LETTER, "a", "a", 0, 0 }, { KEY_LETTER, "s", "s", 0, 0 }, { KEY_LETTER, "d", "d", 0, 0 },
  { KEY_LETTER, "f", "f", 0, 0 }, { KEY_LETTER, "g", "g", 0, 0 }, { KEY_LETTER, "h", "h", 0, 0 },
  { KEY_LETTER, "j", "j", 0, 0 }, { KEY_LETTER, "k", "k", 0, 0 }, { KEY_LETTER, "l", "l", 0, 0 },
  { KEY_DONE, NULL, "done", 0, 9 },
  ROW_END
};

static const Key row_z[] = {
  { KEY_SHIFT, NULL, "shift", 0, 6 },
  { KEY_LETTER, "z", "z", 0, 0 }, { KEY_LETTER, "x", "x", 0, 0 }, { KEY_LETTER, "c", "c", 0, 0 },
  { KEY_LETTER, "v", "v", 0, 0 }, { KEY_LETTER, "b", "b", 0, 0 }, { KEY_LETTER, "n", "n", 0, 0 },
  { KEY_LETTER, "m", "m", 0, 0 },
  { KEY_TEXT, ",", "comma", 0, 0 }, { KEY_TEXT, ".", "period", 0, 0 },
  { KEY_TEXT, "-", "minus", 0, 0 },
  ROW_END
};

static const Key row_space[] = {
  { KEY_TO_NUMERIC, "123", "numbers", 0, 6 },
  { KEY_TEXT, "/", "slash", 0, 0 },
  { KEY_SPACE, NULL, "space", 0, 28 },
  { KEY_TEXT, "?", "question", 0, 0 },
  ROW_END
};

/* The numeric pad: digits as on a telephone, "/" for dates, "+" for phones. */
static const Key numeric_1[] = {
  { KEY_TEXT, "1", "1", 0, 6 }, { KEY_TEXT, "2", "2", 0, 6 }, { KEY_TEXT, "3", "3", 0, 6 },
  { KEY_BACKSPACE, NULL, "backspace", 0, 9 },
  ROW_END
};
static const Key numeric_4[] = {
  { KEY_TEXT, "4", "4", 0, 6 }, { KEY_TEXT, "5", "5", 0, 6 }, { KEY_TEXT, "6", "6", 0, 6 },
  { KEY_TO_LETTERS, "ABC", "letters", 0, 9 },
  ROW_END
};
static const Key numeric_7[] = {
  { KEY_TEXT, "7", "7", 0, 6 }, { KEY_TEXT, "8", "8", 0, 6 }, { KEY_TEXT, "9", "9", 0, 6 },
  { KEY_DONE, NULL, "done", 0, 9 },
  ROW_END
};
static const Key numeric_0[] = {
  { KEY_TEXT, "/", "slash", 0, 6 }, { KEY_TEXT, "0", "0", 0, 6 }, { KEY_TEXT, "+", "plus", 0, 6 },
  { KEY_GAP, NULL, NULL, 0, 9 },
  ROW_END
};

struct _McKeyboard
{
  GtkWidget      parent_instance;

  GtkLabel      *hint_label;
  GtkStack      *stack;
  GtkBox        *letters_box;
  GtkBox        *numeric_box;

  GtkWidget     *digits_row;
  GtkWidget     *shift_key;
  GtkWidget     *to_letters_key;
  GPtrArray     *case_keys;      /* unowned buttons whose label follows Shift */

  McInputEngine *engine;         /* owned */
  McInputMethod  method;
  GtkEditable   *target;         /* weak, nullable */
  gulong         cursor_id;
  gulong         changed_id;
  gboolean       applying;       /* our own edit is changing the target */
  gboolean       shift;
  gboolean       numeric;
  guint          reveal_id;      /* tick callback */
  int            reveal_ticks;
  int            reveal_settled; /* frames in a row with the field in place */
};

G_DEFINE_FINAL_TYPE (McKeyboard, mc_keyboard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_METHOD,
  PROP_TONE_STYLE,
  PROP_NUMERIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_numeric_purpose (GtkInputPurpose purpose)
{
  return purpose == GTK_INPUT_PURPOSE_DIGITS || purpose == GTK_INPUT_PURPOSE_NUMBER
         || purpose == GTK_INPUT_PURPOSE_PHONE || purpose == GTK_INPUT_PURPOSE_PIN;
}

static GtkInputPurpose
target_purpose (McKeyboard *self)
{
  GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;

  if (self->target != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (self->target),
                                                             "input-purpose") != NULL)
    g_object_get (self->target, "input-purpose", &purpose, NULL);
  return purpose;
}

static GtkInputHints
target_hints (McKeyboard *self)
{
  GtkInputHints hints = GTK_INPUT_HINT_NONE;

  if (self->target != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (self->target),
                                                             "input-hints") != NULL)
    g_object_get (self->target, "input-hints", &hints, NULL);
  return hints;
}

/* The line above the keys: how the tone keys work, or (@warning) why a key
 * did nothing. Only with the letters: the numeric pad needs no explanation. */
static void
show_hint (McKeyboard *self,
           const char *warning)
{
  if (warning != NULL)
    {
      gtk_label_set_label (self->hint_label, warning);
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "warning");
    }
  else
    {
      gtk_label_set_label (self->hint_label,
                           /* Translators: always shown above the on-screen letters */
                           _("For a tone, type the letters of the word first, then tap á à ả ã ạ."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "warning");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), !self->numeric);
}

static void
update_case (McKeyboard *self)
{
  if (self->shift_key == NULL)
    return;

  for (guint i = 0; i < self->case_keys->len; i++)
    {
      GtkWidget *button = self->case_keys->pdata[i];
      const Key *key = g_object_get_data (G_OBJECT (button), "mc-key");
      g_autofree char *label = self->shift ? g_utf8_strup (key->text, -1) : g_strdup (key->text);

      gtk_button_set_label (GTK_BUTTON (button), label);
    }

  if (self->shift)
    gtk_widget_add_css_class (self->shift_key, "active");
  else
    gtk_widget_remove_css_class (self->shift_key, "active");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->shift_key),
                               GTK_ACCESSIBLE_STATE_PRESSED,
                               self->shift ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                           : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

static void
set_shift (McKeyboard *self,
           gboolean    shift)
{
  if (self->shift == shift)
    return;
  self->shift = shift;
  update_case (self);
}

/* Names start each word with a capital, free text its first word (and each
 * sentence): Shift comes on by itself there. */
static void
auto_shift (McKeyboard *self)
{
  g_autofree char *before = NULL;
  GtkInputHints hints;
  int pos;

  hints = self->target != NULL ? target_hints (self) : GTK_INPUT_HINT_NONE;
  if (!(hints & (GTK_INPUT_HINT_UPPERCASE_WORDS | GTK_INPUT_HINT_UPPERCASE_SENTENCES)))
    {
      set_shift (self, FALSE);
      return;
    }

  pos = gtk_editable_get_position (self->target);
  if (hints & GTK_INPUT_HINT_UPPERCASE_WORDS)
    {
      before = gtk_editable_get_chars (self->target, MAX (pos - 1, 0), pos);
      set_shift (self, pos == 0 || g_unichar_isspace (g_utf8_get_char (before)));
    }
  else
    {
      before = gtk_editable_get_chars (self->target, MAX (pos - 2, 0), pos);
      set_shift (self, pos == 0 || g_str_has_suffix (before, ". ")
                       || g_str_has_suffix (before, "? "));
    }
}

static void
set_numeric (McKeyboard *self,
             gboolean    numeric)
{
  gtk_stack_set_visible_child_name (self->stack, numeric ? "numeric" : "letters");
  if (self->numeric == numeric)
    return;
  self->numeric = numeric;
  show_hint (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMERIC]);
}

/* Applies the engine's edit to the target: @n_delete characters before the
 * cursor go, @insert comes in their place. */
static void
apply_edit (McKeyboard *self,
            guint       n_delete,
            const char *insert)
{
  int pos;

  if (self->target == NULL || (n_delete == 0 && (insert == NULL || *insert == '\0')))
    return;

  self->applying = TRUE;
  pos = gtk_editable_get_position (self->target);
  if (n_delete > 0)
    {
      int start = MAX (pos - (int) n_delete, 0);

      gtk_editable_delete_text (self->target, start, pos);
      pos = start;
    }
  if (insert != NULL && *insert != '\0')
    gtk_editable_insert_text (self->target, insert, -1, &pos);
  gtk_editable_set_position (self->target, pos);
  self->applying = FALSE;
}

/* Typing replaces a selection, as it does in any field. */
static void
delete_selection (McKeyboard *self)
{
  int start, end;

  if (self->target == NULL || !gtk_editable_get_selection_bounds (self->target, &start, &end))
    return;

  self->applying = TRUE;
  gtk_editable_delete_selection (self->target);
  self->applying = FALSE;
  mc_input_engine_reset (self->engine);
}

static void
type_char (McKeyboard *self,
           gunichar    c)
{
  guint n_delete = 0;
  const char *insert = NULL;

  if (self->target == NULL)
    return;

  delete_selection (self);
  if (is_numeric_purpose (target_purpose (self)))
    {
      /* Digits, dates, phone numbers: nothing to compose. */
      char text[8] = { 0 };

      g_unichar_to_utf8 (c, text);
      mc_input_engine_reset (self->engine);
      apply_edit (self, 0, text);
      return;
    }

  if (mc_input_engine_feed (self->engine, c, &n_delete, &insert))
    apply_edit (self, n_delete, insert);
}

static void
commit_word (McKeyboard *self)
{
  guint n_delete = 0;
  const char *insert = NULL;

  if (self->target != NULL && mc_input_engine_commit (self->engine, &n_delete, &insert))
    apply_edit (self, n_delete, insert);
  mc_input_engine_reset (self->engine);
}

static void
backspace (McKeyboard *self)
{
  guint n_delete = 0;
  const char *insert = NULL;
  int start, end;

  if (self->target == NULL)
    return;

  if (gtk_editable_get_selection_bounds (self->target, &start, &end))
    {
      delete_selection (self);
      return;
    }

  /* The engine first: it undoes the last composition step ("á" -> "a"). */
  if (mc_input_engine_backspace (self->engine, &n_delete, &insert))
    {
      apply_edit (self, n_delete, insert);
      return;
    }

  start = gtk_editable_get_position (self->target);
  if (start > 0)
    {
      g_autofree char *before = NULL;

      self->applying = TRUE;
      gtk_editable_delete_text (self->target, start - 1, start);
      gtk_editable_set_position (self->target, start - 1);
      self->applying = FALSE;

      /* Whatever word is now before the cursor can take tones again. */
      before = gtk_editable_get_chars (self->target, 0, start - 1);
      if (!is_numeric_purpose (target_purpose (self)))
        mc_input_engine_set_word (self->engine, before);
    }
}

/* The base letter a mark key's letter is made from ("ê" -> 'e'). */
static char
base_letter (const char *letter)
{
  g_autofree char *nfd = g_utf8_normalize (letter, -1, G_NORMALIZE_NFD);

  if (g_str_equal (letter, "đ"))
    return 'd';
  return g_ascii_tolower (nfd[0]);
}

/* Does the word being typed have @base (ignoring tones and marks)? */
static gboolean
preedit_has_letter (McKeyboard *self,
                    char        base)
{
  const char *preedit = mc_input_engine_get_preedit (self->engine);
  g_autofree char *nfd = g_utf8_normalize (preedit, -1, G_NORMALIZE_NFD);
  g_autofree char *lower = NULL;

  if (nfd == NULL)
    return FALSE;
  lower = g_utf8_strdown (nfd, -1);
  if (base == 'd')
    return strchr (lower, 'd') != NULL || strstr (lower, "đ") != NULL;
  return strchr (lower, base) != NULL;
}

/* The whole field (a GtkEntry, a GtkSearchEntry), not just its GtkText. */
static GtkWidget *
field_of_target (McKeyboard *self)
{
  GtkWidget *widget = GTK_WIDGET (self->target);

  for (GtkWidget *parent = gtk_widget_get_parent (widget);
       parent != NULL && GTK_IS_EDITABLE (parent);
       parent = gtk_widget_get_parent (parent))
    widget = parent;

  return widget;
}

static void
key_clicked_cb (McKeyboard *self,
                GtkButton  *button)
{
  const Key *key = g_object_get_data (G_OBJECT (button), "mc-key");
  guint n_delete = 0;
  const char *insert = NULL;

  g_assert (key != NULL);

  if (key->kind != KEY_TONE && key->kind != KEY_MARK)
    show_hint (self, NULL);

  switch (key->kind)
    {
    case KEY_LETTER:
      {
        gunichar c = g_utf8_get_char (key->text);

        type_char (self, self->shift ? g_unichar_toupper (c) : c);
        set_shift (self, FALSE);
      }
      break;

    case KEY_TEXT:
      type_char (self, g_utf8_get_char (key->text));
      break;

    case KEY_SPACE:
      type_char (self, ' ');
      auto_shift (self);
      break;

    case KEY_TONE:
      delete_selection (self);
      if (mc_input_engine_apply_tone (self->engine, key->value, &n_delete, &insert))
        {
          apply_edit (self, n_delete, insert);
          show_hint (self, NULL);
        }
      else
        show_hint (self,
                   /* Translators: shown when a tone key is tapped with no word to put it on */
                   _("Type the letters of the word first, then tap its tone mark."));
      break;

    case KEY_MARK:
      {
        gunichar c = g_utf8_get_char (key->text);

        show_hint (self, NULL);
        delete_selection (self);
        /* "tien" + ê gives "tiên"; with no e in the word, the key types "ê". */
        if (preedit_has_letter (self, base_letter (key->text))
            && mc_input_engine_apply_mark (self->engine, key->value, &n_delete, &insert))
          apply_edit (self, n_delete, insert);
        else
          type_char (self, self->shift ? g_unichar_toupper (c) : c);
        set_shift (self, FALSE);
      }
      break;

    case KEY_SHIFT:
      set_shift (self, !self->shift);
      break;

    case KEY_BACKSPACE:
      backspace (self);
      auto_shift (self);
      break;

    case KEY_DONE:
      commit_word (self);
      if (self->target == NULL)
        break;
      if (GTK_IS_SEARCH_ENTRY (field_of_target (self)))
        {
          /* Done searching: the keyboard steps aside to show the results. */
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->target));

          if (root != NULL)
            gtk_root_set_focus (root, NULL);
        }
      else
        /* As Enter: the form checks the field and moves on to the next one. */
        g_signal_emit_by_name (self->target, "activate");
      break;

    case KEY_TO_NUMERIC:
      set_numeric (self, TRUE);
      break;

    case KEY_TO_LETTERS:
      set_numeric (self, FALSE);
      break;

    case KEY_GAP:
    default:
      g_assert_not_reached ();
    }
}

static const char *
key_label (const Key *key)
{
  switch (key->kind)
    {
    /* Translators: on-screen key that deletes the character before the cursor */
    case KEY_BACKSPACE: return _("⌫ Delete");
    /* Translators: on-screen space bar */
    case KEY_SPACE: return _("Space");
    /* Translators: on-screen key: this field is done, go on to the next */
    case KEY_DONE: return _("Done");
    /* Translators: on-screen Shift key, short (about 6 characters) */
    case KEY_SHIFT: return _("⇧ Caps");
    default: return key->text;
    }
}

static const char *
key_accessible_name (const Key *key)
{
  switch (key->kind)
    {
    case KEY_TONE:
      switch (key->value)
        {
        /* Translators: accessible name of the tone key "á" (dấu sắc) */
        case MC_TONE_ACUTE: return _("Sắc tone mark");
        /* Translators: accessible name of the tone key "à" (dấu huyền) */
        case MC_TONE_GRAVE: return _("Huyền tone mark");
        /* Translators: accessible name of the tone key "ả" (dấu hỏi) */
        case MC_TONE_HOOK: return _("Hỏi tone mark");
        /* Translators: accessible name of the tone key "ã" (dấu ngã) */
        case MC_TONE_TILDE: return _("Ngã tone mark");
        /* Translators: accessible name of the tone key "ạ" (dấu nặng) */
        case MC_TONE_DOT: return _("Nặng tone mark");
        default: g_assert_not_reached ();
        }
    /* Translators: accessible name of the on-screen Backspace key */
    case KEY_BACKSPACE: return _("Delete");
    /* Translators: accessible name of the on-screen Shift key */
    case KEY_SHIFT: return _("Capital letter");
    /* Translators: accessible name of the key that shows the numeric pad */
    case KEY_TO_NUMERIC: return _("Numbers");
    /* Translators: accessible name of the key that shows the letters again */
    case KEY_TO_LETTERS: return _("Letters");
    case KEY_SPACE:
    case KEY_DONE:
      return key_label (key);
    default:
      return key->text;
    }
}

/* A quarter key of the letters, in pixels. */
#define LETTER_UNIT 18

/* One row of keys; a quarter-key unit is @unit pixels. */
static GtkWidget *
build_row (McKeyboard *self,
           const Key  *keys,
           int         unit)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);

  for (const Key *key = keys; key->width >= 0; key++)
    {
      int width = (key->width > 0 ? key->width : 4) * unit;
      GtkWidget *widget;

      if (key->kind == KEY_GAP)
        {
          widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
          gtk_widget_set_size_request (widget, width - 8, -1);
          gtk_box_append (GTK_BOX (row), widget);
          continue;
        }

      widget = gtk_button_new_with_label (key_label (key));
      g_object_set_data (G_OBJECT (widget), "mc-key", (gpointer) key);
      if (key->name != NULL)
        {
          g_autofree char *name = g_strconcat ("key-", key->name, NULL);

          gtk_widget_set_name (widget, name);
        }
      gtk_widget_set_size_request (widget, width, -1);
      gtk_widget_set_focusable (widget, FALSE);
      gtk_widget_set_focus_on_click (widget, FALSE);
      gtk_widget_add_css_class (widget, "kiosk-key");
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, key_accessible_name (key),
                                      -1);

      switch (key->kind)
        {
        case KEY_LETTER:
        case KEY_MARK:
          g_ptr_array_add (self->case_keys, widget);
          if (key->kind == KEY_MARK)
            gtk_widget_add_css_class (widget, "mark");
          break;
        case KEY_TONE:
          gtk_widget_add_css_class (widget, "tone");
          break;
        case KEY_DONE:
          gtk_widget_add_css_class (widget, "suggested-action");
          gtk_widget_add_css_class (widget, "function");
          break;
        case KEY_SHIFT:
          self->shift_key = widget;
          gtk_widget_add_css_class (widget, "function");
          break;
        case KEY_TO_LETTERS:
          self->to_letters_key = widget;
          gtk_widget_add_css_class (widget, "function");
          break;
        case KEY_BACKSPACE:
        case KEY_TO_NUMERIC:
          gtk_widget_add_css_class (widget, "function");
          break;
        case KEY_TEXT:
        case KEY_SPACE:
        case KEY_GAP:
        default:
          break;
        }

      g_signal_connect_object (widget, "clicked", G_CALLBACK (key_clicked_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (row), widget);
    }

  return row;
}

/* Built the first time the keyboard is needed: the welcome screen's first
 * frame does not wait for seventy buttons nobody has asked for yet. */
static void
build_keys (McKeyboard *self)
{
  GtkWidget *row;

  if (self->digits_row != NULL)
    return;

  /* 1080 px wide (a portrait kiosk): 12 keys of 72 px and their gaps. */
  row = build_row (self, row_tones, LETTER_UNIT);
  gtk_widget_add_css_class (row, "kiosk-key-marks");
  gtk_box_append (self->letters_box, row);
  self->digits_row = build_row (self, row_digits, LETTER_UNIT);
  gtk_widget_set_visible (self->digits_row, self->method == MC_INPUT_METHOD_VNI);
  gtk_box_append (self->letters_box, self->digits_row);
  gtk_box_append (self->letters_box, build_row (self, row_q, LETTER_UNIT));
  gtk_box_append (self->letters_box, build_row (self, row_a, LETTER_UNIT));
  gtk_box_append (self->letters_box, build_row (self, row_z, LETTER_UNIT));
  gtk_box_append (self->letters_box, build_row (self, row_space, LETTER_UNIT));

  /* The pad's columns line up, whichever keys a field hides. */
  for (const Key * const *keys = (const Key * const[]) { numeric_1, numeric_4, numeric_7,
                                                         numeric_0, NULL };
       *keys != NULL; keys++)
    {
      row = build_row (self, *keys, 24);
      gtk_widget_set_halign (row, GTK_ALIGN_START);
      gtk_box_append (self->numeric_box, row);
    }
}

/* Keeps the target in view above the keyboard: run for a few frames after
 * the keyboard appeared or changed target, once the new sizes are laid out. */
static gboolean
reveal_target (McKeyboard *self)
{
  GtkWidget *widget;
  GtkWidget *scrolled;
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  double before;

  if (self->target == NULL)
    return TRUE;

  widget = field_of_target (self);

  scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    return TRUE;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (GTK_IS_VIEWPORT (content) && gtk_viewport_get_child (GTK_VIEWPORT (content)) != NULL)
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (content == NULL || !gtk_widget_compute_bounds (widget, content, &bounds))
    return FALSE;

  /* The field's title and hint above it, its message lines under it. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (gtk_adjustment_get_page_size (adjustment) <= 0)
    return FALSE;
  before = gtk_adjustment_get_value (adjustment);
  gtk_adjustment_clamp_page (adjustment,
                             bounds.origin.y - 72,
                             bounds.origin.y + bounds.size.height + 96);
  return gtk_adjustment_get_value (adjustment) == before;
}

/* Runs every frame until the field stays in place: the page may appear with
 * the keyboard, and the viewport may still be animating its own scroll to the
 * focused field (GTK 4.8), which would undo a single adjustment. */
static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  McKeyboard *self = MC_KEYBOARD (widget);

  if (reveal_target (self))
    self->reveal_settled++;
  else
    self->reveal_settled = 0;

  if (self->reveal_settled < 3 && ++self->reveal_ticks < 120)
    return G_SOURCE_CONTINUE;

  self->reveal_id = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_reveal (McKeyboard *self)
{
  self->reveal_ticks = 0;
  self->reveal_settled = 0;
  if (self->reveal_id == 0)
    self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb, NULL, NULL);
}

static void
target_cursor_cb (McKeyboard *self)
{
  if (self->applying)
    return;
  mc_input_engine_reset (self->engine);
  auto_shift (self);
}

static void
target_changed_cb (McKeyboard *self)
{
  if (!self->applying)
    mc_input_engine_reset (self->engine);
}

static void
disconnect_target (McKeyboard *self)
{
  if (self->target == NULL)
    return;

  g_clear_signal_handler (&self->cursor_id, self->target);
  g_clear_signal_handler (&self->changed_id, self->target);
  g_clear_weak_pointer (&self->target);
}

static void
mc_keyboard_dispose (GObject *object)
{
  McKeyboard *self = MC_KEYBOARD (object);
  GtkWidget *child;

  if (self->reveal_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_id);
      self->reveal_id = 0;
    }
  disconnect_target (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_KEYBOARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->case_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_keyboard_parent_class)->dispose (object);
}

static void
mc_keyboard_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  McKeyboard *self = MC_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_TONE_STYLE:
      g_value_set_enum (value, mc_input_engine_get_tone_style (self->engine));
      break;
    case PROP_NUMERIC:
      g_value_set_boolean (value, self->numeric);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_keyboard_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  McKeyboard *self = MC_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      mc_keyboard_set_method (self, g_value_get_enum (value));
      break;
    case PROP_TONE_STYLE:
      mc_keyboard_set_tone_style (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_keyboard_class_init (McKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_keyboard_dispose;
  object_class->get_property = mc_keyboard_get_property;
  object_class->set_property = mc_keyboard_set_property;

  properties[PROP_METHOD] =
    g_param_spec_enum ("method", NULL, NULL, MC_TYPE_INPUT_METHOD, MC_INPUT_METHOD_TELEX,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TONE_STYLE] =
    g_param_spec_enum ("tone-style", NULL, NULL, MC_TYPE_TONE_STYLE, MC_TONE_STYLE_NEW,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NUMERIC] =
    g_param_spec_boolean ("numeric", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-keyboard.ui");
  gtk_widget_class_bind_template_child (widget_class, McKeyboard, hint_label);
  gtk_widget_class_bind_template_child (widget_class, McKeyboard, stack);
  gtk_widget_class_bind_template_child (widget_class, McKeyboard, letters_box);
  gtk_widget_class_bind_template_child (widget_class, McKeyboard, numeric_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keyboard");
}

static void
mc_keyboard_init (McKeyboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->engine = mc_input_engine_new (MC_INPUT_METHOD_TELEX);
  self->method = MC_INPUT_METHOD_TELEX;
  self->case_keys = g_ptr_array_new ();
  show_hint (self, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-keyboard");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

McKeyboard *
mc_keyboard_new (void)
{
  return g_object_new (MC_TYPE_KEYBOARD, NULL);
}

void
mc_keyboard_set_method (McKeyboard    *self,
                        McInputMethod  method)
{
  g_return_if_fail (MC_IS_KEYBOARD (self));

  if (self->method == method)
    return;

  self->method = method;
  mc_input_engine_set_method (self->engine, method);
  if (self->digits_row != NULL)
    gtk_widget_set_visible (self->digits_row, method == MC_INPUT_METHOD_VNI);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METHOD]);
}

void
mc_keyboard_set_tone_style (McKeyboard  *self,
                            McToneStyle  style)
{
  g_return_if_fail (MC_IS_KEYBOARD (self));

  if (mc_input_engine_get_tone_style (self->engine) == style)
    return;

  mc_input_engine_set_tone_style (self->engine, style);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TONE_STYLE]);
}

void
mc_keyboard_set_target (McKeyboard  *self,
                        GtkEditable *target)
{
  gboolean numeric;

  g_return_if_fail (MC_IS_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  if (self->target == target)
    return;

  if (target != NULL)
    build_keys (self);

  /* The word typed in the field left behind is finished there. */
  commit_word (self);
  disconnect_target (self);
  show_hint (self, NULL);

  if (target != NULL)
    {
      int start, end;

      /* A field given the focus by the form ("Done", a check that failed)
       * takes the next key at its end; a tap on it puts the cursor where it
       * landed afterwards. */
      if (!gtk_editable_get_selection_bounds (target, &start, &end))
        gtk_editable_set_position (target, -1);

      g_set_weak_pointer (&self->target, target);
      self->cursor_id = g_signal_connect_object (target, "notify::cursor-position",
                                                 G_CALLBACK (target_cursor_cb), self,
                                                 G_CONNECT_SWAPPED);
      self->changed_id = g_signal_connect_object (target, "changed",
                                                  G_CALLBACK (target_changed_cb), self,
                                                  G_CONNECT_SWAPPED);
    }

  numeric = is_numeric_purpose (target_purpose (self));
  set_numeric (self, numeric);
  /* A CCCD or phone field needs no letters at all. */
  if (self->to_letters_key != NULL)
    gtk_widget_set_visible (self->to_letters_key, !numeric);
  auto_shift (self);

  gtk_widget_set_visible (GTK_WIDGET (self), target != NULL);
  if (target != NULL)
    queue_reveal (self);
}

GtkEditable *
mc_keyboard_get_target (McKeyboard *self)
{
  g_return_val_if_fail (MC_IS_KEYBOARD (self), NULL);

  return self->target;
}

gboolean
mc_keyboard_get_numeric (McKeyboard *self)
{
  g_return_val_if_fail (MC_IS_KEYBOARD (self), FALSE);

  return self->numeric;
}

gboolean
mc_keyboard_handle_key (McKeyboard      *self,
                        guint            keyval,
                        GdkModifierType  state)
{
  guint n_delete = 0;
  const char *insert = NULL;
  int start, end;
  gunichar c;

  g_return_val_if_fail (MC_IS_KEYBOARD (self), FALSE);

  if (self->target == NULL || is_numeric_purpose (target_purpose (self)))
    return FALSE;

  /* Shortcuts (Ctrl+A, Ctrl+V …) belong to the field. */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    {
      mc_input_engine_reset (self->engine);
      return FALSE;
    }

  switch (keyval)
    {
    case GDK_KEY_BackSpace:
      if (gtk_editable_get_selection_bounds (self->target, &start, &end))
        return FALSE;
      if (!mc_input_engine_backspace (self->engine, &n_delete, &insert))
        return FALSE;
      apply_edit (self, n_delete, insert);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      commit_word (self);
      return FALSE;

    default:
      break;
    }

  c = gdk_keyval_to_unicode (keyval);
  if (c == 0 || !g_unichar_isprint (c))
    return FALSE;

  show_hint (self, NULL);
  type_char (self, c);
  return TRUE;
}

void
mc_keyboard_reset (McKeyboard *self)
{
  g_return_if_fail (MC_IS_KEYBOARD (self));

  mc_input_engine_reset (self->engine);
}

static void
retranslate_keys (GtkWidget *widget)
{
  const Key *key = g_object_get_data (G_OBJECT (widget), "mc-key");

  if (key != NULL)
    {
      if (key->kind != KEY_LETTER && key->kind != KEY_MARK)
        gtk_button_set_label (GTK_BUTTON (widget), key_label (key));
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, key_accessible_name (key),
                                      -1);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    retranslate_keys (child);
}

void
mc_keyboard_retranslate (McKeyboard *self)
{
  g_return_if_fail (MC_IS_KEYBOARD (self));

  retranslate_keys (GTK_WIDGET (self));
  show_hint (self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("On-screen keyboard"),
                                  -1);
}
