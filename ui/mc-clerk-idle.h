/* mc-clerk-idle.h: the countdown shown when nobody has touched the kiosk for a
 * while ("Are you still there?"), before it starts over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_IDLE_OVERLAY (mc_idle_overlay_get_type ())
G_DECLARE_FINAL_TYPE (McIdleOverlay, mc_idle_overlay, MC, IDLE_OVERLAY, GtkWidget)

/* Signals: "still-here": the citizen touched "I'm still here". */
GtkWidget *mc_idle_overlay_new           (void);
/* The seconds left before the kiosk starts over. */
void       mc_idle_overlay_set_remaining (McIdleOverlay *self,
                                          guint          seconds);
/* Texts again after a language switch. */
void       mc_idle_overlay_retranslate   (McIdleOverlay *self);

G_END_DECLS
