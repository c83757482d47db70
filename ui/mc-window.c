/* mc-window.c: the kiosk's one window. It owns what the citizen is doing (the
 * procedure, the dossier, the submitted entry) and builds a page per step on a
 * GtkStack, so a language switch can rebuild every page from that state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "mc-a11y.h"
#include "mc-cccd-qr.h"
#include "mc-clerk-idle.h"
#include "mc-clerk-page.h"
#include "mc-dossier.h"
#include "mc-documents-page.h"
#include "mc-dossier-page.h"
#include "mc-form-page.h"
#include "mc-field-icons.h"
#include "mc-list-page.h"
#include "mc-lookup-page.h"
#include "mc-keyboard.h"
#include "mc-procedure-page.h"
#include "mc-receipt-page.h"
#include "mc-review-page.h"
#include "mc-search-bench.h"
#include "mc-stats.h"
#include "mc-welcome-page.h"
#include "mc-window.h"

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  GtkLabel             *office_label;
  GtkWidget            *back_button;
  AdwButtonContent     *back_content;
  GtkWidget            *home_button;
  AdwButtonContent     *home_content;
  GtkWidget            *link_box;
  GtkImage             *link_icon;
  GtkLabel             *link_label;
  GtkButton            *language_button;
  GtkToggleButton      *large_text_button;
  GtkToggleButton      *high_contrast_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  McKeyboard           *keyboard;

  /* A USB QR reader types like a very fast keyboard. */
  McCccdQrReader       *reader;       /* owned */
  GtkEditable          *scan_field;   /* weak: the focused field when a burst began */
  char                 *scan_text;    /* owned: its text then (personal data: never logged) */
  int                   scan_position;
  gboolean              scan_hidden;  /* the burst's keys are kept out of the field */

  McApplication        *application;  /* unowned: it owns us */
  McSync               *sync;         /* owned ref */

  /* What the citizen is doing; all nullable. */
  McProcedure          *procedure;    /* owned ref */
  McDossier            *dossier;      /* owned */
  McOutboxEntry        *entry;        /* owned: the submitted dossier, as last read */

  McWelcomePage        *welcome_page;
  McProcedurePage      *procedure_page;
  McDossierPage        *dossier_page;
  McReceiptPage        *receipt_page;
  McDocumentsPage      *documents_page; /* the documents step, nullable */
  McFormPage           *form_page;    /* the form's group on screen, nullable: "form" */
  McForms              *forms;        /* owned, nullable: data/forms.json, read on first use */
  gboolean              reviewed;     /* the review was shown: "Continue" goes back to it */
  GtkWidget            *step_label;   /* "Step 2 of 5" above the dossier's steps */

  /* Browsing and the status lookup (see "Browse" below); all nullable. */
  McListPage           *event_page;
  McListPage           *fields_page;
  McListPage           *field_page;
  McLookupPage         *lookup_page;
  char                 *event_id;      /* the life event shown */
  char                 *field_name;    /* the field shown */
  gboolean              browse_fields; /* the list of fields is open */
  char                 *procedure_from; /* the page the procedure was opened from */

  gboolean              review_step;  /* form → review → submit */
  char                 *draft_session; /* owned, nullable: this visit's draft */
  gboolean              drafts_checked;

  guint                 reveal_tick_id;  /* scrolls the focused field into view */
  guint                 reveal_frames;
  gulong                after_paint_id;
  GdkFrameClock        *frame_clock;  /* unowned, while after_paint_id is set */

  /* Clerk mode and the idle reset (issue 7; see "Clerk mode" below). */
  McClerkPage          *clerk_page;     /* nullable: on the stack as "clerk" */
  gboolean              clerk_unlocked; /* the PIN was entered */
  gboolean              assisted;       /* the next dossier is a clerk's, for a citizen */
  gint64                office_taps_start;
  guint                 office_taps;
  GtkWidget            *idle_overlay;
  guint                 idle_id;
  guint                 countdown_id;
  gint64                last_input_us;
  gint64                countdown_end_us;
  guint                 idle_timeout_ms;  /* 0: from the configuration */
  guint                 countdown_ms;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

static void show_page (McWindow *self, const char *name);
static void remove_review (McWindow *self);
static void update_nav_buttons (McWindow *self);
static void ensure_clerk_page (McWindow *self);
static void clerk_idle_init (McWindow *self);
static void idle_arm (McWindow *self);
static gboolean mc_window_close_request (GtkWindow *window);

/* A dialog is a window of its own: it takes the citizen's large text and
 * contrast from the kiosk's window. (Popovers, as a drop-down's, are in the
 * window's style tree and take them by themselves.) */
static void
take_views (McWindow  *self,
            GtkWidget *dialog)
{
  for (guint i = 0; i < 2; i++)
    {
      const char *view = i == 0 ? "large-text" : "high-contrast";

      if (gtk_widget_has_css_class (GTK_WIDGET (self), view))
        gtk_widget_add_css_class (dialog, view);
    }
}

static void
show_error (McWindow   *self,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  gtk_widget_set_name (dialog, "error-dialog");
  take_views (self, dialog);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close",
                                   /* Translators: closes an error message */
                                   _("Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_link (McWindow *self)
{
  McLinkState state = mc_sync_get_link_state (self->sync);
  guint waiting = mc_sync_get_waiting (self->sync);
  const char *state_text;
  const char *icon;
  g_autofree char *text = NULL;

  switch (state)
    {
    case MC_LINK_ONLINE:
      /* Translators: the link to the portal is up */
      state_text = _("Online");
      icon = "network-transmit-receive-symbolic";
      break;
    case MC_LINK_OFFLINE:
      /* Translators: the link to the portal is down */
      state_text = _("Offline");
      icon = "network-offline-symbolic";
      break;
    case MC_LINK_UNKNOWN:
    default:
      /* Translators: the kiosk does not know yet whether the portal is reachable */
      state_text = _("Connecting…");
      icon = "network-idle-symbolic";
      break;
    }

  if (waiting > 0)
    {
      g_autofree char *waiting_text =
        g_strdup_printf (ngettext ("%u dossier waiting to be sent",
                                   "%u dossiers waiting to be sent", waiting),
                         waiting);
      /* Translators: "Offline · 2 dossiers waiting to be sent" */
      text = g_strdup_printf (_("%s · %s"), state_text, waiting_text);
    }
  else
    text = g_strdup (state_text);

  gtk_label_set_label (self->link_label, text);
  gtk_image_set_from_icon_name (self->link_icon, icon);

  gtk_widget_remove_css_class (self->link_box, "online");
  gtk_widget_remove_css_class (self->link_box, "offline");
  gtk_widget_remove_css_class (self->link_box, "waiting");
  if (state == MC_LINK_OFFLINE)
    gtk_widget_add_css_class (self->link_box, "offline");
  else if (waiting > 0)
    gtk_widget_add_css_class (self->link_box, "waiting");
  else if (state == MC_LINK_ONLINE)
    gtk_widget_add_css_class (self->link_box, "online");
}

static void
sync_notify_cb (McWindow   *self,
                GParamSpec *pspec,
                McSync     *sync)
{
  update_link (self);
}

static void
update_receipt (McWindow *self)
{
  McConfig *config = mc_application_get_config (self->application);

  if (self->receipt_page != NULL && self->entry != NULL)
    mc_receipt_page_set_entry (self->receipt_page, self->entry,
                               config->tracking_url_pattern);
}

static void
sync_entry_changed_cb (McWindow *self,
                       gint64    id,
                       McSync   *sync)
{
  g_autoptr(GError) error = NULL;
  McOutboxEntry *entry;
  McStore *store;

  if (self->entry == NULL || self->entry->id != id)
    return;

  store = mc_application_get_store (self->application, &error);
  if (store == NULL)
    return;

  entry = mc_store_get (store, id, &error);
  if (entry == NULL)
    {
      g_message ("Cannot re-read outbox entry %" G_GINT64_FORMAT ": %s", id, error->message);
      return;
    }

  g_clear_pointer (&self->entry, mc_outbox_entry_free);
  self->entry = entry;
  update_receipt (self);
}

/* Takes the keyboard focus off @page first: GTK 4.8 trips over a focus widget
 * that disappears with its page (a focus-out on a finalized widget). */
static void
remove_page (McWindow  *self,
             GtkWidget *page)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && (focus == page || gtk_widget_is_ancestor (focus, page)))
    gtk_root_set_focus (GTK_ROOT (self), NULL);

  gtk_stack_remove (self->stack, page);
}

static void
clear_pages (McWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stack))) != NULL)
    remove_page (self, child);

  self->welcome_page = NULL;
  self->procedure_page = NULL;
  self->dossier_page = NULL;
  self->receipt_page = NULL;
  self->documents_page = NULL;
  self->form_page = NULL;
  self->event_page = NULL;
  self->fields_page = NULL;
  self->field_page = NULL;
  self->lookup_page = NULL;
  self->clerk_page = NULL;
}

static void procedure_activated_cb (McWindow *self, McProcedure *procedure, McWelcomePage *page);
static void start_dossier_cb       (McWindow *self, McProcedurePage *page);
static void submit_cb              (McWindow *self, McDossierPage *page);
static void receipt_home_cb        (McWindow *self, McReceiptPage *page);
static void event_activated_cb     (McWindow *self, const char *event_id, gpointer page);
static void fields_activated_cb    (McWindow *self, McWelcomePage *page);
static void lookup_activated_cb    (McWindow *self, McWelcomePage *page);

static void
ensure_welcome_page (McWindow *self)
{
  if (self->welcome_page != NULL)
    return;

  self->welcome_page = mc_welcome_page_new (mc_application_get_catalogue (self->application));
  g_signal_connect_object (self->welcome_page, "procedure-activated",
                           G_CALLBACK (procedure_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->welcome_page, "event-activated",
                           G_CALLBACK (event_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->welcome_page, "fields-activated",
                           G_CALLBACK (fields_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->welcome_page, "lookup-activated",
                           G_CALLBACK (lookup_activated_cb), self, G_CONNECT_SWAPPED);
  if (!mc_application_is_catalogue_loading (self->application)
      && mc_application_get_catalogue (self->application) == NULL)
    mc_welcome_page_set_catalogue (self->welcome_page, NULL, TRUE);
  g_signal_connect_object (mc_welcome_page_get_search_entry (self->welcome_page), "changed",
                           G_CALLBACK (update_nav_buttons), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->welcome_page), "welcome");
}

static void
ensure_procedure_page (McWindow *self)
{
  McConfig *config = mc_application_get_config (self->application);
  g_autofree char *url = NULL;

  g_assert (self->procedure != NULL);

  if (self->procedure_page != NULL)
    {
      if (mc_procedure_page_get_procedure (self->procedure_page) == self->procedure)
        return;
      remove_page (self, GTK_WIDGET (self->procedure_page));
      self->procedure_page = NULL;
    }

  url = mc_config_expand_url (config->procedure_url_pattern,
                              mc_procedure_get_code (self->procedure));
  self->procedure_page = mc_procedure_page_new (self->procedure, url);
  g_signal_connect_object (self->procedure_page, "start-dossier",
                           G_CALLBACK (start_dossier_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->procedure_page), "procedure");
}

/* Drafts: every answer is saved as it is given (mc_store_save_draft()), so a
 * power cut mid-form loses nothing; the draft goes when the dossier is in
 * the outbox or the visit ends. After a restart a draft younger than
 * DRAFT_MAX_AGE_S is offered back (the citizen is likely still there; the
 * offer shows no personal data, only the procedure), an older one is deleted
 * unseen: it is the next citizen at the screen by then. */
#define DRAFT_MAX_AGE_S (10 * 60)

static void
save_draft (McWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  McStore *store;

  if (self->dossier == NULL)
    return;
  store = mc_application_get_store (self->application, &error);
  if (store == NULL)
    return;
  if (self->draft_session == NULL)
    self->draft_session = g_uuid_string_random ();
  json = mc_dossier_to_draft_json (self->dossier);
  if (!mc_store_save_draft (store, self->draft_session,
                            mc_dossier_get_procedure_code (self->dossier), json, &error))
    g_message ("Cannot save the draft: %s", error->message);
}

static void
forget_draft (McWindow *self)
{
  g_autoptr(GError) error = NULL;
  McStore *store;

  if (self->draft_session == NULL)
    return;
  store = mc_application_get_store (self->application, &error);
  if (store != NULL && !mc_store_delete_draft (store, self->draft_session, &error))
    g_message ("Cannot delete the draft: %s", error->message);
  g_clear_pointer (&self->draft_session, g_free);
}

static void ensure_dossier_page (McWindow *self);

static void
draft_response_cb (McWindow         *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  McCatalogue *catalogue = mc_application_get_catalogue (self->application);
  g_autoptr(GError) error = NULL;
  g_autofree char *session = NULL;
  g_autofree char *code = NULL;
  g_autofree char *fields = NULL;
  McProcedure *procedure;
  McStore *store;

  store = mc_application_get_store (self->application, &error);
  if (store == NULL || catalogue == NULL)
    return;
  fields = mc_store_find_draft (store, g_get_real_time () / G_USEC_PER_SEC - DRAFT_MAX_AGE_S,
                                &session, &code, &error);
  if (fields == NULL)
    return;
  procedure = mc_catalogue_lookup (catalogue, code);

  if (g_strcmp0 (response, "continue") != 0 || procedure == NULL || self->dossier != NULL)
    {
      if (!mc_store_delete_draft (store, session, &error))
        g_message ("Cannot delete the draft: %s", error->message);
      return;
    }

  self->dossier = mc_dossier_new_from_draft (code, fields, &error);
  if (self->dossier == NULL)
    {
      g_message ("Cannot read the draft: %s", error->message);
      mc_store_delete_draft (store, session, NULL);
      return;
    }
  g_set_object (&self->procedure, procedure);
  self->draft_session = g_steal_pointer (&session);
  ensure_dossier_page (self);
  show_page (self, "dossier");
}

static void
check_drafts (McWindow *self)
{
  McCatalogue *catalogue = mc_application_get_catalogue (self->application);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *body = NULL;
  gint64 since = g_get_real_time () / G_USEC_PER_SEC - DRAFT_MAX_AGE_S;
  McProcedure *procedure;
  McStore *store;
  GtkWidget *dialog;

  if (self->drafts_checked || catalogue == NULL)
    return;
  self->drafts_checked = TRUE;

  store = mc_application_get_store (self->application, &error);
  if (store == NULL)
    return;
  if (mc_store_delete_drafts_before (store, since, &error) < 0)
    g_message ("Cannot delete old drafts: %s", error->message);
  g_clear_error (&error);
  fields = mc_store_find_draft (store, since, NULL, &code, &error);
  if (fields == NULL)
    return;
  procedure = mc_catalogue_lookup (catalogue, code);
  if (procedure == NULL)
    return;

  /* Translators: after a restart (a power cut) while a dossier was being
   * filled in; %s is the procedure's name */
  body = g_strdup_printf (_("The kiosk restarted while a dossier for “%s” was being filled in. "
                            "If it is yours, you can continue where you left off."),
                          mc_procedure_get_name (procedure));
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Continue the dossier you were filling in?"), body);
  gtk_widget_set_name (dialog, "draft-dialog");
  take_views (self, dialog);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    /* Translators: discards the unfinished dossier */
                                    "discard", _("No, start again"),
                                    /* Translators: continues the unfinished dossier */
                                    "continue", _("Continue"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "continue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  g_signal_connect_object (dialog, "response", G_CALLBACK (draft_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The procedure's own questions (data/forms.json), given to the dossier
 * once: a dossier from a draft gets them here too. Without the file the
 * kiosk still takes the applicant's details (the portal gets no fields). */
static void
ensure_form (McWindow *self)
{
  if (mc_dossier_get_form (self->dossier) != NULL)
    return;
  if (self->forms == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->forms = mc_forms_load_default (&error);
      if (self->forms == NULL)
        {
          g_message ("No form schemas: %s", error->message);
          return;
        }
    }
  mc_dossier_set_form (self->dossier,
                       mc_forms_lookup (self->forms, mc_dossier_get_procedure_code (self->dossier)));
}

/* Whether the procedure lists documents: then the dossier has a documents
 * step. */
static gboolean
has_documents (McWindow *self)
{
  GPtrArray *documents = self->procedure != NULL ? mc_procedure_get_documents (self->procedure) : NULL;

  return documents != NULL && documents->len > 0;
}

static guint
n_groups (McWindow *self)
{
  McForm *form = self->dossier != NULL ? mc_dossier_get_form (self->dossier) : NULL;

  return form != NULL ? mc_form_get_n_groups (form) : 0;
}

static void
ensure_dossier_page (McWindow *self)
{
  g_assert (self->dossier != NULL);

  ensure_form (self);

  if (self->dossier_page != NULL)
    {
      if (mc_dossier_page_get_dossier (self->dossier_page) == self->dossier)
        return;
      remove_page (self, GTK_WIDGET (self->dossier_page));
      self->dossier_page = NULL;
    }

  self->dossier_page = mc_dossier_page_new (self->dossier,
                                            mc_procedure_get_name (self->procedure));
  g_signal_connect_object (self->dossier_page, "submit",
                           G_CALLBACK (submit_cb), self, G_CONNECT_SWAPPED);
  mc_dossier_page_set_more_steps (self->dossier_page,
                                  n_groups (self) > 0 || self->review_step
                                  || has_documents (self));
  g_signal_connect_object (self->dossier_page, "changed",
                           G_CALLBACK (save_draft), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->dossier_page), "dossier");
}

/* What the printed receipt needs beyond the entry. */
static void
set_receipt_context (McWindow *self)
{
  McConfig *config = mc_application_get_config (self->application);
  McProcedure *procedure = NULL;
  g_autofree char *receipts_dir = NULL;

  if (self->procedure != NULL
      && g_strcmp0 (mc_procedure_get_code (self->procedure), self->entry->procedure_code) == 0)
    procedure = self->procedure;
  receipts_dir = g_build_filename (mc_application_get_data_dir (self->application),
                                   "receipts", NULL);
  mc_receipt_page_set_context (self->receipt_page, config->office_name,
                               procedure != NULL ? mc_procedure_get_name (procedure) : NULL,
                               procedure != NULL ? mc_procedure_get_duration (procedure) : NULL,
                               config->printer, receipts_dir);
}

static void
ensure_receipt_page (McWindow *self)
{
  g_assert (self->entry != NULL);

  if (self->receipt_page == NULL)
    {
      self->receipt_page = mc_receipt_page_new ();
      g_signal_connect_object (self->receipt_page, "home",
                               G_CALLBACK (receipt_home_cb), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->receipt_page), "receipt");
      set_receipt_context (self);
    }
  update_receipt (self);
}

/* "Step 2 of 5" over the dossier's steps: the applicant, each question
 * group of the form, the documents (when the procedure lists any), the
 * review. */
static void
update_step (McWindow   *self,
             const char *name)
{
  guint groups = n_groups (self);
  gboolean documents = has_documents (self);
  guint total = 1 + groups + (documents ? 1 : 0) + (self->review_step ? 1 : 0);
  guint step = 0;
  g_autofree char *text = NULL;

  if (self->dossier == NULL)
    ;
  else if (g_str_equal (name, "dossier"))
    step = 1;
  else if (g_str_equal (name, "form") && self->form_page != NULL)
    step = 2 + mc_form_page_get_group (self->form_page);
  else if (g_str_equal (name, "documents"))
    step = 2 + groups;
  else if (g_str_equal (name, "review"))
    step = total;

  gtk_widget_set_visible (self->step_label, step > 0);
  if (step == 0)
    return;
  /* Translators: the progress through the dossier's screens, e.g. "Step 2 of 5" */
  text = g_strdup_printf (_("Step %u of %u"), step, total);
  gtk_label_set_label (GTK_LABEL (self->step_label), text);
}

/* No way back from the receipt: the dossier is in the outbox; clerk mode
 * has its own way out. Home is on every screen but the first, and on the
 * first too once it shows search results (both then clear the search). */
static void
update_nav_buttons (McWindow *self)
{
  const char *name = mc_window_get_page (self);
  gboolean welcome = g_str_equal (name, "welcome");
  gboolean receipt = g_str_equal (name, "receipt");
  gboolean clerk = g_str_equal (name, "clerk");
  const char *query = self->welcome_page != NULL
    ? mc_welcome_page_get_query (self->welcome_page) : NULL;
  gboolean results = welcome && query != NULL && *query != '\0';

  gtk_widget_set_visible (self->back_button, (!welcome || results) && !receipt && !clerk);
  gtk_widget_set_visible (self->home_button, !welcome || results);
}

static void
show_page (McWindow   *self,
           const char *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_step (self, name);
  update_nav_buttons (self);
}

static void
procedure_activated_cb (McWindow      *self,
                        McProcedure   *procedure,
                        McWelcomePage *page)
{
  g_free (self->procedure_from);
  self->procedure_from = g_strdup (mc_window_get_page (self));
  g_set_object (&self->procedure, procedure);
  ensure_procedure_page (self);
  show_page (self, "procedure");
}

static void
start_dossier_cb (McWindow        *self,
                  McProcedurePage *page)
{
  g_assert (self->procedure != NULL);

  /* A dossier for another procedure than the one being filled starts afresh. */
  if (self->dossier != NULL
      && g_strcmp0 (mc_dossier_get_procedure_code (self->dossier),
                    mc_procedure_get_code (self->procedure)) != 0)
    {
      /* The pages that borrow it go first. */
      if (self->form_page != NULL)
        {
          remove_page (self, GTK_WIDGET (self->form_page));
          self->form_page = NULL;
        }
      remove_review (self);
      self->reviewed = FALSE;
      g_clear_pointer (&self->dossier, mc_dossier_free);
    }
  if (self->dossier == NULL)
    self->dossier = mc_dossier_new (mc_procedure_get_code (self->procedure));

  ensure_dossier_page (self);
  show_page (self, "dossier");
  mc_dossier_page_focus_first (self->dossier_page);
}

/* The review page: built afresh each time from the dossier; found by its name
 * on the stack. */
static void
remove_review (McWindow *self)
{
  GtkWidget *review = gtk_stack_get_child_by_name (self->stack, "review");

  if (review != NULL)
    remove_page (self, review);
}

static void
review_edit_cb (McWindow     *self,
                int           field,
                McReviewPage *page)
{
  if (self->dossier_page == NULL)
    ensure_dossier_page (self);
  show_page (self, "dossier");
  mc_dossier_page_focus_field (self->dossier_page, field);
}

static void
review_documents_cb (McWindow     *self,
                     McReviewPage *page)
{
  if (self->documents_page != NULL)
    show_page (self, "documents");
}

static void enqueue_dossier (McWindow *self, GPtrArray *attachments);
static void after_form (McWindow *self);
static void show_group (McWindow *self, guint index);

static void
form_next_cb (McWindow   *self,
              McFormPage *page)
{
  guint next = mc_form_page_get_group (page) + 1;

  /* Back from the review to change an answer: the review again. */
  if (!self->reviewed && next < n_groups (self))
    show_group (self, next);
  else
    after_form (self);
}

/* The form's group @index on its own screen, built afresh from the dossier. */
static void
show_group (McWindow *self,
            guint     index)
{
  g_assert (self->dossier != NULL && index < n_groups (self));

  if (self->form_page != NULL)
    {
      remove_page (self, GTK_WIDGET (self->form_page));
      self->form_page = NULL;
    }
  self->form_page = mc_form_page_new (self->dossier, index,
                                      self->procedure != NULL ? mc_procedure_get_name (self->procedure) : "",
                                      g_str_equal (mc_application_get_language (self->application), "en"));
  g_signal_connect_object (self->form_page, "next", G_CALLBACK (form_next_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form_page, "changed", G_CALLBACK (save_draft), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->form_page), "form");
  show_page (self, "form");
}

static void
review_edit_answer_cb (McWindow     *self,
                       const char   *key,
                       McReviewPage *page)
{
  McForm *form = mc_dossier_get_form (self->dossier);
  guint index = 0;

  if (form == NULL || mc_form_find_field (form, key, &index) == NULL)
    return;
  show_group (self, index);
  mc_form_page_focus_key (self->form_page, key);
}

/* The review's "Submit the dossier": with the documents step's files, if any. */
static void
review_submit_cb (McWindow     *self,
                  McReviewPage *page)
{
  /* A required document taken back on the way (Back to the documents step,
   * a page deleted): the step again rather than a dossier without it. */
  if (self->documents_page != NULL && !mc_documents_page_is_complete (self->documents_page))
    {
      show_page (self, "documents");
      return;
    }
  {
    const char *key = NULL;

    /* The form's answers were checked on their screens; one that no longer
     * checks (a date that became the future overnight…) goes back there. */
    if (!mc_dossier_validate_answers (self->dossier, G_MAXUINT, &key, NULL))
      {
        review_edit_answer_cb (self, key, page);
        if (self->form_page != NULL)
          mc_form_page_validate (self->form_page);
        return;
      }
  }
  enqueue_dossier (self, self->documents_page != NULL
                           ? mc_documents_page_get_attachments (self->documents_page)
                           : NULL);
}

static void
show_review (McWindow *self)
{
  McReviewPage *review;

  g_assert (self->dossier != NULL);

  /* The form's field keeps no focus behind the review (the keyboard comes
   * back with a new focus when a line is tapped). */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  remove_review (self);
  review = mc_review_page_new (self->dossier,
                               self->procedure != NULL ? mc_procedure_get_name (self->procedure) : NULL);
  g_signal_connect_object (review, "edit", G_CALLBACK (review_edit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (review, "edit-answer", G_CALLBACK (review_edit_answer_cb), self,
                           G_CONNECT_SWAPPED);
  self->reviewed = TRUE;
  g_signal_connect_object (review, "submit", G_CALLBACK (review_submit_cb), self, G_CONNECT_SWAPPED);
  if (self->documents_page != NULL)
    {
      g_autoptr(GArray) summary = mc_documents_page_get_summary (self->documents_page);

      mc_review_page_set_documents (review, summary);
      g_signal_connect_object (review, "documents", G_CALLBACK (review_documents_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_stack_add_named (self->stack, GTK_WIDGET (review), "review");
  show_page (self, "review");
}

void
mc_window_set_review_step (McWindow *self,
                           gboolean  review_step)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  self->review_step = !!review_step;
}

static void
enqueue_dossier (McWindow  *self,
                 GPtrArray *attachments)
{
  McConfig *config = mc_application_get_config (self->application);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  McOutboxEntry *entry;
  McStore *store;

  g_assert (self->dossier != NULL);

  store = mc_application_get_store (self->application, &error);
  if (store == NULL)
    {
      show_error (self, _("The dossier could not be saved"), error->message);
      return;
    }

  if (self->documents_page != NULL && attachments != NULL)
    mc_documents_page_apply_waivers (self->documents_page, self->dossier);
  else
    mc_dossier_clear_waivers (self->dossier);
  json = mc_dossier_to_json (self->dossier);
  entry = mc_store_enqueue_full (store, config->kiosk_id,
                                 mc_dossier_get_procedure_code (self->dossier), json,
                                 attachments,
                                 self->assisted ? MC_ENQUEUE_ASSISTED : MC_ENQUEUE_NONE, &error);
  if (entry == NULL)
    {
      g_message ("Cannot enqueue the dossier: %s", error->message);
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_LARGE))
        show_error (self, _("The dossier could not be saved"), error->message);
      else if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL))
        show_error (self, _("The dossier could not be saved"),
                    _("The kiosk's disk is full. Please ask the staff at the counter for help."));
      else
        show_error (self, _("The dossier could not be saved"),
                    _("Nothing was sent. Please try again, or ask the staff at the counter for help."));
      return;
    }

  g_debug ("Dossier enqueued as outbox entry %" G_GINT64_FORMAT, entry->id);

  /* It is in the outbox: what the citizen typed is no longer needed here. */
  g_clear_pointer (&self->entry, mc_outbox_entry_free);
  self->entry = entry;
  if (self->dossier_page != NULL)
    {
      remove_page (self, GTK_WIDGET (self->dossier_page));
      self->dossier_page = NULL;
    }
  remove_review (self);
  if (self->form_page != NULL)
    {
      remove_page (self, GTK_WIDGET (self->form_page));
      self->form_page = NULL;
    }
  self->reviewed = FALSE;
  forget_draft (self);
  g_clear_pointer (&self->dossier, mc_dossier_free);
  if (self->documents_page != NULL)
    {
      /* The store has its own copies of the PDFs: the page deletes its own. */
      remove_page (self, GTK_WIDGET (self->documents_page));
      self->documents_page = NULL;
    }
  mc_application_release_scanner (self->application);

  mc_sync_wake (mc_application_get_sync (self->application));

  ensure_receipt_page (self);
  show_page (self, "receipt");
}

/* The documents step (issue 4), between the form and the submission: the
 * procedure's required documents, scanned or imported into PDFs that go with
 * the dossier (see mc-documents-page.c); a procedure that lists none goes
 * straight to the submission. */

static void
documents_continue_cb (McWindow        *self,
                       McDocumentsPage *page)
{
  /* form → documents → review → submit */
  if (self->review_step)
    show_review (self);
  else
    enqueue_dossier (self, mc_documents_page_get_attachments (page));
}

static gboolean
ensure_documents_page (McWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *work_dir = NULL;
  McStore *store;

  if (!has_documents (self))
    return FALSE;
  if (self->documents_page != NULL)
    {
      if (mc_documents_page_get_procedure (self->documents_page) == self->procedure)
        return TRUE;
      remove_page (self, GTK_WIDGET (self->documents_page));
      self->documents_page = NULL;
    }
  store = mc_application_get_store (self->application, &error);
  if (store == NULL)
    return FALSE;

  work_dir = g_build_filename (mc_store_get_data_dir (store), "scan", NULL);
  self->documents_page = mc_documents_page_new (self->procedure, store, work_dir);
  g_signal_connect_object (self->documents_page, "continue",
                           G_CALLBACK (documents_continue_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->documents_page), "documents");
  return TRUE;
}

static void
submit_cb (McWindow      *self,
           McDossierPage *page)
{
  /* The applicant, then the form's groups, then what follows them. */
  if (!self->reviewed && n_groups (self) > 0)
    show_group (self, 0);
  else
    after_form (self);
}

static void
after_form (McWindow *self)
{
  /* form → documents → review → submit; back from the review to change an
   * answer, the documents step already passed: the review again. */
  if (ensure_documents_page (self)
      && !(self->review_step && mc_documents_page_get_passed (self->documents_page)))
    show_page (self, "documents");
  else if (self->review_step)
    show_review (self);
  else
    enqueue_dossier (self, NULL);
}

static void
receipt_home_cb (McWindow      *self,
                 McReceiptPage *page)
{
  mc_window_go_home (self);
}

/* Browse: life events, fields, a field's procedures, and the status lookup.
 * Each is a page of its own, built on first use from the window's state (the
 * event, the field), so a language switch rebuilds it like the others. */

static void
ensure_event_page (McWindow *self)
{
  McCatalogue *catalogue = mc_application_get_catalogue (self->application);
  GPtrArray *events;
  const McLifeEvent *event = NULL;

  if (self->event_page != NULL)
    {
      if (g_strcmp0 (mc_list_page_get_key (self->event_page), self->event_id) == 0)
        return;
      remove_page (self, GTK_WIDGET (self->event_page));
      self->event_page = NULL;
    }
  if (catalogue == NULL || self->event_id == NULL)
    return;

  events = mc_catalogue_get_life_events (catalogue);
  for (guint i = 0; events != NULL && i < events->len && event == NULL; i++)
    if (g_str_equal (((McLifeEvent *) events->pdata[i])->id, self->event_id))
      event = events->pdata[i];
  if (event == NULL)
    return;

  self->event_page = mc_list_page_new ("event-procedures", mc_life_event_get_title (event),
                                       /* Translators: under a life event's title */
                                       _("The procedures people most often need for this:"));
  mc_list_page_set_key (self->event_page, self->event_id);
  for (guint i = 0; i < event->procedures->len; i++)
    mc_list_page_add_procedure (self->event_page, event->procedures->pdata[i]);
  g_signal_connect_object (self->event_page, "procedure-activated",
                           G_CALLBACK (procedure_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->event_page), "event");
}

static void
ensure_fields_page (McWindow *self)
{
  McCatalogue *catalogue = mc_application_get_catalogue (self->application);
  GPtrArray *fields;

  if (self->fields_page != NULL || catalogue == NULL)
    return;

  self->fields_page = mc_list_page_new ("fields",
                                        /* Translators: title of the list of fields (lĩnh vực) */
                                        _("Procedures by field"),
                                        _("Choose a field to see the procedures this counter takes in it."));
  fields = mc_catalogue_get_fields (catalogue);
  for (guint i = 0; i < fields->len; i++)
    {
      const McCatalogueField *field = fields->pdata[i];
      g_autofree char *details = NULL;

      /* Only what a citizen can file here; the rest is found by searching. */
      if (field->n_commune == 0)
        continue;
      details = g_strdup_printf (ngettext ("%u procedure filed at this counter",
                                           "%u procedures filed at this counter",
                                           field->n_commune),
                                 field->n_commune);
      mc_list_page_add_item (self->fields_page, field->name, mc_field_icon_name (field->name),
                             field->name, details);
    }
  g_signal_connect_object (self->fields_page, "item-activated",
                           G_CALLBACK (event_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->fields_page), "fields");
}

static void
ensure_field_page (McWindow *self)
{
  McCatalogue *catalogue = mc_application_get_catalogue (self->application);
  g_autoptr(GPtrArray) procedures = NULL;

  if (self->field_page != NULL)
    {
      if (g_strcmp0 (mc_list_page_get_key (self->field_page), self->field_name) == 0)
        return;
      remove_page (self, GTK_WIDGET (self->field_page));
      self->field_page = NULL;
    }
  if (catalogue == NULL || self->field_name == NULL)
    return;

  self->field_page = mc_list_page_new ("field-procedures", self->field_name,
                                       /* Translators: under a field's name */
                                       _("Procedures this counter takes in this field:"));
  mc_list_page_set_key (self->field_page, self->field_name);
  procedures = mc_catalogue_get_by_field (catalogue, self->field_name, TRUE);
  for (guint i = 0; i < procedures->len; i++)
    mc_list_page_add_procedure (self->field_page, procedures->pdata[i]);
  g_signal_connect_object (self->field_page, "procedure-activated",
                           G_CALLBACK (procedure_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->field_page), "field");
}

static void
ensure_lookup_page (McWindow *self)
{
  McConfig *config = mc_application_get_config (self->application);

  if (self->lookup_page != NULL)
    return;

  self->lookup_page = mc_lookup_page_new (mc_application_get_data_dir (self->application),
                                          config->portal_url, config->kiosk_id);
  mc_lookup_page_set_catalogue (self->lookup_page,
                                mc_application_get_catalogue (self->application));
  mc_lookup_page_set_receipt_context (self->lookup_page, config->office_name, config->printer,
                                      config->tracking_url_pattern);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->lookup_page), "lookup");
}

/* From a life event tile (welcome page) or a field (the list of fields). */
static void
event_activated_cb (McWindow   *self,
                    const char *id,
                    gpointer    page)
{
  if (MC_IS_WELCOME_PAGE (page))
    {
      g_free (self->event_id);
      self->event_id = g_strdup (id);
      ensure_event_page (self);
      if (self->event_page != NULL)
        show_page (self, "event");
    }
  else
    {
      g_free (self->field_name);
      self->field_name = g_strdup (id);
      ensure_field_page (self);
      if (self->field_page != NULL)
        show_page (self, "field");
    }
}

static void
fields_activated_cb (McWindow      *self,
                     McWelcomePage *page)
{
  self->browse_fields = TRUE;
  ensure_fields_page (self);
  if (self->fields_page != NULL)
    show_page (self, "fields");
}

static void
lookup_activated_cb (McWindow      *self,
                     McWelcomePage *page)
{
  ensure_lookup_page (self);
  show_page (self, "lookup");
  mc_lookup_page_focus_entry (self->lookup_page);
}

/* "Frequently used here" looks back this far in the office's own dossiers. */
#define FREQUENT_DAYS 90

static void
refresh_shortcuts (McWindow *self)
{
  McConfig *config = mc_application_get_config (self->application);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) frequent = NULL;
  McStore *store;

  if (self->welcome_page == NULL || mc_application_get_catalogue (self->application) == NULL)
    return;
  store = mc_application_get_store (self->application, &error);
  if (store != NULL)
    frequent = mc_stats_top_procedures (store,
                                        g_get_real_time () / G_USEC_PER_SEC
                                        - FREQUENT_DAYS * 24 * 3600,
                                        12, &error);
  if (error != NULL)
    g_debug ("No statistics for the welcome screen: %s", error->message);
  mc_welcome_page_set_shortcuts (self->welcome_page,
                                 (const char * const *) config->favourites,
                                 (const char * const *) frequent);
}

static void
catalogue_notify_cb (McWindow      *self,
                     GParamSpec    *pspec,
                     McApplication *application)
{
  McCatalogue *catalogue = mc_application_get_catalogue (application);

  if (self->welcome_page != NULL)
    mc_welcome_page_set_catalogue (self->welcome_page, catalogue, catalogue == NULL);
  refresh_shortcuts (self);
  if (self->lookup_page != NULL)
    mc_lookup_page_set_catalogue (self->lookup_page, catalogue);

  if (catalogue != NULL && self->welcome_page != NULL
      && g_strcmp0 (g_getenv ("MOTCUA_BENCH_SEARCH"), "1") == 0)
    mc_search_bench_start (GTK_WIDGET (self),
                           mc_welcome_page_get_search_entry (self->welcome_page));
  check_drafts (self);
}

/* A newer catalogue is ready: in use at once when nobody is at the kiosk (the
 * empty welcome screen), else at the next mc_window_go_home (). */
static void
catalogue_pending_cb (McWindow      *self,
                      GParamSpec    *pspec,
                      McApplication *application)
{
  gboolean pending = FALSE;

  g_object_get (application, "catalogue-pending", &pending, NULL);
  if (pending && self->welcome_page != NULL && self->dossier == NULL
      && g_str_equal (mc_window_get_page (self), "welcome")
      && *mc_welcome_page_get_query (self->welcome_page) == '\0')
    mc_application_apply_pending_catalogue (application);
}

static void
back_clicked_cb (McWindow *self)
{
  const char *page = mc_window_get_page (self);

  if (g_str_equal (page, "review"))
    {
      if (self->documents_page != NULL)
        show_page (self, "documents");
      else if (n_groups (self) > 0)
        show_group (self, n_groups (self) - 1);
      else
        {
          if (self->dossier_page == NULL)
            ensure_dossier_page (self);
          show_page (self, "dossier");
        }
    }
  else if (g_str_equal (page, "documents"))
    {
      if (self->documents_page != NULL && mc_documents_page_go_back (self->documents_page))
        ;
      else if (n_groups (self) > 0)
        show_group (self, n_groups (self) - 1);
      else
        show_page (self, "dossier");
    }
  else if (g_str_equal (page, "form") && self->form_page != NULL)
    {
      guint index = mc_form_page_get_group (self->form_page);

      if (index > 0)
        show_group (self, index - 1);
      else
        {
          if (self->dossier_page == NULL)
            ensure_dossier_page (self);
          show_page (self, "dossier");
        }
    }
  else if (g_str_equal (page, "dossier"))
    {
      ensure_procedure_page (self);
      show_page (self, "procedure");
    }
  else if (g_str_equal (page, "procedure") && self->procedure_from != NULL
           && gtk_stack_get_child_by_name (self->stack, self->procedure_from) != NULL)
    show_page (self, self->procedure_from);
  else if (g_str_equal (page, "field") && self->fields_page != NULL)
    show_page (self, "fields");
  else if (g_str_equal (page, "welcome") && self->welcome_page != NULL)
    mc_welcome_page_set_query (self->welcome_page, "");   /* from search results */
  else
    show_page (self, "welcome");
}

static void
home_clicked_cb (McWindow *self)
{
  mc_window_go_home (self);
}

/* The window's template was translated once, when it was built: its texts are
 * set again on every language switch. */
static void
update_header (McWindow *self)
{
  McConfig *config = mc_application_get_config (self->application);
  const char *office = config->office_name;

  if (office == NULL || *office == '\0')
    /* Translators: the kiosk's name in the header when kiosk.conf gives no office */
    office = _("One-stop-shop counter");

  gtk_label_set_label (self->office_label, office);
  gtk_window_set_title (GTK_WINDOW (self), office);

  /* Translators: header button, goes one screen back */
  adw_button_content_set_label (self->back_content, _("Back"));
  /* Translators: header button, back to the first screen (Vietnamese: Về
   * trang đầu); what was typed is forgotten */
  adw_button_content_set_label (self->home_content, _("Home"));

  /* Translators: header switch that makes all text bigger */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->large_text_button), _("Large text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->large_text_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Large text"), -1);
  /* Translators: header switch to black and white with strong outlines, for poor eyesight */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->high_contrast_button), _("High contrast"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->high_contrast_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("High contrast"), -1);
}

static void
update_language_button (McWindow *self)
{
  gboolean english = g_str_equal (mc_application_get_language (self->application), "en");

  /* Each language is named in itself, so whoever needs it can read it: not
   * translated on purpose. */
  gtk_button_set_label (self->language_button, english ? "Tiếng Việt" : "English");
}

static void
language_clicked_cb (McWindow *self)
{
  gboolean english = g_str_equal (mc_application_get_language (self->application), "en");

  mc_application_set_language (self->application, english ? "vi" : "en");
}

/* Large text and high contrast are classes on the window (style.css): every
 * page, the header, the keyboard and the idle countdown follow at once, and a
 * language switch (which rebuilds the pages) keeps them. */
static void
view_toggled_cb (McWindow *self)
{
  struct { GtkToggleButton *button; const char *css_class; } views[] = {
    { self->large_text_button, "large-text" },
    { self->high_contrast_button, "high-contrast" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (gtk_toggle_button_get_active (views[i].button))
        gtk_widget_add_css_class (GTK_WIDGET (self), views[i].css_class);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), views[i].css_class);
    }
}

static gboolean
bench_quit_cb (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static gboolean
first_frame_idle_cb (gpointer data)
{
  g_autoptr(McWindow) self = data;

  mc_application_first_frame (self->application);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (McWindow      *self,
                GdkFrameClock *frame_clock)
{
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  self->frame_clock = NULL;

  /* bench/startup: the wall-clock time of the first frame, on stdout. */
  if (g_strcmp0 (g_getenv ("MOTCUA_BENCH_EXIT_ON_FIRST_FRAME"), "1") == 0)
    {
      printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_real_time ());
      fflush (stdout);
      g_idle_add (bench_quit_cb, self->application);
      return;
    }

  g_idle_add_full (G_PRIORITY_LOW, first_frame_idle_cb, g_object_ref (self), NULL);
}

static void
mc_window_map (GtkWidget *widget)
{
  McWindow *self = MC_WINDOW (widget);

  GTK_WIDGET_CLASS (mc_window_parent_class)->map (widget);

  if (self->after_paint_id == 0 && self->frame_clock == NULL)
    {
      self->frame_clock = gtk_widget_get_frame_clock (widget);
      self->after_paint_id = g_signal_connect_swapped (self->frame_clock, "after-paint",
                                                       G_CALLBACK (after_paint_cb), self);
    }
}

static void
mc_window_unmap (GtkWidget *widget)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);

  GTK_WIDGET_CLASS (mc_window_parent_class)->unmap (widget);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  self->frame_clock = NULL;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->reveal_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
  self->reveal_tick_id = 0;

  /* Pages first: the dossier page borrows the dossier. They are taken off
   * the stack here, focus first: GtkWindow's own dispose, later, would give a
   * still-rooted page a focus-out after the dossier is freed. */
  if (self->stack != NULL)
    clear_pages (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);
  self->welcome_page = NULL;
  self->procedure_page = NULL;
  self->dossier_page = NULL;
  self->receipt_page = NULL;
  self->documents_page = NULL;
  self->form_page = NULL;
  g_clear_pointer (&self->forms, mc_forms_free);

  self->event_page = NULL;
  self->fields_page = NULL;
  self->field_page = NULL;
  self->lookup_page = NULL;
  self->clerk_page = NULL;

  g_clear_pointer (&self->reader, mc_cccd_qr_reader_free);
  g_clear_pointer (&self->draft_session, g_free);
  g_clear_weak_pointer (&self->scan_field);
  g_clear_pointer (&self->scan_text, g_free);
  g_clear_object (&self->sync);
  g_clear_object (&self->procedure);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->field_name, g_free);
  g_clear_pointer (&self->procedure_from, g_free);
  g_clear_pointer (&self->dossier, mc_dossier_free);
  g_clear_pointer (&self->entry, mc_outbox_entry_free);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = mc_window_close_request;
  widget_class->map = mc_window_map;
  widget_class->unmap = mc_window_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, office_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, home_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, back_content);
  gtk_widget_class_bind_template_child (widget_class, McWindow, home_content);
  gtk_widget_class_bind_template_child (widget_class, McWindow, link_box);
  gtk_widget_class_bind_template_child (widget_class, McWindow, link_icon);
  gtk_widget_class_bind_template_child (widget_class, McWindow, link_label);
  gtk_widget_class_bind_template_child (widget_class, McWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, large_text_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, high_contrast_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, keyboard);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, home_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);

  g_type_ensure (MC_TYPE_WELCOME_PAGE);
  g_type_ensure (MC_TYPE_KEYBOARD);
}

/* Input ------------------------------------------------------------------ */

/* The keyboard coming up takes the bottom of the screen, and the pinned
 * "Submit" bar is under the form: the field being typed in (with its title
 * above it) is scrolled into what is left of the form's view. Once the new
 * layout is there: on the second frame. */
#define REVEAL_ABOVE 48   /* some of the field's title */
#define REVEAL_BELOW 24

static gboolean
reveal_focus_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       data)
{
  McWindow *self = MC_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *scrolled;
  GtkWidget *field;
  GtkWidget *row;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds, row_bounds;
  double value, top, bottom, view;
  gboolean whole_row = FALSE;

  if (++self->reveal_frames < 2)
    return G_SOURCE_CONTINUE;
  self->reveal_tick_id = 0;

  if (focus == NULL || !GTK_IS_EDITABLE (focus))
    return G_SOURCE_REMOVE;
  field = gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY);
  if (field == NULL)
    field = focus;
  scrolled = gtk_widget_get_ancestor (field, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL || !gtk_widget_compute_bounds (field, scrolled, &bounds))
    return G_SOURCE_REMOVE;
  view = gtk_widget_get_height (scrolled);

  /* The field's row (its title and hint over it), if it fits in the view;
   * else the field with a little of what is above it. */
  row = gtk_widget_get_parent (field);
  if (row != NULL && GTK_IS_BOX (row)
      && gtk_orientable_get_orientation (GTK_ORIENTABLE (row)) == GTK_ORIENTATION_VERTICAL
      && gtk_widget_get_height (row) + REVEAL_BELOW <= view
      && gtk_widget_compute_bounds (row, scrolled, &row_bounds))
    {
      whole_row = TRUE;
      bounds = row_bounds;
    }

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  top = bounds.origin.y - (whole_row ? 0 : REVEAL_ABOVE);
  bottom = bounds.origin.y + bounds.size.height + REVEAL_BELOW;
  if (bottom > view)
    value += bottom - view;
  else if (top < 0)
    value += top;
  else
    return G_SOURCE_REMOVE;
  gtk_adjustment_set_value (adjustment, value);
  return G_SOURCE_REMOVE;
}

/* The on-screen keyboard types into whatever field of a page has the focus. */
static void
focus_changed_cb (McWindow   *self,
                  GParamSpec *pspec)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* GtkWindow's own dispose moves the focus after ours cleared the keyboard. */
  if (self->keyboard == NULL)
    return;

  if (focus != NULL
      && (!GTK_IS_EDITABLE (focus) || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack))))
    focus = NULL;

  mc_keyboard_set_target (self->keyboard, focus != NULL ? GTK_EDITABLE (focus) : NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->keyboard)))
    gtk_widget_add_css_class (GTK_WIDGET (self), "keyboard-up");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "keyboard-up");

  if (focus != NULL && self->reveal_tick_id == 0)
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_focus_tick_cb,
                                                         NULL, NULL);
  self->reveal_frames = 0;
}

static gboolean
key_pressed_cb (McWindow              *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));

  /* Clerk mode's shortcut: Ctrl+Alt+M. */
  if ((keyval == GDK_KEY_m || keyval == GDK_KEY_M)
      && (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) == (GDK_CONTROL_MASK | GDK_ALT_MASK))
    {
      mc_window_open_clerk (self);
      return TRUE;
    }

  return mc_window_handle_key (self, keyval, state, (gint64) time * 1000);
}

static void
mc_window_init (McWindow *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  mc_a11y_track_stack (self->stack);
  self->reader = mc_cccd_qr_reader_new (0);

  /* Above the pages, under the header. */
  self->step_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->step_label, "step-progress");
  gtk_widget_add_css_class (self->step_label, "kiosk-step");
  gtk_widget_set_visible (self->step_label, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->toast_overlay))),
                              self->step_label,
                              gtk_widget_get_prev_sibling (GTK_WIDGET (self->toast_overlay)));
  /* form → documents → review → submit */
  self->review_step = TRUE;

  /* On a touch screen a field that selects all its text when it gets the
   * focus (from "Done", or after a check) loses it all at the next tap. */
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (self)),
                "gtk-entry-select-on-focus", FALSE, NULL);

  /* Capture phase: the keys reach the engine before the field sees them. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_changed_cb), NULL);

  clerk_idle_init (self);
}

McWindow *
mc_window_new (McApplication *application)
{
  McWindow *self;

  g_return_val_if_fail (MC_IS_APPLICATION (application), NULL);

  self = g_object_new (MC_TYPE_WINDOW, "application", application, NULL);
  self->application = application;
  self->sync = g_object_ref (mc_application_get_sync (application));

  update_header (self);
  mc_keyboard_set_method (self->keyboard, mc_application_get_config (application)->input_method);
  mc_keyboard_set_tone_style (self->keyboard, mc_application_get_config (application)->tone_style);

  g_signal_connect_object (self->sync, "notify::link-state",
                           G_CALLBACK (sync_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::waiting",
                           G_CALLBACK (sync_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "entry-changed",
                           G_CALLBACK (sync_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::catalogue",
                           G_CALLBACK (catalogue_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::catalogue-pending",
                           G_CALLBACK (catalogue_pending_cb), self, G_CONNECT_SWAPPED);

  mc_window_reload (self);
  check_drafts (self);
  idle_arm (self);

  return self;
}

void
mc_window_reload (McWindow *self)
{
  g_autofree char *page = NULL;
  g_autofree char *query = NULL;
  McDocumentsPage *old_documents = NULL;
  GtkStackTransitionType transition;
  int form_group;
  gboolean clerk;

  g_return_if_fail (MC_IS_WINDOW (self));

  page = g_strdup (mc_window_get_page (self));
  form_group = self->form_page != NULL ? (int) mc_form_page_get_group (self->form_page) : -1;
  if (self->welcome_page != NULL)
    query = g_strdup (mc_welcome_page_get_query (self->welcome_page));
  clerk = self->clerk_page != NULL;

  /* Templates are translated when they are built: build them again, and show
   * the same screen at once, without a transition from the welcome page. */
  /* The documents step's scans and PDFs go over to the rebuilt page. */
  if (self->documents_page != NULL)
    old_documents = g_object_ref (self->documents_page);

  transition = gtk_stack_get_transition_type (self->stack);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  clear_pages (self);
  update_header (self);
  update_language_button (self);
  update_link (self);
  mc_keyboard_retranslate (self->keyboard);

  ensure_welcome_page (self);
  if (query != NULL)
    mc_welcome_page_set_query (self->welcome_page, query);
  if (g_str_equal (page, "lookup"))
    ensure_lookup_page (self);
  if (self->browse_fields)
    ensure_fields_page (self);
  ensure_event_page (self);
  ensure_field_page (self);
  if (self->procedure != NULL)
    ensure_procedure_page (self);
  if (self->dossier != NULL)
    ensure_dossier_page (self);
  if (self->dossier != NULL && old_documents != NULL && ensure_documents_page (self))
    mc_documents_page_take_from (self->documents_page, old_documents);
  g_clear_object (&old_documents);
  if (self->dossier != NULL && g_str_equal (page, "review"))
    show_review (self);
  if (self->dossier != NULL && g_str_equal (page, "form") && form_group >= 0
      && (guint) form_group < n_groups (self))
    show_group (self, form_group);
  if (self->entry != NULL)
    ensure_receipt_page (self);
  if (clerk)
    ensure_clerk_page (self);
  if (self->idle_overlay != NULL)
    mc_idle_overlay_retranslate (MC_IDLE_OVERLAY (self->idle_overlay));

  if (gtk_stack_get_child_by_name (self->stack, page) == NULL)
    show_page (self, "welcome");
  else
    show_page (self, page);
  gtk_stack_set_transition_type (self->stack, transition);
}

void
mc_window_go_home (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  clear_pages (self);
  /* The next citizen starts with the scanner closed (the idle reset, Home). */
  mc_application_release_scanner (self->application);
  forget_draft (self);
  self->reviewed = FALSE;
  self->clerk_unlocked = FALSE;
  self->assisted = FALSE;
  g_clear_pointer (&self->scan_text, g_free);
  g_clear_weak_pointer (&self->scan_field);
  g_clear_object (&self->procedure);
  g_clear_pointer (&self->dossier, mc_dossier_free);
  g_clear_pointer (&self->entry, mc_outbox_entry_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->field_name, g_free);
  g_clear_pointer (&self->procedure_from, g_free);
  self->browse_fields = FALSE;

  /* Between two citizens: the moment a newer catalogue comes into use. */
  mc_application_apply_pending_catalogue (self->application);
  ensure_welcome_page (self);
  refresh_shortcuts (self);
  show_page (self, "welcome");
  mc_welcome_page_focus_search (self->welcome_page);
}

const char *
mc_window_get_page (McWindow *self)
{
  const char *name;

  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  name = gtk_stack_get_visible_child_name (self->stack);
  return name != NULL ? name : "welcome";
}

/* A scan's first keys reach the focused field before they can be told from
 * typing (SCAN_KEYS_SHOWN of them); the rest are kept out. When the scan ends,
 * the field gets back the text it had before. */
#define SCAN_KEYS_SHOWN 4

static void
scan_remember_field (McWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  g_clear_pointer (&self->scan_text, g_free);
  g_clear_weak_pointer (&self->scan_field);
  if (focus == NULL || !GTK_IS_EDITABLE (focus))
    return;

  g_set_weak_pointer (&self->scan_field, GTK_EDITABLE (focus));
  self->scan_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (focus)));
  self->scan_position = gtk_editable_get_position (GTK_EDITABLE (focus));
}

static void
scan_restore_field (McWindow *self)
{
  if (self->scan_field != NULL && self->scan_text != NULL)
    {
      gtk_editable_set_text (self->scan_field, self->scan_text);
      gtk_editable_set_position (self->scan_field, self->scan_position);
      mc_keyboard_reset (self->keyboard);
    }
  g_clear_pointer (&self->scan_text, g_free);
  g_clear_weak_pointer (&self->scan_field);
  self->scan_hidden = FALSE;
}

static void
scan_done (McWindow *self,
           char     *payload)
{
  scan_restore_field (self);

  /* The form is where an identity goes; elsewhere the scan is dropped. */
  if (g_str_equal (mc_window_get_page (self), "dossier") && self->dossier_page != NULL)
    {
      if (payload != NULL)
        mc_dossier_page_fill_from_cccd (self->dossier_page, payload);
      else
        mc_dossier_page_scan_not_cccd (self->dossier_page);
    }

  if (payload != NULL)
    memset (payload, 0, strlen (payload));
}

static gboolean
is_modifier (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L: case GDK_KEY_Meta_R:
    case GDK_KEY_Super_L: case GDK_KEY_Super_R:
    case GDK_KEY_Caps_Lock: case GDK_KEY_Num_Lock:
    case GDK_KEY_ISO_Level3_Shift: case GDK_KEY_ISO_Level5_Shift:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
mc_window_handle_key (McWindow        *self,
                      guint            keyval,
                      GdkModifierType  state,
                      gint64           time_us)
{
  g_autofree char *payload = NULL;
  gboolean was_hidden;
  gunichar c;
  guint burst;

  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  if (self->keyboard == NULL || self->reader == NULL)
    return FALSE;

  /* A reader types capitals with Shift: that is no key of the payload. */
  if (is_modifier (keyval))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      c = '\r';
      break;
    default:
      c = gdk_keyval_to_unicode (keyval);
      if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
        c = 0;   /* a shortcut ends any scan */
      break;
    }

  was_hidden = self->scan_hidden;
  payload = mc_cccd_qr_reader_feed (self->reader, c, time_us);
  if (payload != NULL || (c == '\r' && was_hidden))
    {
      /* Enter ended a scan: a card, or some other QR code. */
      scan_done (self, payload);
      return TRUE;
    }

  burst = mc_cccd_qr_reader_get_burst_length (self->reader);
  if (burst == 1)
    scan_remember_field (self);
  self->scan_hidden = burst > SCAN_KEYS_SHOWN;
  if (self->scan_hidden)
    return TRUE;

  return mc_keyboard_handle_key (self->keyboard, keyval, state);
}

McKeyboard *
mc_window_get_keyboard (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->keyboard;
}

/* Clerk mode and the idle reset ------------------------------------------- */

#define IDLE_COUNTDOWN_MS 20000
#define OFFICE_TAPS       5
#define OFFICE_TAPS_US    (3 * G_USEC_PER_SEC)

static void
clerk_unlocked_cb (McWindow *self)
{
  self->clerk_unlocked = TRUE;
}

static void
clerk_exit_cb (McWindow *self)
{
  mc_window_go_home (self);
}

static void
clerk_assisted_cb (McWindow *self)
{
  AdwToast *toast;

  mc_window_go_home (self);
  self->assisted = TRUE;
  toast = adw_toast_new (_("Submitting for a citizen: the next dossier is marked as submitted with a clerk's help."));
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static guint
idle_timeout_ms (McWindow *self)
{
  McConfig *config = mc_application_get_config (self->application);

  if (self->idle_timeout_ms > 0)
    return self->idle_timeout_ms;
  return (config->idle_timeout_s > 0 ? config->idle_timeout_s : 120) * 1000;
}

static void
clerk_settings_changed_cb (McWindow *self)
{
  update_header (self);
  idle_arm (self);
}

static void
ensure_clerk_page (McWindow *self)
{
  if (self->clerk_page != NULL)
    return;

  self->clerk_page = mc_clerk_page_new (self->application, self->clerk_unlocked);
  g_signal_connect_object (self->clerk_page, "unlocked",
                           G_CALLBACK (clerk_unlocked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clerk_page, "exit",
                           G_CALLBACK (clerk_exit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clerk_page, "assisted",
                           G_CALLBACK (clerk_assisted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clerk_page, "settings-changed",
                           G_CALLBACK (clerk_settings_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->clerk_page), "clerk");
}

void
mc_window_open_clerk (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  ensure_clerk_page (self);
  show_page (self, "clerk");
}

gboolean
mc_window_is_clerk_open (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  return self->clerk_page != NULL && self->clerk_unlocked;
}

/* Lock-down: the window stays unless a clerk closes it. */
static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);

  if (self->application != NULL && mc_application_get_kiosk (self->application)
      && !mc_window_is_clerk_open (self))
    {
      g_debug ("Close request refused: the kiosk is locked down");
      return TRUE;
    }

  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

/* The discreet way in: five taps on the office's name within three seconds. */
static void
office_pressed_cb (McWindow        *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  gint64 now = g_get_monotonic_time ();

  if (self->office_taps == 0 || now - self->office_taps_start > OFFICE_TAPS_US)
    {
      self->office_taps_start = now;
      self->office_taps = 0;
    }
  if (++self->office_taps >= OFFICE_TAPS)
    {
      self->office_taps = 0;
      mc_window_open_clerk (self);
    }
}

void
mc_window_tap_office (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  office_pressed_cb (self, 1, 0, 0, NULL);
}

/* Nothing of a citizen's on screen or in memory: no need to start over. */
static gboolean
is_pristine (McWindow *self)
{
  const char *query = self->welcome_page != NULL
    ? mc_welcome_page_get_query (self->welcome_page) : NULL;

  return g_str_equal (mc_window_get_page (self), "welcome")
         && (query == NULL || *query == '\0')
         && self->procedure == NULL && self->dossier == NULL && self->entry == NULL
         && self->clerk_page == NULL && !self->assisted
         && !gtk_toggle_button_get_active (self->large_text_button)
         && !gtk_toggle_button_get_active (self->high_contrast_button);
}

static gboolean idle_check_cb (gpointer data);

static void
idle_arm (McWindow *self)
{
  gint64 elapsed_ms = (g_get_monotonic_time () - self->last_input_us) / 1000;
  gint64 left = (gint64) idle_timeout_ms (self) - elapsed_ms;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->idle_id = g_timeout_add ((guint) CLAMP (left, 10, G_MAXINT), idle_check_cb, self);
}

static void
countdown_stop (McWindow *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_set_visible (self->idle_overlay, FALSE);
}

static gboolean
countdown_tick_cb (gpointer data)
{
  McWindow *self = data;
  gint64 left_us = self->countdown_end_us - g_get_monotonic_time ();

  if (left_us > 0)
    {
      mc_idle_overlay_set_remaining (MC_IDLE_OVERLAY (self->idle_overlay),
                                     (guint) ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      return G_SOURCE_CONTINUE;
    }

  /* Nobody answered: start over, forgetting the citizen. */
  self->countdown_id = 0;
  countdown_stop (self);
  g_debug ("Idle: starting over");
  mc_window_go_home (self);
  mc_keyboard_reset (self->keyboard);
  /* The next citizen gets the ordinary screen. */
  gtk_toggle_button_set_active (self->large_text_button, FALSE);
  gtk_toggle_button_set_active (self->high_contrast_button, FALSE);
  self->last_input_us = g_get_monotonic_time ();
  idle_arm (self);
  return G_SOURCE_REMOVE;
}

void
mc_window_idle_now (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  self->countdown_end_us = g_get_monotonic_time () + (gint64) self->countdown_ms * 1000;
  gtk_widget_set_visible (self->idle_overlay, TRUE);
  countdown_tick_cb (self);
  self->countdown_id = g_timeout_add (MIN (self->countdown_ms, 200), countdown_tick_cb, self);
}

static gboolean
idle_check_cb (gpointer data)
{
  McWindow *self = data;
  gint64 elapsed_ms = (g_get_monotonic_time () - self->last_input_us) / 1000;

  self->idle_id = 0;
  if (elapsed_ms < idle_timeout_ms (self))
    idle_arm (self);
  else if (is_pristine (self))
    {
      self->last_input_us = g_get_monotonic_time ();
      idle_arm (self);
    }
  else
    mc_window_idle_now (self);

  return G_SOURCE_REMOVE;
}

static void
still_here_cb (McWindow *self)
{
  countdown_stop (self);
  self->last_input_us = g_get_monotonic_time ();
  idle_arm (self);
}

static gboolean
input_event_cb (McWindow                 *self,
                GdkEvent                 *event,
                GtkEventControllerLegacy *controller)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
      /* Cheap: the timer looks at this when it fires. */
      self->last_input_us = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

void
mc_window_set_idle_timeouts (McWindow *self,
                             guint     timeout_ms,
                             guint     countdown_ms)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  self->idle_timeout_ms = timeout_ms;
  self->countdown_ms = countdown_ms > 0 ? countdown_ms : IDLE_COUNTDOWN_MS;
  self->last_input_us = g_get_monotonic_time ();
  idle_arm (self);
}

static guint
env_ms (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : 0;
}

static void
clerk_idle_init (McWindow *self)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));
  GtkWidget *overlay = gtk_overlay_new ();
  GtkEventController *legacy = gtk_event_controller_legacy_new ();
  GtkGesture *taps = gtk_gesture_click_new ();

  /* The countdown covers the whole window, header and keyboard too. */
  g_object_ref (content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), NULL);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), content);
  g_object_unref (content);
  self->idle_overlay = mc_idle_overlay_new ();
  gtk_widget_set_visible (self->idle_overlay, FALSE);
  g_signal_connect_object (self->idle_overlay, "still-here",
                           G_CALLBACK (still_here_cb), self, G_CONNECT_SWAPPED);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->idle_overlay);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), overlay);

  /* Any touch, click, key or movement anywhere counts as someone there. */
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect_object (legacy, "event", G_CALLBACK (input_event_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (taps), GTK_PHASE_CAPTURE);
  g_signal_connect_object (taps, "pressed", G_CALLBACK (office_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->office_label), GTK_EVENT_CONTROLLER (taps));

  self->idle_timeout_ms = env_ms ("MOTCUA_IDLE_TIMEOUT_MS");
  self->countdown_ms = env_ms ("MOTCUA_IDLE_COUNTDOWN_MS");
  if (self->countdown_ms == 0)
    self->countdown_ms = IDLE_COUNTDOWN_MS;
  self->last_input_us = g_get_monotonic_time ();
}
