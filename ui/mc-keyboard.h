/* mc-keyboard.h: the kiosk's on-screen Vietnamese keyboard.
 *
 * It types into one target, the focused GtkEditable, through the input engine
 * of app/mc-input.h (Telex or VNI): letter keys feed the engine, the tone keys
 * (á à ả ã ạ) and mark keys (â ă ê ô ơ ư đ) apply a tone or mark to the word
 * being typed, for people who do not know Telex. A numeric pad replaces the
 * letters for fields whose input purpose is digits, number or phone.
 *
 * A physical keyboard goes through the same engine: give its key presses to
 * mc_keyboard_handle_key() (from a capture-phase key controller on the window)
 * and stop the event when it returns TRUE.
 *
 * When it has a target and is shown, it scrolls the target's GtkScrolledWindow
 * so that the target stays in view above the keyboard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-input.h"

G_BEGIN_DECLS

#define MC_TYPE_KEYBOARD (mc_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (McKeyboard, mc_keyboard, MC, KEYBOARD, GtkWidget)

/* Properties: "method" (McInputMethod), "tone-style" (McToneStyle),
 * "numeric" (gboolean, read-only: the numeric pad shows). */
McKeyboard  *mc_keyboard_new            (void);

void         mc_keyboard_set_method     (McKeyboard      *self,
                                         McInputMethod    method);
void         mc_keyboard_set_tone_style (McKeyboard      *self,
                                         McToneStyle      style);

/* The field the keys type into (nullable: none). The keyboard shows itself
 * for a target and hides without one; the engine starts afresh. */
void         mc_keyboard_set_target     (McKeyboard      *self,
                                         GtkEditable     *target);
GtkEditable *mc_keyboard_get_target     (McKeyboard      *self);
gboolean     mc_keyboard_get_numeric    (McKeyboard      *self);

/* A key of a physical keyboard, before the target sees it. Returns TRUE when
 * the keyboard handled it (stop the event). */
gboolean     mc_keyboard_handle_key     (McKeyboard      *self,
                                         guint            keyval,
                                         GdkModifierType  state);

/* The language changed: the keys' words and names again. */
void         mc_keyboard_retranslate    (McKeyboard      *self);

/* Forgets the word being composed (e.g. the target's text was replaced). */
void         mc_keyboard_reset          (McKeyboard      *self);

G_END_DECLS
