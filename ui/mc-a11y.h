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

/* A fact shown as a title label over (or beside) its value label: a screen
 * reader reads it as one line, "Title: value", the value label's name (kept
 * up to date when its text changes), and skips the title label itself.
 * (Described-by read the value, then the title, after a pause.) */
void mc_a11y_fact (GtkLabel *title,
                   GtkLabel *value);

G_END_DECLS
