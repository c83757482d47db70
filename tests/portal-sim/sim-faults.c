/* sim-faults.c: fault specifications (command line and JSON) and the list of
 * active faults the simulator consults for every /api/ request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sim-faults.h"

G_DEFINE_QUARK (sim-fault-error-quark, sim_fault_error)

struct _SimFaults
{
  GPtrArray *list;  /* (element-type SimFault) in the order they were added */
  guint      next_id;
  GRand     *rand;
};

static const char * const kind_names[SIM_N_FAULT_KINDS] = {
  [SIM_FAULT_REFUSE] = "refuse",
  [SIM_FAULT_STATUS] = "status",
  [SIM_FAULT_DELAY] = "delay",
  [SIM_FAULT_DROP_AFTER_BYTES] = "drop_after_bytes",
  [SIM_FAULT_LOSE_REPLY] = "lose_reply",
  [SIM_FAULT_HTML] = "html",
  [SIM_FAULT_GARBAGE] = "garbage",
  [SIM_FAULT_DROP_BODY] = "drop_body",
};

static const struct {
  const char *name;
  SimRoute    route;
} route_names[] = {
  { "any", SIM_ROUTE_ANY },
  { "health", SIM_ROUTE_HEALTH },
  { "submit", SIM_ROUTE_SUBMIT },
  { "lookup", SIM_ROUTE_LOOKUP },
  { "other", SIM_ROUTE_OTHER },
  { "upload", SIM_ROUTE_UPLOAD },
};

const char *
sim_fault_kind_to_string (SimFaultKind kind)
{
  g_return_val_if_fail (kind < SIM_N_FAULT_KINDS, NULL);
  return kind_names[kind];
}

static gboolean
kind_from_string (const char   *name,
                  SimFaultKind *out)
{
  for (guint i = 0; i < SIM_N_FAULT_KINDS; i++)
    {
      if (g_str_equal (name, kind_names[i]))
        {
          *out = i;
          return TRUE;
        }
    }
  if (g_str_equal (name, "delay_ms"))
    {
      *out = SIM_FAULT_DELAY;
      return TRUE;
    }
  return FALSE;
}

static SimFault *
fault_new (SimFaultKind kind)
{
  SimFault *f = g_new0 (SimFault, 1);

  f->kind = kind;
  f->count = -1;
  f->on = SIM_ROUTE_ANY;
  f->probability = 1.0;
  f->anywhere = kind == SIM_FAULT_DROP_BODY;
  return f;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SIM_FAULT_ERROR, SIM_FAULT_ERROR_INVALID, message);
  return FALSE;
}

/* "submit", "health+submit", "any". */
static gboolean
parse_routes (const char  *value,
              guint       *out,
              GError     **error)
{
  g_auto(GStrv) names = g_strsplit (value, "+", -1);
  guint mask = 0;

  for (guint i = 0; names[i]; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (route_names); j++)
        {
          if (g_str_equal (g_strstrip (names[i]), route_names[j].name))
            {
              mask |= route_names[j].route;
              found = TRUE;
            }
        }
      if (!found)
        return invalid (error, "unknown request class “%s” (any, health, submit, lookup, upload, other)",
                        names[i]);
    }
  if (mask == 0)
    return invalid (error, "“on” names no request class");
  *out = mask;
  return TRUE;
}

static gboolean
set_number (SimFault    *f,
            const char  *key,
            gint64       value,
            GError     **error)
{
  if (g_str_equal (key, "count"))
    {
      if (value != -1 && (value < 1 || value > G_MAXINT))
        return invalid (error, "count must be -1 (until cleared) or at least 1");
      f->count = value;
    }
  else if (g_str_equal (key, "status"))
    {
      if (value < 400 || value > 599)
        return invalid (error, "status must be between 400 and 599");
      f->status = value;
    }
  else if (g_str_equal (key, "retry_after"))
    {
      if (value < 0 || value > 86400)
        return invalid (error, "retry_after must be between 0 and 86400 seconds");
      f->retry_after = value;
    }
  else if (g_str_equal (key, "delay_ms") || g_str_equal (key, "delay"))
    {
      if (value < 0 || value > 600000)
        return invalid (error, "delay_ms must be between 0 and 600000");
      f->delay_ms = value;
    }
  else if (g_str_equal (key, "bytes") || g_str_equal (key, "drop_after_bytes"))
    {
      if (value < 0 || value > G_MAXINT)
        return invalid (error, "bytes must not be negative");
      f->bytes = value;
      f->anywhere = FALSE;
    }
  else
    return invalid (error, "unknown fault parameter “%s”", key);
  return TRUE;
}

static gboolean
set_probability (SimFault  *f,
                 double     p,
                 GError   **error)
{
  if (!(p > 0.0 && p <= 1.0))
    return invalid (error, "probability must be above 0 and at most 1");
  f->probability = p;
  return TRUE;
}

static gboolean
set_param (SimFault    *f,
           const char  *key,
           const char  *value,
           GError     **error)
{
  gint64 n;

  if (g_str_equal (key, "on"))
    return parse_routes (value, &f->on, error);
  if (g_str_equal (key, "probability"))
    {
      char *end = NULL;
      double p = g_ascii_strtod (value, &end);

      if (end == value || *end != '\0')
        return invalid (error, "“probability” needs a number, not “%s”", value);
      return set_probability (f, p, error);
    }

  if (!g_ascii_string_to_signed (value, 10, -1, G_MAXINT64, &n, NULL))
    return invalid (error, "“%s” needs a number, not “%s”", key, value);
  return set_number (f, key, n, error);
}

/* The value of "kind=value" is the kind's main parameter. */
static const char *
main_param (SimFaultKind kind)
{
  switch (kind)
    {
    case SIM_FAULT_STATUS:
      return "status";
    case SIM_FAULT_DELAY:
      return "delay_ms";
    case SIM_FAULT_DROP_AFTER_BYTES:
    case SIM_FAULT_DROP_BODY:
      return "bytes";
    case SIM_FAULT_REFUSE:
    case SIM_FAULT_LOSE_REPLY:
    case SIM_FAULT_HTML:
    case SIM_FAULT_GARBAGE:
    case SIM_N_FAULT_KINDS:
    default:
      return NULL;
    }
}

static gboolean
check (SimFault  *f,
       GError   **error)
{
  if (f->kind == SIM_FAULT_STATUS && f->status == 0)
    return invalid (error, "a status fault needs a status (e.g. status=503)");
  if (f->kind == SIM_FAULT_LOSE_REPLY && !(f->on & SIM_ROUTE_SUBMIT))
    return invalid (error, "lose_reply only applies to dossier submissions (on=submit)");
  return TRUE;
}

SimFault *
sim_fault_parse (const char  *spec,
                 GError     **error)
{
  g_auto(GStrv) items = NULL;
  g_autofree SimFault *f = NULL;
  SimFaultKind kind;
  char *eq;

  g_return_val_if_fail (spec != NULL, NULL);

  items = g_strsplit (spec, ",", -1);
  if (items[0] == NULL || *g_strstrip (items[0]) == '\0')
    {
      invalid (error, "empty fault specification");
      return NULL;
    }

  eq = strchr (items[0], '=');
  if (eq)
    *eq = '\0';
  if (!kind_from_string (items[0], &kind))
    {
      invalid (error, "unknown fault “%s” (refuse, status, delay, drop_after_bytes, "
               "lose_reply, html, garbage, drop_body)", items[0]);
      return NULL;
    }
  f = fault_new (kind);
  if (eq)
    {
      const char *param = main_param (kind);

      if (param == NULL)
        {
          invalid (error, "fault “%s” takes no value", items[0]);
          return NULL;
        }
      if (!set_param (f, param, eq + 1, error))
        return NULL;
    }

  for (guint i = 1; items[i]; i++)
    {
      char *item = g_strstrip (items[i]);

      if (*item == '\0')
        continue;
      eq = strchr (item, '=');
      if (eq == NULL)
        {
          invalid (error, "“%s” is not key=value", item);
          return NULL;
        }
      *eq = '\0';
      if (!set_param (f, g_strstrip (item), g_strstrip (eq + 1), error))
        return NULL;
    }

  if (!check (f, error))
    return NULL;
  return g_steal_pointer (&f);
}

SimFault *
sim_fault_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autofree SimFault *f = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *obj;
  const char *kind_name;
  SimFaultKind kind;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "a fault is a JSON object");
      return NULL;
    }
  obj = json_node_get_object (node);

  if (json_object_has_member (obj, "spec"))
    {
      JsonNode *spec = json_object_get_member (obj, "spec");

      if (json_object_get_size (obj) != 1 ||
          json_node_get_value_type (spec) != G_TYPE_STRING)
        {
          invalid (error, "“spec” is a string and comes alone");
          return NULL;
        }
      return sim_fault_parse (json_node_get_string (spec), error);
    }

  if (json_object_has_member (obj, "kind") &&
      json_node_get_value_type (json_object_get_member (obj, "kind")) == G_TYPE_STRING)
    kind_name = json_object_get_string_member (obj, "kind");
  else
    kind_name = NULL;
  if (kind_name == NULL || !kind_from_string (kind_name, &kind))
    {
      invalid (error, "a fault needs a known “kind” (refuse, status, delay, "
               "drop_after_bytes, lose_reply, html, garbage, drop_body)");
      return NULL;
    }
  f = fault_new (kind);

  members = json_object_get_members (obj);
  for (GList *l = members; l; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (obj, key);

      if (g_str_equal (key, "kind"))
        continue;

      if (g_str_equal (key, "on"))
        {
          if (JSON_NODE_HOLDS_ARRAY (value))
            {
              JsonArray *array = json_node_get_array (value);
              g_autoptr(GString) joined = g_string_new (NULL);

              for (guint i = 0; i < json_array_get_length (array); i++)
                {
                  JsonNode *e = json_array_get_element (array, i);

                  if (json_node_get_value_type (e) != G_TYPE_STRING)
                    {
                      invalid (error, "“on” lists request classes as strings");
                      return NULL;
                    }
                  if (i > 0)
                    g_string_append_c (joined, '+');
                  g_string_append (joined, json_node_get_string (e));
                }
              if (!parse_routes (joined->str, &f->on, error))
                return NULL;
            }
          else if (json_node_get_value_type (value) == G_TYPE_STRING)
            {
              if (!parse_routes (json_node_get_string (value), &f->on, error))
                return NULL;
            }
          else
            {
              invalid (error, "“on” is a string or an array of strings");
              return NULL;
            }
          continue;
        }

      if (g_str_equal (key, "probability"))
        {
          GType t = json_node_get_value_type (value);

          if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
            {
              invalid (error, "“probability” must be a number");
              return NULL;
            }
          if (!set_probability (f, t == G_TYPE_DOUBLE ? json_node_get_double (value)
                                                      : (double) json_node_get_int (value),
                                error))
            return NULL;
          continue;
        }
      if (json_node_get_value_type (value) != G_TYPE_INT64)
        {
          invalid (error, "“%s” must be an integer", key);
          return NULL;
        }
      if (!set_number (f, key, json_node_get_int (value), error))
        return NULL;
    }

  if (!check (f, error))
    return NULL;
  return g_steal_pointer (&f);
}

SimFaults *
sim_faults_new (guint32 seed)
{
  SimFaults *self = g_new0 (SimFaults, 1);

  self->list = g_ptr_array_new_with_free_func (g_free);
  self->next_id = 1;
  self->rand = g_rand_new_with_seed (seed);
  return self;
}

GRand *
sim_faults_get_rand (SimFaults *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->rand;
}

void
sim_faults_free (SimFaults *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->list);
  g_rand_free (self->rand);
  g_free (self);
}

void
sim_faults_add (SimFaults *self,
                SimFault  *fault)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (fault != NULL);

  fault->id = self->next_id++;
  g_ptr_array_add (self->list, fault);
}

void
sim_faults_clear (SimFaults *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_set_size (self->list, 0);
}

static JsonNode *
routes_to_json (guint mask)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (mask == SIM_ROUTE_ANY)
    return json_node_init_string (json_node_alloc (), "any");
  for (guint j = 1; j < G_N_ELEMENTS (route_names); j++)
    {
      if (mask & route_names[j].route)
        {
          if (s->len)
            g_string_append_c (s, '+');
          g_string_append (s, route_names[j].name);
        }
    }
  return json_node_init_string (json_node_alloc (), s->str);
}

JsonNode *
sim_faults_to_json (SimFaults *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_array (b);
  for (guint i = 0; i < self->list->len; i++)
    {
      const SimFault *f = g_ptr_array_index (self->list, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, f->id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, kind_names[f->kind]);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, f->count);
      json_builder_set_member_name (b, "on");
      json_builder_add_value (b, routes_to_json (f->on));
      switch (f->kind)
        {
        case SIM_FAULT_STATUS:
          json_builder_set_member_name (b, "status");
          json_builder_add_int_value (b, f->status);
          json_builder_set_member_name (b, "retry_after");
          json_builder_add_int_value (b, f->retry_after);
          break;
        case SIM_FAULT_DELAY:
          json_builder_set_member_name (b, "delay_ms");
          json_builder_add_int_value (b, f->delay_ms);
          break;
        case SIM_FAULT_DROP_AFTER_BYTES:
          json_builder_set_member_name (b, "bytes");
          json_builder_add_int_value (b, f->bytes);
          break;
        case SIM_FAULT_DROP_BODY:
          json_builder_set_member_name (b, "bytes");
          if (f->anywhere)
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, f->bytes);
          break;
        case SIM_FAULT_REFUSE:
        case SIM_FAULT_LOSE_REPLY:
        case SIM_FAULT_HTML:
        case SIM_FAULT_GARBAGE:
        case SIM_N_FAULT_KINDS:
        default:
          break;
        }
      if (f->probability < 1.0)
        {
          json_builder_set_member_name (b, "probability");
          json_builder_add_double_value (b, f->probability);
        }
      json_builder_set_member_name (b, "applied");
      json_builder_add_int_value (b, f->applied);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static SimFaultClass
fault_class (SimFaultKind kind)
{
  if (kind == SIM_FAULT_DELAY)
    return SIM_FAULT_CLASS_DELAY;
  if (kind == SIM_FAULT_DROP_BODY)
    return SIM_FAULT_CLASS_BODY;
  return SIM_FAULT_CLASS_REPLY;
}

gboolean
sim_faults_take (SimFaults     *self,
                 SimRoute       route,
                 SimFaultClass  klass,
                 gint64         body_len,
                 SimFault      *out)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < self->list->len; i++)
    {
      SimFault *f = g_ptr_array_index (self->list, i);

      if (fault_class (f->kind) != klass || !(f->on & route))
        continue;
      if (f->kind == SIM_FAULT_LOSE_REPLY && route != SIM_ROUTE_SUBMIT)
        continue;
      /* A cut needs a body that goes on past the cut. */
      if (f->kind == SIM_FAULT_DROP_BODY &&
          (body_len == 0 || (!f->anywhere && body_len >= 0 && body_len <= (gint64) f->bytes)))
        continue;
      if (f->probability < 1.0 && g_rand_double (self->rand) >= f->probability)
        continue;

      f->applied++;
      *out = *f;
      if (f->count > 0 && --f->count == 0)
        g_ptr_array_remove_index (self->list, i);
      return TRUE;
    }
  return FALSE;
}
