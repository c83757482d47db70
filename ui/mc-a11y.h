/* mc-a11y.h: small helpers for what GTK 4.8 does not tell assistive
 * technologies by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Keeps the pages of @stack that are not on screen out of the accessibility
 * tree: GTK 4.8 leaves every page of a stack "visible" over AT-SPI, so a
 * screen reader would read (and a test would find) the pages behind the
 * shown one. Marks each page's child hidden except the visible child, now
 * and whenever it changes. */
void mc_a11y_track_stack (GtkStack *stack);

G_END_DECLS
