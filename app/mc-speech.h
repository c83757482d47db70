/* mc-speech.h: reading a step's instruction aloud (espeak-ng's Vietnamese
 * voice) for people who cannot read small text.
 *
 * The text spoken is an instruction or a receipt's numbers, never what the
 * citizen typed; it is never logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @text made ready for a speech synthesizer: every word that holds a digit
 * (numbers, dates, codes) is spelt out character by character, digits and
 * letters separated by spaces and its separators (. - / :) turned into short
 * pauses (", "): "1.001193" → "1, 0 0 1 1 9 3", "SIM-261123-000042" →
 * "S I M, 2 6 1 1 2 3, 0 0 0 0 4 2". Words without digits are left alone;
 * punctuation ending a word stays. */
char *mc_speech_spell_codes (const char *text);

/* Appends @sentence (trimmed) to @speech: a space before it when @speech has
 * text, a full stop after it unless it already ends a sentence (. ! ? : …),
 * so joined labels read as sentences without doubled stops. Nothing for an
 * empty or NULL @sentence. */
void  mc_speech_append_sentence (GString    *speech,
                                 const char *sentence);

#define MC_TYPE_SPEAKER (mc_speaker_get_type ())
G_DECLARE_FINAL_TYPE (McSpeaker, mc_speaker, MC, SPEAKER, GObject)

/* The command is `espeak-ng -v VOICE TEXT`; the environment variable
 * MOTCUA_TTS_COMMAND replaces "espeak-ng -v VOICE" (a shell-quoted command
 * line; the text is appended as its last argument), for tests or another
 * synthesizer. The voice is also in the command's environment as
 * MOTCUA_TTS_VOICE. */
McSpeaker *mc_speaker_new          (void);
/* The espeak-ng voice: "vi" (the default) or "en", following the kiosk's
 * language. */
void       mc_speaker_set_voice    (McSpeaker   *self,
                                    const char  *voice);
const char *mc_speaker_get_voice   (McSpeaker   *self);
/* Speaks @text (mc_speech_spell_codes() applied) in a subprocess, stopping
 * whatever it was saying. FALSE with @error when the synthesizer cannot be
 * started (not installed). */
gboolean   mc_speaker_speak        (McSpeaker   *self,
                                    const char  *text,
                                    GError     **error);
/* Stops speaking, if it was. */
void       mc_speaker_stop         (McSpeaker   *self);
/* A second tap on a speaker button: stops if speaking, else speaks. */
gboolean   mc_speaker_toggle       (McSpeaker   *self,
                                    const char  *text,
                                    GError     **error);
/* Property "speaking": TRUE while the synthesizer runs. */
gboolean   mc_speaker_get_speaking (McSpeaker   *self);

G_END_DECLS
