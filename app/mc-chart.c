/* mc-chart.c: a bar chart with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-chart"

#include "mc-chart.h"

#include <math.h>
#include <string.h>

void
mc_chart_style_init_default (McChartStyle *style)
{
  g_return_if_fail (style != NULL);

  *style = (McChartStyle) {
    .background = { 1, 1, 1, 1 },
    .bar = { 0.11, 0.31, 0.62, 1 },
    .text = { 0, 0, 0, 1 },
    .font_size = 14,
  };
}

/* The plot area: room for the title on top, values above bars, labels below. */
static void
plot_area (double              width,
           double              height,
           gboolean            has_title,
           const McChartStyle *style,
           double             *x,
           double             *y,
           double             *w,
           double             *h)
{
  double margin = style->font_size * 0.5;
  double top = margin + style->font_size * 1.4 + (has_title ? style->font_size * 1.8 : 0);
  double bottom = margin + style->font_size * 1.6;

  *x = margin;
  *y = top;
  *w = MAX (width - 2 * margin, 0);
  *h = MAX (height - top - bottom, 0);
}

static double
max_value (const double *values,
           guint         n)
{
  double max = 0;

  for (guint i = 0; i < n; i++)
    if (isfinite (values[i]))
      max = MAX (max, values[i]);
  return max;
}

void
mc_chart_bar_rect (double              width,
                   double              height,
                   gboolean            has_title,
                   const double       *values,
                   guint               n_values,
                   guint               index,
                   const McChartStyle *style,
                   double             *out_x,
                   double             *out_y,
                   double             *out_w,
                   double             *out_h)
{
  McChartStyle defaults;
  double px, py, pw, ph, slot, max, v;

  g_return_if_fail (index < n_values);

  if (style == NULL)
    {
      mc_chart_style_init_default (&defaults);
      style = &defaults;
    }

  plot_area (width, height, has_title, style, &px, &py, &pw, &ph);
  slot = pw / n_values;
  max = max_value (values, n_values);
  v = isfinite (values[index]) ? MAX (values[index], 0) : 0;

  *out_w = slot * 0.7;
  *out_x = px + slot * index + (slot - *out_w) / 2;
  *out_h = max > 0 ? ph * v / max : 0;
  *out_y = py + ph - *out_h;
}

static void
set_rgba (cairo_t      *cr,
          const double *rgba)
{
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
}

static void
show_centered (cairo_t    *cr,
               const char *text,
               double      cx,
               double      baseline)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, cx - extents.width / 2 - extents.x_bearing, baseline);
  cairo_show_text (cr, text);
}

void
mc_chart_draw_bars (cairo_t            *cr,
                    double              width,
                    double              height,
                    const char         *title,
                    const char * const *labels,
                    const double       *values,
                    guint               n_values,
                    const McChartStyle *style)
{
  McChartStyle defaults;
  double px, py, pw, ph, slot, widest = 0;
  guint step = 1;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (values != NULL || n_values == 0);

  if (style == NULL)
    {
      mc_chart_style_init_default (&defaults);
      style = &defaults;
    }

  cairo_save (cr);

  if (style->background[3] > 0)
    {
      set_rgba (cr, style->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, style->font_size);
  plot_area (width, height, title != NULL, style, &px, &py, &pw, &ph);

  if (title != NULL)
    {
      set_rgba (cr, style->text);
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      show_centered (cr, title, width / 2, style->font_size * 1.5);
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    }

  /* Base line. */
  set_rgba (cr, style->text);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, px, py + ph + 0.5);
  cairo_line_to (cr, px + pw, py + ph + 0.5);
  cairo_stroke (cr);

  if (n_values == 0)
    {
      cairo_restore (cr);
      return;
    }

  slot = pw / n_values;
  if (labels != NULL)
    {
      for (guint i = 0; i < n_values; i++)
        {
          cairo_text_extents_t extents;

          cairo_text_extents (cr, labels[i], &extents);
          widest = MAX (widest, extents.x_advance);
        }
      /* Every step-th label, so that they never overlap. */
      while (step < n_values && slot * step < widest + style->font_size * 0.5)
        step++;
    }

  for (guint i = 0; i < n_values; i++)
    {
      double x, y, w, h;
      char value_text[32];

      mc_chart_bar_rect (width, height, title != NULL, values, n_values, i, style, &x, &y, &w, &h);

      set_rgba (cr, style->bar);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);

      set_rgba (cr, style->text);
      if (isfinite (values[i]) && values[i] > 0 && slot >= style->font_size * 0.8)
        {
          g_ascii_formatd (value_text, sizeof value_text, "%.0f", values[i]);
          show_centered (cr, value_text, x + w / 2, y - style->font_size * 0.3);
        }

      if (labels != NULL && i % step == 0)
        show_centered (cr, labels[i], x + w / 2, py + ph + style->font_size * 1.3);
    }

  cairo_restore (cr);
}

void
mc_chart_draw_days (cairo_t            *cr,
                    double              width,
                    double              height,
                    const char         *title,
                    const McStats      *stats,
                    const McChartStyle *style)
{
  g_autofree double *values = NULL;
  g_auto(GStrv) labels = NULL;
  guint n;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (stats != NULL);

  n = stats->days->len;
  values = g_new0 (double, MAX (n, 1));
  labels = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const McStatsRow *row = g_ptr_array_index (stats->days, i);

      values[i] = row->total;
      /* "2026-11-23" → "23/11", as dates are written in Vietnam. */
      labels[i] = strlen (row->key) == 10
                  ? g_strdup_printf ("%.2s/%.2s", row->key + 8, row->key + 5)
                  : g_strdup (row->key);
    }

  mc_chart_draw_bars (cr, width, height, title, (const char * const *) labels, values, n, style);
}
