/* sim-http.c: the portal simulator's reply helpers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sim-http.h"

void
sim_reply_json (SoupServerMessage *msg,
                guint              status,
                JsonNode          *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len;
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, SIM_JSON_TYPE, SOUP_MEMORY_TAKE, text, len);
}

void
sim_reply_error (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *message,
                 const char        *field)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  if (field)
    {
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, field);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sim_reply_json (msg, status, root);
}
