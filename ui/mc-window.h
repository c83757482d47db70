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

/* The review step (mc-review-page.h) between the form (and the documents
 * step) and submitting: on by default. */
void        mc_window_set_review_step (McWindow   *self,
                                       gboolean    review_step);
/* Clerk mode (the PIN pad first, unless already unlocked): what five taps on
 * the office's name within 3 s, or Ctrl+Alt+M, open. */
void        mc_window_open_clerk   (McWindow      *self);
/* TRUE once the PIN was entered, until clerk mode is left (or the idle reset). */
gboolean    mc_window_is_clerk_open (McWindow     *self);
/* One tap on the office's name, as the gesture counts it (for tests). */
void        mc_window_tap_office   (McWindow      *self);
/* The idle reset: after @timeout_ms without input (0: the configuration's
 * idle-timeout; env MOTCUA_IDLE_TIMEOUT_MS) a countdown of @countdown_ms (0:
 * 20 s; env MOTCUA_IDLE_COUNTDOWN_MS), then back to the welcome screen with
 * everything the citizen entered forgotten. */
void        mc_window_set_idle_timeouts (McWindow *self,
                                         guint     timeout_ms,
                                         guint     countdown_ms);
/* Shows the countdown now, as if the idle time had passed. */
void        mc_window_idle_now     (McWindow      *self);

G_END_DECLS
