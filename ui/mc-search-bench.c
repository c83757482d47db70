/* mc-search-bench.c: keystroke → redrawn frame, in the real window.
 *
 * Keys come 120 ms apart (a quick typist on a touch screen). Each key's frame
 * is split by the frame clock's signals. Our handlers run after GTK's own, so
 * "layout" marks the END of GTK's measure and allocate and "paint" the END of
 * its snapshot and render; "before-paint" marks the start of the cycle.
 * Besides wall time it counts the main thread's CPU time from the key to its
 * frame: on a loaded machine the wall time also holds the waits for CPU and
 * for the X server's replies, the CPU time is the kiosk's own work.
 *
 * MOTCUA_BENCH_TRACE=1 prints every key's timeline to stderr as well.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

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
  gulong         before_id;
  gulong         layout_id;
  gulong         paint_id;
  gulong         after_id;
  guint          query;
  const char    *next;     /* the next character of queries[query] */
  gboolean       waiting;  /* for the frame after a keystroke */
  gint64         key_time;
  gint64         key_cpu;
  gint64         before_time;
  gint64         layout_time;
  gint64         paint_time;
  guint          frames;   /* every after-paint, keystroke or not */
  guint          relaid;   /* keystrokes whose frame had a layout phase */
  gint64         start_time;
  GArray        *frame_ms;  /* keystroke → after-paint */
  GArray        *cpu_ms;    /* the same, main thread CPU time */
  GArray        *work_ms;   /* keystroke → its handlers returned (search + rows) */
  GArray        *wait_ms;   /* keystroke → the frame clock's cycle starts */
  GArray        *layout_ms; /* cycle start → layout done (update, measure, allocate) */
  GArray        *render_ms; /* layout done → paint done (snapshot, render) */
} Bench;

static gboolean trace;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
trace_event (Bench      *bench,
             const char *what)
{
  if (trace && bench->waiting)
    fprintf (stderr, "trace %8.1f ms (cpu %6.1f ms) %s\n",
             (g_get_monotonic_time () - bench->key_time) / 1000.0,
             (thread_cpu_us () - bench->key_cpu) / 1000.0, what);
}

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
  double seconds = (g_get_monotonic_time () - bench->start_time) / 1e6;

  fprintf (stderr,
           "search-ui: %u keystrokes in %u queries, %d ms apart, GSK_RENDERER=%s\n"
           "search-ui: keystroke -> frame painted: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n"
           "search-ui: the same in main-thread CPU time: median %.1f ms, p99 %.1f ms\n"
           "search-ui: keystroke -> search and rows updated: median %.1f ms, p99 %.1f ms\n"
           "search-ui: medians: key -> frame cycle starts %.1f ms, layout %.1f ms, "
           "snapshot and render %.1f ms (%u of %u frames relaid out)\n"
           "search-ui: %u frames in %.1f s, %u of them without a keystroke\n",
           bench->frame_ms->len, (guint) G_N_ELEMENTS (queries) - 1, KEY_INTERVAL_MS,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "default",
           percentile (bench->frame_ms, 0.5), percentile (bench->frame_ms, 0.9),
           percentile (bench->frame_ms, 0.99), percentile (bench->frame_ms, 1.0),
           percentile (bench->cpu_ms, 0.5), percentile (bench->cpu_ms, 0.99),
           percentile (bench->work_ms, 0.5), percentile (bench->work_ms, 0.99),
           percentile (bench->wait_ms, 0.5), percentile (bench->layout_ms, 0.5),
           percentile (bench->render_ms, 0.5), bench->relaid, bench->frame_ms->len,
           bench->frames, seconds, bench->frames - bench->frame_ms->len);
}

static void
bench_free (Bench *bench)
{
  g_clear_signal_handler (&bench->before_id, bench->clock);
  g_clear_signal_handler (&bench->layout_id, bench->clock);
  g_clear_signal_handler (&bench->paint_id, bench->clock);
  g_clear_signal_handler (&bench->after_id, bench->clock);
  g_clear_object (&bench->clock);
  g_clear_object (&bench->entry);
  g_clear_object (&bench->window);
  g_array_unref (bench->frame_ms);
  g_array_unref (bench->cpu_ms);
  g_array_unref (bench->work_ms);
  g_array_unref (bench->wait_ms);
  g_array_unref (bench->layout_ms);
  g_array_unref (bench->render_ms);
  g_free (bench);
}

static void
append_ms (GArray *values,
           gint64  from,
           gint64  to)
{
  double ms = (to - from) / 1000.0;

  g_array_append_val (values, ms);
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  trace_event (bench, "frame cycle starts");
  if (bench->waiting && bench->before_time == 0)
    bench->before_time = g_get_monotonic_time ();
}

static void
layout_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  trace_event (bench, "layout done");
  if (bench->waiting)
    bench->layout_time = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *bench)
{
  trace_event (bench, "paint done");
  if (bench->waiting)
    bench->paint_time = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  bench->frames++;
  if (!bench->waiting)
    return;
  trace_event (bench, "after-paint");
  bench->waiting = FALSE;
  append_ms (bench->frame_ms, bench->key_time, now);
  append_ms (bench->cpu_ms, bench->key_cpu, thread_cpu_us ());
  if (bench->before_time != 0)
    append_ms (bench->wait_ms, bench->key_time, bench->before_time);
  /* A key that changes no size (a space, the same results) needs no layout. */
  if (bench->before_time != 0 && bench->layout_time != 0)
    {
      bench->relaid++;
      append_ms (bench->layout_ms, bench->before_time, bench->layout_time);
      if (bench->paint_time != 0)
        append_ms (bench->render_ms, bench->layout_time, bench->paint_time);
    }
  bench->before_time = bench->layout_time = bench->paint_time = 0;
}

static gboolean
key_cb (gpointer data)
{
  Bench *bench = data;
  const char *end;
  int position;

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
  bench->key_cpu = thread_cpu_us ();
  trace_event (bench, "key");
  gtk_editable_insert_text (bench->entry, bench->next, end - bench->next, &position);
  append_ms (bench->work_ms, bench->key_time, g_get_monotonic_time ());
  trace_event (bench, "search and rows updated");
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

  trace = g_getenv ("MOTCUA_BENCH_TRACE") != NULL;
  bench->window = g_object_ref (window);
  bench->entry = g_object_ref (entry);
  bench->clock = g_object_ref (gtk_widget_get_frame_clock (window));
  bench->start_time = g_get_monotonic_time ();
  bench->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->wait_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->layout_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->render_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->before_id = g_signal_connect (bench->clock, "before-paint",
                                       G_CALLBACK (before_paint_cb), bench);
  bench->layout_id = g_signal_connect (bench->clock, "layout",
                                       G_CALLBACK (layout_cb), bench);
  bench->paint_id = g_signal_connect (bench->clock, "paint",
                                      G_CALLBACK (paint_cb), bench);
  bench->after_id = g_signal_connect (bench->clock, "after-paint",
                                      G_CALLBACK (after_paint_cb), bench);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  g_timeout_add (KEY_INTERVAL_MS, key_cb, bench);
}
