/* mc-search-bench.c: keystroke → redrawn frame, in the real window.
 *
 * Keys come 120 ms apart (a quick typist on a touch screen): far enough apart
 * that the frame clock's 60 Hz pacing never holds a frame back, so what is
 * measured is the kiosk's own work: the search, the rows, layout and paint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "mc-search-bench.h"

#define KEY_INTERVAL_MS 120

static const char * const queries[] = {
  "khai sinh",
  "làm giấy khai sinh cho con",
  "dang ky ket hon",
  "tạm trú",
  "đăng ký thường trú",
  "chứng thực bản sao",
  "ho khau",
  "sổ đỏ",
  "xác nhận tình trạng hôn nhân",
  "khai tu",
  "căn cước",
  "trợ cấp người cao tuổi",
  "hộ nghèo",
  "chuyển nhượng quyền sử dụng đất",
  "nghia vu quan su",
  "hộ kinh doanh",
  "lí lịch tư pháp",
  "cải chính hộ tịch",
  "nhận cha mẹ con",
  "bảo hiểm y tế",
  NULL
};

typedef struct {
  GtkWidget     *window;   /* owned ref */
  GtkEditable   *entry;    /* owned ref */
  GdkFrameClock *clock;    /* owned ref */
  gulong         paint_id;
  gulong         layout_id;
  gulong         paint_start_id;
  gint64         layout_time;
  gint64         paint_time;
  GArray        *layout_ms; /* keystroke → layout phase starts (scheduling) */
  GArray        *paint_ms;  /* layout phase → paint phase (measure and allocate) */
  GArray        *render_ms; /* paint phase → after-paint (snapshot and render) */
  guint          query;
  const char    *next;     /* the next character of queries[query] */
  gboolean       waiting;  /* for the frame after a keystroke */
  gint64         key_time;
  GArray        *frame_ms; /* keystroke → after-paint */
  GArray        *work_ms;  /* keystroke → its handlers returned (search + rows) */
} Bench;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  i = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, MIN (i, values->len - 1));
}

static void
report (Bench *bench)
{
  fprintf (stderr,
           "search-ui: %u keystrokes in %u queries, %d ms apart, GSK_RENDERER=%s\n"
           "search-ui: keystroke -> frame painted: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n"
           "search-ui: keystroke -> search and rows updated: median %.1f ms, p99 %.1f ms\n"
           "search-ui: of the frame: waiting for the frame clock median %.1f ms, layout %.1f ms, "
           "snapshot and render %.1f ms\n",
           bench->frame_ms->len, (guint) G_N_ELEMENTS (queries) - 1, KEY_INTERVAL_MS,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default",
           percentile (bench->frame_ms, 0.5), percentile (bench->frame_ms, 0.9),
           percentile (bench->frame_ms, 0.99), percentile (bench->frame_ms, 1.0),
           percentile (bench->work_ms, 0.5), percentile (bench->work_ms, 0.99),
           percentile (bench->layout_ms, 0.5), percentile (bench->paint_ms, 0.5),
           percentile (bench->render_ms, 0.5));
}

static void
bench_free (Bench *bench)
{
  g_clear_signal_handler (&bench->paint_id, bench->clock);
  g_clear_signal_handler (&bench->layout_id, bench->clock);
  g_clear_signal_handler (&bench->paint_start_id, bench->clock);
  g_array_unref (bench->layout_ms);
  g_array_unref (bench->paint_ms);
  g_array_unref (bench->render_ms);
  g_clear_object (&bench->clock);
  g_clear_object (&bench->entry);
  g_clear_object (&bench->window);
  g_array_unref (bench->frame_ms);
  g_array_unref (bench->work_ms);
  g_free (bench);
}

static void
layout_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  if (bench->waiting && bench->layout_time == 0)
    bench->layout_time = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *bench)
{
  if (bench->waiting && bench->paint_time == 0)
    bench->paint_time = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  double ms;

  if (!bench->waiting)
    return;
  bench->waiting = FALSE;
  ms = (now - bench->key_time) / 1000.0;
  g_array_append_val (bench->frame_ms, ms);
  if (bench->layout_time != 0 && bench->paint_time != 0)
    {
      ms = (bench->layout_time - bench->key_time) / 1000.0;
      g_array_append_val (bench->layout_ms, ms);
      ms = (bench->paint_time - bench->layout_time) / 1000.0;
      g_array_append_val (bench->paint_ms, ms);
      ms = (now - bench->paint_time) / 1000.0;
      g_array_append_val (bench->render_ms, ms);
    }
  bench->layout_time = bench->paint_time = 0;
}

static gboolean
key_cb (gpointer data)
{
  Bench *bench = data;
  const char *end;
  int position;
  double ms;

  /* A frame still to come: wait for it rather than pile keys up. */
  if (bench->waiting)
    return G_SOURCE_CONTINUE;

  if (bench->next == NULL || *bench->next == '\0')
    {
      if (bench->next != NULL)
        bench->query++;
      if (queries[bench->query] == NULL)
        {
          report (bench);
          g_application_quit (g_application_get_default ());
          bench_free (bench);
          return G_SOURCE_REMOVE;
        }
      bench->next = queries[bench->query];
      /* A new citizen: the entry starts empty (not measured). */
      gtk_editable_set_text (bench->entry, "");
      return G_SOURCE_CONTINUE;
    }

  end = g_utf8_next_char (bench->next);
  position = -1;
  bench->waiting = TRUE;
  bench->key_time = g_get_monotonic_time ();
  gtk_editable_insert_text (bench->entry, bench->next, end - bench->next, &position);
  ms = (g_get_monotonic_time () - bench->key_time) / 1000.0;
  g_array_append_val (bench->work_ms, ms);
  bench->next = end;

  return G_SOURCE_CONTINUE;
}

void
mc_search_bench_start (GtkWidget   *window,
                       GtkEditable *entry)
{
  Bench *bench = g_new0 (Bench, 1);

  g_return_if_fail (GTK_IS_WIDGET (window));
  g_return_if_fail (GTK_IS_EDITABLE (entry));

  bench->window = g_object_ref (window);
  bench->entry = g_object_ref (entry);
  bench->clock = g_object_ref (gtk_widget_get_frame_clock (window));
  bench->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->layout_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->paint_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->render_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->paint_id = g_signal_connect (bench->clock, "after-paint",
                                      G_CALLBACK (after_paint_cb), bench);
  bench->layout_id = g_signal_connect (bench->clock, "layout",
                                       G_CALLBACK (layout_cb), bench);
  bench->paint_start_id = g_signal_connect (bench->clock, "paint",
                                            G_CALLBACK (paint_cb), bench);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  g_timeout_add (KEY_INTERVAL_MS, key_cb, bench);
}
