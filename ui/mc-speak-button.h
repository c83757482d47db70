/* mc-speak-button.h: "Read aloud": reads its step's instruction with the
 * speech synthesizer (mc-speech.h); a second tap stops it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_SPEAK_BUTTON (mc_speak_button_get_type ())
G_DECLARE_FINAL_TYPE (McSpeakButton, mc_speak_button, MC, SPEAK_BUTTON, GtkButton)

McSpeakButton *mc_speak_button_new      (void);
/* What a tap reads (an instruction, never what the citizen typed). */
void           mc_speak_button_set_text (McSpeakButton *self,
                                         const char    *text);
const char    *mc_speak_button_get_text (McSpeakButton *self);

G_END_DECLS
