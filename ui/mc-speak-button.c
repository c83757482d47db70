/* mc-speak-button.c: the speaker button of every step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "mc-application.h"
#include "mc-speak-button.h"
#include "mc-speech.h"

struct _McSpeakButton
{
  GtkButton         parent_instance;

  AdwButtonContent *content;
  McSpeaker        *speaker;  /* owned */
  char             *text;     /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (McSpeakButton, mc_speak_button, GTK_TYPE_BUTTON)

static void
update_label (McSpeakButton *self)
{
  gboolean speaking = mc_speaker_get_speaking (self->speaker);

  adw_button_content_set_icon_name (self->content,
                                    speaking ? "media-playback-stop-symbolic"
                                             : "audio-volume-high-symbolic");
  adw_button_content_set_label (self->content,
                                speaking
                                  /* Translators: the speaker button while it reads */
                                  ? _("Stop reading")
                                  /* Translators: the speaker button: reads this
                                   * step's instructions aloud */
                                  : _("Read aloud"));
  if (speaking)
    gtk_widget_add_css_class (GTK_WIDGET (self), "speaking");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "speaking");
}

static void
speaking_cb (McSpeakButton *self)
{
  update_label (self);
}

static void
mc_speak_button_clicked (GtkButton *button)
{
  McSpeakButton *self = MC_SPEAK_BUTTON (button);
  GApplication *app = g_application_get_default ();
  g_autoptr(GError) error = NULL;

  if (self->text == NULL)
    return;
  /* The voice of the language the screen is in (its text is translated). */
  if (MC_IS_APPLICATION (app))
    mc_speaker_set_voice (self->speaker,
                          g_str_equal (mc_application_get_language (MC_APPLICATION (app)), "en")
                          ? "en" : "vi");
  if (!mc_speaker_toggle (self->speaker, self->text, &error))
    g_message ("Cannot read aloud: %s", error->message);
}

static void
mc_speak_button_dispose (GObject *object)
{
  McSpeakButton *self = MC_SPEAK_BUTTON (object);

  if (self->speaker != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->speaker, self);
      mc_speaker_stop (self->speaker);
    }
  g_clear_object (&self->speaker);

  G_OBJECT_CLASS (mc_speak_button_parent_class)->dispose (object);
}

static void
mc_speak_button_finalize (GObject *object)
{
  g_free (MC_SPEAK_BUTTON (object)->text);

  G_OBJECT_CLASS (mc_speak_button_parent_class)->finalize (object);
}

static void
mc_speak_button_class_init (McSpeakButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkButtonClass *button_class = GTK_BUTTON_CLASS (klass);

  object_class->dispose = mc_speak_button_dispose;
  object_class->finalize = mc_speak_button_finalize;
  button_class->clicked = mc_speak_button_clicked;
}

static void
mc_speak_button_init (McSpeakButton *self)
{
  self->speaker = mc_speaker_new ();
  self->content = ADW_BUTTON_CONTENT (adw_button_content_new ());
  gtk_button_set_child (GTK_BUTTON (self), GTK_WIDGET (self->content));
  gtk_widget_set_name (GTK_WIDGET (self), "read-aloud");
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-speak");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  g_signal_connect_swapped (self->speaker, "notify::speaking", G_CALLBACK (speaking_cb), self);
  update_label (self);
}

McSpeakButton *
mc_speak_button_new (void)
{
  return g_object_new (MC_TYPE_SPEAK_BUTTON, NULL);
}

void
mc_speak_button_set_text (McSpeakButton *self,
                          const char    *text)
{
  g_return_if_fail (MC_IS_SPEAK_BUTTON (self));

  g_free (self->text);
  self->text = g_strdup (text);
}

const char *
mc_speak_button_get_text (McSpeakButton *self)
{
  g_return_val_if_fail (MC_IS_SPEAK_BUTTON (self), NULL);

  return self->text;
}
