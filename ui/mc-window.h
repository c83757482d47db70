/* mc-window.h: the kiosk's one window and its screens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-application.h"
#include "mc-keyboard.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow   *mc_window_new          (McApplication *application);
/* Rebuilds every page for the current language, keeping where the citizen is
 * and what they typed. */
void        mc_window_reload       (McWindow      *self);
/* Back to the welcome screen; everything the citizen entered is forgotten. */
void        mc_window_go_home      (McWindow      *self);
/* "welcome", "procedure", "dossier" or "receipt". */
const char *mc_window_get_page     (McWindow      *self);
McKeyboard *mc_window_get_keyboard (McWindow      *self);
/* A key press of a physical keyboard (or of a USB QR reader typing), as the
 * window's capture-phase key controller gets it, with its time in
 * microseconds. TRUE: handled, stop the event. For tests too. */
gboolean    mc_window_handle_key   (McWindow        *self,
                                    guint            keyval,
                                    GdkModifierType  state,
                                    gint64           time_us);

/* The review step (mc-review-page.h) between the form and submitting: off
 * until every flow test goes through it (then on by default). */
void        mc_window_set_review_step (McWindow   *self,
                                       gboolean    review_step);

G_END_DECLS
