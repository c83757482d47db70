/* mc-sync.c: the outbox worker.
 *
 * One thread owns its own McStore and McPortal and walks the outbox oldest
 * first. How a failed attempt is treated depends on its class (mc-portal.h):
 *   NETWORK    the link is down: the entry goes back untouched (no attempt
 *              spent), the whole queue pauses, and the health endpoint is
 *              probed with its own backoff until the portal answers again;
 *   TRANSIENT, PROTOCOL
 *              the entry is retried after a full-jitter backoff, or the
 *              portal's Retry-After when that is longer;
 *   PERMANENT  the entry is rejected, with the portal's reason.
 * The idempotency key never changes, so a retry after a lost reply fetches the
 * receipt of the dossier the portal already has.
 *
 * An entry with attachments first uploads each of them (tus, in chunks; the
 * confirmed offset is stored after every chunk, so a killed process resumes
 * from what the portal has), then submits the dossier listing their upload
 * ids. Each file is checked against its recorded SHA-256 before it is sent:
 * a damaged one quarantines the entry (REJECTED, with the reason) and nothing
 * of it is sent. A cut in the middle of a chunk is retried at once after a
 * HEAD (a link that answers HEAD is up); only a second cut in a row counts as
 * the link being down.
 *
 * The thread reports on the main context of whoever created the McSync. It
 * never touches the GObject itself: it talks through a small refcounted
 * Reporter that dispose detaches, so a report arriving late is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#define G_LOG_DOMAIN "mc-sync"

#include "mc-sync.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-portal.h"
#include "mc-portal-private.h"
#include "mc-store.h"
#include "mc-store-private.h"

/* The first health re-probe after the link went down; doubles up to retry_max. */
#define PROBE_INITIAL_S 5
/* While idle and online, the link is re-checked this often. */
#define IDLE_PROBE_S 60
/* A Retry-After beyond this is not believed. */
#define RETRY_AFTER_MAX_S (24 * 3600)
/* Within one attempt at one attachment: connection cuts in a row, refused
 * chunks (checksum or offset), and re-creations, before giving up for now. */
#define UPLOAD_MAX_CUTS 3
#define UPLOAD_MAX_MISMATCHES 3
#define UPLOAD_MAX_RECREATIONS 2

typedef struct
{
  McSync *sync;  /* nullable: unowned, touched on the main context only */
} Reporter;

struct _McSync
{
  GObject       parent_instance;

  char         *data_dir;
  char         *portal_url;
  char         *kiosk_id;
  guint         retry_initial_s;
  guint         retry_max_s;
  guint         timeout_s;
  guint         chunk_bytes;

  GMainContext *context;   /* owned: where we report */
  Reporter     *reporter;  /* owned ref (atomic rc box) */

  GThread      *thread;    /* nullable */
  GMutex        mutex;
  GCond         cond;
  gint          stop;      /* atomic; also read under mutex */
  gboolean      wake;      /* under mutex */

  /* Main-context side. */
  McLinkState      link_state;
  guint            waiting;
  GNetworkMonitor *monitor;  /* nullable, owned */
  gulong           monitor_handler;
};

G_DEFINE_FINAL_TYPE (McSync, mc_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LINK_STATE,
  PROP_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ENTRY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

guint
mc_backoff_delay (guint attempt,
                  guint initial_s,
                  guint max_s)
{
  guint cap;

  initial_s = MAX (initial_s, 1);
  max_s = MAX (max_s, 1);
  cap = MIN (initial_s, max_s);

  for (guint i = 1; i < attempt && cap < max_s; i++)
    cap = (cap > G_MAXUINT / 2) ? G_MAXUINT : cap * 2;
  cap = MIN (cap, max_s);

  if (cap <= 1)
    return 1;

  return (guint) g_random_int_range (1, (gint32) MIN (cap, (guint) G_MAXINT32 - 1) + 1);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Reports, from the worker to the main context. */

typedef enum {
  REPORT_LINK,
  REPORT_WAITING,
  REPORT_ENTRY,
} ReportKind;

typedef struct
{
  Reporter   *reporter;  /* owned ref */
  ReportKind  kind;
  gint64      value;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_atomic_rc_box_release (report->reporter);
  g_free (report);
}

static gboolean
report_cb (gpointer data)
{
  Report *report = data;
  g_autoptr(McSync) self = NULL;

  if (report->reporter->sync == NULL)
    return G_SOURCE_REMOVE;

  self = g_object_ref (report->reporter->sync);

  switch (report->kind)
    {
    case REPORT_LINK:
      if (self->link_state != (McLinkState) report->value)
        {
          self->link_state = report->value;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK_STATE]);
        }
      break;

    case REPORT_WAITING:
      if (self->waiting != (guint) report->value)
        {
          self->waiting = report->value;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
        }
      break;

    case REPORT_ENTRY:
      g_signal_emit (self, signals[ENTRY_CHANGED], 0, report->value);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

/* The work itself, shared by the thread and mc_sync_run_blocking(). */

typedef struct
{
  McStore      *store;           /* owned */
  McPortal     *portal;          /* owned */
  guint         retry_initial_s;
  guint         retry_max_s;
  guint         chunk_bytes;
  gint64        known_max_attachment;  /* the limits last stored */
  gint64        known_max_dossier;
  const gint   *stop;            /* nullable, not owned */
  int           lock_fd;         /* owned: held while this worker runs */
  McLinkState   link;
  guint         probe_delay_s;
  guint         delivered;
  GMainContext *context;         /* nullable: where to report */
  Reporter     *reporter;        /* nullable */
} Worker;

typedef enum {
  ATTEMPT_DELIVERED,
  ATTEMPT_RETRY,
  ATTEMPT_POSTPONED,
  ATTEMPT_REJECTED,
  ATTEMPT_STORE_FAILED,
} AttemptResult;

static void
worker_report (Worker     *w,
               ReportKind  kind,
               gint64      value)
{
  Report *report;

  if (w->reporter == NULL)
    return;

  report = g_new0 (Report, 1);
  report->reporter = g_atomic_rc_box_acquire (w->reporter);
  report->kind = kind;
  report->value = value;
  g_main_context_invoke_full (w->context, G_PRIORITY_DEFAULT, report_cb, report, report_free);
}

static void
worker_set_link (Worker      *w,
                 McLinkState  link,
                 const char  *why)
{
  if (w->link == link)
    return;

  /* The kiosk's journal wants link changes; motcua-ctl reports them itself. */
  if (w->reporter != NULL && link == MC_LINK_OFFLINE)
    g_message ("Portal link is down: %s", why != NULL ? why : "?");
  else if (w->reporter != NULL && link == MC_LINK_ONLINE)
    g_message ("Portal link is up");
  else
    g_debug ("Portal link: %d (%s)", link, why != NULL ? why : "");

  w->link = link;
  worker_report (w, REPORT_LINK, link);
}

static void
worker_clear (Worker *w)
{
  if (w->lock_fd >= 0)
    close (w->lock_fd);
  w->lock_fd = -1;
  g_clear_pointer (&w->store, mc_store_close);
  g_clear_pointer (&w->portal, mc_portal_free);
  g_clear_pointer (&w->context, g_main_context_unref);
  if (w->reporter != NULL)
    g_atomic_rc_box_release (g_steal_pointer (&w->reporter));
}

/* TRUE when the portal answers its health check. */
static gboolean
worker_probe (Worker  *w,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  McPortalInfo info;

  if (mc_portal_health (w->portal, &info, &local_error))
    {
      g_debug ("Health: protocol %d", info.protocol);
      if (info.max_attachment_bytes != w->known_max_attachment ||
          info.max_dossier_bytes != w->known_max_dossier)
        {
          g_autoptr(GError) store_error = NULL;

          /* The kiosk refuses too-large files at the attach step with these. */
          if (mc_store_set_portal_limits (w->store, info.max_attachment_bytes,
                                          info.max_dossier_bytes, &store_error))
            {
              w->known_max_attachment = info.max_attachment_bytes;
              w->known_max_dossier = info.max_dossier_bytes;
            }
          else
            g_message ("Cannot store the portal’s limits: %s", store_error->message);
        }
      w->probe_delay_s = MIN (PROBE_INITIAL_S, w->retry_max_s);
      worker_set_link (w, MC_LINK_ONLINE, NULL);
      return TRUE;
    }

  worker_set_link (w, MC_LINK_OFFLINE, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The delay before the next probe of a link that is down, growing each time. */
static guint
worker_next_probe_delay (Worker *w)
{
  guint delay = w->probe_delay_s;

  w->probe_delay_s = MIN (MAX (w->probe_delay_s, 1) * 2, w->retry_max_s);
  return delay;
}

static gboolean
worker_stopping (Worker *w)
{
  return w->stop != NULL && g_atomic_int_get (w->stop) != 0;
}

static gboolean
store_attachment (Worker        *w,
                  McAttachment  *a,
                  GError       **error)
{
  return mc_store_update_attachment (w->store, a->id, a->upload_url, a->offset, a->state, error);
}

/* Uploads one attachment completely, resuming from what the portal has. */
static gboolean
worker_upload (Worker        *w,
               McOutboxEntry *entry,
               McAttachment  *a,
               guint         *out_retry_after,
               GError       **error)
{
  guint cuts = 0, mismatches = 0, recreations = 0;
  gboolean ask_offset = (a->upload_url != NULL);
  int fd;

  /* Never send something that is not what the citizen handed in. */
  if (!mc_store_verify_attachment (w->store, a, error))
    return FALSE;

  fd = g_open (a->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED,
                   _("The attachment “%s” is damaged on disk: %s"),
                   a->filename, g_strerror (saved_errno));
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 offset = 0;

      if (worker_stopping (w))
        {
          g_set_error_literal (&local_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK,
                               _("Stopped"));
          goto failed;
        }

      if (a->upload_url == NULL)
        {
          g_autofree char *url = mc_portal_upload_create (w->portal, a->client_key, a->size,
                                                          a->filename, a->content_type,
                                                          a->sha256, &offset, out_retry_after,
                                                          &local_error);

          if (url == NULL)
            goto classify;

          g_debug ("#%" G_GINT64_FORMAT ": attachment %u created, offset %" G_GINT64_FORMAT,
                   entry->id, a->position, offset);
          g_free (a->upload_url);
          a->upload_url = g_steal_pointer (&url);
          a->offset = MIN (offset, a->size);
          a->state = MC_ATTACHMENT_UPLOADING;
          if (!store_attachment (w, a, error))
            break;
          ask_offset = FALSE;
        }
      else if (ask_offset)
        {
          if (!mc_portal_upload_offset (w->portal, a->upload_url, &offset, out_retry_after,
                                        &local_error))
            goto classify;

          g_debug ("#%" G_GINT64_FORMAT ": attachment %u at %" G_GINT64_FORMAT " of %"
                   G_GINT64_FORMAT, entry->id, a->position, offset, a->size);
          a->offset = MIN (offset, a->size);
          a->state = MC_ATTACHMENT_UPLOADING;
          if (!store_attachment (w, a, error))
            break;
          ask_offset = FALSE;
        }

      if (a->offset >= a->size)
        {
          a->state = MC_ATTACHMENT_UPLOADED;
          if (!store_attachment (w, a, error))
            break;
          close (fd);
          return TRUE;
        }

      if (mc_portal_upload_chunk (w->portal, a->upload_url, fd, a->offset,
                                  MIN ((gint64) w->chunk_bytes, a->size - a->offset),
                                  &offset, out_retry_after, &local_error))
        {
          /* Progress is on disk before the next chunk: a killed process
           * resumes from here (and asks HEAD anyway). */
          a->offset = MIN (offset, a->size);
          if (!store_attachment (w, a, error))
            break;
          cuts = 0;
          continue;
        }

    classify:
      if (g_error_matches (local_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK) &&
          !worker_stopping (w) && ++cuts < UPLOAD_MAX_CUTS)
        {
          /* A cut mid-body: ask what arrived, send the rest. */
          g_debug ("#%" G_GINT64_FORMAT ": attachment %u cut (%s), resuming",
                   entry->id, a->position, local_error->message);
          ask_offset = (a->upload_url != NULL);
          continue;
        }

      if (g_error_matches (local_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_MISMATCH) &&
          ++mismatches <= UPLOAD_MAX_MISMATCHES)
        {
          g_debug ("#%" G_GINT64_FORMAT ": attachment %u chunk refused, asking the offset",
                   entry->id, a->position);
          ask_offset = TRUE;
          continue;
        }

      if (g_error_matches (local_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_GONE) &&
          ++recreations <= UPLOAD_MAX_RECREATIONS)
        {
          g_debug ("#%" G_GINT64_FORMAT ": attachment %u upload gone, creating it again",
                   entry->id, a->position);
          g_clear_pointer (&a->upload_url, g_free);
          a->offset = 0;
          a->state = MC_ATTACHMENT_PENDING;
          if (!store_attachment (w, a, error))
            break;
          continue;
        }

    failed:
      g_propagate_error (error, g_steal_pointer (&local_error));
      break;
    }

  close (fd);
  return FALSE;
}

/* The dossier's body as sent: the stored payload with each attachment's
 * upload id filled in. The same uploads always give the same bytes, so the
 * portal's replay rule (same key, same body) holds across attempts. */
static char *
build_body (McOutboxEntry  *entry,
            GPtrArray      *attachments,
            GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  JsonNode *root, *node;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, entry->payload, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (node = json_object_get_member (json_node_get_object (root), "attachments")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length ((array = json_node_get_array (node))) != attachments->len)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                   _("The dossier %s in the outbox does not match its attachments"),
                   entry->local_number);
      return NULL;
    }

  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);
      g_autofree char *upload_id = mc_attachment_get_upload_id (a);
      JsonNode *element = json_array_get_element (array, i);

      g_assert (upload_id != NULL);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                       _("The dossier %s in the outbox does not match its attachments"),
                       entry->local_number);
          return NULL;
        }
      json_object_set_string_member (json_node_get_object (element), "upload_id", upload_id);
    }

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Uploads what is missing of @attachments. */
static gboolean
worker_upload_all (Worker         *w,
                   McOutboxEntry  *entry,
                   GPtrArray      *attachments,
                   guint          *out_retry_after,
                   GError        **error)
{
  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);
      g_autoptr(GError) local_error = NULL;

      if (a->state == MC_ATTACHMENT_UPLOADED)
        continue;

      if (!worker_upload (w, entry, a, out_retry_after, &local_error))
        {
          if (g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED))
            {
              g_autoptr(GError) store_error = NULL;

              a->state = MC_ATTACHMENT_DAMAGED;
              if (!store_attachment (w, a, &store_error))
                {
                  g_propagate_error (error, g_steal_pointer (&store_error));
                  return FALSE;
                }
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/* After a 409 attachment_incomplete: every upload is checked again. */
static gboolean
worker_recheck_uploads (Worker     *w,
                        GPtrArray  *attachments,
                        GError    **error)
{
  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);

      if (a->state != MC_ATTACHMENT_UPLOADED)
        continue;
      a->state = a->upload_url != NULL ? MC_ATTACHMENT_UPLOADING : MC_ATTACHMENT_PENDING;
      if (!store_attachment (w, a, error))
        return FALSE;
    }

  return TRUE;
}

static AttemptResult
worker_attempt (Worker         *w,
                McOutboxEntry  *entry,
                GError        **error)
{
  g_autoptr(McReceipt) receipt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *body = NULL;
  guint retry_after = 0;
  gboolean stored;

  if (!mc_store_mark_sending (w->store, entry->id, error))
    return ATTEMPT_STORE_FAILED;
  worker_report (w, REPORT_ENTRY, entry->id);

  g_debug ("Sending #%" G_GINT64_FORMAT " %s (attempt %u)",
           entry->id, entry->local_number, entry->attempts + 1);

  attachments = mc_store_list_attachments (w->store, entry->id, error);
  if (attachments == NULL)
    return ATTEMPT_STORE_FAILED;

  for (guint round = 0; ; round++)
    {
      if (attachments->len > 0)
        {
          if (!worker_upload_all (w, entry, attachments, &retry_after, &local_error))
            break;

          g_clear_pointer (&body, g_free);
          body = build_body (entry, attachments, &local_error);
          if (body == NULL)
            break;
        }

      receipt = mc_portal_submit (w->portal, entry->idempotency_key,
                                  body != NULL ? body : entry->payload,
                                  &retry_after, &local_error);

      /* The portal lost (or never finished) an upload we took as complete:
       * ask again, resume, and submit once more within this attempt. */
      if (receipt == NULL && round == 0 && attachments->len > 0 &&
          g_error_matches (local_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_ATTACHMENTS_INCOMPLETE))
        {
          g_debug ("#%" G_GINT64_FORMAT ": the portal misses an attachment, checking",
                   entry->id);
          g_clear_error (&local_error);
          if (!worker_recheck_uploads (w, attachments, error))
            return ATTEMPT_STORE_FAILED;
          continue;
        }
      break;
    }

  if (receipt != NULL)
    {
      stored = mc_store_mark_delivered (w->store, entry->id, receipt->dossier_code,
                                        receipt->tracking_url, error);
      worker_report (w, REPORT_ENTRY, entry->id);
      if (!stored)
        return ATTEMPT_STORE_FAILED;

      g_debug ("Delivered #%" G_GINT64_FORMAT " %s as %s%s", entry->id, entry->local_number,
               receipt->dossier_code, receipt->replayed ? " (replayed)" : "");
      w->delivered++;
      return ATTEMPT_DELIVERED;
    }

  /* The message may quote the portal, which may quote the dossier: it goes to
   * the store (which holds the dossier anyway), not to the log. */
  g_debug ("Attempt for #%" G_GINT64_FORMAT " %s failed: %s error %d",
           entry->id, entry->local_number,
           g_quark_to_string (local_error->domain), local_error->code);

  if (g_error_matches (local_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK))
    {
      stored = mc_store_mark_postponed (w->store, entry->id, now_s (),
                                        local_error->message, error);
      worker_report (w, REPORT_ENTRY, entry->id);
      worker_set_link (w, MC_LINK_OFFLINE, local_error->message);
      return stored ? ATTEMPT_POSTPONED : ATTEMPT_STORE_FAILED;
    }

  /* Refused for good, or a file damaged on disk: quarantined, with the reason. */
  if (g_error_matches (local_error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT) ||
      g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_DAMAGED) ||
      g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT))
    {
      stored = mc_store_mark_rejected (w->store, entry->id, local_error->message, error);
      worker_report (w, REPORT_ENTRY, entry->id);
      return stored ? ATTEMPT_REJECTED : ATTEMPT_STORE_FAILED;
    }

  /* Our own database failed (e.g. full) while recording progress. */
  if (local_error->domain == MC_STORE_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return ATTEMPT_STORE_FAILED;
    }

  /* TRANSIENT, PROTOCOL, and upload trouble that did not clear up. */
  {
    guint delay = mc_backoff_delay (entry->attempts + 1, w->retry_initial_s, w->retry_max_s);

    delay = MAX (delay, MIN (retry_after, RETRY_AFTER_MAX_S));
    stored = mc_store_mark_retry (w->store, entry->id, now_s () + delay,
                                  local_error->message, error);
    worker_report (w, REPORT_ENTRY, entry->id);
    return stored ? ATTEMPT_RETRY : ATTEMPT_STORE_FAILED;
  }
}

static gboolean
worker_init (Worker         *w,
             const char     *data_dir,
             const char     *portal_url,
             const char     *kiosk_id,
             guint           retry_initial_s,
             guint           retry_max_s,
             guint           timeout_s,
             guint           chunk_bytes,
             GError        **error)
{
  g_autofree char *lock_path = g_build_filename (data_dir, "sync.lock", NULL);
  int n;

  w->store = mc_store_open (data_dir, error);
  if (w->store == NULL)
    return FALSE;

  /* One worker per outbox (the kiosk's thread, or motcua-ctl sync), so that an
   * entry left SENDING can only belong to a process that died: it is taken up
   * again at once, not after MC_STORE_STALE_SENDING_S. The kernel releases
   * the lock of a killed process. */
  w->lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (w->lock_fd < 0 || flock (w->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EWOULDBLOCK)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                             _("Another delivery of this outbox is under way (the kiosk, "
                               "or another “motcua-ctl sync”)"));
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Cannot lock the outbox %s: %s"), lock_path, g_strerror (saved_errno));
      if (w->lock_fd >= 0)
        close (w->lock_fd);
      w->lock_fd = -1;
      g_clear_pointer (&w->store, mc_store_close);
      return FALSE;
    }

  n = _mc_store_requeue_sending (w->store, NULL);
  if (n > 0)
    g_debug ("Requeued %d entries left sending", n);

  w->portal = mc_portal_new (portal_url, kiosk_id, timeout_s);
  w->retry_initial_s = MAX (retry_initial_s, 1);
  w->retry_max_s = MAX (retry_max_s, w->retry_initial_s);
  w->chunk_bytes = chunk_bytes > 0 ? chunk_bytes : MC_PORTAL_DEFAULT_CHUNK_BYTES;
  mc_store_get_portal_limits (w->store, &w->known_max_attachment, &w->known_max_dossier);
  w->probe_delay_s = MIN (PROBE_INITIAL_S, w->retry_max_s);
  w->link = MC_LINK_UNKNOWN;

  return TRUE;
}

/* The thread. */

/* Sleeps up to @seconds, or until woken. FALSE when the worker must stop. */
static gboolean
sync_sleep (McSync *self,
            gint64  seconds)
{
  gint64 end = g_get_monotonic_time () + MAX (seconds, 0) * G_USEC_PER_SEC;
  gboolean stop;

  g_mutex_lock (&self->mutex);
  while (!self->stop && !self->wake)
    if (!g_cond_wait_until (&self->cond, &self->mutex, end))
      break;
  self->wake = FALSE;
  stop = self->stop;
  g_mutex_unlock (&self->mutex);

  return !stop;
}

static gpointer
sync_thread (gpointer data)
{
  McSync *self = data;
  Worker w = { 0 };
  guint last_waiting = G_MAXUINT;

  w.lock_fd = -1;

  w.context = g_main_context_ref (self->context);
  w.reporter = g_atomic_rc_box_acquire (self->reporter);

  /* Opening may fail (a full or damaged disk): keep trying, slowly. */
  for (;;)
    {
      g_autoptr(GError) error = NULL;

      if (worker_init (&w, self->data_dir, self->portal_url, self->kiosk_id,
                       self->retry_initial_s, self->retry_max_s, self->timeout_s,
                       self->chunk_bytes, &error))
        break;

      g_message ("Sync worker cannot open the store: %s", error->message);
      if (!sync_sleep (self, MAX (self->retry_max_s, 1)))
        goto out;
    }

  _mc_portal_set_abort_flag (w.portal, &self->stop);
  w.stop = &self->stop;

  /* Nothing of a previous process can still be under way. */
  {
    g_autoptr(GError) error = NULL;
    int n = _mc_store_requeue_sending (w.store, &error);

    if (n > 0)
      g_debug ("Requeued %d entries left sending", n);
    else if (n < 0)
      g_message ("Cannot requeue entries left sending: %s", error->message);
  }

  while (!g_atomic_int_get (&self->stop))
    {
      g_autoptr(McOutboxEntry) entry = NULL;
      g_autoptr(GError) error = NULL;
      guint waiting = mc_store_count_waiting (w.store);
      gint64 wakeup, now;

      if (waiting != last_waiting)
        {
          last_waiting = waiting;
          worker_report (&w, REPORT_WAITING, waiting);
        }

      if (w.link != MC_LINK_ONLINE && !worker_probe (&w, NULL))
        {
          if (!sync_sleep (self, worker_next_probe_delay (&w)))
            break;
          continue;
        }

      now = now_s ();
      entry = mc_store_next_due (w.store, now, &error);
      if (error != NULL)
        {
          g_message ("Cannot read the outbox: %s", error->message);
          if (!sync_sleep (self, w.retry_max_s))
            break;
          continue;
        }

      if (entry == NULL)
        {
          wakeup = mc_store_next_wakeup (w.store);
          if (wakeup == 0 || wakeup - now > IDLE_PROBE_S)
            {
              /* Idle: re-check the link now and then so its state stays true. */
              if (sync_sleep (self, IDLE_PROBE_S))
                {
                  if (now_s () - now >= IDLE_PROBE_S)
                    worker_probe (&w, NULL);
                  continue;
                }
              break;
            }
          if (!sync_sleep (self, wakeup - now))
            break;
          continue;
        }

      switch (worker_attempt (&w, entry, &error))
        {
        case ATTEMPT_POSTPONED:
          /* Count the failed attempt as a failed probe. */
          if (!sync_sleep (self, worker_next_probe_delay (&w)))
            goto out;
          break;

        case ATTEMPT_STORE_FAILED:
          g_message ("Cannot update the outbox: %s", error->message);
          if (!sync_sleep (self, w.retry_max_s))
            goto out;
          break;

        case ATTEMPT_DELIVERED:
        case ATTEMPT_RETRY:
        case ATTEMPT_REJECTED:
        default:
          break;
        }
    }

out:
  if (w.portal != NULL)
    _mc_portal_set_abort_flag (w.portal, NULL);
  worker_clear (&w);
  return NULL;
}

/* The GObject. */

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    McSync          *self)
{
  g_debug ("Network changed (available: %d)", available);
  mc_sync_wake (self);
}

void
mc_sync_start (McSync *self)
{
  g_return_if_fail (MC_IS_SYNC (self));

  if (self->thread != NULL)
    return;

  g_atomic_int_set (&self->stop, FALSE);
  self->thread = g_thread_new ("mc-sync", sync_thread, self);

  if (self->monitor == NULL)
    {
      self->monitor = g_object_ref (g_network_monitor_get_default ());
      self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                                G_CALLBACK (network_changed_cb), self);
    }
}

void
mc_sync_stop (McSync *self)
{
  g_return_if_fail (MC_IS_SYNC (self));

  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->monitor_handler, self->monitor);
      g_clear_object (&self->monitor);
    }

  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->mutex);
  g_atomic_int_set (&self->stop, TRUE);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_thread_join (g_steal_pointer (&self->thread));
}

void
mc_sync_wake (McSync *self)
{
  g_return_if_fail (MC_IS_SYNC (self));

  g_mutex_lock (&self->mutex);
  self->wake = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

McLinkState
mc_sync_get_link_state (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), MC_LINK_UNKNOWN);

  return self->link_state;
}

guint
mc_sync_get_waiting (McSync *self)
{
  g_return_val_if_fail (MC_IS_SYNC (self), 0);

  return self->waiting;
}

static void
mc_sync_dispose (GObject *object)
{
  McSync *self = MC_SYNC (object);

  mc_sync_stop (self);

  if (self->reporter != NULL)
    {
      self->reporter->sync = NULL;
      g_atomic_rc_box_release (g_steal_pointer (&self->reporter));
    }

  G_OBJECT_CLASS (mc_sync_parent_class)->dispose (object);
}

static void
mc_sync_finalize (GObject *object)
{
  McSync *self = MC_SYNC (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->data_dir);
  g_free (self->portal_url);
  g_free (self->kiosk_id);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (mc_sync_parent_class)->finalize (object);
}

static void
mc_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  McSync *self = MC_SYNC (object);

  switch (prop_id)
    {
    case PROP_LINK_STATE:
      g_value_set_int (value, self->link_state);
      break;

    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_sync_class_init (McSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_sync_dispose;
  object_class->finalize = mc_sync_finalize;
  object_class->get_property = mc_sync_get_property;

  properties[PROP_LINK_STATE] =
    g_param_spec_int ("link-state", NULL, NULL,
                      MC_LINK_UNKNOWN, MC_LINK_OFFLINE, MC_LINK_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_WAITING] =
    g_param_spec_uint ("waiting", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ENTRY_CHANGED] =
    g_signal_new ("entry-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
mc_sync_init (McSync *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->link_state = MC_LINK_UNKNOWN;
}

McSync *
mc_sync_new (const char *data_dir,
             McConfig   *config)
{
  McSync *self;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->portal_url != NULL, NULL);
  g_return_val_if_fail (config->kiosk_id != NULL, NULL);

  self = g_object_new (MC_TYPE_SYNC, NULL);
  self->data_dir = g_strdup (data_dir);
  self->portal_url = g_strdup (config->portal_url);
  self->kiosk_id = g_strdup (config->kiosk_id);
  self->retry_initial_s = config->retry_initial_s;
  self->retry_max_s = config->retry_max_s;
  self->timeout_s = config->request_timeout_s;
  self->chunk_bytes = config->upload_chunk_bytes;
  self->context = g_main_context_ref_thread_default ();
  self->reporter = g_atomic_rc_box_new0 (Reporter);
  self->reporter->sync = self;

  return self;
}

/* Without a thread. */

guint
mc_sync_run_blocking (const char  *data_dir,
                      McConfig    *config,
                      gboolean     until_empty,
                      guint        timeout_s,
                      GError     **error)
{
  Worker w = { .lock_fd = -1 };
  gint64 start = now_s ();
  gint64 deadline = timeout_s > 0 ? start + timeout_s : G_MAXINT64;
  guint delivered;

  g_return_val_if_fail (data_dir != NULL, 0);
  g_return_val_if_fail (config != NULL, 0);
  g_return_val_if_fail (config->portal_url != NULL, 0);
  g_return_val_if_fail (config->kiosk_id != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!worker_init (&w, data_dir, config->portal_url, config->kiosk_id,
                    config->retry_initial_s, config->retry_max_s,
                    config->request_timeout_s, config->upload_chunk_bytes, error))
    return 0;

  for (;;)
    {
      g_autoptr(McOutboxEntry) entry = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 now = now_s ();
      gint64 until = 0;

      if (w.link != MC_LINK_ONLINE && !worker_probe (&w, &local_error))
        {
          if (!until_empty)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              break;
            }
          until = now + worker_next_probe_delay (&w);
        }
      else
        {
          /* Once through: only what was due when we started. */
          entry = mc_store_next_due (w.store, until_empty ? now : start, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              break;
            }

          if (entry != NULL)
            {
              switch (worker_attempt (&w, entry, &local_error))
                {
                case ATTEMPT_STORE_FAILED:
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  goto out;

                case ATTEMPT_POSTPONED:
                  if (!until_empty)
                    {
                      g_autoptr(McOutboxEntry) again = mc_store_get (w.store, entry->id, NULL);

                      g_set_error_literal (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK,
                                           again != NULL && again->last_error != NULL
                                           ? again->last_error : _("Cannot reach the portal"));
                      goto out;
                    }
                  until = now + worker_next_probe_delay (&w);
                  break;

                case ATTEMPT_DELIVERED:
                case ATTEMPT_RETRY:
                case ATTEMPT_REJECTED:
                default:
                  continue;
                }
            }
          else if (!until_empty || mc_store_count_waiting (w.store) == 0)
            {
              break;
            }
          else
            {
              until = mc_store_next_wakeup (w.store);
            }
        }

      /* until_empty: wait for the next due entry or probe, within the deadline. */
      if (now >= deadline)
        {
          guint left = mc_store_count_waiting (w.store);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       ngettext ("Timed out with %u dossier still waiting",
                                 "Timed out with %u dossiers still waiting", left),
                       left);
          break;
        }
      until = MIN (until, deadline);
      if (until > now)
        g_usleep ((until - now) * G_USEC_PER_SEC);
      else
        g_usleep (G_USEC_PER_SEC / 10);
    }

out:
  delivered = w.delivered;
  worker_clear (&w);
  return delivered;
}
