/* mc-catalogue.c: the procedure catalogue and its diacritic-insensitive search.
 *
 * The full catalogue has ~2,850 procedures (tests and the benchmark use 20,000).
 * At load every distinct word of the names, fields and codes is folded to its
 * search key and put in one sorted vocabulary; a word's id is its rank there, so
 * every word starting with a typed prefix is one contiguous id range, found by
 * two binary searches. A procedure keeps the ids of its words; matching a query
 * is then integer compares over a linear scan in the tie order (precomputed),
 * which leaves results sorted within each rank without sorting.
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
#define CATALOGUE_FILE_GZ "catalogue.json.gz"
#define LIFE_EVENTS_FILE "life-events.json"
#define SYNONYMS_FILE "synonyms.json"

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
  GPtrArray *methods;    /* owned, of McSubmissionMethod* */
  GPtrArray *legal;      /* owned, of McLegalBasis* */
  char *applicants;      /* nullable */
  char *url;             /* nullable */
  char *decision;        /* nullable */
  McProcedureLevels levels;
  gboolean commune_counter;
  gboolean curated;

  /* Search data, made once at load. */
  char *name_key;        /* search key of the name */
  char **name_words;     /* search keys, before the vocabulary exists */
  char **other_words;    /* field and code */
  guint32 *word_ids;     /* owned: n_name_ids name words, then the others */
  guint16 n_name_ids;
  guint16 n_word_ids;
  guint tie_rank;        /* position in the tie order: 0 = first */
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
mc_submission_method_free (McSubmissionMethod *method)
{
  g_free (method->method);
  g_free (method->duration);
  g_free (method->fee);
  g_free (method);
}

static void
mc_legal_basis_free (McLegalBasis *legal)
{
  g_free (legal->number);
  g_free (legal->title);
  g_free (legal);
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
  g_clear_pointer (&self->methods, g_ptr_array_unref);
  g_clear_pointer (&self->legal, g_ptr_array_unref);
  g_free (self->applicants);
  g_free (self->url);
  g_free (self->decision);
  g_free (self->name_key);
  g_strfreev (self->name_words);
  g_strfreev (self->other_words);
  g_free (self->word_ids);

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
  self->methods = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_submission_method_free);
  self->legal = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_legal_basis_free);
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

McProcedureLevels
mc_procedure_get_levels (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), MC_PROCEDURE_LEVEL_NONE);
  return self->levels;
}

gboolean
mc_procedure_is_commune_counter (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), FALSE);
  return self->commune_counter;
}

gboolean
mc_procedure_is_curated (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), FALSE);
  return self->curated;
}

const char *
mc_procedure_get_applicants (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->applicants;
}

const char *
mc_procedure_get_url (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->url;
}

const char *
mc_procedure_get_decision (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->decision;
}

GPtrArray *
mc_procedure_get_methods (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->methods;
}

GPtrArray *
mc_procedure_get_legal_basis (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->legal;
}

static char **
key_words (const char *text)
{
  g_autofree char *key = mc_text_search_key (text != NULL ? text : "");

  if (*key == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (key, " ", -1);
}

static void
mc_procedure_prepare_search (McProcedure *self)
{
  g_autofree char *other = g_strjoin (" ", self->field != NULL ? self->field : "", self->code, NULL);

  self->name_key = mc_text_search_key (self->name);
  self->name_words = key_words (self->name);
  self->other_words = key_words (other);
}

/* "1 bản chính, 2 bản sao" -> 1, 2; -1 for a kind not named. */
static void
parse_quantity (McRequiredDocument *doc)
{
  doc->n_originals = -1;
  doc->n_copies = -1;
  if (doc->quantity == NULL)
    return;
  for (const char *p = doc->quantity; *p != '\0'; p++)
    {
      char *end;
      guint64 n;

      if (!g_ascii_isdigit (*p) || (p > doc->quantity && g_ascii_isdigit (p[-1])))
        continue;
      n = g_ascii_strtoull (p, &end, 10);
      if (n > 99)
        continue;
      if (g_str_has_prefix (end, " bản chính"))
        doc->n_originals = MAX (doc->n_originals, 0) + (int) n;
      else if (g_str_has_prefix (end, " bản sao") || g_str_has_prefix (end, " bản chụp"))
        doc->n_copies = MAX (doc->n_copies, 0) + (int) n;
    }
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

/* An optional array of objects: FALSE when of the wrong type. */
static gboolean
get_optional_objects (JsonObject  *object,
                      const char  *member,
                      JsonArray  **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  *out = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (*out); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (*out, i)))
      return FALSE;
  return TRUE;
}

static gboolean
methods_from_json (McProcedure *self,
                   JsonObject  *object)
{
  JsonArray *array;

  if (!get_optional_objects (object, "methods", &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      McSubmissionMethod *method = g_new0 (McSubmissionMethod, 1);

      g_ptr_array_add (self->methods, method);
      if (!get_optional_string (row, "method", &method->method)
          || !get_optional_string (row, "duration", &method->duration)
          || !get_optional_string (row, "fee", &method->fee)
          || method->method == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
legal_from_json (McProcedure *self,
                 JsonObject  *object)
{
  JsonArray *array;

  if (!get_optional_objects (object, "legal", &array))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      McLegalBasis *legal = g_new0 (McLegalBasis, 1);

      g_ptr_array_add (self->legal, legal);
      if (!get_optional_string (row, "number", &legal->number)
          || !get_optional_string (row, "title", &legal->title)
          || legal->title == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
get_optional_boolean (JsonObject *object,
                      const char *member,
                      gboolean   *out,
                      gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* The levels from "levels" (["xa", "tinh", "bo", "khac"]), else from the level
 * text; "commune_counter" defaults to commune level (older catalogues had only
 * commune procedures and no such member). */
static gboolean
levels_from_json (McProcedure *self,
                  JsonObject  *object)
{
  JsonNode *node = json_object_get_member (object, "levels");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *level = json_array_get_string_element (array, i);

          if (g_strcmp0 (level, "xa") == 0)
            self->levels |= MC_PROCEDURE_LEVEL_COMMUNE;
          else if (g_strcmp0 (level, "tinh") == 0)
            self->levels |= MC_PROCEDURE_LEVEL_PROVINCE;
          else if (g_strcmp0 (level, "bo") == 0)
            self->levels |= MC_PROCEDURE_LEVEL_MINISTRY;
          else if (g_strcmp0 (level, "khac") == 0)
            self->levels |= MC_PROCEDURE_LEVEL_OTHER;
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  else if (self->level != NULL)
    {
      g_autofree char *key = mc_text_fold (self->level);

      if (strstr (key, "cap xa") != NULL)
        self->levels |= MC_PROCEDURE_LEVEL_COMMUNE;
      if (strstr (key, "cap tinh") != NULL)
        self->levels |= MC_PROCEDURE_LEVEL_PROVINCE;
      if (strstr (key, "cap bo") != NULL)
        self->levels |= MC_PROCEDURE_LEVEL_MINISTRY;
      if (strstr (key, "co quan khac") != NULL)
        self->levels |= MC_PROCEDURE_LEVEL_OTHER;
    }

  return get_optional_boolean (object, "commune_counter", &self->commune_counter,
                               (self->levels & MC_PROCEDURE_LEVEL_COMMUNE) != 0)
         && get_optional_boolean (object, "curated", &self->curated, FALSE);
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
      || !get_optional_string (object, "result", &self->result)
      || !get_optional_string (object, "applicants", &self->applicants)
      || !get_optional_string (object, "url", &self->url)
      || !get_optional_string (object, "decision", &self->decision))
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
          parse_quantity (doc);
        }
    }

  if (!methods_from_json (self, object) || !legal_from_json (self, object)
      || !levels_from_json (self, object))
    {
      set_format_error (error, path, _("a procedure has a field of the wrong type"));
      return NULL;
    }

  mc_procedure_prepare_search (self);
  return g_steal_pointer (&self);
}

/* ---- McCatalogue ----------------------------------------------------------- */

typedef struct {
  char       **words;       /* owned: search keys of the phrase */
  GPtrArray   *procedures;  /* owned, of McProcedure* (borrowed): the codes, in order */
  GPtrArray   *by_terms;    /* owned, of McProcedure* (borrowed): matching the terms, tie order */
} Synonym;

static void
synonym_free (Synonym *synonym)
{
  g_strfreev (synonym->words);
  g_clear_pointer (&synonym->procedures, g_ptr_array_unref);
  g_clear_pointer (&synonym->by_terms, g_ptr_array_unref);
  g_free (synonym);
}

static void
life_event_free (McLifeEvent *event)
{
  g_free (event->id);
  g_free (event->title);
  g_free (event->title_en);
  g_free (event->icon_name);
  g_clear_pointer (&event->procedures, g_ptr_array_unref);
  g_free (event);
}

static void
catalogue_field_free (McCatalogueField *field)
{
  g_free (field->name);
  g_free (field);
}

struct _McCatalogue
{
  GObject parent_instance;

  char *path;
  char *version;
  char *date;              /* nullable */
  GListStore *procedures;  /* owned, of McProcedure, catalogue order */
  GHashTable *by_code;     /* owned; code (borrowed) -> McProcedure (borrowed from procedures) */
  McProcedure **ranked;    /* owned array of borrowed: tie order (see mc_catalogue_search) */
  guint n_procedures;

  GStringChunk *vocab_chunk;  /* owned: the words */
  const char **vocab;         /* owned array of words in vocab_chunk, sorted */
  guint n_vocab;
  /* Postings: the procedures (tie ranks) having word id w are
   * postings[offsets[w] .. offsets[w + 1]); so those having any word of an id
   * range [lo, hi) are the one slice offsets[lo] .. offsets[hi]. */
  guint32 *offsets;           /* owned, n_vocab + 1 */
  guint32 *postings;          /* owned */

  GPtrArray *synonyms;     /* owned, of Synonym* */
  GPtrArray *life_events;  /* owned, of McLifeEvent* */
  GPtrArray *fields;       /* owned, of McCatalogueField* */
};

G_DEFINE_FINAL_TYPE (McCatalogue, mc_catalogue, G_TYPE_OBJECT)

static void
mc_catalogue_finalize (GObject *object)
{
  McCatalogue *self = MC_CATALOGUE (object);

  g_clear_pointer (&self->synonyms, g_ptr_array_unref);
  g_clear_pointer (&self->life_events, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->ranked, g_free);
  g_clear_pointer (&self->vocab, g_free);
  g_clear_pointer (&self->offsets, g_free);
  g_clear_pointer (&self->postings, g_free);
  g_clear_pointer (&self->vocab_chunk, g_string_chunk_free);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_object (&self->procedures);
  g_free (self->path);
  g_free (self->version);
  g_free (self->date);

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
  self->synonyms = g_ptr_array_new_with_free_func ((GDestroyNotify) synonym_free);
  self->life_events = g_ptr_array_new_with_free_func ((GDestroyNotify) life_event_free);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) catalogue_field_free);
}

/* ---- the search index ------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* First vocabulary index whose word is >= @word. */
static guint
vocab_lower_bound (McCatalogue *self,
                   const char  *word)
{
  guint lo = 0, hi = self->n_vocab;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strcmp (self->vocab[mid], word) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The id range [*lo, *hi) of the words starting with @prefix. */
static void
vocab_prefix_range (McCatalogue *self,
                    const char  *prefix,
                    guint       *out_lo,
                    guint       *out_hi)
{
  gsize len = strlen (prefix);
  guint lo = vocab_lower_bound (self, prefix);
  guint hi = self->n_vocab;
  guint a = lo;

  /* Words with the prefix are contiguous from lo on. */
  while (a < hi)
    {
      guint mid = a + (hi - a) / 2;

      if (strncmp (self->vocab[mid], prefix, len) <= 0)
        a = mid + 1;
      else
        hi = mid;
    }
  *out_lo = lo;
  *out_hi = a;
}

typedef struct {
  const char *collate_key;  /* borrowed */
  McProcedure *procedure;
} TieEntry;

/* Commune counter first, then curated, then popular (1, 2, ...; 0 last), then
 * by name. */
static int
compare_tie (gconstpointer a,
             gconstpointer b)
{
  const TieEntry *ea = a;
  const TieEntry *eb = b;
  McProcedure *pa = ea->procedure;
  McProcedure *pb = eb->procedure;
  guint ra = pa->popularity != 0 ? pa->popularity : G_MAXUINT;
  guint rb = pb->popularity != 0 ? pb->popularity : G_MAXUINT;
  int c;

  if (pa->commune_counter != pb->commune_counter)
    return pa->commune_counter ? -1 : 1;
  if (pa->curated != pb->curated)
    return pa->curated ? -1 : 1;
  if (ra != rb)
    return ra < rb ? -1 : 1;
  c = strcmp (ea->collate_key, eb->collate_key);
  return c != 0 ? c : strcmp (pa->code, pb->code);
}

static void
build_index (McCatalogue *self,
             GPtrArray   *loaded)
{
  g_autoptr(GHashTable) words = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree TieEntry *ties = NULL;
  GHashTableIter iter;
  gpointer key;
  guint i = 0;

  self->n_procedures = loaded->len;
  self->vocab_chunk = g_string_chunk_new (64 * 1024);

  for (guint p = 0; p < loaded->len; p++)
    {
      McProcedure *procedure = g_ptr_array_index (loaded, p);

      for (guint w = 0; procedure->name_words[w] != NULL; w++)
        g_hash_table_add (words, procedure->name_words[w]);
      for (guint w = 0; procedure->other_words[w] != NULL; w++)
        g_hash_table_add (words, procedure->other_words[w]);
    }

  self->n_vocab = g_hash_table_size (words);
  self->vocab = g_new (const char *, self->n_vocab + 1);
  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    self->vocab[i++] = g_string_chunk_insert_const (self->vocab_chunk, key);
  self->vocab[i] = NULL;
  qsort (self->vocab, self->n_vocab, sizeof (char *), compare_strings);

  /* A word's id is its rank in the sorted vocabulary. */
  g_hash_table_remove_all (words);
  for (i = 0; i < self->n_vocab; i++)
    g_hash_table_insert (words, (gpointer) self->vocab[i], GUINT_TO_POINTER (i));

  for (guint p = 0; p < loaded->len; p++)
    {
      McProcedure *procedure = g_ptr_array_index (loaded, p);
      guint n_name = g_strv_length (procedure->name_words);
      guint n_other = g_strv_length (procedure->other_words);
      guint n = 0;

      n_name = MIN (n_name, G_MAXUINT16 / 2);
      n_other = MIN (n_other, G_MAXUINT16 / 2);
      procedure->word_ids = g_new (guint32, n_name + n_other);
      for (guint w = 0; w < n_name; w++)
        procedure->word_ids[n++] = GPOINTER_TO_UINT (g_hash_table_lookup (words, procedure->name_words[w]));
      procedure->n_name_ids = n;
      for (guint w = 0; w < n_other; w++)
        procedure->word_ids[n++] = GPOINTER_TO_UINT (g_hash_table_lookup (words, procedure->other_words[w]));
      procedure->n_word_ids = n;
    }
  /* The words live in the vocabulary now. */
  for (guint p = 0; p < loaded->len; p++)
    {
      McProcedure *procedure = g_ptr_array_index (loaded, p);

      g_clear_pointer (&procedure->name_words, g_strfreev);
      g_clear_pointer (&procedure->other_words, g_strfreev);
    }

  ties = g_new (TieEntry, loaded->len);
  for (guint p = 0; p < loaded->len; p++)
    {
      ties[p].procedure = g_ptr_array_index (loaded, p);
      /* The folded name orders Vietnamese well enough for ties, and costs
       * nothing more (strxfrm-based collate keys took a third of the load). */
      ties[p].collate_key = ties[p].procedure->name_key;
    }
  qsort (ties, loaded->len, sizeof (TieEntry), compare_tie);
  self->ranked = g_new (McProcedure *, loaded->len + 1);
  for (guint p = 0; p < loaded->len; p++)
    {
      self->ranked[p] = ties[p].procedure;
      self->ranked[p]->tie_rank = p;
    }
  self->ranked[loaded->len] = NULL;

  /* Postings, each procedure once per distinct word. */
  self->offsets = g_new0 (guint32, self->n_vocab + 1);
  for (int pass = 0; pass < 2; pass++)
    {
      g_autofree guint32 *fill = pass == 1 ? g_memdup2 (self->offsets, sizeof (guint32) * (self->n_vocab + 1)) : NULL;

      for (guint p = 0; p < loaded->len; p++)
        {
          McProcedure *procedure = self->ranked[p];

          for (guint w = 0; w < procedure->n_word_ids; w++)
            {
              guint32 id = procedure->word_ids[w];
              gboolean repeated = FALSE;

              for (guint v = 0; v < w && !repeated; v++)
                repeated = procedure->word_ids[v] == id;
              if (repeated)
                continue;
              if (pass == 0)
                self->offsets[id + 1]++;
              else
                self->postings[fill[id]++] = p;
            }
        }
      if (pass == 0)
        {
          for (guint w = 0; w < self->n_vocab; w++)
            self->offsets[w + 1] += self->offsets[w];
          self->postings = g_new (guint32, MAX (self->offsets[self->n_vocab], 1));
        }
    }
}

/* ---- matching ---------------------------------------------------------------- */

/* Everyday words a citizen puts around what they need: they may match a word of
 * a name, but need not. Search keys (folded, y -> i). */
static const char * const filler_words[] = {
  "a", "anh", "ba", "bao", "can", "chi", "cho", "con", "cua", "di", "dau", "duoc",
  "em", "gi", "giup", "hoi", "khong", "lam", "lau", "minh", "muon", "nao", "nhieu",
  "nhu", "o", "the", "thu", "toi", "tuc", "va", "ve", "viec", "xin",
};

static gboolean
is_filler (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (filler_words); i++)
    if (strcmp (word, filler_words[i]) == 0)
      return TRUE;
  return FALSE;
}

#define MAX_QUERY_WORDS 16

typedef struct {
  const char *word;   /* borrowed from the query's key */
  guint lo, hi;       /* vocabulary id range of the words it starts */
  gboolean optional;
} QueryWord;

typedef struct {
  char *key;          /* owned: the query's search key */
  QueryWord words[MAX_QUERY_WORDS];
  guint n_words;
  guint n_required;
} Query;

static void
query_clear (Query *query)
{
  g_clear_pointer (&query->key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Query, query_clear)

/* Splits @query_key (owned, modified) into words; FALSE when empty. */
static gboolean
query_init (McCatalogue *self,
            Query       *query,
            char        *query_key)
{
  memset (query, 0, sizeof *query);
  query->key = query_key;
  return *query_key != '\0';
}

static void
query_add_words (McCatalogue *self,
                 Query       *query,
                 char        *words)
{
  char *save = NULL;

  for (char *w = strtok_r (words, " ", &save); w != NULL && query->n_words < MAX_QUERY_WORDS;
       w = strtok_r (NULL, " ", &save))
    {
      QueryWord *qw = &query->words[query->n_words++];

      qw->word = w;
      qw->optional = is_filler (w);
      vocab_prefix_range (self, w, &qw->lo, &qw->hi);
    }

  for (guint i = 0; i < query->n_words; i++)
    if (!query->words[i].optional)
      query->n_required++;
  /* Only filler words: then they are what is searched for ("con", "thu"). */
  if (query->n_required == 0)
    {
      for (guint i = 0; i < query->n_words; i++)
        query->words[i].optional = FALSE;
      query->n_required = query->n_words;
    }
}

typedef enum {
  MATCH_NONE,
  MATCH_IN_NAME,     /* in a word of the name */
  MATCH_ELSEWHERE,   /* only in the field or code */
} WordMatch;

static inline WordMatch
match_word (const McProcedure *procedure,
            const QueryWord   *qw)
{
  for (guint i = 0; i < procedure->n_word_ids; i++)
    {
      guint32 id = procedure->word_ids[i];

      if (id >= qw->lo && id < qw->hi)
        return i < procedure->n_name_ids ? MATCH_IN_NAME : MATCH_ELSEWHERE;
    }
  return MATCH_NONE;
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

/* Whether the synonym's words occur one after the other in the query; the
 * query's last word may still be being typed (a prefix of the synonym's last
 * word, of 2 letters or more, or 3 for a one-word synonym). */
static gboolean
synonym_fires (const Synonym *synonym,
               const Query   *query)
{
  guint m = g_strv_length (synonym->words);

  if (m == 0 || m > query->n_words)
    return FALSE;
  for (guint i = 0; i + m <= query->n_words; i++)
    {
      guint k;

      for (k = 0; k < m; k++)
        {
          const char *qw = query->words[i + k].word;
          const char *sw = synonym->words[k];
          gboolean last = i + k == query->n_words - 1 && k == m - 1;
          gsize len = strlen (qw);

          if (strcmp (qw, sw) == 0)
            continue;
          if (last && len >= (m > 1 ? 2u : 3u) && g_str_has_prefix (sw, qw))
            continue;
          break;
        }
      if (k == m)
        return TRUE;
    }
  return FALSE;
}

/* Ranks, best first, as documented in mc-catalogue.h. */
enum {
  TIER_NONE = 0,
  TIER_PHRASE,
  TIER_WORDS_IN_NAME,
  TIER_ELSEWHERE,
  N_FULL_TIERS,
  TIER_CANDIDATE = 0xff,
};

static void
add_result (GPtrArray   *results,
            guint8      *taken,
            McProcedure *procedure,
            guint        max_results)
{
  if (taken[procedure->tie_rank])
    return;
  if (max_results != 0 && results->len >= max_results)
    return;
  taken[procedure->tie_rank] = 1;
  g_ptr_array_add (results, g_object_ref (procedure));
}

GPtrArray *
mc_catalogue_search (McCatalogue *self,
                     const char  *query_text,
                     guint        max_results)
{
  g_auto(Query) query = { 0, };
  g_autofree char *words = NULL;
  g_autofree guint8 *tier = NULL;
  g_autofree guint8 *taken = NULL;
  GPtrArray *results;
  guint n_full = 0;
  gboolean any_empty = FALSE;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (query_text != NULL, NULL);

  results = g_ptr_array_new_with_free_func (g_object_unref);
  if (!query_init (self, &query, mc_text_search_key (query_text)))
    return results;
  words = g_strdup (query.key);
  query_add_words (self, &query, words);

  /* One byte per procedure, in tie order: its rank for this query. */
  tier = g_new0 (guint8, self->n_procedures);
  taken = g_new0 (guint8, self->n_procedures);

  /* 1. Synonyms. */
  for (guint s = 0; s < self->synonyms->len; s++)
    {
      Synonym *synonym = g_ptr_array_index (self->synonyms, s);

      if (!synonym_fires (synonym, &query))
        continue;
      for (guint i = 0; i < synonym->procedures->len; i++)
        add_result (results, taken, g_ptr_array_index (synonym->procedures, i), max_results);
    }
  for (guint s = 0; s < self->synonyms->len; s++)
    {
      Synonym *synonym = g_ptr_array_index (self->synonyms, s);

      if (synonym->by_terms == NULL || !synonym_fires (synonym, &query))
        continue;
      for (guint i = 0; i < synonym->by_terms->len; i++)
        add_result (results, taken, g_ptr_array_index (synonym->by_terms, i), max_results);
    }

  for (guint w = 0; w < query.n_words; w++)
    if (!query.words[w].optional && query.words[w].lo == query.words[w].hi)
      any_empty = TRUE;

  /* 2.-4. Every required word matches. The scan is in tie order, so once
   * there are enough phrase hits nothing later can displace them. */
  if (!any_empty)
    {
      guint n_phrase = 0;
      const QueryWord *rarest = NULL;
      guint n_candidates = self->n_procedures;

      /* The candidates: the procedures with a word the rarest query word starts. */
      for (guint w = 0; w < query.n_words; w++)
        {
          const QueryWord *qw = &query.words[w];
          guint n = self->offsets[qw->hi] - self->offsets[qw->lo];

          if (!qw->optional && n < n_candidates)
            {
              rarest = qw;
              n_candidates = n;
            }
        }
      if (rarest != NULL)
        for (guint k = self->offsets[rarest->lo]; k < self->offsets[rarest->hi]; k++)
          tier[self->postings[k]] = TIER_CANDIDATE;

      for (guint p = 0; p < self->n_procedures; p++)
        {
          const McProcedure *procedure = self->ranked[p];
          gboolean all_in_name = TRUE;
          guint w;

          if (rarest != NULL)
            {
              if (tier[p] != TIER_CANDIDATE)
                continue;
              tier[p] = TIER_NONE;
            }

          for (w = 0; w < query.n_words; w++)
            {
              WordMatch m;

              if (query.words[w].optional)
                continue;
              m = match_word (procedure, &query.words[w]);
              if (m == MATCH_NONE)
                break;
              if (m == MATCH_ELSEWHERE)
                all_in_name = FALSE;
            }
          if (w < query.n_words)
            continue;
          if (!all_in_name)
            tier[p] = TIER_ELSEWHERE;
          else if (phrase_at_word_start (procedure->name_key, query.key))
            {
              tier[p] = TIER_PHRASE;
              n_phrase++;
            }
          else
            tier[p] = TIER_WORDS_IN_NAME;
          n_full++;
          if (max_results != 0 && results->len + n_phrase >= max_results)
            break;
        }
      for (guint t = TIER_PHRASE; t < N_FULL_TIERS; t++)
        for (guint p = 0; p < self->n_procedures; p++)
          if (tier[p] == t)
            add_result (results, taken, self->ranked[p], max_results);
    }

  /* 5. Nothing matches every word: most words first, at least two thirds
   * (with two words that would be both: nothing to do). */
  if (n_full == 0 && query.n_required >= 3)
    {
      guint need = (2 * query.n_required + 2) / 3;
      g_autofree guint8 *last_word = g_new0 (guint8, self->n_procedures);

      /* Count, from the postings, how many required words each procedure has. */
      memset (tier, 0, self->n_procedures);
      for (guint w = 0; w < query.n_words; w++)
        {
          const QueryWord *qw = &query.words[w];

          if (qw->optional)
            continue;
          for (guint k = self->offsets[qw->lo]; k < self->offsets[qw->hi]; k++)
            {
              guint32 p = self->postings[k];

              if (last_word[p] == w + 1)
                continue;
              last_word[p] = w + 1;
              tier[p]++;
            }
        }
      for (guint p = 0; p < self->n_procedures; p++)
        tier[p] = tier[p] >= need ? (guint8) (1 + query.n_required - tier[p]) : 0;
      for (guint missing = 1; missing <= query.n_required - need; missing++)
        for (guint p = 0; p < self->n_procedures; p++)
          if (tier[p] == 1 + missing)
            add_result (results, taken, self->ranked[p], max_results);
    }

  return results;
}

/* ---- life events, synonyms, fields -------------------------------------------- */

static char *
find_data_file (const char *preferred_dir,
                const char *name)
{
  const char *dirs[] = { preferred_dir, g_getenv ("MOTCUA_DATA_DIR"), SRCDATADIR, PKGDATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      path = g_build_filename (dirs[i], name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* The array member @member of the JSON object in @path; NULL (logged) when the
 * file is missing or unreadable: events and synonyms are an extra, never a
 * reason not to start. */
static JsonArray *
load_side_array (JsonParser *parser,
                 const char *path,
                 const char *member)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonNode *node;

  if (path == NULL)
    return NULL;
  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_message ("Ignoring %s: %s", path, error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (node = json_object_get_member (json_node_get_object (root), member)) == NULL
      || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_message ("Ignoring %s: no “%s” list", path, member);
      return NULL;
    }
  return json_node_get_array (node);
}

static GPtrArray *
procedures_from_codes (McCatalogue *self,
                       JsonObject  *object,
                       const char  *what)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonNode *node = json_object_get_member (object, "codes");
  JsonArray *codes;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return out;
  codes = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (codes); i++)
    {
      JsonNode *element = json_array_get_element (codes, i);
      McProcedure *procedure = NULL;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        procedure = g_hash_table_lookup (self->by_code, json_node_get_string (element));
      if (procedure != NULL)
        g_ptr_array_add (out, procedure);
      else
        g_debug ("%s: code %u is not in the catalogue", what, i);
    }
  return out;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
load_life_events (McCatalogue *self,
                  const char  *dir)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *path = find_data_file (dir, LIFE_EVENTS_FILE);
  JsonArray *events = load_side_array (parser, path, "events");

  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *object;
      McLifeEvent *event;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (member_string (object, "id") == NULL || member_string (object, "title") == NULL)
        continue;
      event = g_new0 (McLifeEvent, 1);
      event->id = g_strdup (member_string (object, "id"));
      event->title = g_strdup (member_string (object, "title"));
      event->title_en = g_strdup (member_string (object, "title_en"));
      if (event->title_en == NULL)
        event->title_en = g_strdup (event->title);
      event->icon_name = g_strdup (member_string (object, "icon"));
      event->procedures = procedures_from_codes (self, object, event->id);
      g_ptr_array_add (self->life_events, event);
    }
}

/* Procedures with every word of @terms (search keys) as a word prefix, tie order. */
static GPtrArray *
match_terms (McCatalogue *self,
             const char  *terms)
{
  g_auto(Query) query = { 0, };
  g_autofree char *words = NULL;
  GPtrArray *out = g_ptr_array_new ();

  if (!query_init (self, &query, mc_text_search_key (terms)))
    return out;
  words = g_strdup (query.key);
  query_add_words (self, &query, words);
  for (guint p = 0; p < self->n_procedures; p++)
    {
      guint w;

      for (w = 0; w < query.n_words; w++)
        if (match_word (self->ranked[p], &query.words[w]) == MATCH_NONE)
          break;
      if (w == query.n_words)
        g_ptr_array_add (out, self->ranked[p]);
    }
  return out;
}

static int
compare_synonyms (gconstpointer a,
                  gconstpointer b)
{
  guint la = g_strv_length ((*(Synonym **) a)->words);
  guint lb = g_strv_length ((*(Synonym **) b)->words);

  return la == lb ? 0 : (la > lb ? -1 : 1);
}

static void
load_synonyms (McCatalogue *self,
               const char  *dir)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *path = find_data_file (dir, SYNONYMS_FILE);
  JsonArray *synonyms = load_side_array (parser, path, "synonyms");

  for (guint i = 0; synonyms != NULL && i < json_array_get_length (synonyms); i++)
    {
      JsonNode *node = json_array_get_element (synonyms, i);
      JsonObject *object;
      g_autofree char *key = NULL;
      const char *terms;
      Synonym *synonym;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (member_string (object, "phrase") == NULL)
        continue;
      key = mc_text_search_key (member_string (object, "phrase"));
      if (*key == '\0')
        continue;
      synonym = g_new0 (Synonym, 1);
      synonym->words = g_strsplit (key, " ", -1);
      synonym->procedures = procedures_from_codes (self, object, "synonym");
      terms = member_string (object, "terms");
      if (terms != NULL)
        synonym->by_terms = match_terms (self, terms);
      g_ptr_array_add (self->synonyms, synonym);
    }
  /* The most specific first: "bản sao giấy khai sinh" before "giấy khai sinh". */
  g_ptr_array_sort (self->synonyms, compare_synonyms);
}

static int
compare_fields (gconstpointer a,
                gconstpointer b)
{
  const McCatalogueField *fa = *(McCatalogueField **) a;
  const McCatalogueField *fb = *(McCatalogueField **) b;

  if (fa->n_commune != fb->n_commune)
    return fa->n_commune > fb->n_commune ? -1 : 1;
  if (fa->n_procedures != fb->n_procedures)
    return fa->n_procedures > fb->n_procedures ? -1 : 1;
  return g_utf8_collate (fa->name, fb->name);
}

static void
build_fields (McCatalogue *self)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint p = 0; p < self->n_procedures; p++)
    {
      McProcedure *procedure = self->ranked[p];
      McCatalogueField *field;

      if (procedure->field == NULL)
        continue;
      field = g_hash_table_lookup (by_name, procedure->field);
      if (field == NULL)
        {
          field = g_new0 (McCatalogueField, 1);
          field->name = g_strdup (procedure->field);
          g_hash_table_insert (by_name, field->name, field);
          g_ptr_array_add (self->fields, field);
        }
      field->n_procedures++;
      if (procedure->commune_counter)
        field->n_commune++;
    }
  g_ptr_array_sort (self->fields, compare_fields);
}

/* ---- loading ------------------------------------------------------------------ */

/* Plain or gzip'd JSON, told apart by the gzip magic bytes. */
static gboolean
parse_catalogue_file (JsonParser  *parser,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GInputStream) stream = NULL;
  const guint8 *peek;
  gsize available = 0;

  file_stream = g_file_read (file, NULL, error);
  if (file_stream == NULL)
    return FALSE;
  buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (file_stream), 64 * 1024);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 2, NULL, error) < 0)
    return FALSE;
  peek = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &available);
  if (available >= 2 && peek[0] == 0x1f && peek[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      stream = g_converter_input_stream_new (buffered, G_CONVERTER (decompressor));
    }
  else
    stream = g_object_ref (buffered);

  return json_parser_load_from_stream (parser, stream, NULL, error);
}

McCatalogue *
mc_catalogue_new_from_file (const char  *path,
                            GError     **error)
{
  g_autoptr(McCatalogue) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autofree char *dir = NULL;
  JsonObject *root_object;
  JsonNode *root;
  JsonNode *list;
  JsonArray *array;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!parse_catalogue_file (parser, path, &local_error))
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
  root_object = json_node_get_object (root);
  list = json_object_get_member (root_object, "procedures");
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
  self->path = g_strdup (path);
  self->version = g_strdup (member_string (root_object, "catalogue_version"));
  if (self->version == NULL)
    self->version = g_strdup (member_string (root_object, "version"));
  if (self->version == NULL)
    self->version = g_strdup ("1");
  self->date = g_strdup (member_string (root_object, "date"));

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
  /* The parse tree is the biggest thing in memory: drop it before indexing. */
  g_clear_object (&parser);

  build_index (self, loaded);
  build_fields (self);
  dir = g_path_get_dirname (path);
  load_life_events (self, dir);
  load_synonyms (self, dir);

  g_debug ("Loaded %u procedures (%u words) from %s in %" G_GINT64_FORMAT " ms",
           loaded->len, self->n_vocab, path, (g_get_monotonic_time () - start) / 1000);
  return g_steal_pointer (&self);
}

McCatalogue *
mc_catalogue_new_default (GError **error)
{
  const char *dirs[] = { g_getenv ("MOTCUA_DATA_DIR"), SRCDATADIR, PKGDATADIR };
  const char *names[] = { CATALOGUE_FILE_GZ, CATALOGUE_FILE };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        {
          g_autofree char *path = g_build_filename (dirs[i], names[j], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return mc_catalogue_new_from_file (path, error);
          g_debug ("No catalogue at %s", path);
        }
    }

  g_set_error (error, MC_CATALOGUE_ERROR, MC_CATALOGUE_ERROR_PARSE,
               /* Translators: %s is a directory. */
               _("The procedure catalogue was not found; it should be in “%s”."),
               PKGDATADIR);
  return NULL;
}

McCatalogue *
mc_catalogue_load (const char  *updates_dir,
                   GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (updates_dir != NULL)
    {
      g_autofree char *path = g_build_filename (updates_dir, CATALOGUE_FILE_GZ, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GError) local_error = NULL;
          McCatalogue *self = mc_catalogue_new_from_file (path, &local_error);

          if (self != NULL)
            return self;
          g_message ("Downloaded catalogue unusable, using the shipped one: %s", local_error->message);
        }
    }
  return mc_catalogue_new_default (error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  McCatalogue *self = mc_catalogue_load (task_data, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

void
mc_catalogue_load_async (const char          *updates_dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mc_catalogue_load_async);
  g_task_set_task_data (task, g_strdup (updates_dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

McCatalogue *
mc_catalogue_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_catalogue_load_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- accessors ------------------------------------------------------------------ */

const char *
mc_catalogue_get_version (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  return self->version;
}

const char *
mc_catalogue_get_date (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  return self->date;
}

const char *
mc_catalogue_get_path (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  return self->path;
}

guint
mc_catalogue_get_n_procedures (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), 0);
  return self->n_procedures;
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

static int
compare_popularity (gconstpointer a,
                    gconstpointer b)
{
  const McProcedure *pa = *(McProcedure **) a;
  const McProcedure *pb = *(McProcedure **) b;

  if (pa->popularity != pb->popularity)
    return pa->popularity < pb->popularity ? -1 : 1;
  return pa->tie_rank < pb->tie_rank ? -1 : 1;
}

GPtrArray *
mc_catalogue_get_popular (McCatalogue *self,
                          guint        n)
{
  g_autoptr(GPtrArray) ranked = NULL;
  GPtrArray *results;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);

  /* Only ranked procedures are "popular"; there may be fewer than @n. */
  ranked = g_ptr_array_new ();
  for (guint p = 0; p < self->n_procedures; p++)
    if (self->ranked[p]->popularity != 0)
      g_ptr_array_add (ranked, self->ranked[p]);
  /* By rank alone (the tie order puts commune and curated first). */
  g_ptr_array_sort (ranked, compare_popularity);
  results = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ranked->len && results->len < n; i++)
    g_ptr_array_add (results, g_object_ref (g_ptr_array_index (ranked, i)));
  return results;
}

GPtrArray *
mc_catalogue_get_life_events (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  return self->life_events;
}

GPtrArray *
mc_catalogue_get_by_event (McCatalogue *self,
                           const char  *event_id)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (event_id != NULL, NULL);

  for (guint i = 0; i < self->life_events->len; i++)
    {
      McLifeEvent *event = g_ptr_array_index (self->life_events, i);
      GPtrArray *out;

      if (strcmp (event->id, event_id) != 0)
        continue;
      out = g_ptr_array_new_full (event->procedures->len, g_object_unref);
      for (guint j = 0; j < event->procedures->len; j++)
        g_ptr_array_add (out, g_object_ref (g_ptr_array_index (event->procedures, j)));
      return out;
    }
  return NULL;
}

GPtrArray *
mc_catalogue_get_fields (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  return self->fields;
}

GPtrArray *
mc_catalogue_get_by_field (McCatalogue *self,
                           const char  *field,
                           gboolean     commune_only)
{
  GPtrArray *out;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  out = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint p = 0; p < self->n_procedures; p++)
    {
      McProcedure *procedure = self->ranked[p];

      if (g_strcmp0 (procedure->field, field) == 0
          && (!commune_only || procedure->commune_counter))
        g_ptr_array_add (out, g_object_ref (procedure));
    }
  return out;
}
