/* mc-catalogue.c: the procedure catalogue and its diacritic-insensitive search.
 *
 * The catalogue is small (tens of procedures, a few hundred at most) and read
 * once at start-up, so search is a linear scan over words folded at load time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-catalogue"

#include "mc-catalogue.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mc-text.h"

#define CATALOGUE_FILE "catalogue.json"

G_DEFINE_QUARK (mc-catalogue-error-quark, mc_catalogue_error)

/* ---- McProcedure ---------------------------------------------------------- */

struct _McProcedure
{
  GObject parent_instance;

  char *code;
  char *name;
  char *field;      /* nullable */
  char *level;      /* nullable */
  char *agency;     /* nullable */
  char *fee;        /* nullable */
  char *duration;   /* nullable */
  char *result;     /* nullable */
  guint popularity;
  GPtrArray *documents;  /* owned, of McRequiredDocument* */

  /* Search keys, folded once at load. */
  char *folded_name;
  char **name_words;
  char **other_words;    /* field and code */
  char *name_collate_key;
};

G_DEFINE_FINAL_TYPE (McProcedure, mc_procedure, G_TYPE_OBJECT)

enum {
  PROC_PROP_0,
  PROC_PROP_CODE,
  PROC_PROP_NAME,
  PROC_PROP_FIELD,
  PROC_N_PROPS
};

static GParamSpec *proc_properties[PROC_N_PROPS];

static void
mc_required_document_free (McRequiredDocument *doc)
{
  g_free (doc->name);
  g_free (doc->form);
  g_free (doc->quantity);
  g_free (doc->group);
  g_free (doc);
}

static void
mc_procedure_finalize (GObject *object)
{
  McProcedure *self = MC_PROCEDURE (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->field);
  g_free (self->level);
  g_free (self->agency);
  g_free (self->fee);
  g_free (self->duration);
  g_free (self->result);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_free (self->folded_name);
  g_strfreev (self->name_words);
  g_strfreev (self->other_words);
  g_free (self->name_collate_key);

  G_OBJECT_CLASS (mc_procedure_parent_class)->finalize (object);
}

static void
mc_procedure_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McProcedure *self = MC_PROCEDURE (object);

  switch (prop_id)
    {
    case PROC_PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROC_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROC_PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_procedure_class_init (McProcedureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_procedure_finalize;
  object_class->get_property = mc_procedure_get_property;

  /* Read-only: a procedure is immutable after load. Properties so that list
   * rows can bind them with GtkExpression. */
  proc_properties[PROC_PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  proc_properties[PROC_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  proc_properties[PROC_PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, PROC_N_PROPS, proc_properties);
}

static void
mc_procedure_init (McProcedure *self)
{
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_required_document_free);
}

const char *
mc_procedure_get_code (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->code;
}

const char *
mc_procedure_get_name (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->name;
}

const char *
mc_procedure_get_field (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->field;
}

const char *
mc_procedure_get_level (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->level;
}

const char *
mc_procedure_get_agency (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->agency;
}

const char *
mc_procedure_get_fee (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->fee;
}

const char *
mc_procedure_get_duration (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->duration;
}

const char *
mc_procedure_get_result (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->result;
}

guint
mc_procedure_get_popularity (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);
  return self->popularity;
}

GPtrArray *
mc_procedure_get_documents (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->documents;
}

static char **
fold_words (const char *text)
{
  g_autofree char *folded = mc_text_fold (text != NULL ? text : "");

  if (*folded == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (folded, " ", -1);
}

static void
mc_procedure_prepare_search (McProcedure *self)
{
  g_autofree char *other = g_strjoin (" ", self->field != NULL ? self->field : "", self->code, NULL);

  self->folded_name = mc_text_fold (self->name);
  self->name_words = fold_words (self->name);
  self->other_words = fold_words (other);
  self->name_collate_key = g_utf8_collate_key (self->name, -1);
}

/* ---- loading --------------------------------------------------------------- */

static gboolean
set_format_error (GError     **error,
                  const char  *path,
                  const char  *detail)
{
  g_set_error (error, MC_CATALOGUE_ERROR, MC_CATALOGUE_ERROR_PARSE,
               /* Translators: the first %s is a file path, the second says what is wrong. */
               _("The procedure catalogue “%s” is not in the expected format: %s"),
               path, detail);
  return FALSE;
}

/* A string member: NULL when absent or null; FALSE when of another type. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *member,
                     char       **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static McProcedure *
procedure_from_json (JsonNode    *node,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(McProcedure) self = NULL;
  JsonObject *object;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_format_error (error, path, _("a procedure is not an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  self = g_object_new (MC_TYPE_PROCEDURE, NULL);

  if (!get_optional_string (object, "code", &self->code)
      || !get_optional_string (object, "name", &self->name)
      || self->code == NULL || *self->code == '\0'
      || self->name == NULL || *self->name == '\0')
    {
      set_format_error (error, path, _("a procedure has no code or name"));
      return NULL;
    }

  if (!get_optional_string (object, "field", &self->field)
      || !get_optional_string (object, "level", &self->level)
      || !get_optional_string (object, "agency", &self->agency)
      || !get_optional_string (object, "fee", &self->fee)
      || !get_optional_string (object, "duration", &self->duration)
      || !get_optional_string (object, "result", &self->result))
    {
      set_format_error (error, path, _("a procedure has a field of the wrong type"));
      return NULL;
    }

  member = json_object_get_member (object, "popularity");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      gint64 popularity;

      if (!JSON_NODE_HOLDS_VALUE (member)
          || json_node_get_value_type (member) != G_TYPE_INT64
          || (popularity = json_node_get_int (member)) < 0
          || popularity > G_MAXUINT)
        {
          set_format_error (error, path, _("a procedure has a field of the wrong type"));
          return NULL;
        }
      self->popularity = (guint) popularity;
    }

  member = json_object_get_member (object, "documents");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *documents;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          set_format_error (error, path, _("a procedure has a field of the wrong type"));
          return NULL;
        }
      documents = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (documents); i++)
        {
          JsonNode *doc_node = json_array_get_element (documents, i);
          JsonObject *doc_object;
          McRequiredDocument *doc;
          gboolean ok;

          if (!JSON_NODE_HOLDS_OBJECT (doc_node))
            {
              set_format_error (error, path, _("a procedure has a field of the wrong type"));
              return NULL;
            }
          doc_object = json_node_get_object (doc_node);
          doc = g_new0 (McRequiredDocument, 1);
          g_ptr_array_add (self->documents, doc);
          ok = get_optional_string (doc_object, "name", &doc->name)
               && get_optional_string (doc_object, "form", &doc->form)
               && get_optional_string (doc_object, "quantity", &doc->quantity)
               && get_optional_string (doc_object, "group", &doc->group);
          if (!ok || doc->name == NULL)
            {
              set_format_error (error, path, _("a required document has no name"));
              return NULL;
            }
        }
    }

  mc_procedure_prepare_search (self);
  return g_steal_pointer (&self);
}

/* ---- McCatalogue ----------------------------------------------------------- */

struct _McCatalogue
{
  GObject parent_instance;

  GListStore *procedures;  /* owned, of McProcedure, catalogue order */
  GHashTable *by_code;     /* owned; code (borrowed) -> McProcedure (borrowed from procedures) */
};

G_DEFINE_FINAL_TYPE (McCatalogue, mc_catalogue, G_TYPE_OBJECT)

static void
mc_catalogue_finalize (GObject *object)
{
  McCatalogue *self = MC_CATALOGUE (object);

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_object (&self->procedures);

  G_OBJECT_CLASS (mc_catalogue_parent_class)->finalize (object);
}

static void
mc_catalogue_class_init (McCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_catalogue_finalize;
}

static void
mc_catalogue_init (McCatalogue *self)
{
  self->procedures = g_list_store_new (MC_TYPE_PROCEDURE);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

McCatalogue *
mc_catalogue_new_from_file (const char  *path,
                            GError     **error)
{
  g_autoptr(McCatalogue) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  JsonNode *root;
  JsonNode *list;
  JsonArray *array;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, MC_CATALOGUE_ERROR, MC_CATALOGUE_ERROR_PARSE,
                   /* Translators: the first %s is a file path, the second the reason. */
                   _("Could not read the procedure catalogue “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_format_error (error, path, _("it has no list of procedures"));
      return NULL;
    }
  list = json_object_get_member (json_node_get_object (root), "procedures");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      set_format_error (error, path, _("it has no list of procedures"));
      return NULL;
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    {
      set_format_error (error, path, _("it has no list of procedures"));
      return NULL;
    }

  self = g_object_new (MC_TYPE_CATALOGUE, NULL);
  loaded = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      McProcedure *procedure = procedure_from_json (json_array_get_element (array, i), path, error);

      if (procedure == NULL)
        return NULL;
      g_ptr_array_add (loaded, procedure);
      if (!g_hash_table_insert (self->by_code, procedure->code, procedure))
        {
          set_format_error (error, path, _("two procedures have the same code"));
          return NULL;
        }
    }
  g_list_store_splice (self->procedures, 0, 0, loaded->pdata, loaded->len);

  g_debug ("Loaded %u procedures from %s", loaded->len, path);
  return g_steal_pointer (&self);
}

McCatalogue *
mc_catalogue_new_default (GError **error)
{
  const char *dirs[] = { g_getenv ("MOTCUA_DATA_DIR"), SRCDATADIR, PKGDATADIR };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      path = g_build_filename (dirs[i], CATALOGUE_FILE, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return mc_catalogue_new_from_file (path, error);
      g_debug ("No catalogue at %s", path);
    }

  g_set_error (error, MC_CATALOGUE_ERROR, MC_CATALOGUE_ERROR_PARSE,
               /* Translators: %s is a directory. */
               _("The procedure catalogue was not found; it should be in “%s”."),
               PKGDATADIR);
  return NULL;
}

guint
mc_catalogue_get_n_procedures (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->procedures));
}

McProcedure *
mc_catalogue_lookup (McCatalogue *self,
                     const char  *code)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->by_code, code);
}

GListModel *
mc_catalogue_get_model (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  return G_LIST_MODEL (self->procedures);
}

/* ---- search ---------------------------------------------------------------- */

typedef enum {
  RANK_PHRASE_IN_NAME,   /* the whole folded query is in the name, from a word start */
  RANK_WORDS_IN_NAME,    /* every query word starts a word of the name */
  RANK_OTHER,            /* some query word only starts a word of the field or code */
} MatchRank;

typedef struct {
  McProcedure *procedure;  /* borrowed */
  MatchRank rank;
} Hit;

static gboolean
word_starts_any (const char  *word,
                 char       **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], word))
      return TRUE;
  return FALSE;
}

static gboolean
phrase_at_word_start (const char *haystack,
                      const char *phrase)
{
  for (const char *p = strstr (haystack, phrase); p != NULL; p = strstr (p + 1, phrase))
    if (p == haystack || p[-1] == ' ')
      return TRUE;
  return FALSE;
}

static gboolean
match (McProcedure  *procedure,
       const char   *folded_query,
       char        **query_words,
       MatchRank    *rank)
{
  gboolean all_in_name = TRUE;

  for (guint i = 0; query_words[i] != NULL; i++)
    {
      if (word_starts_any (query_words[i], procedure->name_words))
        continue;
      all_in_name = FALSE;
      if (!word_starts_any (query_words[i], procedure->other_words))
        return FALSE;
    }

  if (!all_in_name)
    *rank = RANK_OTHER;
  else if (phrase_at_word_start (procedure->folded_name, folded_query))
    *rank = RANK_PHRASE_IN_NAME;
  else
    *rank = RANK_WORDS_IN_NAME;
  return TRUE;
}

/* Popular first (1, 2, ...), then the unranked (0); ties by name. */
static int
compare_popularity (McProcedure *a,
                    McProcedure *b)
{
  guint pa = a->popularity != 0 ? a->popularity : G_MAXUINT;
  guint pb = b->popularity != 0 ? b->popularity : G_MAXUINT;

  if (pa != pb)
    return pa < pb ? -1 : 1;
  return strcmp (a->name_collate_key, b->name_collate_key);
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *ha = a;
  const Hit *hb = b;

  if (ha->rank != hb->rank)
    return ha->rank < hb->rank ? -1 : 1;
  return compare_popularity (ha->procedure, hb->procedure);
}

static int
compare_procedures (gconstpointer a,
                    gconstpointer b)
{
  return compare_popularity (*(McProcedure **) a, *(McProcedure **) b);
}

GPtrArray *
mc_catalogue_search (McCatalogue *self,
                     const char  *query,
                     guint        max_results)
{
  g_autofree char *folded_query = NULL;
  g_auto(GStrv) query_words = NULL;
  g_autoptr(GArray) hits = NULL;
  GPtrArray *results;
  guint n;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  results = g_ptr_array_new_with_free_func (g_object_unref);
  folded_query = mc_text_fold (query);
  if (*folded_query == '\0')
    return results;
  query_words = g_strsplit (folded_query, " ", -1);

  hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->procedures));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (G_LIST_MODEL (self->procedures), i);
      Hit hit = { procedure, RANK_OTHER };

      if (match (procedure, folded_query, query_words, &hit.rank))
        g_array_append_val (hits, hit);
    }
  g_array_sort (hits, compare_hits);

  for (guint i = 0; i < hits->len; i++)
    {
      if (max_results != 0 && i >= max_results)
        break;
      g_ptr_array_add (results, g_object_ref (g_array_index (hits, Hit, i).procedure));
    }
  return results;
}

GPtrArray *
mc_catalogue_get_popular (McCatalogue *self,
                          guint        n)
{
  GPtrArray *results;
  guint n_items;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);

  results = g_ptr_array_new_with_free_func (g_object_unref);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->procedures));
  for (guint i = 0; i < n_items; i++)
    {
      McProcedure *procedure = g_list_model_get_item (G_LIST_MODEL (self->procedures), i);

      if (procedure->popularity != 0)
        g_ptr_array_add (results, procedure);
      else
        g_object_unref (procedure);
    }
  g_ptr_array_sort (results, compare_procedures);
  /* Only ranked procedures are "popular"; there may be fewer than @n. */
  if (results->len > n)
    g_ptr_array_set_size (results, n);
  return results;
}
