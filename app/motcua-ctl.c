/* motcua-ctl.c: the kiosk's engine on the command line, for IT staff over SSH
 * and for tests: search the catalogue, show a procedure, submit a dossier into
 * the outbox exactly as the kiosk does, list the outbox, deliver it.
 *
 * Exit status: 0 done, 1 failed (the reason on stderr), 2 wrong usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mc-text.h"
#include "mc-bundle.h"
#include "mc-catalogue.h"
#include "mc-catalogue-update.h"
#include "mc-config.h"
#include "mc-metrics.h"
#include "mc-stats.h"
#include "mc-dossier.h"
#include "mc-store.h"
#include "mc-sync.h"

#define EXIT_OK    0
#define EXIT_ERROR 1
#define EXIT_USAGE 2

/* Global options. */
static char *opt_data_dir;
static char *opt_config;
static char *opt_portal;
static gboolean opt_json;

static const GOptionEntry global_entries[] = {
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("The kiosk’s data folder (default: ~/.local/share/motcua-kiosk)"), N_("DIR") },
  { "config", 0, 0, G_OPTION_ARG_FILENAME, &opt_config,
    N_("The kiosk’s configuration file, instead of /etc/motcua-kiosk/kiosk.conf and the "
       "data folder’s kiosk.conf"), N_("FILE") },
  { "portal", 0, 0, G_OPTION_ARG_STRING, &opt_portal,
    N_("The portal’s address, instead of the configuration’s"), N_("URL") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print JSON instead of text"), NULL },
  { NULL }
};

typedef struct
{
  const char  *name;
  const char  *parameter;   /* for --help */
  const char  *summary;
  int        (*run) (int argc, char **argv);
} Command;

static int
fail (const GError *error)
{
  g_printerr ("motcua-ctl: %s\n", error->message);
  return EXIT_ERROR;
}

static int
usage (const char *message)
{
  g_printerr ("motcua-ctl: %s\n", message);
  g_printerr ("%s\n", _("Try “motcua-ctl --help”."));
  return EXIT_USAGE;
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Parses a command's own options together with the global ones, so that
 * `motcua-ctl outbox --json` works as well as `motcua-ctl --json outbox`. */
static gboolean
parse_command (const char          *name,
               const char          *parameter,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv,
               int                 *out_status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = g_strdup_printf ("%s%s%s", name,
                                              parameter != NULL ? " " : "",
                                              parameter != NULL ? parameter : "");
  GOptionGroup *global;

  context = g_option_context_new (pattern);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  global = g_option_group_new ("global", _("Options for every command:"),
                               _("Show the options for every command"), NULL, NULL);
  g_option_group_add_entries (global, global_entries);
  g_option_group_set_translation_domain (global, GETTEXT_PACKAGE);
  g_option_context_add_group (context, global);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *out_status = usage (error->message);
      return FALSE;
    }

  return TRUE;
}

static char *data_dir (void);

/* --config FILE alone, or else the kiosk's layers: /etc, then the data folder's copy. */
static McConfig *
load_config (GError **error)
{
  g_autoptr(McConfig) config = NULL;

  if (opt_config != NULL)
    {
      config = mc_config_load (opt_config, error);
    }
  else
    {
      g_autofree char *dir = data_dir ();

      config = mc_config_load_layered (MC_CONFIG_SYSTEM_PATH, dir, error);
    }

  if (config == NULL)
    return NULL;

  if (opt_portal != NULL)
    {
      g_free (config->portal_url);
      config->portal_url = g_strdup (opt_portal);
    }

  return g_steal_pointer (&config);
}

static char *
data_dir (void)
{
  if (opt_data_dir != NULL)
    return g_strdup (opt_data_dir);

  return g_build_filename (g_get_user_data_dir (), "motcua-kiosk", NULL);
}

/* Unix seconds as local RFC 3339, NULL for 0. */
static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t == 0)
    return NULL;

  dt = g_date_time_new_from_unix_local (t);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

/* search */

static void
add_procedure (JsonBuilder *b,
               McProcedure *procedure,
               gboolean     details)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, mc_procedure_get_code (procedure));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, mc_procedure_get_name (procedure));
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, mc_procedure_get_field (procedure));
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, mc_procedure_get_level (procedure));

  if (details)
    {
      GPtrArray *documents = mc_procedure_get_documents (procedure);

      json_builder_set_member_name (b, "agency");
      json_builder_add_string_value (b, mc_procedure_get_agency (procedure));
      json_builder_set_member_name (b, "fee");
      json_builder_add_string_value (b, mc_procedure_get_fee (procedure));
      json_builder_set_member_name (b, "duration");
      json_builder_add_string_value (b, mc_procedure_get_duration (procedure));
      json_builder_set_member_name (b, "result");
      json_builder_add_string_value (b, mc_procedure_get_result (procedure));
      json_builder_set_member_name (b, "documents");
      json_builder_begin_array (b);
      for (guint i = 0; documents != NULL && i < documents->len; i++)
        {
          McRequiredDocument *doc = g_ptr_array_index (documents, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, doc->name);
          json_builder_set_member_name (b, "form");
          json_builder_add_string_value (b, doc->form);
          json_builder_set_member_name (b, "quantity");
          json_builder_add_string_value (b, doc->quantity);
          json_builder_set_member_name (b, "group");
          json_builder_add_string_value (b, doc->group);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }

  json_builder_end_object (b);
}

static int opt_limit = 20;

static const GOptionEntry search_entries[] = {
  { "limit", 0, 0, G_OPTION_ARG_INT, &opt_limit,
    N_("Show at most N procedures (0: all; default 20)"), N_("N") },
  { NULL }
};

static int
cmd_search (int    argc,
            char **argv)
{
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  int status;

  if (!parse_command ("search", _("QUERY"), search_entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage (_("search: what to look for is missing"));
  if (opt_limit < 0)
    return usage (_("--limit must not be negative"));

  catalogue = mc_catalogue_new_default (&error);
  if (catalogue == NULL)
    return fail (error);

  query = g_strjoinv (" ", argv + 1);
  found = mc_catalogue_search (catalogue, query, opt_limit);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < found->len; i++)
        add_procedure (b, g_ptr_array_index (found, i), FALSE);
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      for (guint i = 0; i < found->len; i++)
        {
          McProcedure *p = g_ptr_array_index (found, i);

          g_print ("%s\t%s\t%s\n", mc_procedure_get_code (p), mc_procedure_get_name (p),
                   mc_procedure_get_field (p));
        }
    }

  return EXIT_OK;
}

/* show */

static void
print_line (const char *label,
            const char *value)
{
  if (value != NULL && *value != '\0')
    g_print ("%s: %s\n", label, value);
}

/* The catalogue in use: version, date, size (a downloaded one in
 * <data dir>/catalogue when there, else the shipped one). */
static int
cmd_catalogue (int    argc,
               char **argv)
{
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(McCatalogueCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *updates_dir = NULL;
  gboolean downloaded;
  int status;

  if (!parse_command ("catalogue", NULL, NULL, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("catalogue: takes no argument"));

  dir = data_dir ();
  updates_dir = mc_catalogue_update_dup_dir (dir);
  catalogue = mc_catalogue_load (updates_dir, &error);
  if (catalogue == NULL)
    return fail (error);
  check = mc_catalogue_update_read_check (updates_dir);
  downloaded = mc_catalogue_update_is_installed (updates_dir, mc_catalogue_get_path (catalogue));

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, downloaded ? "update" : "shipped");
      json_builder_set_member_name (b, "last_check");
      json_builder_add_int_value (b, check->checked);
      json_builder_set_member_name (b, "last_success");
      json_builder_add_int_value (b, check->succeeded);
      json_builder_set_member_name (b, "last_install");
      json_builder_add_int_value (b, check->installed);
      json_builder_set_member_name (b, "last_error");
      if (check->error != NULL)
        json_builder_add_string_value (b, check->error);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "version");
      json_builder_add_string_value (b, mc_catalogue_get_version (catalogue));
      json_builder_set_member_name (b, "date");
      json_builder_add_string_value (b, mc_catalogue_get_date (catalogue));
      json_builder_set_member_name (b, "procedures");
      json_builder_add_int_value (b, mc_catalogue_get_n_procedures (catalogue));
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, mc_catalogue_get_path (catalogue));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
      return EXIT_SUCCESS;
    }
  g_print ("%s %s\n", _("Version:"), mc_catalogue_get_version (catalogue));
  g_print ("%s %s\n", _("Date:"), mc_catalogue_get_date (catalogue) != NULL
                                   ? mc_catalogue_get_date (catalogue) : _("unknown"));
  g_print ("%s %u\n", _("Procedures:"), mc_catalogue_get_n_procedures (catalogue));
  g_print ("%s %s\n", _("File:"), mc_catalogue_get_path (catalogue));
  g_print ("%s %s\n", _("Source:"), downloaded ? _("update from the portal")
                                               : _("shipped with the kiosk"));
  if (check->checked == 0)
    g_print ("%s %s\n", _("Last check:"), _("never"));
  else
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (check->checked);
      g_autofree char *text = g_date_time_format (when, "%Y-%m-%d %H:%M");

      g_print ("%s %s\n", _("Last check:"), text);
      if (check->error != NULL)
        g_print ("%s %s\n", _("It failed:"), check->error);
    }
  return EXIT_SUCCESS;
}

static int
cmd_show (int    argc,
          char **argv)
{
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  McProcedure *procedure;
  GPtrArray *documents;
  int status;

  if (!parse_command ("show", _("CODE"), NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage (_("show: give exactly one procedure code"));

  catalogue = mc_catalogue_new_default (&error);
  if (catalogue == NULL)
    return fail (error);

  procedure = mc_catalogue_lookup (catalogue, argv[1]);
  if (procedure == NULL)
    {
      g_printerr ("motcua-ctl: ");
      g_printerr (_("No procedure with the code %s"), argv[1]);
      g_printerr ("\n");
      return EXIT_ERROR;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      add_procedure (b, procedure, TRUE);
      root = json_builder_get_root (b);
      print_json (root);
      return EXIT_OK;
    }

  print_line (_("Code"), mc_procedure_get_code (procedure));
  print_line (_("Name"), mc_procedure_get_name (procedure));
  print_line (_("Field"), mc_procedure_get_field (procedure));
  print_line (_("Level"), mc_procedure_get_level (procedure));
  print_line (_("Agency"), mc_procedure_get_agency (procedure));
  {
    g_autofree char *fee = mc_text_format_fee (mc_procedure_get_fee (procedure));

    print_line (_("Fee"), fee);
  }
  print_line (_("Time"), mc_procedure_get_duration (procedure));
  print_line (_("Result"), mc_procedure_get_result (procedure));

  documents = mc_procedure_get_documents (procedure);
  if (documents != NULL && documents->len > 0)
    {
      g_print ("%s:\n", _("Documents"));
      for (guint i = 0; i < documents->len; i++)
        {
          McRequiredDocument *doc = g_ptr_array_index (documents, i);

          g_print ("  - %s", doc->name);
          if (doc->quantity != NULL)
            g_print (" (%s)", doc->quantity);
          g_print ("\n");
        }
    }

  return EXIT_OK;
}

/* Outbox entries. */

static void
add_attachments (JsonBuilder *b,
                 GPtrArray   *attachments)
{
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; attachments != NULL && i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "document");
      json_builder_add_string_value (b, a->document);
      json_builder_set_member_name (b, "filename");
      json_builder_add_string_value (b, a->filename);
      json_builder_set_member_name (b, "content_type");
      json_builder_add_string_value (b, a->content_type);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, a->size);
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, a->sha256);
      json_builder_set_member_name (b, "sent");
      json_builder_add_int_value (b, a->offset);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, mc_attachment_state_to_string (a->state));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_entry (JsonBuilder   *b,
           McOutboxEntry *entry,
           GPtrArray     *attachments)
{
  g_autofree char *created = format_time (entry->created_at);
  g_autofree char *next = NULL;
  g_autofree char *delivered = format_time (entry->delivered_at);

  if (entry->state == MC_OUTBOX_QUEUED || entry->state == MC_OUTBOX_SENDING)
    next = format_time (entry->next_attempt_at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, entry->id);
  json_builder_set_member_name (b, "local_number");
  json_builder_add_string_value (b, entry->local_number);
  json_builder_set_member_name (b, "procedure_code");
  json_builder_add_string_value (b, entry->procedure_code);
  json_builder_set_member_name (b, "idempotency_key");
  json_builder_add_string_value (b, entry->idempotency_key);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, mc_outbox_state_to_string (entry->state));
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, entry->attempts);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "next_attempt_at");
  json_builder_add_string_value (b, next);
  json_builder_set_member_name (b, "last_error");
  json_builder_add_string_value (b, entry->last_error);
  json_builder_set_member_name (b, "dossier_code");
  json_builder_add_string_value (b, entry->dossier_code);
  json_builder_set_member_name (b, "tracking_url");
  json_builder_add_string_value (b, entry->tracking_url);
  json_builder_set_member_name (b, "delivered_at");
  json_builder_add_string_value (b, delivered);
  json_builder_set_member_name (b, "assisted");
  json_builder_add_boolean_value (b, entry->assisted);
  json_builder_set_member_name (b, "cancelled");
  json_builder_add_boolean_value (b, entry->cancelled_at != 0);
  json_builder_set_member_name (b, "cancel_reason");
  json_builder_add_string_value (b, entry->cancel_reason);
  json_builder_set_member_name (b, "exported");
  json_builder_add_boolean_value (b, entry->exported_at != 0);
  json_builder_set_member_name (b, "purged");
  json_builder_add_boolean_value (b, entry->purged_at != 0);
  {
    g_autofree char *explanation = mc_outbox_entry_explain (entry, attachments);

    json_builder_set_member_name (b, "explanation");
    json_builder_add_string_value (b, explanation);
  }
  add_attachments (b, attachments);
  json_builder_end_object (b);
}

/* submit */

static char *opt_procedure;
static char *opt_name;
static char *opt_id_number;
static char *opt_birth_date;
static char *opt_sex;
static char *opt_phone;
static char *opt_from_json;
static char **opt_attach;
static gboolean opt_assisted;

static const GOptionEntry submit_entries[] = {
  { "procedure", 0, 0, G_OPTION_ARG_STRING, &opt_procedure,
    N_("The procedure’s code, e.g. 1.001193"), N_("CODE") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name,
    N_("The applicant’s full name"), N_("NAME") },
  { "id-number", 0, 0, G_OPTION_ARG_STRING, &opt_id_number,
    N_("The applicant’s CCCD number (12 digits)"), N_("NUMBER") },
  { "birth-date", 0, 0, G_OPTION_ARG_STRING, &opt_birth_date,
    N_("The applicant’s date of birth, dd/mm/yyyy"), N_("DATE") },
  { "sex", 0, 0, G_OPTION_ARG_STRING, &opt_sex,
    N_("male or female"), N_("SEX") },
  { "phone", 0, 0, G_OPTION_ARG_STRING, &opt_phone,
    N_("The applicant’s phone number"), N_("PHONE") },
  { "from-json", 0, 0, G_OPTION_ARG_FILENAME, &opt_from_json,
    N_("Read the fields from a JSON object with the keys procedure, name, id-number, "
       "birth-date, sex, phone"), N_("FILE") },
  { "attach", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_attach,
    N_("Attach a PDF or JPEG file as the given document (repeatable)"), N_("DOCUMENT=PATH") },
  { "assisted", 0, 0, G_OPTION_ARG_NONE, &opt_assisted,
    N_("A clerk submits on the citizen’s behalf"), NULL },
  { NULL }
};

static const char *
content_type_for (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".pdf"))
    return "application/pdf";
  if (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg"))
    return "image/jpeg";
  return NULL;
}

/* --attach DOCUMENT=PATH…: McAttachmentSpec*s (owning their strings via @strings). */
static GPtrArray *
parse_attachments (GPtrArray  *strings,
                   McStore    *store,
                   GError    **error)
{
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; opt_attach != NULL && opt_attach[i] != NULL; i++)
    {
      const char *eq = strchr (opt_attach[i], '=');
      McAttachmentSpec *spec;
      GStatBuf st;
      char *document, *path;

      if (eq == NULL || eq == opt_attach[i] || eq[1] == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--attach wants DOCUMENT=PATH (found “%s”)"), opt_attach[i]);
          return NULL;
        }

      document = g_strndup (opt_attach[i], eq - opt_attach[i]);
      path = g_strdup (eq + 1);
      g_ptr_array_add (strings, document);
      g_ptr_array_add (strings, path);

      if (content_type_for (path) == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: only PDF (.pdf) and JPEG (.jpg, .jpeg) files can be attached"),
                       path);
          return NULL;
        }

      /* As the kiosk does at the attach step: refuse what the portal would. */
      if (g_stat (path, &st) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "%s: %s", path, g_strerror (saved_errno));
          return NULL;
        }
      if (!mc_store_check_attachment_size (store, st.st_size, error))
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }

      spec = g_new0 (McAttachmentSpec, 1);
      spec->source_path = path;
      spec->document = document;
      spec->filename = g_path_get_basename (path);
      g_ptr_array_add (strings, (char *) spec->filename);
      spec->content_type = content_type_for (path);
      g_ptr_array_add (specs, spec);
    }

  return g_steal_pointer (&specs);
}

/* The string member @key of @object, also spelt with underscores. */
static const char *
json_field (JsonObject *object,
            const char *key)
{
  g_autofree char *underscored = g_strdelimit (g_strdup (key), "-", '_');
  const char *keys[] = { key, underscored };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *node = json_object_get_member (object, keys[i]);

      if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
        return json_node_get_string (node);
    }

  return NULL;
}

static gboolean
read_from_json (GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *root;
  struct { const char *key; char **value; } fields[] = {
    { "procedure", &opt_procedure },
    { "name", &opt_name },
    { "id-number", &opt_id_number },
    { "birth-date", &opt_birth_date },
    { "sex", &opt_sex },
    { "phone", &opt_phone },
  };

  if (!json_parser_load_from_file (parser, opt_from_json, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a JSON object"), opt_from_json);
      return FALSE;
    }
  object = json_node_get_object (root);

  /* Options given on the command line win over the file. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i].value == NULL)
      *fields[i].value = g_strdup (json_field (object, fields[i].key));

  return TRUE;
}

static int
cmd_submit (int    argc,
            char **argv)
{
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(McConfig) config = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_autoptr(GPtrArray) specs = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *payload = NULL;
  int status;

  if (!parse_command ("submit", NULL, submit_entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("submit: unexpected arguments"));

  if (opt_from_json != NULL && !read_from_json (&error))
    return fail (error);
  if (opt_procedure == NULL)
    return usage (_("submit: --procedure is missing"));

  config = load_config (&error);
  if (config == NULL)
    return fail (error);

  catalogue = mc_catalogue_new_default (&error);
  if (catalogue == NULL)
    return fail (error);
  if (mc_catalogue_lookup (catalogue, opt_procedure) == NULL)
    {
      g_printerr ("motcua-ctl: ");
      g_printerr (_("No procedure with the code %s"), opt_procedure);
      g_printerr ("\n");
      return EXIT_ERROR;
    }

  /* Exactly what the kiosk does on "Submit". */
  dossier = mc_dossier_new (opt_procedure);
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_FULL_NAME, opt_name != NULL ? opt_name : "");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_ID_NUMBER, opt_id_number != NULL ? opt_id_number : "");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_BIRTH_DATE, opt_birth_date != NULL ? opt_birth_date : "");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_SEX, opt_sex != NULL ? opt_sex : "");
  mc_dossier_set (dossier, MC_DOSSIER_FIELD_PHONE, opt_phone != NULL ? opt_phone : "");
  if (!mc_dossier_validate (dossier, NULL, &error))
    return fail (error);

  payload = mc_dossier_to_json (dossier);

  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL)
    return fail (error);

  strings = g_ptr_array_new_with_free_func (g_free);
  specs = parse_attachments (strings, store, &error);
  if (specs == NULL)
    return fail (error);

  entry = mc_store_enqueue_full (store, config->kiosk_id, opt_procedure, payload, specs,
                                 opt_assisted ? MC_ENQUEUE_ASSISTED : MC_ENQUEUE_NONE, &error);
  if (entry == NULL)
    return fail (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      g_autoptr(GPtrArray) attachments = mc_store_list_attachments (store, entry->id, NULL);

      add_entry (b, entry, attachments);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_print ("%s\n", entry->local_number);
    }

  return EXIT_OK;
}

/* outbox */

static int
cmd_outbox (int    argc,
            char **argv)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  if (!parse_command ("outbox", NULL, NULL, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("outbox: unexpected arguments"));

  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL)
    return fail (error);

  entries = mc_store_list (store, &error);
  if (entries == NULL)
    return fail (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < entries->len; i++)
        {
          McOutboxEntry *entry = g_ptr_array_index (entries, i);
          g_autoptr(GPtrArray) attachments = mc_store_list_attachments (store, entry->id, &error);

          if (attachments == NULL)
            return fail (error);
          add_entry (b, entry, attachments);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      print_json (root);
      return EXIT_OK;
    }

  /* Translators: column headings of `motcua-ctl outbox`, tab-separated. */
  g_print ("%s\n", _("NUMBER\tSTATE\tATTEMPTS\tNEXT ATTEMPT\tDOSSIER CODE\tATTACHMENTS\t"
                      "LAST ERROR"));
  for (guint i = 0; i < entries->len; i++)
    {
      McOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GPtrArray) attachments = mc_store_list_attachments (store, entry->id, &error);
      g_autofree char *next = NULL;
      g_autofree char *progress = NULL;

      if (attachments == NULL)
        return fail (error);

      if (attachments->len > 0)
        {
          gint64 sent = 0, total = 0;
          guint done = 0, damaged = 0;

          for (guint j = 0; j < attachments->len; j++)
            {
              McAttachment *a = g_ptr_array_index (attachments, j);

              sent += a->offset;
              total += a->size;
              done += (a->state == MC_ATTACHMENT_UPLOADED);
              damaged += (a->state == MC_ATTACHMENT_DAMAGED);
            }
          /* Translators: attachment progress in `motcua-ctl outbox`: bytes sent
           * of the total, then files uploaded of all files, e.g.
           * "524288/1048576 B, 1/2 files". */
          g_autofree char *sent_text = g_strdup_printf ("%" G_GINT64_FORMAT, sent);
          g_autofree char *total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total);

          progress = g_strdup_printf (_("%s/%s B, %u/%u files"),
                                      sent_text, total_text, done, attachments->len);
          if (damaged > 0)
            {
              g_autofree char *plain = g_steal_pointer (&progress);

              progress = g_strdup_printf (ngettext ("%s, %u damaged", "%s, %u damaged", damaged),
                                          plain, damaged);
            }
        }

      if (entry->state == MC_OUTBOX_QUEUED || entry->state == MC_OUTBOX_SENDING)
        next = format_time (entry->next_attempt_at);

      g_print ("%s\t%s\t%u\t%s\t%s\t%s\t%s\n",
               entry->local_number,
               mc_outbox_state_to_string (entry->state),
               entry->attempts,
               next != NULL ? next : "-",
               entry->dossier_code != NULL ? entry->dossier_code : "-",
               progress != NULL ? progress : "-",
               entry->last_error != NULL ? entry->last_error : "-");
    }

  return EXIT_OK;
}

/* sync */

static gboolean opt_once;
static gboolean opt_until_empty;
static int opt_timeout;

static const GOptionEntry sync_entries[] = {
  { "once", 0, 0, G_OPTION_ARG_NONE, &opt_once,
    N_("Deliver what is due now, once through the outbox (the default)"), NULL },
  { "until-empty", 0, 0, G_OPTION_ARG_NONE, &opt_until_empty,
    N_("Keep delivering, waiting out retries, until nothing waits"), NULL },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout,
    N_("With --until-empty: give up after S seconds (default: never)"), N_("S") },
  { NULL }
};

static int
cmd_sync (int    argc,
          char **argv)
{
  g_autoptr(McConfig) config = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  guint delivered, waiting;
  int status;

  if (!parse_command ("sync", NULL, sync_entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("sync: unexpected arguments"));
  if (opt_once && opt_until_empty)
    return usage (_("sync: choose --once or --until-empty, not both"));
  if (opt_timeout < 0)
    return usage (_("--timeout must not be negative"));

  config = load_config (&error);
  if (config == NULL)
    return fail (error);

  dir = data_dir ();
  delivered = mc_sync_run_blocking (dir, config, opt_until_empty, opt_timeout, &error);

  store = mc_store_open (dir, NULL);
  waiting = store != NULL ? mc_store_count_waiting (store) : 0;

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "delivered");
      json_builder_add_int_value (b, delivered);
      json_builder_set_member_name (b, "waiting");
      json_builder_add_int_value (b, waiting);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error != NULL ? error->message : NULL);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_print (ngettext ("%u dossier delivered", "%u dossiers delivered", delivered), delivered);
      g_print (", ");
      g_print (ngettext ("%u waiting", "%u waiting", waiting), waiting);
      g_print ("\n");
    }

  if (error != NULL)
    return fail (error);

  return EXIT_OK;
}

/* Clerk actions on one outbox entry: cancel, retry. */

static McOutboxEntry *
find_entry (McStore     *store,
            const char  *number,
            GError     **error)
{
  return mc_store_find_by_number (store, number, error);
}

static char *opt_reason;

static const GOptionEntry cancel_entries[] = {
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason,
    N_("Why the dossier is cancelled (required)"), N_("TEXT") },
  { NULL }
};

static int
cmd_cancel (int    argc,
            char **argv)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  if (!parse_command ("cancel", _("NUMBER"), cancel_entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage (_("cancel: give one local dossier number"));
  if (opt_reason == NULL || *g_strstrip (opt_reason) == '\0')
    return usage (_("cancel: --reason is missing"));

  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL || (entry = find_entry (store, argv[1], &error)) == NULL ||
      !mc_store_cancel (store, entry->id, opt_reason, &error))
    return fail (error);

  return EXIT_OK;
}

static int
cmd_retry (int    argc,
           char **argv)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  if (!parse_command ("retry", _("NUMBER"), NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage (_("retry: give one local dossier number"));

  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL || (entry = find_entry (store, argv[1], &error)) == NULL ||
      !mc_store_retry_now (store, entry->id, &error))
    return fail (error);

  return EXIT_OK;
}

/* stats */

static char *opt_from;
static char *opt_to;
static char *opt_csv;

static const GOptionEntry stats_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from,
    N_("First day, YYYY-MM-DD (default: the beginning)"), N_("DATE") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to,
    N_("Last day, YYYY-MM-DD, included (default: no limit)"), N_("DATE") },
  { "csv", 0, 0, G_OPTION_ARG_STRING, &opt_csv,
    N_("Print one table as CSV: day, week or procedure"), N_("TABLE") },
  { NULL }
};

/* Local midnight starting @date (YYYY-MM-DD) plus @days, as unix seconds. */
static gboolean
parse_day (const char *date,
           int         days,
           gint64     *out)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  int y, m, d;
  char tail;

  if (sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      (start = g_date_time_new_local (y, m, d, 0, 0, 0)) == NULL)
    return FALSE;
  shifted = g_date_time_add_days (start, days);
  *out = g_date_time_to_unix (shifted);
  return TRUE;
}

static void
add_row (JsonBuilder      *b,
         const McStatsRow *row)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, row->key);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, row->total);
  json_builder_set_member_name (b, "delivered");
  json_builder_add_int_value (b, row->delivered);
  json_builder_set_member_name (b, "waiting");
  json_builder_add_int_value (b, row->waiting);
  json_builder_set_member_name (b, "rejected");
  json_builder_add_int_value (b, row->rejected);
  json_builder_set_member_name (b, "cancelled");
  json_builder_add_int_value (b, row->cancelled);
  json_builder_set_member_name (b, "assisted");
  json_builder_add_int_value (b, row->assisted);
  json_builder_end_object (b);
}

static void
add_rows (JsonBuilder *b,
          const char  *name,
          GPtrArray   *rows)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    add_row (b, g_ptr_array_index (rows, i));
  json_builder_end_array (b);
}

static int
cmd_stats (int    argc,
           char **argv)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gint64 from = 0, to = G_MAXINT64;
  int status;

  if (!parse_command ("stats", NULL, stats_entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("stats: unexpected arguments"));
  if ((opt_from != NULL && !parse_day (opt_from, 0, &from)) ||
      (opt_to != NULL && !parse_day (opt_to, 1, &to)))
    return usage (_("stats: dates are written YYYY-MM-DD"));
  if (opt_csv != NULL && g_strcmp0 (opt_csv, "day") != 0 && g_strcmp0 (opt_csv, "week") != 0 &&
      g_strcmp0 (opt_csv, "procedure") != 0)
    return usage (_("stats: --csv takes day, week or procedure"));

  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL)
    return fail (error);
  stats = mc_stats_compute (store, from, to, NULL, &error);
  if (stats == NULL)
    return fail (error);

  if (opt_csv != NULL)
    {
      McStatsTable table = g_str_equal (opt_csv, "day") ? MC_STATS_BY_DAY
                           : g_str_equal (opt_csv, "week") ? MC_STATS_BY_WEEK
                           : MC_STATS_BY_PROCEDURE;
      g_autofree char *csv = mc_stats_to_csv (stats, table);

      g_print ("%s", csv);
      return EXIT_OK;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "totals");
      add_row (b, &stats->totals);
      json_builder_set_member_name (b, "assisted_delivered");
      json_builder_add_int_value (b, stats->assisted_delivered);
      json_builder_set_member_name (b, "median_queue_seconds");
      json_builder_add_int_value (b, stats->median_queue_s);
      json_builder_set_member_name (b, "online_share");
      json_builder_add_double_value (b, stats->online_share);
      json_builder_set_member_name (b, "self_service_share");
      json_builder_add_double_value (b, stats->self_service_share);
      add_rows (b, "days", stats->days);
      add_rows (b, "weeks", stats->weeks);
      add_rows (b, "procedures", stats->procedures);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
      return EXIT_OK;
    }

  g_print (_("Dossiers: %u (delivered %u, waiting %u, rejected %u, cancelled %u; "
             "assisted %u)\n"),
           stats->totals.total, stats->totals.delivered, stats->totals.waiting,
           stats->totals.rejected, stats->totals.cancelled, stats->totals.assisted);
  g_print (_("Completed online from the kiosk (delivered / all): %.1f%%\n"),
           stats->online_share * 100);
  if (stats->median_queue_s >= 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, stats->median_queue_s);

      g_print (_("Median time in the queue: %s s\n"), seconds);
    }
  return EXIT_OK;
}

/* metrics */

static char *opt_textfile;

static const GOptionEntry metrics_entries[] = {
  { "textfile", 0, 0, G_OPTION_ARG_FILENAME, &opt_textfile,
    N_("Write them atomically to FILE (for node_exporter) instead of printing"), N_("FILE") },
  { NULL }
};

static int
cmd_metrics (int    argc,
             char **argv)
{
  g_autoptr(McConfig) config = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *updates_dir = NULL;
  g_autofree char *text = NULL;
  const char *catalogue_version = NULL;
  int status;

  if (!parse_command ("metrics", NULL, metrics_entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("metrics: unexpected arguments"));

  config = load_config (&error);
  if (config == NULL)
    return fail (error);

  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL)
    return fail (error);

  /* A catalogue that cannot be read is itself worth seeing: "unknown". */
  updates_dir = mc_catalogue_update_dup_dir (dir);
  catalogue = mc_catalogue_load (updates_dir, NULL);
  if (catalogue != NULL)
    catalogue_version = mc_catalogue_get_version (catalogue);

  if (opt_textfile != NULL)
    {
      if (!mc_metrics_write_textfile (store, config->kiosk_id, catalogue_version, opt_textfile,
                                      &error))
        return fail (error);
      return EXIT_OK;
    }

  text = mc_metrics_render (store, config->kiosk_id, catalogue_version,
                            g_get_real_time () / G_USEC_PER_SEC, &error);
  if (text == NULL)
    return fail (error);
  g_print ("%s", text);
  return EXIT_OK;
}

/* Bundles */

static char *opt_to_dir;

static const GOptionEntry export_entries[] = {
  { "to", 0, 0, G_OPTION_ARG_FILENAME, &opt_to_dir,
    N_("The folder to write the bundle into, e.g. a USB stick (required)"), N_("DIR") },
  { NULL }
};

static int
cmd_export_bundle (int    argc,
                   char **argv)
{
  g_autoptr(McConfig) config = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *bundle = NULL;
  guint count = 0;
  int status;

  if (!parse_command ("export-bundle", NULL, export_entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("export-bundle: unexpected arguments"));
  if (opt_to_dir == NULL)
    return usage (_("export-bundle: --to is missing"));

  config = load_config (&error);
  if (config == NULL)
    return fail (error);
  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL)
    return fail (error);

  bundle = mc_bundle_export (store, config->kiosk_id, opt_to_dir, &count, &error);
  if (bundle == NULL)
    return fail (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "bundle");
      json_builder_add_string_value (b, bundle);
      json_builder_set_member_name (b, "dossiers");
      json_builder_add_int_value (b, count);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_print ("%s\n", bundle);
    }
  return EXIT_OK;
}

static int
cmd_import_bundle (int    argc,
                   char **argv)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  guint imported = 0, skipped = 0;
  int status;

  if (!parse_command ("import-bundle", _("DIR"), NULL, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage (_("import-bundle: give one bundle folder"));

  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL)
    return fail (error);

  if (!mc_bundle_import (store, argv[1], &imported, &skipped, &error))
    return fail (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "imported");
      json_builder_add_int_value (b, imported);
      json_builder_set_member_name (b, "skipped");
      json_builder_add_int_value (b, skipped);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_print (ngettext ("%u dossier imported", "%u dossiers imported", imported), imported);
      g_print (", ");
      g_print (ngettext ("%u already here", "%u already here", skipped), skipped);
      g_print ("\n");
    }
  return EXIT_OK;
}

/* purge */

static int
cmd_purge (int    argc,
           char **argv)
{
  g_autoptr(McConfig) config = NULL;
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status, n;

  if (!parse_command ("purge", NULL, NULL, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage (_("purge: unexpected arguments"));

  config = load_config (&error);
  if (config == NULL)
    return fail (error);
  dir = data_dir ();
  store = mc_store_open (dir, &error);
  if (store == NULL)
    return fail (error);

  n = mc_store_purge (store, g_get_real_time () / G_USEC_PER_SEC
                             - (gint64) config->retention_days * 24 * 3600, &error);
  if (n < 0)
    return fail (error);

  g_print (ngettext ("Personal data of %d dossier erased\n",
                     "Personal data of %d dossiers erased\n", n), n);
  return EXIT_OK;
}

static const Command commands[] = {
  { "search", N_("QUERY"), N_("Find procedures in the catalogue"), cmd_search },
  { "show", N_("CODE"), N_("Show one procedure"), cmd_show },
  { "catalogue", NULL, N_("Show the catalogue’s version, date and size"), cmd_catalogue },
  { "submit", NULL, N_("Put a dossier into the outbox, as the kiosk does"), cmd_submit },
  { "outbox", NULL, N_("List the outbox"), cmd_outbox },
  { "sync", NULL, N_("Deliver the outbox to the portal"), cmd_sync },
  { "cancel", N_("NUMBER"), N_("Cancel a waiting or rejected dossier (--reason)"), cmd_cancel },
  { "retry", N_("NUMBER"), N_("Retry a dossier now"), cmd_retry },
  { "stats", NULL, N_("The office’s statistics (--from, --to, --csv)"), cmd_stats },
  { "metrics", NULL, N_("The kiosk’s health for Prometheus"), cmd_metrics },
  { "export-bundle", NULL, N_("Export the waiting dossiers to a folder (--to)"),
    cmd_export_bundle },
  { "import-bundle", N_("DIR"), N_("Verify a bundle and put its dossiers into this outbox"),
    cmd_import_bundle },
  { "purge", NULL, N_("Erase the personal data of delivered dossiers now"), cmd_purge },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  /* stdout carries results (numbers, JSON, CSV, metrics): every log message,
   * debug ones included, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_string_append (summary, _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "\n  %-13s %-6s  %s", commands[i].name,
                            commands[i].parameter != NULL ? _(commands[i].parameter) : "",
                            _(commands[i].summary));
  g_string_append_printf (summary, "\n\n%s",
                          _("“motcua-ctl COMMAND --help” shows a command’s options."));

  /* Global options come before the command; parsing stops at the command. */
  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary->str);
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (error->message);

  if (argc < 2)
    return usage (_("a command is missing"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), argv[1]);

    return usage (message);
  }
}
