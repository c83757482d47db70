/* sim-catalogue.c: the catalogue endpoint of motcua-portal-sim.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sim-catalogue.h"

#include <string.h>

typedef struct {
  char *path;
  gboolean bad_checksum;
} SimCatalogue;

static void
catalogue_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SimCatalogue *self = user_data;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *if_none_match;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *etag = NULL;
  gsize length = 0;

  if (strcmp (path, "/api/v1/catalogue") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0)
    {
      soup_message_headers_replace (response, "Allow", "GET, HEAD");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (!g_file_get_contents (self->path, &contents, &length, NULL))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      return;
    }
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  etag = g_strdup_printf ("\"%.16s\"", sha);
  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "Cache-Control", "no-cache");
  soup_message_headers_replace (response, "Connection", "close");
  if_none_match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "If-None-Match");
  if (if_none_match != NULL && strcmp (if_none_match, etag) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_message_headers_replace (response, "X-Content-SHA256",
                                self->bad_checksum ? "0000000000000000000000000000000000000000000000000000000000000000" : sha);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/gzip", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&contents), length);
}

static void
sim_catalogue_free (SimCatalogue *self)
{
  g_free (self->path);
  g_free (self);
}

void
sim_catalogue_install (SoupServer *server,
                       const char *path,
                       gboolean    bad_checksum)
{
  SimCatalogue *self = g_new0 (SimCatalogue, 1);

  self->path = g_strdup (path);
  self->bad_checksum = bad_checksum;
  soup_server_add_handler (server, "/api/v1/catalogue", catalogue_cb, self,
                           (GDestroyNotify) sim_catalogue_free);
}
