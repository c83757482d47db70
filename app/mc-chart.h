/* mc-chart.h: a simple bar chart drawn with cairo, for clerk mode's
 * statistics (one bar per day: McStats.days) and anything else that needs
 * one. Engine side: draws into any cairo_t (a GtkDrawingArea's, a PNG, a PDF).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cairo.h>
#include "mc-stats.h"

G_BEGIN_DECLS

typedef struct {
  double background[4];  /* RGBA 0..1; alpha 0: leave the surface as it is */
  double bar[4];
  double text[4];        /* labels, values, axis */
  double font_size;      /* px; labels are thinned out when they would overlap */
} McChartStyle;

/* Dark blue bars, black text, white background, 14 px. */
void mc_chart_style_init_default (McChartStyle *style);

/* Draws @n_values bars into the rectangle (0, 0, @width, @height) of @cr:
 * an optional @title (nullable) on top, each bar's value above it, @labels
 * (nullable, n_values strings) under the bars, a base line. The tallest bar
 * fills the plot height; all zero: only the base line. @style nullable:
 * defaults. @cr's state is saved and restored. */
void mc_chart_draw_bars (cairo_t            *cr,
                         double              width,
                         double              height,
                         const char         *title,
                         const char * const *labels,
                         const double       *values,
                         guint               n_values,
                         const McChartStyle *style);

/* The per-day chart of @stats: one bar per day (total dossiers), labelled
 * "dd/mm". */
void mc_chart_draw_days (cairo_t            *cr,
                         double              width,
                         double              height,
                         const char         *title,
                         const McStats      *stats,
                         const McChartStyle *style);

/* Geometry, for tests and hit-testing: the rectangle of bar @index as drawn
 * by mc_chart_draw_bars() with the same arguments. */
void mc_chart_bar_rect  (double              width,
                         double              height,
                         gboolean            has_title,
                         const double       *values,
                         guint               n_values,
                         guint               index,
                         const McChartStyle *style,
                         double             *out_x,
                         double             *out_y,
                         double             *out_w,
                         double             *out_h);

G_END_DECLS
