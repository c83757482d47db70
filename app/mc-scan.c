/* mc-scan.c: SANE in one worker thread; events back on the main context.
 *
 * The worker takes jobs from a queue (list devices, scan, quit) and keeps the
 * last opened device's handle between scans. Events (signals, task results)
 * go through one queue drained by an idle source on the owner's context, so
 * they arrive in the order they happened and the task callback comes last.
 * Cancelling is checked by the worker between two sane_read() calls, and the
 * worker calls sane_cancel() itself: SANE allows calling it from another
 * thread, but backends built on sanei_thread (the test backend among them)
 * free the reader's state in sane_cancel() while sane_read() may still use it,
 * which crashed in testing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-scan"

#include "mc-scan.h"
#include "mc-scan-private.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sane/sane.h>
#include <sane/saneopts.h>

G_DEFINE_QUARK (mc-scan-error-quark, mc_scan_error)

#define READ_BUFFER_SIZE (64 * 1024)

/* ---------------------------------------------------------- McScanDevice */

McScanDevice *
mc_scan_device_copy (const McScanDevice *device)
{
  McScanDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);

  copy = g_new0 (McScanDevice, 1);
  copy->name = g_strdup (device->name);
  copy->vendor = g_strdup (device->vendor);
  copy->model = g_strdup (device->model);
  copy->type = g_strdup (device->type);
  return copy;
}

void
mc_scan_device_free (McScanDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->vendor);
  g_free (device->model);
  g_free (device->type);
  g_free (device);
}

G_DEFINE_BOXED_TYPE (McScanDevice, mc_scan_device, mc_scan_device_copy, mc_scan_device_free)

void
mc_scan_options_init (McScanOptions *options,
                      McProfile      profile)
{
  g_return_if_fail (options != NULL);

  *options = (McScanOptions) {
    .mode = mc_profile_get_mode (profile),
    .dpi = mc_profile_get_dpi (profile),
    .source = MC_SCAN_SOURCE_FLATBED,
    .tl_x = 0, .tl_y = 0, .br_x = 0, .br_y = 0,
  };
}

/* ----------------------------------------------------------------- types */

typedef enum {
  JOB_LIST,
  JOB_OPEN,
  JOB_SCAN,
  JOB_CLOSE,
  JOB_QUIT,
} JobKind;

typedef struct {
  JobKind        kind;
  GTask         *task;        /* owned; NULL for JOB_CLOSE and JOB_QUIT */
  char          *device;      /* nullable */
  McScanOptions  options;     /* its work_dir points to @work_dir */
  char          *work_dir;    /* owned: where a scan's pages go */
} Job;

typedef enum {
  EV_PAGE_STARTED,
  EV_PROGRESS,
  EV_PAGE_DONE,
  EV_LAST_DEVICE,
  EV_SCAN_ENDED,
  EV_FINISHED,
  EV_ERROR,
  EV_RETURN,    /* complete a task */
} EventKind;

typedef struct {
  EventKind  kind;
  guint      index;
  double     fraction;
  McPage    *page;       /* owned */
  char      *device;     /* owned */
  GError    *error;      /* owned */
  GTask     *task;       /* owned */
  gpointer   result;     /* owned, for EV_RETURN: GPtrArray or GUINT_TO_POINTER */
  gboolean   is_list;
} Event;

struct _McScanner
{
  GObject        parent_instance;

  char          *work_dir;
  char          *last_device;      /* main thread only */
  guint          n_scans;          /* main thread only: scans queued or under way */
  GMainContext  *context;          /* owned: where events go */
  GThread       *thread;           /* owned */
  GAsyncQueue   *jobs;             /* of Job */

  GMutex         lock;             /* guards the fields below */
  GQueue         events;           /* of Event */
  guint          idle_pending;
  GCancellable  *current;          /* the running scan's cancellable, or NULL */
  char          *worker_last;      /* the last device, as the worker knows it */

  /* Worker thread only. */
  SANE_Handle    handle;
  char          *handle_name;
};

G_DEFINE_FINAL_TYPE (McScanner, mc_scanner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LAST_DEVICE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PAGE_STARTED,
  SIGNAL_PROGRESS,
  SIGNAL_PAGE_DONE,
  SIGNAL_FINISHED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job->device);
  g_free (job->work_dir);
  g_free (job);
}

static void
event_free (Event *ev)
{
  g_clear_object (&ev->page);
  g_free (ev->device);
  g_clear_error (&ev->error);
  if (ev->result != NULL && ev->is_list)
    g_ptr_array_unref (ev->result);
  g_clear_object (&ev->task);
  g_free (ev);
}

/* ---------------------------------------------------------------- events */

static gboolean
drain_events_cb (gpointer data)
{
  McScanner *self = data;

  for (;;)
    {
      Event *ev;

      g_mutex_lock (&self->lock);
      ev = g_queue_pop_head (&self->events);
      if (ev == NULL)
        self->idle_pending = 0;
      g_mutex_unlock (&self->lock);
      if (ev == NULL)
        break;

      switch (ev->kind)
        {
        case EV_PAGE_STARTED:
          g_signal_emit (self, signals[SIGNAL_PAGE_STARTED], 0, ev->index);
          break;
        case EV_PROGRESS:
          g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, ev->index, ev->fraction);
          break;
        case EV_PAGE_DONE:
          g_signal_emit (self, signals[SIGNAL_PAGE_DONE], 0, ev->page);
          break;
        case EV_LAST_DEVICE:
          mc_scanner_set_last_device (self, ev->device);
          break;
        case EV_SCAN_ENDED:
          /* Before the task returns: its callback may scan again at once. */
          g_assert (self->n_scans > 0);
          if (--self->n_scans == 0)
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
          break;
        case EV_FINISHED:
          g_signal_emit (self, signals[SIGNAL_FINISHED], 0, ev->index);
          break;
        case EV_ERROR:
          g_signal_emit (self, signals[SIGNAL_ERROR], 0, ev->error);
          break;
        case EV_RETURN:
          if (ev->error != NULL)
            g_task_return_error (ev->task, g_steal_pointer (&ev->error));
          else if (ev->is_list)
            g_task_return_pointer (ev->task, g_steal_pointer (&ev->result),
                                   (GDestroyNotify) g_ptr_array_unref);
          else
            g_task_return_int (ev->task, GPOINTER_TO_UINT (ev->result));
          break;
        default:
          g_assert_not_reached ();
        }
      event_free (ev);
    }

  return G_SOURCE_REMOVE;
}

/* Worker → main context. Takes ownership of @ev. The worker never holds the
 * last reference to anything that refs the scanner (tasks go to the main
 * context inside their event), or disposing would join the thread from itself. */
static void
post (McScanner *self,
      Event     *ev)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->events, ev);
  if (self->idle_pending == 0)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, drain_events_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[mc-scan] events");
      self->idle_pending = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->lock);
}

static Event *
event_new (EventKind kind)
{
  Event *ev = g_new0 (Event, 1);
  ev->kind = kind;
  return ev;
}

/* Takes ownership of @task, @result and @error. */
static void
post_return (McScanner *self,
             GTask     *task,
             gpointer   result,
             gboolean   is_list,
             GError    *error)
{
  Event *ev = event_new (EV_RETURN);

  ev->task = task;
  ev->result = result;
  ev->is_list = is_list;
  ev->error = error;
  post (self, ev);
}

/* ---------------------------------------------------------------- errors */

void
_mc_scan_set_error_from_status (GError      **error,
                                SANE_Status   status)
{
  McScanError code;
  const char *message;

  switch (status)
    {
    case SANE_STATUS_JAMMED:
      code = MC_SCAN_ERROR_JAMMED;
      message = _("Paper is jammed in the scanner. Open it, remove the paper gently and try again.");
      break;
    case SANE_STATUS_NO_DOCS:
      code = MC_SCAN_ERROR_NO_DOCS;
      message = _("The document feeder is empty. Put the pages in the feeder and try again.");
      break;
    case SANE_STATUS_COVER_OPEN:
      code = MC_SCAN_ERROR_COVER_OPEN;
      message = _("The scanner’s cover is open. Close it and try again.");
      break;
    case SANE_STATUS_CANCELLED:
      code = MC_SCAN_ERROR_CANCELLED;
      message = _("Scanning was cancelled.");
      break;
    case SANE_STATUS_NO_MEM:
      code = MC_SCAN_ERROR_NO_MEMORY;
      message = _("The scanner or the kiosk ran out of memory. Try a lower resolution.");
      break;
    case SANE_STATUS_DEVICE_BUSY:
      code = MC_SCAN_ERROR_BUSY;
      message = _("The scanner is busy. Wait a moment and try again.");
      break;
    case SANE_STATUS_ACCESS_DENIED:
      code = MC_SCAN_ERROR_ACCESS_DENIED;
      message = _("The kiosk is not allowed to use this scanner. Call a clerk.");
      break;
    case SANE_STATUS_IO_ERROR:
    case SANE_STATUS_INVAL:
      code = MC_SCAN_ERROR_DEVICE_GONE;
      message = _("The scanner does not answer. Check that it is plugged in and switched on, then try again.");
      break;
    case SANE_STATUS_UNSUPPORTED:
      code = MC_SCAN_ERROR_UNSUPPORTED;
      message = _("The scanner cannot do this.");
      break;
    default:
      code = MC_SCAN_ERROR_FAILED;
      message = _("The scanner reported a problem. Try again, or call a clerk.");
      break;
    }
  g_set_error_literal (error, MC_SCAN_ERROR, code, message);
}

/* ---------------------------------------------------------------- worker */

static void
close_handle (McScanner *self)
{
  if (self->handle == NULL)
    return;
  sane_close (self->handle);
  self->handle = NULL;
  g_clear_pointer (&self->handle_name, g_free);
}

static GPtrArray *
list_devices (GError **error)
{
  const SANE_Device **list = NULL;
  SANE_Status status;
  GPtrArray *devices;

  status = sane_get_devices (&list, SANE_FALSE);
  if (status != SANE_STATUS_GOOD)
    {
      g_debug ("sane_get_devices: %s", sane_strstatus (status));
      _mc_scan_set_error_from_status (error, status);
      return NULL;
    }
  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scan_device_free);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      McScanDevice d = {
        (char *) list[i]->name, (char *) list[i]->vendor,
        (char *) list[i]->model, (char *) list[i]->type,
      };
      g_ptr_array_add (devices, mc_scan_device_copy (&d));
    }
  g_debug ("%u scanner(s) found", devices->len);
  return devices;
}

static int
find_option (SANE_Handle                    h,
             const char                    *name,
             const SANE_Option_Descriptor **desc_out)
{
  for (int i = 1;; i++)
    {
      const SANE_Option_Descriptor *d = sane_get_option_descriptor (h, i);

      if (d == NULL)
        return -1;
      if (d->name != NULL && strcmp (d->name, name) == 0)
        {
          if (!SANE_OPTION_IS_ACTIVE (d->cap) || !SANE_OPTION_IS_SETTABLE (d->cap))
            return -1;
          *desc_out = d;
          return i;
        }
    }
}

static SANE_Status
set_string_option (SANE_Handle  h,
                   const char  *name,
                   const char  *value)
{
  const SANE_Option_Descriptor *d;
  g_autofree char *buf = NULL;
  int i = find_option (h, name, &d);

  if (i < 0 || d->type != SANE_TYPE_STRING)
    return SANE_STATUS_UNSUPPORTED;
  buf = g_malloc0 (MAX ((gsize) d->size, strlen (value) + 1));
  strcpy (buf, value);
  return sane_control_option (h, i, SANE_ACTION_SET_VALUE, buf, NULL);
}

/* Sets an INT or FIXED option to @value (clamped to a range constraint, the
 * nearest of a word list; a negative @value means the range's maximum);
 * @actual (nullable) receives the value the device settled on. */
static SANE_Status
set_number_option (SANE_Handle  h,
                   const char  *name,
                   double       value,
                   double      *actual)
{
  const SANE_Option_Descriptor *d;
  int i = find_option (h, name, &d);
  SANE_Word w;
  SANE_Status status;

  if (i < 0 || (d->type != SANE_TYPE_INT && d->type != SANE_TYPE_FIXED) || d->size != sizeof (SANE_Word))
    return SANE_STATUS_UNSUPPORTED;
  if (d->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      double lo = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (d->constraint.range->min) : d->constraint.range->min;
      double hi = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (d->constraint.range->max) : d->constraint.range->max;

      if (value < 0)   /* "as far as it goes" */
        value = hi;
      value = CLAMP (value, lo, hi);
    }
  else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST && d->constraint.word_list[0] > 0)
    {
      /* The nearest listed value. */
      const SANE_Word *list = d->constraint.word_list;
      double best = 0, best_diff = G_MAXDOUBLE;

      for (int k = 1; k <= list[0]; k++)
        {
          double v = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (list[k]) : list[k];
          if (fabs (v - value) < best_diff)
            {
              best_diff = fabs (v - value);
              best = v;
            }
        }
      value = best;
    }
  w = d->type == SANE_TYPE_FIXED ? SANE_FIX (value) : (SANE_Word) lround (value);
  status = sane_control_option (h, i, SANE_ACTION_SET_VALUE, &w, NULL);
  if (status == SANE_STATUS_GOOD && actual != NULL
      && sane_control_option (h, i, SANE_ACTION_GET_VALUE, &w, NULL) == SANE_STATUS_GOOD)
    *actual = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (w) : w;
  return status;
}

/* Picks the source value for @source among the device's list. */
static const char *
find_source (SANE_Handle  h,
             McScanSource source)
{
  const SANE_Option_Descriptor *d;
  int i = find_option (h, SANE_NAME_SCAN_SOURCE, &d);

  if (i < 0 || d->type != SANE_TYPE_STRING || d->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return NULL;
  for (int k = 0; d->constraint.string_list[k] != NULL; k++)
    {
      const char *v = d->constraint.string_list[k];
      g_autofree char *lower = g_ascii_strdown (v, -1);
      gboolean is_adf = strstr (lower, "adf") != NULL || strstr (lower, "feeder") != NULL;

      /* Duplex ADF modes are left out: one side is what the kiosk wants. */
      if (source == MC_SCAN_SOURCE_ADF && is_adf && strstr (lower, "duplex") == NULL)
        return v;
      if (source == MC_SCAN_SOURCE_FLATBED && (strstr (lower, "flatbed") != NULL || strstr (lower, "normal") != NULL))
        return v;
    }
  return NULL;
}

static gboolean
configure (SANE_Handle           h,
           const McScanOptions  *o,
           guint                *dpi_out,
           GError              **error)
{
  const char *source = find_source (h, o->source);
  double dpi = o->dpi;
  SANE_Status status;

  if (source != NULL)
    set_string_option (h, SANE_NAME_SCAN_SOURCE, source);
  else if (o->source == MC_SCAN_SOURCE_ADF)
    {
      g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_UNSUPPORTED,
                           _("This scanner has no document feeder. Scan the pages one by one on the glass."));
      return FALSE;
    }

  status = set_string_option (h, SANE_NAME_SCAN_MODE,
                              o->mode == MC_PAGE_COLOR ? SANE_VALUE_SCAN_MODE_COLOR
                                                       : SANE_VALUE_SCAN_MODE_GRAY);
  if (status != SANE_STATUS_GOOD)
    g_debug ("mode not set: %s", sane_strstatus (status));
  set_number_option (h, SANE_NAME_BIT_DEPTH, 8, NULL);
  set_number_option (h, SANE_NAME_SCAN_RESOLUTION, o->dpi, &dpi);

  /* Top-left first, so the bottom-right is not refused as lying before it. */
  set_number_option (h, SANE_NAME_SCAN_TL_X, o->tl_x, NULL);
  set_number_option (h, SANE_NAME_SCAN_TL_Y, o->tl_y, NULL);
  set_number_option (h, SANE_NAME_SCAN_BR_X, o->br_x > 0 ? o->br_x : -1, NULL);
  set_number_option (h, SANE_NAME_SCAN_BR_Y, o->br_y > 0 ? o->br_y : -1, NULL);

  *dpi_out = (guint) MAX (1, lround (dpi));
  return TRUE;
}

/* Before sane_cancel() after sane_read() failed: lets the backend's reader
 * get past its start-up. Backends built on sanei_thread (the test backend,
 * and many USB ones) read the device in a thread that libsane makes
 * asynchronously cancellable, and their sane_cancel() pthread_cancel()s and
 * joins it. A reader cancelled while inside malloc() keeps the heap's lock,
 * deadlocks on it as it exits, and sane_cancel() never returns: that is how
 * the test backend's "read-status-code" (JAMMED, COVER_OPEN...) hung, since
 * its sane_read() fails at once, while the reader sane_start() created is
 * still allocating its picture. Once the reader has sent data it is only
 * writing to its pipe (or blocked there), where cancelling it is harmless.
 * So: wait for data on the backend's select fd when it has one; without one,
 * give the reader a moment. Bounded either way: a backend whose reader died
 * has nothing to wait for. */
static void
settle_reader (SANE_Handle h)
{
  SANE_Int fd = -1;

  if (sane_get_select_fd (h, &fd) == SANE_STATUS_GOOD && fd >= 0)
    {
      struct pollfd p = { .fd = fd, .events = POLLIN };
      int r;

      do
        r = poll (&p, 1, 2000);
      while (r < 0 && errno == EINTR);
      g_debug ("reader settled: poll %d, revents 0x%x", r, (guint) p.revents);
    }
  else
    g_usleep (250 * G_TIME_SPAN_MILLISECOND);
}

/* Reads one page (after a good sane_start) into a raw file. */
static McPage *
read_page (McScanner     *self,
           const char    *work_dir,
           SANE_Handle    h,
           guint          index,
           guint          dpi,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *path = g_build_filename (work_dir, "scan-XXXXXX.raw", NULL);
  g_autofree guint8 *buf = NULL;
  g_autofree guint8 *line = NULL;
  g_autofree guint8 *out = NULL;
  SANE_Parameters p;
  SANE_Status status;
  gsize line_fill = 0;
  int ch, width, lines = 0;
  gint64 total, got = 0;
  double last_fraction = -1;
  FILE *f;
  int fd;

  status = sane_get_parameters (h, &p);
  if (status != SANE_STATUS_GOOD)
    {
      _mc_scan_set_error_from_status (error, status);
      return NULL;
    }
  if ((p.format != SANE_FRAME_GRAY && p.format != SANE_FRAME_RGB) || !p.last_frame
      || (p.depth != 8 && p.depth != 16 && !(p.depth == 1 && p.format == SANE_FRAME_GRAY))
      || p.pixels_per_line <= 0 || p.bytes_per_line <= 0)
    {
      g_debug ("unsupported frame: format %d depth %d", p.format, p.depth);
      g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_UNSUPPORTED,
                           _("The scanner sends images in a form the kiosk cannot read."));
      return NULL;
    }
  ch = p.format == SANE_FRAME_RGB ? 3 : 1;
  width = p.pixels_per_line;
  total = p.lines > 0 ? (gint64) p.lines * p.bytes_per_line : -1;

  if (g_mkdir_with_parents (work_dir, 0700) != 0 || (fd = g_mkstemp (path)) < 0
      || (f = fdopen (fd, "wb")) == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_DISK,
                   _("Could not save the scanned page: %s"), g_strerror (saved_errno));
      return NULL;
    }

  buf = g_malloc (READ_BUFFER_SIZE);
  line = g_malloc (p.bytes_per_line);
  out = g_malloc ((gsize) width * ch);

  for (;;)
    {
      SANE_Int len = 0;

      if (g_cancellable_is_cancelled (cancellable))
        {
          status = SANE_STATUS_CANCELLED;
          break;
        }
      status = sane_read (h, buf, READ_BUFFER_SIZE, &len);
      if (status != SANE_STATUS_GOOD)
        break;
      got += len;

      for (SANE_Int k = 0; k < len;)
        {
          gsize n = MIN ((gsize) (len - k), (gsize) p.bytes_per_line - line_fill);

          memcpy (line + line_fill, buf + k, n);
          line_fill += n;
          k += n;
          if (line_fill < (gsize) p.bytes_per_line)
            continue;
          line_fill = 0;

          if (p.depth == 8)
            memcpy (out, line, (gsize) width * ch);
          else if (p.depth == 16)
            for (int x = 0; x < width * ch; x++)
              out[x] = ((guint16 *) line)[x] >> 8;   /* host byte order, says SANE */
          else
            for (int x = 0; x < width; x++)
              out[x] = (line[x / 8] & (0x80 >> (x % 8))) ? 0 : 255;  /* 1 = black */
          if (fwrite (out, 1, (gsize) width * ch, f) != (gsize) width * ch)
            {
              int saved_errno = errno;
              fclose (f);
              g_unlink (path);
              sane_cancel (h);
              g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_DISK,
                           _("Could not save the scanned page: %s"), g_strerror (saved_errno));
              return NULL;
            }
          lines++;
        }

      if (total > 0)
        {
          double fraction = MIN (1.0, (double) got / total);

          if (fraction - last_fraction >= 0.02)
            {
              Event *ev = event_new (EV_PROGRESS);
              ev->index = index;
              ev->fraction = fraction;
              post (self, ev);
              last_fraction = fraction;
            }
        }
      else if (last_fraction == -1)
        {
          Event *ev = event_new (EV_PROGRESS);
          ev->index = index;
          ev->fraction = -1;
          post (self, ev);
          last_fraction = -2;
        }
    }

  if (status != SANE_STATUS_EOF)
    {
      g_debug ("sane_read: %s after %d lines", sane_strstatus (status), lines);
      fclose (f);
      g_unlink (path);
      /* Our own cancel after data came needs no wait: the reader is past
       * its start-up then. */
      if (got == 0 || !g_cancellable_is_cancelled (cancellable))
        settle_reader (h);
      sane_cancel (h);
      /* Whatever a cancelled backend says on its way out, it was a cancel. */
      _mc_scan_set_error_from_status (error, g_cancellable_is_cancelled (cancellable) ? SANE_STATUS_CANCELLED
                                                                       : status);
      return NULL;
    }
  if (fclose (f) != 0 || lines == 0)
    {
      int saved_errno = lines == 0 ? EIO : errno;
      g_unlink (path);
      if (lines == 0)
        _mc_scan_set_error_from_status (error, SANE_STATUS_IO_ERROR);
      else
        g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_DISK,
                     _("Could not save the scanned page: %s"), g_strerror (saved_errno));
      return NULL;
    }
  g_debug ("page %u: %d×%d at %u dpi", index, width, lines, dpi);
  return mc_page_new_take_file (path, width, lines, dpi,
                                ch == 3 ? MC_PAGE_COLOR : MC_PAGE_GRAY);
}

/* Opens @name (or reuses the open handle). */
static gboolean
open_device (McScanner   *self,
             const char  *name,
             GError     **error)
{
  SANE_Status status;

  if (self->handle != NULL && g_strcmp0 (self->handle_name, name) == 0)
    return TRUE;
  close_handle (self);
  status = sane_open (name, &self->handle);
  if (status != SANE_STATUS_GOOD)
    {
      g_debug ("sane_open: %s", sane_strstatus (status));
      self->handle = NULL;
      if (status == SANE_STATUS_INVAL || status == SANE_STATUS_IO_ERROR)
        g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_DEVICE_GONE,
                             _("The scanner is not connected or does not answer. Check its cable and power, then try again."));
      else
        _mc_scan_set_error_from_status (error, status);
      return FALSE;
    }
  self->handle_name = g_strdup (name);
  return TRUE;
}

static guint
do_scan (McScanner    *self,
         Job          *job,
         GCancellable *cancellable,
         GError      **error)
{
  g_autofree char *name = NULL;
  SANE_Handle h;
  guint dpi = job->options.dpi;
  guint n_pages = 0;

  if (job->device != NULL && job->device[0] != '\0')
    name = g_strdup (job->device);
  else
    {
      g_mutex_lock (&self->lock);
      name = g_strdup (self->worker_last);
      g_mutex_unlock (&self->lock);
    }
  if (name == NULL || name[0] == '\0')
    {
      g_autoptr(GPtrArray) devices = list_devices (error);

      if (devices == NULL)
        return 0;
      if (devices->len == 0)
        {
          g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_NO_SCANNER,
                               _("No scanner was found. You can bring your papers as files on a USB stick instead."));
          return 0;
        }
      g_free (name);
      name = g_strdup (((McScanDevice *) g_ptr_array_index (devices, 0))->name);
    }

  if (!open_device (self, name, error))
    return 0;
  h = self->handle;
  if (!configure (h, &job->options, &dpi, error))
    return 0;

  for (guint index = 0;; index++)
    {
      g_autoptr(McPage) page = NULL;
      SANE_Status status;
      Event *ev;

      if (g_cancellable_is_cancelled (cancellable))
        {
          _mc_scan_set_error_from_status (error, SANE_STATUS_CANCELLED);
          break;
        }
      ev = event_new (EV_PAGE_STARTED);
      ev->index = index;
      post (self, ev);

      status = sane_start (h);
      if (status == SANE_STATUS_NO_DOCS && index > 0)
        break;   /* the feeder is empty: the batch is done */
      if (status != SANE_STATUS_GOOD)
        {
          g_debug ("sane_start: %s", sane_strstatus (status));
          sane_cancel (h);
          _mc_scan_set_error_from_status (error, g_cancellable_is_cancelled (cancellable) ? SANE_STATUS_CANCELLED
                                                                           : status);
          break;
        }
      page = read_page (self, job->work_dir, h, index, dpi, cancellable, error);
      if (page == NULL)
        break;

      n_pages++;
      ev = event_new (EV_PAGE_DONE);
      ev->page = g_steal_pointer (&page);
      post (self, ev);

      if (job->options.source != MC_SCAN_SOURCE_ADF)
        break;
    }
  sane_cancel (h);

  if (error != NULL && *error != NULL)
    {
      if (g_error_matches (*error, MC_SCAN_ERROR, MC_SCAN_ERROR_DEVICE_GONE))
        close_handle (self);
      return 0;
    }

  g_mutex_lock (&self->lock);
  g_free (self->worker_last);
  self->worker_last = g_strdup (name);
  g_mutex_unlock (&self->lock);
  {
    Event *ev = event_new (EV_LAST_DEVICE);
    ev->device = g_strdup (name);
    post (self, ev);
  }
  return n_pages;
}

static void
run_scan_job (McScanner *self,
              Job       *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  GError *error = NULL;
  guint n_pages;
  Event *ev;

  g_mutex_lock (&self->lock);
  g_set_object (&self->current, cancellable);
  g_mutex_unlock (&self->lock);

  n_pages = do_scan (self, job, cancellable, &error);

  g_mutex_lock (&self->lock);
  g_clear_object (&self->current);
  g_mutex_unlock (&self->lock);

  if (error != NULL)
    {
      ev = event_new (EV_ERROR);
      ev->error = g_error_copy (error);
      post (self, ev);
    }
  else
    {
      ev = event_new (EV_FINISHED);
      ev->index = n_pages;
      post (self, ev);
    }
  post (self, event_new (EV_SCAN_ENDED));
  post_return (self, g_steal_pointer (&job->task), GUINT_TO_POINTER (n_pages), FALSE, error);
}

static gpointer
worker_thread (gpointer data)
{
  McScanner *self = data;
  SANE_Int version = 0;
  SANE_Status status;

  status = sane_init (&version, NULL);
  g_debug ("sane_init: %s (SANE %d.%d.%d)", sane_strstatus (status),
           SANE_VERSION_MAJOR (version), SANE_VERSION_MINOR (version),
           SANE_VERSION_BUILD (version));

  for (;;)
    {
      Job *job = g_async_queue_pop (self->jobs);

      if (job->kind == JOB_QUIT)
        {
          job_free (job);
          break;
        }
      if (status != SANE_STATUS_GOOD)
        {
          GError *error = NULL;
          _mc_scan_set_error_from_status (&error, status);
          post_return (self, g_steal_pointer (&job->task), NULL, job->kind == JOB_LIST, error);
        }
      else if (job->kind == JOB_CLOSE)
        {
          g_debug ("closing the scanner (%s)", self->handle != NULL ? "open" : "not open");
          close_handle (self);
        }
      else if (job->kind == JOB_OPEN)
        {
          GError *error = NULL;

          if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->task), &error))
            open_device (self, job->device, &error);
          g_debug ("remembered scanner %s", error == NULL ? "answers" : "does not answer");
          post_return (self, g_steal_pointer (&job->task), GUINT_TO_POINTER (error == NULL),
                       FALSE, error);
        }
      else if (job->kind == JOB_LIST)
        {
          GError *error = NULL;
          GPtrArray *devices = NULL;

          if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->task), &error))
            devices = list_devices (&error);
          post_return (self, g_steal_pointer (&job->task), devices, TRUE, error);
        }
      else
        run_scan_job (self, job);
      job_free (job);
    }

  close_handle (self);
  if (status == SANE_STATUS_GOOD)
    sane_exit ();
  return NULL;
}

/* ---------------------------------------------------------------- object */

static void
mc_scanner_dispose (GObject *object)
{
  McScanner *self = MC_SCANNER (object);

  if (self->thread != NULL)
    {
      Job *quit = g_new0 (Job, 1);

      mc_scanner_cancel (self);
      quit->kind = JOB_QUIT;
      g_async_queue_push (self->jobs, quit);
      g_thread_join (self->thread);
      self->thread = NULL;
    }

  G_OBJECT_CLASS (mc_scanner_parent_class)->dispose (object);
}

static void
mc_scanner_finalize (GObject *object)
{
  McScanner *self = MC_SCANNER (object);

  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_async_queue_unref (self->jobs);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_free (self->work_dir);
  g_free (self->last_device);
  g_free (self->worker_last);

  G_OBJECT_CLASS (mc_scanner_parent_class)->finalize (object);
}

static void
mc_scanner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McScanner *self = MC_SCANNER (object);

  switch (prop_id)
    {
    case PROP_LAST_DEVICE:
      g_value_set_string (value, self->last_device);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->n_scans > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_scanner_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  McScanner *self = MC_SCANNER (object);

  switch (prop_id)
    {
    case PROP_LAST_DEVICE:
      mc_scanner_set_last_device (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_scanner_class_init (McScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_scanner_dispose;
  object_class->finalize = mc_scanner_finalize;
  object_class->get_property = mc_scanner_get_property;
  object_class->set_property = mc_scanner_set_property;

  properties[PROP_LAST_DEVICE] =
    g_param_spec_string ("last-device", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PAGE_STARTED] =
    g_signal_new ("page-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_DOUBLE);
  signals[SIGNAL_PAGE_DONE] =
    g_signal_new ("page-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_PAGE);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mc_scanner_init (McScanner *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->events);
  self->jobs = g_async_queue_new_full ((GDestroyNotify) job_free);
  self->context = g_main_context_ref_thread_default ();
}

McScanner *
mc_scanner_new (const char *work_dir)
{
  McScanner *self;

  g_return_val_if_fail (work_dir != NULL, NULL);

  self = g_object_new (MC_TYPE_SCANNER, NULL);
  self->work_dir = g_strdup (work_dir);
  self->thread = g_thread_new ("mc-scan", worker_thread, self);
  return self;
}

const char *
mc_scanner_get_last_device (McScanner *self)
{
  g_return_val_if_fail (MC_IS_SCANNER (self), NULL);
  return self->last_device;
}

void
mc_scanner_set_last_device (McScanner  *self,
                            const char *name)
{
  g_return_if_fail (MC_IS_SCANNER (self));

  if (g_strcmp0 (self->last_device, name) == 0)
    return;
  g_free (self->last_device);
  self->last_device = g_strdup (name);
  g_mutex_lock (&self->lock);
  g_free (self->worker_last);
  self->worker_last = g_strdup (name);
  g_mutex_unlock (&self->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_DEVICE]);
}

gboolean
mc_scanner_get_busy (McScanner *self)
{
  g_return_val_if_fail (MC_IS_SCANNER (self), FALSE);
  return self->n_scans > 0;
}

void
mc_scanner_list_devices_async (McScanner           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (MC_IS_SCANNER (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_LIST;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, mc_scanner_list_devices_async);
  g_async_queue_push (self->jobs, job);
}

GPtrArray *
mc_scanner_list_devices_finish (McScanner     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_scanner_list_devices_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mc_scanner_open_device_async (McScanner           *self,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (MC_IS_SCANNER (self));
  g_return_if_fail (name != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_OPEN;
  job->device = g_strdup (name);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, mc_scanner_open_device_async);
  g_async_queue_push (self->jobs, job);
}

gboolean
mc_scanner_open_device_finish (McScanner     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_scanner_open_device_async, FALSE);

  return g_task_propagate_int (G_TASK (result), error) > 0;
}

void
mc_scanner_scan_async (McScanner           *self,
                       const char          *device,
                       const McScanOptions *options,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GCancellable) own = NULL;
  Job *job;

  g_return_if_fail (MC_IS_SCANNER (self));
  g_return_if_fail (options != NULL);

  /* A cancellable of our own, so mc_scanner_cancel() always has one. */
  if (cancellable == NULL)
    cancellable = own = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->kind = JOB_SCAN;
  job->device = g_strdup (device);
  job->options = *options;
  job->work_dir = g_strdup (options->work_dir != NULL ? options->work_dir : self->work_dir);
  job->options.work_dir = job->work_dir;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, mc_scanner_scan_async);
  /* The worker reports cancellation itself, after the pages it kept. */
  g_task_set_check_cancellable (job->task, FALSE);
  if (self->n_scans++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_async_queue_push (self->jobs, job);
}

guint
mc_scanner_scan_finish (McScanner     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_scanner_scan_async, 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n < 0 ? 0 : (guint) n;
}

void
mc_scanner_cancel (McScanner *self)
{
  g_autoptr(GCancellable) current = NULL;

  g_return_if_fail (MC_IS_SCANNER (self));

  g_mutex_lock (&self->lock);
  if (self->current != NULL)
    current = g_object_ref (self->current);
  g_mutex_unlock (&self->lock);
  if (current != NULL)
    g_cancellable_cancel (current);
}

void
mc_scanner_close_device (McScanner *self)
{
  Job *job;

  g_return_if_fail (MC_IS_SCANNER (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_CLOSE;
  g_async_queue_push (self->jobs, job);
}
