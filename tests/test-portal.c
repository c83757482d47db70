/* test-portal.c: Retry-After, backoff, and how the portal client classifies
 * replies, against a tiny HTTP responder on 127.0.0.1 that answers canned
 * raw HTTP (a GThreadedSocketService in its own thread and main context).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "mc-portal.h"
#include "mc-portal-private.h"
#include "mc-sync.h"

/* The responder. */

typedef struct
{
  GMutex          lock;
  GCond           cond;
  char           *response;      /* raw bytes to write back; NULL: close at once */
  gsize           response_len;
  guint           delay_ms;      /* before answering */
  char           *last_request;  /* headers and body of the last request */
  guint           n_requests;
  gboolean        stopping;

  guint16         port;
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
} Responder;

static Responder responder;

static gboolean
responder_run_cb (GThreadedSocketService *service,
                  GSocketConnection      *connection,
                  GObject                *source_object,
                  gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *response = NULL;
  gsize response_len, header_end = 0, content_length = 0;
  guint delay_ms;
  char buf[4096];

  /* Headers, then Content-Length bytes of body. */
  for (;;)
    {
      gssize n;
      const char *end;

      if (header_end == 0 && (end = strstr (request->str, "\r\n\r\n")) != NULL)
        {
          g_autofree char *lower = NULL;
          const char *cl;

          header_end = end - request->str + 4;
          lower = g_ascii_strdown (request->str, header_end);
          cl = strstr (lower, "\r\ncontent-length:");
          if (cl != NULL)
            content_length = g_ascii_strtoull (cl + strlen ("\r\ncontent-length:"), NULL, 10);
        }
      if (header_end != 0 && request->len >= header_end + content_length)
        break;

      n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);
      if (n <= 0)
        return TRUE;
      g_string_append_len (request, buf, n);
    }

  g_mutex_lock (&responder.lock);
  g_free (responder.last_request);
  responder.last_request = g_strdup (request->str);
  responder.n_requests++;
  response = g_memdup2 (responder.response, responder.response_len);
  response_len = responder.response_len;
  delay_ms = responder.delay_ms;
  if (delay_ms > 0)
    {
      gint64 end = g_get_monotonic_time () + delay_ms * G_TIME_SPAN_MILLISECOND;

      while (!responder.stopping)
        if (!g_cond_wait_until (&responder.cond, &responder.lock, end))
          break;
    }
  g_mutex_unlock (&responder.lock);

  if (response != NULL)
    g_output_stream_write_all (out, response, response_len, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static gpointer
responder_thread (gpointer data)
{
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (responder.context);

  service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (responder_run_cb), NULL);
  g_socket_service_start (service);

  g_mutex_lock (&responder.lock);
  responder.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_cond_broadcast (&responder.cond);
  g_mutex_unlock (&responder.lock);

  g_main_loop_run (responder.loop);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (responder.context);
  return NULL;
}

static void
responder_start (void)
{
  g_mutex_init (&responder.lock);
  g_cond_init (&responder.cond);
  responder.context = g_main_context_new ();
  responder.loop = g_main_loop_new (responder.context, FALSE);
  responder.thread = g_thread_new ("responder", responder_thread, NULL);

  g_mutex_lock (&responder.lock);
  while (responder.port == 0)
    g_cond_wait (&responder.cond, &responder.lock);
  g_mutex_unlock (&responder.lock);
}

static void
responder_stop (void)
{
  g_mutex_lock (&responder.lock);
  responder.stopping = TRUE;
  g_cond_broadcast (&responder.cond);
  g_mutex_unlock (&responder.lock);

  g_main_loop_quit (responder.loop);
  g_thread_join (responder.thread);
  g_main_loop_unref (responder.loop);
  g_main_context_unref (responder.context);
  g_free (responder.response);
  g_free (responder.last_request);
}

/* Sets the raw reply (NULL: close without a reply) and clears the last request. */
static void
responder_set (const char *raw,
               gsize       len,
               guint       delay_ms)
{
  g_mutex_lock (&responder.lock);
  g_free (responder.response);
  responder.response = raw != NULL ? g_memdup2 (raw, len) : NULL;
  responder.response_len = len;
  responder.delay_ms = delay_ms;
  g_clear_pointer (&responder.last_request, g_free);
  g_mutex_unlock (&responder.lock);
}

static void
responder_reply (const char *status_line,
                 const char *content_type,
                 const char *extra_headers,
                 const char *body)
{
  g_autofree char *raw = NULL;

  raw = g_strdup_printf ("HTTP/1.1 %s\r\n"
                         "%s%s%s"
                         "Content-Length: %zu\r\n"
                         "%s"
                         "Connection: close\r\n"
                         "\r\n"
                         "%s",
                         status_line,
                         content_type != NULL ? "Content-Type: " : "",
                         content_type != NULL ? content_type : "",
                         content_type != NULL ? "\r\n" : "",
                         strlen (body),
                         extra_headers != NULL ? extra_headers : "",
                         body);
  responder_set (raw, strlen (raw), 0);
}

static char *
responder_last_request (void)
{
  char *request;

  g_mutex_lock (&responder.lock);
  request = g_strdup (responder.last_request);
  g_mutex_unlock (&responder.lock);

  return request;
}

static McPortal *
new_portal (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", responder.port);

  /* 2 s: long enough for any canned reply, short for the slow one. */
  return mc_portal_new (url, "TEST-KIOSK", 2);
}

#define JSON "application/json; charset=utf-8"
#define RECEIPT "{\"dossier_code\":\"G01-261123-000042\"," \
                "\"tracking_url\":\"https://example.invalid/t/G01-261123-000042\"," \
                "\"received_at\":\"2026-11-23T09:15:02+07:00\",\"status\":\"received\"," \
                "\"idempotency_key\":\"k\",\"unknown_field\":[1,2]}"
#define KEY "0b6c2a4e-6f1d-4e0a-9c43-5d7c1c2f9a10"
#define PAYLOAD "{\"procedure_code\":\"1.001193\",\"applicant\":{\"full_name\":\"Nguyễn Văn An\"}}"

/* Submits PAYLOAD and checks the error class; returns the retry-after. */
static guint
submit_expect_error (McPortalError expected)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(McReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  guint retry_after = 4242;

  receipt = mc_portal_submit (portal, KEY, PAYLOAD, &retry_after, &error);
  g_assert_null (receipt);
  g_assert_error (error, MC_PORTAL_ERROR, (gint) expected);
  g_assert_nonnull (error->message);
  g_test_message ("%s", error->message);

  return retry_after;
}

/* Tests. */

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2015, 10, 21, 7, 28, 0);
  gint64 t = g_date_time_to_unix (when);

  g_assert_cmpuint (mc_parse_retry_after ("120", t), ==, 120);
  g_assert_cmpuint (mc_parse_retry_after ("0", t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after (" 30 ", t), ==, 30);
  g_assert_cmpuint (mc_parse_retry_after ("", t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after (NULL, t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after ("-5", t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after ("+5", t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after ("1.5", t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after ("soon", t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after ("99999999999999999999", t), ==, G_MAXUINT);

  /* IMF-fixdate, and the two obsolete forms HTTP still accepts. */
  g_assert_cmpuint (mc_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT", t - 60), ==, 60);
  g_assert_cmpuint (mc_parse_retry_after ("Wednesday, 21-Oct-15 07:28:00 GMT", t - 60), ==, 60);
  g_assert_cmpuint (mc_parse_retry_after ("Wed Oct 21 07:28:00 2015", t - 60), ==, 60);
  g_assert_cmpuint (mc_parse_retry_after ("Wed, 21 Oct 2015 08:28:00 GMT", t), ==, 3600);
  /* In the past, or now: no wait. */
  g_assert_cmpuint (mc_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT", t), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT", t + 3600), ==, 0);
  g_assert_cmpuint (mc_parse_retry_after ("Wed, 99 Foo 2015 07:28:00 GMT", t), ==, 0);
}

static void
test_backoff (void)
{
  for (guint attempt = 1; attempt <= 12; attempt++)
    {
      guint cap = MIN (900, 30u << (attempt - 1));
      guint lo = G_MAXUINT, hi = 0;

      for (guint i = 0; i < 5000; i++)
        {
          guint d = mc_backoff_delay (attempt, 30, 900);

          g_assert_cmpuint (d, >=, 1);
          g_assert_cmpuint (d, <=, cap);
          lo = MIN (lo, d);
          hi = MAX (hi, d);
        }

      /* Full jitter: the draws spread over the whole range. */
      g_assert_cmpuint (hi, >=, cap - cap / 10);
      g_assert_cmpuint (lo, <=, 1 + cap / 10);
    }

  /* Floors, caps and no overflow. */
  for (guint i = 0; i < 1000; i++)
    {
      g_assert_cmpuint (mc_backoff_delay (1, 1, 1), ==, 1);
      g_assert_cmpuint (mc_backoff_delay (1, 0, 0), ==, 1);
      g_assert_cmpuint (mc_backoff_delay (0, 5, 100), <=, 5);
      g_assert_cmpuint (mc_backoff_delay (1000, 30, 900), <=, 900);
      g_assert_cmpuint (mc_backoff_delay (1000, 30, 900), >=, 1);
      g_assert_cmpuint (mc_backoff_delay (40, G_MAXUINT / 2, G_MAXUINT), >=, 1);
    }
}

static void
test_health (void)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  McPortalInfo info = { 0 };

  responder_reply ("200 OK", JSON, NULL,
                   "{\"status\":\"ok\",\"protocol\":1,\"server_time\":\"2026-11-23T09:15:02+07:00\","
                   "\"max_attachment_bytes\":20971520,\"max_dossier_bytes\":52428800}");
  g_assert_true (mc_portal_health (portal, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.protocol, ==, 1);
  g_assert_cmpint (info.max_attachment_bytes, ==, 20971520);
  g_assert_cmpint (info.max_dossier_bytes, ==, 52428800);

  request = responder_last_request ();
  g_assert_true (g_str_has_prefix (request, "GET /api/v1/health HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (request, "\r\nUser-Agent: motcua-kiosk/" PACKAGE_VERSION "\r\n"));
  g_assert_nonnull (strstr (request, "\r\nX-Kiosk-Id: TEST-KIOSK\r\n"));

  /* A captive portal's sign-in page: the link is not up. */
  responder_reply ("200 OK", "text/html", NULL, "<html><body>Đăng nhập Wi-Fi</body></html>");
  g_assert_false (mc_portal_health (portal, &info, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK);
  g_clear_error (&error);

  responder_reply ("302 Found", "text/html", "Location: http://login.invalid/\r\n", "");
  g_assert_false (mc_portal_health (portal, &info, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK);
  g_clear_error (&error);

  /* JSON, but not the health reply. */
  responder_reply ("200 OK", JSON, NULL, "{\"hello\":\"world\"}");
  g_assert_false (mc_portal_health (portal, &info, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK);
  g_clear_error (&error);

  responder_reply ("503 Service Unavailable", JSON, NULL, "{}");
  g_assert_false (mc_portal_health (portal, &info, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT);
}

static void
test_submit_created (void)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(McReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autofree char *lower = NULL;
  guint retry_after = 4242;

  responder_reply ("201 Created", "application/json", NULL, RECEIPT);
  receipt = mc_portal_submit (portal, KEY, PAYLOAD, &retry_after, &error);
  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  g_assert_cmpstr (receipt->dossier_code, ==, "G01-261123-000042");
  g_assert_cmpstr (receipt->tracking_url, ==, "https://example.invalid/t/G01-261123-000042");
  g_assert_cmpstr (receipt->received_at, ==, "2026-11-23T09:15:02+07:00");
  g_assert_cmpstr (receipt->status, ==, "received");
  g_assert_false (receipt->replayed);
  g_assert_cmpuint (retry_after, ==, 0);

  /* What went over the wire. */
  request = responder_last_request ();
  lower = g_ascii_strdown (request, -1);
  g_assert_true (g_str_has_prefix (request, "POST /api/v1/dossiers HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (request, "\r\nIdempotency-Key: " KEY "\r\n"));
  g_assert_nonnull (strstr (request, "\r\nX-Kiosk-Id: TEST-KIOSK\r\n"));
  g_assert_nonnull (strstr (request, "\r\nUser-Agent: motcua-kiosk/" PACKAGE_VERSION "\r\n"));
  g_assert_nonnull (strstr (lower, "\r\ncontent-type: application/json"));
  g_assert_true (g_str_has_suffix (request, "\r\n\r\n" PAYLOAD));

  /* 200: the portal had it already; same receipt. */
  g_clear_pointer (&receipt, mc_receipt_free);
  responder_reply ("200 OK", JSON, NULL, RECEIPT);
  receipt = mc_portal_submit (portal, KEY, PAYLOAD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->dossier_code, ==, "G01-261123-000042");
  g_assert_true (receipt->replayed);
}

static void
test_malformed (void)
{
  g_autofree char *big = NULL;
  g_autofree char *raw = NULL;

  /* An HTML page where the receipt should be. */
  responder_reply ("200 OK", "text/html; charset=utf-8", NULL, "<html>Welcome</html>");
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);

  /* Says JSON, is not. */
  responder_reply ("201 Created", JSON, NULL, "{\"dossier_code\": \"G01-");
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);
  responder_reply ("201 Created", JSON, NULL, "[\"G01\"]");
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);

  /* JSON without a receipt. */
  responder_reply ("201 Created", JSON, NULL, "{\"status\":\"received\"}");
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);
  responder_reply ("201 Created", JSON, NULL, "{\"dossier_code\":42}");
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);
  responder_reply ("201 Created", NULL, NULL, RECEIPT);
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);

  /* A 2xx the protocol does not have. */
  responder_reply ("202 Accepted", JSON, NULL, RECEIPT);
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);

  /* An HTML 404 from something in between: says nothing about the dossier. */
  responder_reply ("404 Not Found", "text/html", NULL, "<h1>Not Found</h1>");
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);

  /* Cut off before the announced length: the reply was lost on the way. */
  raw = g_strdup ("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                  "Content-Length: 500\r\n\r\n{\"dossier_code\":\"G01-26");
  responder_set (raw, strlen (raw), 0);
  submit_expect_error (MC_PORTAL_ERROR_NETWORK);

  /* Cut off without an announced length: only the JSON shows it. */
  g_free (raw);
  raw = g_strdup ("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                  "Connection: close\r\n\r\n{\"dossier_code\":\"G01-26");
  responder_set (raw, strlen (raw), 0);
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);

  /* Not HTTP at all. */
  raw = (g_free (raw), g_strdup ("SSH-2.0-OpenSSH_9.2\r\n"));
  responder_set (raw, strlen (raw), 0);
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);

  /* Far too large. */
  big = g_strnfill (2 * 1024 * 1024, ' ');
  responder_reply ("201 Created", JSON, NULL, big);
  submit_expect_error (MC_PORTAL_ERROR_PROTOCOL);
}

static void
test_transient (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char *date = g_date_time_format (later, "Retry-After: %a, %d %b %Y %H:%M:%S GMT\r\n");
  guint retry_after;

  responder_reply ("503 Service Unavailable", JSON, "Retry-After: 7\r\n",
                   "{\"error\":{\"code\":\"unavailable\",\"message\":\"maintenance\"}}");
  g_assert_cmpuint (submit_expect_error (MC_PORTAL_ERROR_TRANSIENT), ==, 7);

  /* An HTTP date two minutes from now (a second or two may pass). */
  responder_reply ("429 Too Many Requests", JSON, date,
                   "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}");
  retry_after = submit_expect_error (MC_PORTAL_ERROR_TRANSIENT);
  g_assert_cmpuint (retry_after, <=, 120);
  g_assert_cmpuint (retry_after, >=, 100);

  /* 5xx with an HTML page, no Retry-After. */
  responder_reply ("502 Bad Gateway", "text/html", NULL, "<h1>Bad Gateway</h1>");
  g_assert_cmpuint (submit_expect_error (MC_PORTAL_ERROR_TRANSIENT), ==, 0);

  responder_reply ("408 Request Timeout", JSON, NULL, "{}");
  submit_expect_error (MC_PORTAL_ERROR_TRANSIENT);
  responder_reply ("425 Too Early", JSON, NULL, "{}");
  submit_expect_error (MC_PORTAL_ERROR_TRANSIENT);
}

static void
test_permanent (void)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McReceipt) receipt = NULL;

  responder_reply ("422 Unprocessable Entity", JSON, NULL,
                   "{\"error\":{\"code\":\"invalid_field\",\"message\":\"Số CCCD không hợp lệ\","
                   "\"field\":\"applicant.id_number\"}}");
  receipt = mc_portal_submit (portal, KEY, PAYLOAD, NULL, &error);
  g_assert_null (receipt);
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT);
  g_assert_nonnull (strstr (error->message, "Số CCCD không hợp lệ"));
  g_assert_nonnull (strstr (error->message, "applicant.id_number"));
  g_clear_error (&error);

  responder_reply ("409 Conflict", JSON, NULL,
                   "{\"error\":{\"code\":\"idempotency_conflict\",\"message\":\"key reused\"}}");
  submit_expect_error (MC_PORTAL_ERROR_PERMANENT);
  responder_reply ("400 Bad Request", JSON, NULL, "{}");
  submit_expect_error (MC_PORTAL_ERROR_PERMANENT);
}

static void
test_lookup (void)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McReceipt) receipt = NULL;
  g_autofree char *request = NULL;

  responder_reply ("200 OK", JSON, NULL, RECEIPT);
  receipt = mc_portal_lookup (portal, "G01 261123/42", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (receipt->dossier_code, ==, "G01-261123-000042");
  g_assert_false (receipt->replayed);
  request = responder_last_request ();
  g_assert_true (g_str_has_prefix (request, "GET /api/v1/dossiers/G01%20261123%2F42 HTTP/1.1\r\n"));

  responder_reply ("404 Not Found", JSON, NULL,
                   "{\"error\":{\"code\":\"not_found\",\"message\":\"unknown\"}}");
  g_assert_null (mc_portal_lookup (portal, "NOPE", &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT);
}

static void
test_network (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(McPortal) refused = NULL;
  g_autoptr(McReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* Connection closed without a reply. */
  responder_set (NULL, 0, 0);
  submit_expect_error (MC_PORTAL_ERROR_NETWORK);

  /* A reply that takes longer than the request timeout. */
  responder_reply ("201 Created", JSON, NULL, RECEIPT);
  g_mutex_lock (&responder.lock);
  responder.delay_ms = 30000;
  g_mutex_unlock (&responder.lock);
  submit_expect_error (MC_PORTAL_ERROR_NETWORK);
  responder_set (NULL, 0, 0);

  /* Nobody listens: a port that was free a moment ago. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  refused = mc_portal_new (url, "TEST-KIOSK", 2);
  g_assert_cmpstr (mc_portal_get_base_url (refused), ==, url);
  receipt = mc_portal_submit (refused, KEY, PAYLOAD, NULL, &error);
  g_assert_null (receipt);
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_false (mc_portal_health (refused, NULL, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK);
}

/* tus uploads. */

#define SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void
test_upload_create (void)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *request = NULL;
  g_autofree char *meta_key = NULL;
  g_autofree char *meta_name = NULL;
  gint64 offset = -1;
  guint retry_after = 4242;

  responder_reply ("201 Created", NULL,
                   "Location: /api/v1/uploads/u123\r\nUpload-Offset: 0\r\nTus-Resumable: 1.0.0\r\n",
                   "");
  url = mc_portal_upload_create (portal, KEY, 1234, "giấy.pdf", "application/pdf", SHA,
                                 &offset, &retry_after, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "/api/v1/uploads/u123");
  g_assert_cmpint (offset, ==, 0);
  g_assert_cmpuint (retry_after, ==, 0);

  request = responder_last_request ();
  meta_key = g_base64_encode ((const guchar *) KEY, strlen (KEY));
  meta_name = g_base64_encode ((const guchar *) "giấy.pdf", strlen ("giấy.pdf"));
  g_assert_true (g_str_has_prefix (request, "POST /api/v1/uploads HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (request, "\r\nTus-Resumable: 1.0.0\r\n"));
  g_assert_nonnull (strstr (request, "\r\nUpload-Length: 1234\r\n"));
  g_assert_nonnull (strstr (request, meta_key));
  g_assert_nonnull (strstr (request, meta_name));
  g_assert_nonnull (strstr (request, "Upload-Metadata: filename "));
  g_assert_nonnull (strstr (request, ",key "));

  /* A replayed creation: the same upload, with what it has. An absolute
   * Location on the portal's own origin is kept as a path. */
  g_clear_pointer (&url, g_free);
  {
    g_autofree char *headers = g_strdup_printf ("Location: http://127.0.0.1:%u/api/v1/uploads/u123"
                                                "\r\nUpload-Offset: 524288\r\n", responder.port);

    responder_reply ("201 Created", NULL, headers, "");
  }
  url = mc_portal_upload_create (portal, KEY, 1234, "a.pdf", "application/pdf", SHA,
                                 &offset, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "/api/v1/uploads/u123");
  g_assert_cmpint (offset, ==, 524288);

  /* Somewhere else: refused, documents never go to another host. */
  g_clear_pointer (&url, g_free);
  responder_reply ("201 Created", NULL, "Location: http://example.invalid/api/v1/uploads/u1\r\n", "");
  url = mc_portal_upload_create (portal, KEY, 1234, "a.pdf", "application/pdf", SHA,
                                 &offset, NULL, &error);
  g_assert_null (url);
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Too large, or the key with another length: refused for good. */
  responder_reply ("413 Payload Too Large", JSON, NULL,
                   "{\"error\":{\"code\":\"too_large\",\"message\":\"too large\"}}");
  url = mc_portal_upload_create (portal, KEY, 1234, "a.pdf", "application/pdf", SHA,
                                 &offset, NULL, &error);
  g_assert_null (url);
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PERMANENT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  responder_reply ("429 Too Many Requests", JSON, "Retry-After: 7\r\n", "{}");
  url = mc_portal_upload_create (portal, KEY, 1234, "a.pdf", "application/pdf", SHA,
                                 &offset, &retry_after, &error);
  g_assert_null (url);
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT);
  g_assert_cmpuint (retry_after, ==, 7);
}

static void
test_upload_offset (void)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  gint64 offset = -1;

  responder_reply ("200 OK", NULL, "Upload-Offset: 2097152\r\nUpload-Length: 5000000\r\n"
                   "Cache-Control: no-store\r\n", "");
  g_assert_true (mc_portal_upload_offset (portal, "/api/v1/uploads/u123", &offset, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (offset, ==, 2097152);
  request = responder_last_request ();
  g_assert_true (g_str_has_prefix (request, "HEAD /api/v1/uploads/u123 HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (request, "\r\nTus-Resumable: 1.0.0\r\n"));

  for (guint i = 0; i < 2; i++)
    {
      responder_reply (i == 0 ? "404 Not Found" : "410 Gone", NULL, NULL, "");
      g_assert_false (mc_portal_upload_offset (portal, "/api/v1/uploads/u123", &offset, NULL,
                                               &error));
      g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_GONE);
      g_clear_error (&error);
    }

  /* No offset in a 200: unreadable. */
  responder_reply ("200 OK", NULL, NULL, "");
  g_assert_false (mc_portal_upload_offset (portal, "/api/v1/uploads/u123", &offset, NULL, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_PROTOCOL);
}

static void
test_upload_chunk (void)
{
  g_autoptr(McPortal) portal = new_portal ();
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "chunk.bin", NULL);
  g_autofree char *expected = NULL;
  const char *contents = "0123456789abcdefghijklmnopqrstuvwxyz";
  gint64 offset = -1;
  guint retry_after = 4242;
  int fd;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  fd = g_open (path, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);

  /* Bytes 10..19, "abcdefghij", with their checksum. */
  {
    g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
    guint8 digest[32];
    gsize len = sizeof digest;
    g_autofree char *b64 = NULL;

    g_checksum_update (checksum, (const guchar *) "abcdefghij", 10);
    g_checksum_get_digest (checksum, digest, &len);
    b64 = g_base64_encode (digest, len);
    expected = g_strdup_printf ("\r\nUpload-Checksum: sha256 %s\r\n", b64);
  }

  responder_reply ("204 No Content", NULL, "Upload-Offset: 20\r\n", "");
  g_assert_true (mc_portal_upload_chunk (portal, "/api/v1/uploads/u123", fd, 10, 10, &offset,
                                         &retry_after, &error));
  g_assert_no_error (error);
  g_assert_cmpint (offset, ==, 20);
  g_assert_cmpuint (_mc_portal_get_upload_bytes_sent (portal), ==, 10);
  request = responder_last_request ();
  g_assert_true (g_str_has_prefix (request, "PATCH /api/v1/uploads/u123 HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (request, "\r\nTus-Resumable: 1.0.0\r\n"));
  g_assert_nonnull (strstr (request, "\r\nUpload-Offset: 10\r\n"));
  g_assert_nonnull (strstr (request, "\r\nContent-Type: application/offset+octet-stream\r\n"));
  g_assert_nonnull (strstr (request, "\r\nContent-Length: 10\r\n"));
  g_assert_nonnull (strstr (request, expected));
  g_assert_true (g_str_has_suffix (request, "\r\n\r\nabcdefghij"));

  /* Checksum refused, or another offset: ask and send again. */
  responder_reply ("460 Checksum Mismatch", NULL, NULL, "");
  g_assert_false (mc_portal_upload_chunk (portal, "/api/v1/uploads/u123", fd, 10, 10, &offset,
                                          NULL, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_MISMATCH);
  g_clear_error (&error);
  responder_reply ("409 Conflict", JSON, NULL, "{\"error\":{\"code\":\"offset_mismatch\"}}");
  g_assert_false (mc_portal_upload_chunk (portal, "/api/v1/uploads/u123", fd, 10, 10, &offset,
                                          NULL, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_MISMATCH);
  g_clear_error (&error);
  responder_reply ("410 Gone", NULL, NULL, "");
  g_assert_false (mc_portal_upload_chunk (portal, "/api/v1/uploads/u123", fd, 10, 10, &offset,
                                          NULL, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_GONE);
  g_clear_error (&error);
  responder_reply ("503 Service Unavailable", JSON, "Retry-After: 3\r\n", "{}");
  g_assert_false (mc_portal_upload_chunk (portal, "/api/v1/uploads/u123", fd, 10, 10, &offset,
                                          &retry_after, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_TRANSIENT);
  g_assert_cmpuint (retry_after, ==, 3);
  g_clear_error (&error);

  /* The file is shorter than asked: nothing short is ever sent. */
  responder_reply ("204 No Content", NULL, "Upload-Offset: 100\r\n", "");
  g_assert_false (mc_portal_upload_chunk (portal, "/api/v1/uploads/u123", fd, 30, 70, &offset,
                                          NULL, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_UPLOAD_MISMATCH);
  g_clear_error (&error);

  /* The connection closes without a reply: a network failure. */
  responder_set (NULL, 0, 0);
  g_assert_false (mc_portal_upload_chunk (portal, "/api/v1/uploads/u123", fd, 10, 10, &offset,
                                          NULL, &error));
  g_assert_error (error, MC_PORTAL_ERROR, MC_PORTAL_ERROR_NETWORK);

  close (fd);
  g_unlink (path);
}

static void
test_attachment_incomplete (void)
{
  responder_reply ("409 Conflict", JSON, NULL,
                   "{\"error\":{\"code\":\"attachment_incomplete\",\"message\":\"upload 1 is at 0\","
                   "\"field\":\"attachments[0]\"}}");
  submit_expect_error (MC_PORTAL_ERROR_ATTACHMENTS_INCOMPLETE);

  /* Any other 409 stays a refusal. */
  responder_reply ("409 Conflict", JSON, NULL,
                   "{\"error\":{\"code\":\"idempotency_conflict\",\"message\":\"other body\"}}");
  submit_expect_error (MC_PORTAL_ERROR_PERMANENT);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/motcua/portal/retry-after", test_retry_after);
  g_test_add_func ("/motcua/portal/backoff", test_backoff);
  g_test_add_func ("/motcua/portal/health", test_health);
  g_test_add_func ("/motcua/portal/submit-created", test_submit_created);
  g_test_add_func ("/motcua/portal/malformed-is-protocol", test_malformed);
  g_test_add_func ("/motcua/portal/transient", test_transient);
  g_test_add_func ("/motcua/portal/permanent", test_permanent);
  g_test_add_func ("/motcua/portal/lookup", test_lookup);
  g_test_add_func ("/motcua/portal/network", test_network);
  g_test_add_func ("/motcua/portal/upload-create", test_upload_create);
  g_test_add_func ("/motcua/portal/upload-offset", test_upload_offset);
  g_test_add_func ("/motcua/portal/upload-chunk", test_upload_chunk);
  g_test_add_func ("/motcua/portal/attachment-incomplete", test_attachment_incomplete);

  responder_start ();
  ret = g_test_run ();
  responder_stop ();

  return ret;
}
