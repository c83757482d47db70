/* mc-speech.c: codes spelt out for speech, and the synthesizer as a
 * GSubprocess.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-speech"

#include <string.h>
#include <glib/gi18n.h>

#include "mc-speech.h"

#define DEFAULT_COMMAND "espeak-ng -v"
#define DEFAULT_VOICE "vi"

static gboolean
is_separator (gunichar c)
{
  return c == '.' || c == '-' || c == '/' || c == ':' || c == '_' || c == ',';
}

static gboolean
is_trailing (gunichar c)
{
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')';
}

static void
spell_word (GString    *out,
            const char *word,
            gsize       len)
{
  const char *end = word + len;
  const char *stop = end;
  gboolean pause = FALSE;
  gboolean first = TRUE;

  /* Punctuation closing the word is not part of the code. */
  while (stop > word)
    {
      const char *prev = g_utf8_find_prev_char (word, stop);

      if (prev == NULL || !is_trailing (g_utf8_get_char (prev)))
        break;
      stop = prev;
    }

  for (const char *p = word; p < stop; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_separator (c))
        {
          pause = !first;
          continue;
        }
      if (pause)
        g_string_append (out, ", ");
      else if (!first)
        g_string_append_c (out, ' ');
      g_string_append_unichar (out, g_unichar_isalpha (c) ? g_unichar_toupper (c) : c);
      pause = FALSE;
      first = FALSE;
    }
  g_string_append_len (out, stop, end - stop);
}

char *
mc_speech_spell_codes (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  p = text;
  while (*p != '\0')
    {
      const char *start = p;
      gboolean digit = FALSE;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          g_string_append_len (out, start, p - start);
          continue;
        }
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (g_ascii_isdigit (*p))
            digit = TRUE;
          p = g_utf8_next_char (p);
        }
      if (digit)
        spell_word (out, start, p - start);
      else
        g_string_append_len (out, start, p - start);
    }

  return g_string_free (out, FALSE);
}

void
mc_speech_append_sentence (GString    *speech,
                           const char *sentence)
{
  g_autofree char *text = NULL;
  const char *last;

  g_return_if_fail (speech != NULL);

  if (sentence == NULL)
    return;
  text = g_strstrip (g_strdup (sentence));
  if (*text == '\0')
    return;
  if (speech->len > 0 && !g_ascii_isspace (speech->str[speech->len - 1]))
    g_string_append_c (speech, ' ');
  g_string_append (speech, text);
  last = g_utf8_find_prev_char (text, text + strlen (text));
  if (strchr (".!?:", *last) == NULL && !g_str_has_suffix (text, "…"))
    g_string_append_c (speech, '.');
}

struct _McSpeaker
{
  GObject       parent_instance;

  GSubprocess  *process;      /* owned, nullable: speaking */
  GCancellable *cancellable;  /* owned, nullable: its wait */
  char         *voice;        /* owned */
};

G_DEFINE_FINAL_TYPE (McSpeaker, mc_speaker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SPEAKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_process (McSpeaker   *self,
             GSubprocess *process)
{
  gboolean was = self->process != NULL;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (self->process != NULL)
    {
      g_subprocess_force_exit (self->process);
      g_clear_object (&self->process);
    }
  if (process != NULL)
    self->process = g_object_ref (process);

  if (was != (self->process != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(McSpeaker) self = data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    return; /* cancelled: stopped or replaced */

  if (self->process == G_SUBPROCESS (source))
    {
      g_clear_object (&self->cancellable);
      g_clear_object (&self->process);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
    }
}

gboolean
mc_speaker_speak (McSpeaker   *self,
                  const char  *text,
                  GError     **error)
{
  const char *command = g_getenv ("MOTCUA_TTS_COMMAND");
  g_auto(GStrv) argv = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *spoken = NULL;
  g_autofree char *default_command = NULL;
  int argc = 0;

  g_return_val_if_fail (MC_IS_SPEAKER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  mc_speaker_stop (self);

  if (command == NULL || *command == '\0')
    {
      g_autofree char *quoted = g_shell_quote (self->voice);

      default_command = g_strdup_printf ("%s %s", DEFAULT_COMMAND, quoted);
      command = default_command;
    }
  if (!g_shell_parse_argv (command, &argc, &argv, error))
    return FALSE;

  spoken = mc_speech_spell_codes (text);
  args = g_ptr_array_new ();
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, spoken);
  g_ptr_array_add (args, NULL);

  /* Nothing of it on our stdout (the tests' TAP stream). */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "MOTCUA_TTS_VOICE", self->voice, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, error);
  if (process == NULL)
    return FALSE;

  g_debug ("Speaking %u characters (voice %s)", (guint) strlen (spoken), self->voice);
  set_process (self, process);
  self->cancellable = g_cancellable_new ();
  g_subprocess_wait_async (process, self->cancellable, wait_cb, g_object_ref (self));

  return TRUE;
}

void
mc_speaker_stop (McSpeaker *self)
{
  g_return_if_fail (MC_IS_SPEAKER (self));

  set_process (self, NULL);
}

gboolean
mc_speaker_toggle (McSpeaker   *self,
                   const char  *text,
                   GError     **error)
{
  g_return_val_if_fail (MC_IS_SPEAKER (self), FALSE);

  if (self->process != NULL)
    {
      mc_speaker_stop (self);
      return TRUE;
    }
  return mc_speaker_speak (self, text, error);
}

gboolean
mc_speaker_get_speaking (McSpeaker *self)
{
  g_return_val_if_fail (MC_IS_SPEAKER (self), FALSE);

  return self->process != NULL;
}

static void
mc_speaker_dispose (GObject *object)
{
  McSpeaker *self = MC_SPEAKER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  g_clear_object (&self->process);

  G_OBJECT_CLASS (mc_speaker_parent_class)->dispose (object);
}

static void
mc_speaker_finalize (GObject *object)
{
  g_free (MC_SPEAKER (object)->voice);

  G_OBJECT_CLASS (mc_speaker_parent_class)->finalize (object);
}

static void
mc_speaker_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McSpeaker *self = MC_SPEAKER (object);

  switch (prop_id)
    {
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->process != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_speaker_class_init (McSpeakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_speaker_dispose;
  object_class->finalize = mc_speaker_finalize;
  object_class->get_property = mc_speaker_get_property;

  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_speaker_init (McSpeaker *self)
{
  self->voice = g_strdup (DEFAULT_VOICE);
}

McSpeaker *
mc_speaker_new (void)
{
  return g_object_new (MC_TYPE_SPEAKER, NULL);
}

void
mc_speaker_set_voice (McSpeaker  *self,
                      const char *voice)
{
  g_return_if_fail (MC_IS_SPEAKER (self));

  g_free (self->voice);
  self->voice = g_strdup (voice != NULL && *voice != '\0' ? voice : DEFAULT_VOICE);
}

const char *
mc_speaker_get_voice (McSpeaker *self)
{
  g_return_val_if_fail (MC_IS_SPEAKER (self), NULL);

  return self->voice;
}
