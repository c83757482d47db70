/* mc-lookup-page.c: the status lookup screen. The lookup runs in a worker
 * thread (mc_lookup_async): the outbox for dossiers from this kiosk, the
 * portal for the rest, and an honest "cannot check now" when neither can tell.
 * A dossier from this kiosk's outbox can have its receipt printed again: made
 * from what the outbox still holds (codes, procedure, dates, QR, state), which
 * never includes the citizen's details, purged or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-text.h"
#include "mc-lookup.h"
#include "mc-receipt.h"
#include "mc-receipt-print.h"
#include "mc-speak-button.h"
#include "mc-speech.h"
#include "mc-lookup-page.h"

struct _McLookupPage
{
  GtkWidget     parent_instance;

  GtkEntry     *entry;
  GtkWidget    *check_button;
  GtkWidget    *busy_label;
  GtkWidget    *result_box;
  GtkLabel     *heading_label;
  GtkLabel     *state_label;
  GtkLabel     *details_label;
  GtkLabel     *note_label;
  GtkWidget    *reprint_button;
  GtkLabel     *print_status_label;
  McSpeakButton *speak_button;

  char         *data_dir;
  char         *portal_url;   /* nullable */
  char         *kiosk_id;
  McCatalogue  *catalogue;    /* owned ref, nullable */
  GCancellable *cancellable;  /* owned, nullable: the lookup under way */
  char         *office;       /* nullable */
  char         *printer;      /* nullable */
  char         *tracking_url_pattern;  /* nullable */
  McReceiptSheet    *sheet;      /* owned, nullable: the receipt of the dossier shown */
  GtkPrintOperation *operation;  /* owned, nullable: a reprint under way */
};

G_DEFINE_FINAL_TYPE (McLookupPage, mc_lookup_page, GTK_TYPE_WIDGET)

static void
set_busy (McLookupPage *self,
          gboolean      busy)
{
  gtk_widget_set_visible (self->busy_label, busy);
  gtk_widget_set_sensitive (self->check_button, !busy);
}

static void
speak_instruction (McLookupPage *self)
{
  mc_speak_button_set_text (self->speak_button,
                            _("Check a dossier. Type the dossier code or the number on your "
                              "receipt, then tap \"Check\". Or hold the receipt’s QR code "
                              "under the scanner."));
}

/* The answer, as the screen shows it: its code, state and procedure. */
static void
speak_answer (McLookupPage *self,
              const char   *heading,
              const char   *state,
              const char   *details)
{
  g_autoptr(GString) speech = g_string_new (NULL);

  mc_speech_append_sentence (speech, heading);
  mc_speech_append_sentence (speech, state);
  if (details != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (details, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        mc_speech_append_sentence (speech, lines[i]);
    }
  if (self->sheet != NULL)
    mc_speech_append_sentence (speech,
                               _("To take the receipt again, tap \"Print the receipt again\"."));
  mc_speak_button_set_text (self->speak_button, speech->str);
}

static void
show_answer (McLookupPage *self,
             const char   *heading,
             const char   *state,
             const char   *details,
             const char   *note,
             const char   *css_class)
{
  gtk_label_set_label (self->heading_label, heading);
  gtk_label_set_label (self->state_label, state);
  gtk_label_set_label (self->details_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), details != NULL && *details != '\0');
  gtk_label_set_label (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);

  gtk_widget_set_visible (self->reprint_button, self->sheet != NULL);
  if (self->operation == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->print_status_label), FALSE);
  speak_answer (self, heading, state, details);

  gtk_widget_remove_css_class (self->result_box, "found");
  gtk_widget_remove_css_class (self->result_box, "problem");
  gtk_widget_add_css_class (self->result_box, css_class);
  gtk_widget_set_visible (self->result_box, TRUE);
}

/* "2025-11-23T08:15:00Z" -> "08:15 23/11/2025", local time; NULL when unreadable. */
static char *
format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return mc_text_format_date_time (local);
}

static void
show_result (McLookupPage         *self,
             const McLookupResult *result)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *updated = format_time (result->updated_at);
  const char *code = result->dossier_code != NULL ? result->dossier_code
                     : result->local_number != NULL ? result->local_number
                     : result->query;
  McProcedure *procedure = NULL;

  /* Translators: heading over a dossier's state; %s is its code */
  heading = g_strdup_printf (_("Dossier %s"), code);

  if (self->catalogue != NULL && result->procedure_code != NULL)
    procedure = mc_catalogue_lookup (self->catalogue, result->procedure_code);
  if (result->outbox_entry != NULL)
    self->sheet = mc_receipt_sheet_new_for_entry (result->outbox_entry, self->office,
                                                  procedure != NULL ? mc_procedure_get_name (procedure) : NULL,
                                                  procedure != NULL ? mc_procedure_get_duration (procedure) : NULL,
                                                  self->tracking_url_pattern);
  if (procedure != NULL)
    g_string_append (details, mc_procedure_get_name (procedure));
  if (result->detail != NULL)
    g_string_append_printf (details, "%s%s", details->len > 0 ? "\n" : "", result->detail);
  if (result->local_number != NULL && result->dossier_code != NULL)
    {
      /* Translators: %s is the kiosk's provisional receipt number */
      g_autofree char *line = g_strdup_printf (_("Number at this kiosk: %s"), result->local_number);

      g_string_append_printf (details, "%s%s", details->len > 0 ? "\n" : "", line);
    }
  if (updated != NULL)
    {
      /* Translators: %s is a time and date, "08:15 23/11/2025" */
      g_autofree char *line = g_strdup_printf (_("Last change: %s"), updated);

      g_string_append_printf (details, "%s%s", details->len > 0 ? "\n" : "", line);
    }

  show_answer (self, heading, result->state_label, details->str,
               result->portal_unreachable
               ? _("The portal cannot be reached right now: this is the state known at this kiosk.")
               : NULL,
               "found");
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McLookupResult) result = mc_lookup_finish (res, &error);
  McLookupPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MC_LOOKUP_PAGE (user_data);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sheet, mc_receipt_sheet_free);
  set_busy (self, FALSE);

  if (result != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      show_result (self, result);
      /* The on-screen keyboard steps aside: the answer (and its reprint
       * button) is what the citizen needs to see now. */
      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
        gtk_root_set_focus (root, NULL);
      return;
    }

  g_debug ("Lookup failed: %s", error->message);
  if (g_error_matches (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_OFFLINE))
    show_answer (self,
                 /* Translators: the status lookup could not reach the portal */
                 _("Cannot check right now"), error->message, NULL, NULL, "problem");
  else if (g_error_matches (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_NOT_FOUND))
    show_answer (self, _("Dossier not found"), error->message, NULL, NULL, "problem");
  else if (g_error_matches (error, MC_LOOKUP_ERROR, MC_LOOKUP_ERROR_INVALID))
    show_answer (self, _("Not a dossier code"), error->message, NULL, NULL, "problem");
  else
    show_answer (self, _("Cannot check right now"),
                 _("Please try again in a moment, or ask the staff at the counter."),
                 NULL, NULL, "problem");
}

void
mc_lookup_page_lookup (McLookupPage *self,
                       const char   *input)
{
  g_autofree char *code = NULL;

  g_return_if_fail (MC_IS_LOOKUP_PAGE (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), input) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), input);

  g_clear_pointer (&self->sheet, mc_receipt_sheet_free);
  code = mc_lookup_parse_input (input);
  if (code == NULL)
    {
      show_answer (self, _("Not a dossier code"),
                   _("This is not a dossier code. Please check it, or scan the QR code on the receipt."),
                   NULL, NULL, "problem");
      return;
    }

  gtk_widget_set_visible (self->result_box, FALSE);
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  mc_lookup_async (self->data_dir, self->portal_url, self->kiosk_id, input,
                   self->cancellable, lookup_done_cb, self);
}

static void
entry_activate_cb (McLookupPage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  mc_lookup_page_lookup (self, text);
}

static void
entry_changed_cb (McLookupPage *self)
{
  /* A new code is being typed or scanned: the old answer no longer applies. */
  if (self->cancellable == NULL && gtk_widget_get_visible (self->result_box))
    {
      gtk_widget_set_visible (self->result_box, FALSE);
      g_clear_pointer (&self->sheet, mc_receipt_sheet_free);
      speak_instruction (self);
    }
}

static void
show_print_status (gpointer    data,
                   const char *text)
{
  McLookupPage *self = data;

  gtk_label_set_label (self->print_status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->print_status_label), text != NULL);
}

static void
reprint_clicked_cb (McLookupPage *self)
{
  mc_receipt_print_start (&self->operation, self->sheet, self->printer, self->reprint_button,
                          _("The receipt could not be printed. Please ask the staff "
                            "at the counter."),
                          show_print_status, self);
}

static void
mc_lookup_page_dispose (GObject *object)
{
  McLookupPage *self = MC_LOOKUP_PAGE (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  mc_receipt_print_stop (&self->operation);
  g_clear_pointer (&self->sheet, mc_receipt_sheet_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_LOOKUP_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (mc_lookup_page_parent_class)->dispose (object);
}

static void
mc_lookup_page_finalize (GObject *object)
{
  McLookupPage *self = MC_LOOKUP_PAGE (object);

  g_free (self->data_dir);
  g_free (self->portal_url);
  g_free (self->kiosk_id);
  g_free (self->office);
  g_free (self->printer);
  g_free (self->tracking_url_pattern);

  G_OBJECT_CLASS (mc_lookup_page_parent_class)->finalize (object);
}

static void
mc_lookup_page_class_init (McLookupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_lookup_page_dispose;
  object_class->finalize = mc_lookup_page_finalize;

  g_type_ensure (MC_TYPE_SPEAK_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-lookup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, entry);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, busy_label);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, reprint_button);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, print_status_label);
  gtk_widget_class_bind_template_child (widget_class, McLookupPage, speak_button);
  gtk_widget_class_bind_template_callback (widget_class, reprint_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lookuppage");
}

static void
mc_lookup_page_init (McLookupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  speak_instruction (self);
}

McLookupPage *
mc_lookup_page_new (const char *data_dir,
                    const char *portal_url,
                    const char *kiosk_id)
{
  McLookupPage *self = g_object_new (MC_TYPE_LOOKUP_PAGE, NULL);

  self->data_dir = g_strdup (data_dir);
  self->portal_url = g_strdup (portal_url);
  self->kiosk_id = g_strdup (kiosk_id);

  return self;
}

void
mc_lookup_page_set_catalogue (McLookupPage *self,
                              McCatalogue  *catalogue)
{
  g_return_if_fail (MC_IS_LOOKUP_PAGE (self));

  g_set_object (&self->catalogue, catalogue);
}

GtkEditable *
mc_lookup_page_get_entry (McLookupPage *self)
{
  g_return_val_if_fail (MC_IS_LOOKUP_PAGE (self), NULL);

  return GTK_EDITABLE (self->entry);
}

void
mc_lookup_page_focus_entry (McLookupPage *self)
{
  g_return_if_fail (MC_IS_LOOKUP_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
mc_lookup_page_set_receipt_context (McLookupPage *self,
                                    const char   *office,
                                    const char   *printer,
                                    const char   *tracking_url_pattern)
{
  g_return_if_fail (MC_IS_LOOKUP_PAGE (self));

  g_free (self->office);
  self->office = g_strdup (office);
  g_free (self->printer);
  self->printer = g_strdup (printer);
  g_free (self->tracking_url_pattern);
  self->tracking_url_pattern = g_strdup (tracking_url_pattern);
}
