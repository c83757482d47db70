/* mc-clerk-page.c: clerk mode. A PIN pad (set the PIN the first time; later
 * check it, with the engine's growing lock-out shown as a countdown), then the
 * clerk's pages: the outbox (retry now, cancel with a reason), the export of
 * the waiting dossiers to a USB stick, the office's statistics (a cairo bar
 * chart, CSV), the settings, the assisted mode and the way out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-text.h"
#include "mc-bundle.h"
#include "mc-catalogue-update.h"
#include "mc-chart.h"
#include "mc-clerk-page.h"
#include "mc-config.h"
#include "mc-pin.h"
#include "mc-stats.h"
#include "mc-store.h"
#include "mc-sync.h"

#define STATS_DAYS 30

struct _McClerkPage;
static void fill_settings (struct _McClerkPage *self);

typedef enum {
  PIN_VERIFY,
  PIN_SET_FIRST,
  PIN_SET_CONFIRM,
} PinMode;

struct _McClerkPage
{
  GtkWidget       parent_instance;

  McApplication  *application;   /* unowned: it outlives the window */
  GtkStack       *mode_stack;    /* "pin" or "clerk" */
  gboolean        unlocked;

  /* The PIN pad. */
  PinMode         pin_mode;
  GString        *pin;           /* what was typed (never logged) */
  char           *first_pin;     /* PIN_SET_CONFIRM: the first entry */
  GtkLabel       *pin_title;
  GtkLabel       *pin_display;
  GtkLabel       *pin_message;
  GtkWidget      *pin_keys;      /* the grid: insensitive while locked */
  gint64          locked_until;
  guint           lock_tick_id;

  /* Clerk pages. */
  GtkStack       *stack;
  GtkListBox     *outbox_list;
  GtkLabel       *outbox_message;
  GtkLabel       *export_dir_label;
  GtkLabel       *export_result;
  GtkDrawingArea *chart;
  GtkLabel       *figures;
  GtkLabel       *stats_result;
  McStats        *stats;         /* owned, nullable */

  GtkEditable    *set_portal;
  GtkEditable    *set_office;
  GtkEditable    *set_agency;
  GtkEditable    *set_procedure_url;
  GtkSpinButton  *set_idle;
  GtkDropDown    *set_language;
  GtkEditable    *set_favourites;
  GtkEditable    *set_printer;
  GtkEditable    *set_scanner;
  GtkLabel       *set_message;
  GtkLabel       *catalogue_info;
};

G_DEFINE_FINAL_TYPE (McClerkPage, mc_clerk_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_UNLOCKED,
  SIGNAL_EXIT,
  SIGNAL_ASSISTED,
  SIGNAL_SETTINGS_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static GtkWidget *
make_label (const char *text,
            const char *css_class,
            const char *name)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (name != NULL)
    gtk_widget_set_name (label, name);
  if (g_strcmp0 (css_class, "clerk-message") == 0)
    gtk_widget_set_visible (label, FALSE);
  return label;
}

/* Words that wrap rather than widen the page: large text on a portrait
 * screen. */
static void
wrap_button_label (GtkWidget *button)
{
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  if (GTK_IS_LABEL (label))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
    }
}

static GtkWidget *
make_button (const char *text,
             const char *name,
             GCallback   callback,
             gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_label (text);

  wrap_button_label (button);
  gtk_widget_add_css_class (button, "clerk-button");
  gtk_widget_set_name (button, name);
  if (callback != NULL)
    g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

static void
set_message (GtkLabel   *label,
             const char *text,
             gboolean    success)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  /* Empty messages take no room, except under the PIN pad (no jumping keys). */
  if (g_object_get_data (G_OBJECT (label), "keep-room") == NULL)
    gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (success)
    gtk_widget_add_css_class (GTK_WIDGET (label), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
}

static McStore *
get_store (McClerkPage *self,
           GtkLabel    *message)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_application_get_store (self->application, &error);

  if (store == NULL && message != NULL)
    set_message (message, error->message, FALSE);
  return store;
}

/* PIN pad ------------------------------------------------------------------ */

static void
pin_wipe (McClerkPage *self)
{
  memset (self->pin->str, 0, self->pin->len);
  g_string_truncate (self->pin, 0);
}

static void
pin_update_display (McClerkPage *self)
{
  g_autoptr(GString) dots = g_string_new (NULL);

  for (gsize i = 0; i < self->pin->len; i++)
    g_string_append (dots, "●");
  gtk_label_set_label (self->pin_display, dots->str);
}

static void
pin_update_title (McClerkPage *self)
{
  switch (self->pin_mode)
    {
    case PIN_SET_FIRST:
      gtk_label_set_label (self->pin_title,
                           /* Translators: clerk mode, first start */
                           _("Choose the clerk PIN (4 to 8 digits)"));
      break;
    case PIN_SET_CONFIRM:
      gtk_label_set_label (self->pin_title, _("Enter the same PIN again"));
      break;
    case PIN_VERIFY:
    default:
      gtk_label_set_label (self->pin_title, _("Clerk PIN"));
      break;
    }
}

static gboolean
lock_tick_cb (gpointer data)
{
  McClerkPage *self = data;
  gint64 left = self->locked_until - now_s ();
  g_autofree char *text = NULL;

  if (left <= 0)
    {
      self->lock_tick_id = 0;
      self->locked_until = 0;
      gtk_widget_set_sensitive (self->pin_keys, TRUE);
      set_message (self->pin_message, _("You can try again now."), TRUE);
      return G_SOURCE_REMOVE;
    }

  text = g_strdup_printf (/* Translators: PIN lock-out countdown, minutes:seconds */
                          _("Too many wrong PINs. Try again in %d:%02d."),
                          (int) (left / 60), (int) (left % 60));
  set_message (self->pin_message, text, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
pin_start_lock (McClerkPage *self,
                gint64       locked_until)
{
  self->locked_until = locked_until;
  gtk_widget_set_sensitive (self->pin_keys, FALSE);
  g_clear_handle_id (&self->lock_tick_id, g_source_remove);
  if (lock_tick_cb (self) == G_SOURCE_CONTINUE)
    self->lock_tick_id = g_timeout_add_seconds (1, lock_tick_cb, self);
}

static void
unlock (McClerkPage *self)
{
  pin_wipe (self);
  pin_update_display (self);
  self->unlocked = TRUE;
  gtk_stack_set_visible_child_name (self->mode_stack, "clerk");
  mc_clerk_page_refresh (self);
  fill_settings (self);
  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
}

static void
pin_ok_cb (McClerkPage *self)
{
  g_autoptr(GError) error = NULL;
  McStore *store = get_store (self, self->pin_message);
  gint64 locked_until = 0;

  if (store == NULL)
    return;

  switch (self->pin_mode)
    {
    case PIN_SET_FIRST:
      if (!mc_pin_check_strength (self->pin->str, &error))
        {
          set_message (self->pin_message, error->message, FALSE);
          break;
        }
      g_free (self->first_pin);
      self->first_pin = g_strdup (self->pin->str);
      self->pin_mode = PIN_SET_CONFIRM;
      set_message (self->pin_message, NULL, FALSE);
      break;

    case PIN_SET_CONFIRM:
      if (g_strcmp0 (self->first_pin, self->pin->str) != 0)
        {
          self->pin_mode = PIN_SET_FIRST;
          set_message (self->pin_message, _("The two PINs differ. Please start again."), FALSE);
        }
      else if (!mc_pin_set (store, self->pin->str, &error))
        {
          self->pin_mode = PIN_SET_FIRST;
          set_message (self->pin_message, error->message, FALSE);
        }
      else
        {
          set_message (self->pin_message, NULL, FALSE);
          unlock (self);
        }
      if (self->first_pin != NULL)
        memset (self->first_pin, 0, strlen (self->first_pin));
      g_clear_pointer (&self->first_pin, g_free);
      break;

    case PIN_VERIFY:
    default:
      if (mc_pin_verify (store, self->pin->str, now_s (), &locked_until, &error))
        {
          set_message (self->pin_message, NULL, FALSE);
          unlock (self);
          break;
        }
      if (locked_until > now_s ())
        pin_start_lock (self, locked_until);
      else
        set_message (self->pin_message, error->message, FALSE);
      break;
    }

  pin_wipe (self);
  pin_update_display (self);
  pin_update_title (self);
}

static void
pin_digit_cb (GtkButton   *button,
              McClerkPage *self)
{
  const char *digit = g_object_get_data (G_OBJECT (button), "digit");

  if (self->pin->len < MC_PIN_MAX_DIGITS)
    g_string_append (self->pin, digit);
  pin_update_display (self);
}

static void
pin_erase_cb (McClerkPage *self)
{
  if (self->pin->len > 0)
    {
      self->pin->str[self->pin->len - 1] = '\0';
      g_string_truncate (self->pin, self->pin->len - 1);
    }
  pin_update_display (self);
}

static void
exit_cb (McClerkPage *self)
{
  g_signal_emit (self, signals[SIGNAL_EXIT], 0);
}

static GtkWidget *
build_pin_pad (McClerkPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *button;
  static const char *digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };

  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (box, TRUE);

  self->pin_title = GTK_LABEL (make_label (NULL, "clerk-title", "clerk-pin-title"));
  gtk_label_set_xalign (self->pin_title, 0.5);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->pin_title));

  self->pin_display = GTK_LABEL (make_label (NULL, "clerk-pin-display", "clerk-pin-display"));
  gtk_label_set_xalign (self->pin_display, 0.5);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->pin_display));

  self->pin_message = GTK_LABEL (make_label (NULL, "clerk-message", "clerk-pin-message"));
  gtk_label_set_xalign (self->pin_message, 0.5);
  g_object_set_data (G_OBJECT (self->pin_message), "keep-room", GINT_TO_POINTER (TRUE));
  gtk_widget_set_visible (GTK_WIDGET (self->pin_message), TRUE);
  gtk_label_set_justify (self->pin_message, GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (self->pin_message, 36);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->pin_message));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (digits) + 1; i++)
    {
      const char *digit = i < G_N_ELEMENTS (digits) ? digits[i] : "0";
      g_autofree char *name = g_strconcat ("clerk-pin-", digit, NULL);

      button = gtk_button_new_with_label (digit);
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "clerk-pin-key");
      g_object_set_data (G_OBJECT (button), "digit", (gpointer) digit);
      g_signal_connect (button, "clicked", G_CALLBACK (pin_digit_cb), self);
      if (i < G_N_ELEMENTS (digits))
        gtk_grid_attach (GTK_GRID (grid), button, i % 3, i / 3, 1, 1);
      else
        gtk_grid_attach (GTK_GRID (grid), button, 1, 3, 1, 1);
    }

  /* Translators: PIN pad key: erase the last digit */
  button = gtk_button_new_with_label (C_("clerk", "Erase"));
  gtk_widget_set_name (button, "clerk-pin-erase");
  gtk_widget_add_css_class (button, "clerk-pin-key");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (pin_erase_cb), self);
  gtk_grid_attach (GTK_GRID (grid), button, 0, 3, 1, 1);

  /* Translators: PIN pad key: check the PIN */
  button = gtk_button_new_with_label (C_("clerk", "OK"));
  gtk_widget_set_name (button, "clerk-pin-ok");
  gtk_widget_add_css_class (button, "clerk-pin-key");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (pin_ok_cb), self);
  gtk_grid_attach (GTK_GRID (grid), button, 2, 3, 1, 1);

  self->pin_keys = grid;
  gtk_box_append (GTK_BOX (box), grid);

  /* Translators: leaves the PIN pad, back to the citizen's screens */
  button = make_button (C_("clerk", "Cancel"), "clerk-pin-cancel", G_CALLBACK (exit_cb), self);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

/* Outbox -------------------------------------------------------------------- */

static const char *
state_text (const McOutboxEntry *entry)
{
  switch (entry->state)
    {
    case MC_OUTBOX_QUEUED:
      return _("Waiting to be sent");
    case MC_OUTBOX_SENDING:
      return _("Being sent");
    case MC_OUTBOX_DELIVERED:
      return C_("clerk", "Delivered");
    case MC_OUTBOX_REJECTED:
    default:
      return entry->cancelled_at != 0 ? C_("clerk", "Cancelled") : _("Refused by the portal");
    }
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (when);

  return time != NULL ? mc_text_format_date_time (time) : g_strdup ("?");
}

static void
retry_cb (GtkButton   *button,
          McClerkPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "entry-id"));
  const char *number = g_object_get_data (G_OBJECT (button), "local-number");
  g_autoptr(GError) error = NULL;
  McStore *store = get_store (self, self->outbox_message);
  g_autofree char *text = NULL;

  if (store == NULL)
    return;

  if (!mc_store_retry_now (store, id, &error))
    {
      set_message (self->outbox_message, error->message, FALSE);
      return;
    }
  mc_sync_wake (mc_application_get_sync (self->application));
  text = g_strdup_printf (_("Dossier %s will be sent again now."), number);
  mc_clerk_page_refresh (self);
  set_message (self->outbox_message, text, TRUE);
}

static void
cancel_cb (GtkButton   *button,
           McClerkPage *self)
{
  GtkWidget *reason_box = g_object_get_data (G_OBJECT (button), "reason-box");

  gtk_widget_set_visible (reason_box, !gtk_widget_get_visible (reason_box));
}

static void
cancel_confirm_cb (GtkButton   *button,
                   McClerkPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "entry-id"));
  const char *number = g_object_get_data (G_OBJECT (button), "local-number");
  GtkEditable *reason_entry = g_object_get_data (G_OBJECT (button), "reason-entry");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (reason_entry)));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  McStore *store;

  if (*reason == '\0')
    {
      set_message (self->outbox_message, _("Please write why the dossier is cancelled."), FALSE);
      return;
    }

  store = get_store (self, self->outbox_message);
  if (store == NULL)
    return;
  if (!mc_store_cancel (store, id, reason, &error))
    {
      set_message (self->outbox_message, error->message, FALSE);
      return;
    }
  /* Done with: the refresh does not open it again. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (reason_entry)), FALSE);
  text = g_strdup_printf (_("Dossier %s was cancelled."), number);
  mc_sync_wake (mc_application_get_sync (self->application));
  mc_clerk_page_refresh (self);
  set_message (self->outbox_message, text, TRUE);
}

static GtkWidget *
build_outbox_row (McClerkPage         *self,
                  McStore             *store,
                  const McOutboxEntry *entry)
{
  McCatalogue *catalogue = mc_application_get_catalogue (self->application);
  McProcedure *procedure = catalogue != NULL
    ? mc_catalogue_lookup (catalogue, entry->procedure_code) : NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons;
  GtkWidget *button;
  g_autoptr(GPtrArray) attachments = mc_store_list_attachments (store, entry->id, NULL);
  g_autofree char *title = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *created = format_time (entry->created_at);
  g_autofree char *next = NULL;
  g_autofree char *next_time = format_time (entry->next_attempt_at);
  g_autofree char *explain = mc_outbox_entry_explain (entry, attachments);
  g_autofree char *name = NULL;
  gboolean can_act = entry->state == MC_OUTBOX_QUEUED
                     || (entry->state == MC_OUTBOX_REJECTED && entry->cancelled_at == 0);

  gtk_widget_add_css_class (box, "clerk-row");
  name = g_strconcat ("clerk-entry-", entry->local_number, NULL);
  gtk_widget_set_name (box, name);

  /* Translators: outbox row title: "local number · procedure" */
  title = g_strdup_printf (_("%s · %s"), entry->local_number,
                           procedure != NULL ? mc_procedure_get_name (procedure)
                                             : entry->procedure_code);
  gtk_box_append (GTK_BOX (box), make_label (title, "clerk-row-title", NULL));

  if (entry->state == MC_OUTBOX_QUEUED)
    next = entry->next_attempt_at <= now_s ()
           ? g_strdup (_("Next try: now"))
           : g_strdup_printf (_("Next try: %s"), next_time);
  else if (entry->state == MC_OUTBOX_DELIVERED && entry->dossier_code != NULL)
    next = g_strdup_printf (_("Portal code: %s"), entry->dossier_code);
  else
    next = g_strdup ("");

  facts = g_strdup_printf (/* Translators: outbox row: state · assisted · submitted · attempts · next try */
                           _("%s%s · submitted %s · attempts: %u · %s"),
                           state_text (entry),
                           entry->assisted ? _(" (assisted)") : "",
                           created, entry->attempts, next);
  gtk_box_append (GTK_BOX (box), make_label (facts, "clerk-text", NULL));
  if (explain != NULL)
    gtk_box_append (GTK_BOX (box), make_label (explain, "clerk-text", NULL));

  if (!can_act)
    return box;

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (box), buttons);

  g_free (name);
  name = g_strconcat ("clerk-retry-", entry->local_number, NULL);
  /* Translators: outbox: send this dossier again now */
  button = make_button (_("Send again now"), name, NULL, NULL);
  gtk_widget_add_css_class (button, "suggested-action");
  g_object_set_data (G_OBJECT (button), "entry-id", GSIZE_TO_POINTER (entry->id));
  g_object_set_data_full (G_OBJECT (button), "local-number", g_strdup (entry->local_number), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (retry_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);

  if (entry->state != MC_OUTBOX_SENDING)
    {
      GtkWidget *reason_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *reason = gtk_entry_new ();
      GtkWidget *confirm;

      g_free (name);
      name = g_strconcat ("clerk-cancel-", entry->local_number, NULL);
      /* Translators: outbox: cancel this dossier (a reason is asked) */
      button = make_button (_("Cancel…"), name, NULL, NULL);
      g_object_set_data (G_OBJECT (button), "reason-box", reason_box);
      g_signal_connect (button, "clicked", G_CALLBACK (cancel_cb), self);
      gtk_box_append (GTK_BOX (buttons), button);

      gtk_widget_set_visible (reason_box, FALSE);
      g_free (name);
      name = g_strconcat ("clerk-cancel-reason-", entry->local_number, NULL);
      gtk_widget_set_name (reason, name);
      gtk_widget_set_hexpand (reason, TRUE);
      gtk_entry_set_placeholder_text (GTK_ENTRY (reason),
                                      _("Why is it cancelled? (e.g. the citizen withdrew it)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (reason),
                                      /* Translators: accessible name of the outbox's
                                       * cancel reason field */
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for cancelling"),
                                      -1);
      gtk_box_append (GTK_BOX (reason_box), reason);
      g_free (name);
      name = g_strconcat ("clerk-cancel-confirm-", entry->local_number, NULL);
      confirm = make_button (_("Cancel the dossier"), name, NULL, NULL);
      gtk_widget_add_css_class (confirm, "destructive-action");
      g_object_set_data (G_OBJECT (confirm), "entry-id", GSIZE_TO_POINTER (entry->id));
      g_object_set_data_full (G_OBJECT (confirm), "local-number", g_strdup (entry->local_number), g_free);
      g_object_set_data (G_OBJECT (confirm), "reason-entry", reason);
      g_signal_connect (confirm, "clicked", G_CALLBACK (cancel_confirm_cb), self);
      gtk_box_append (GTK_BOX (reason_box), confirm);
      gtk_box_append (GTK_BOX (box), reason_box);
    }

  return box;
}

#define CANCEL_REASON_PREFIX "clerk-cancel-reason-"

/* The open "Cancel…" boxes under @root: their reason entry's name -> the text
 * typed so far; and which one has the focus. */
static void
collect_open_reasons (GtkWidget   *root,
                      GHashTable  *open,
                      char       **focused)
{
  const char *name = gtk_widget_get_name (root);

  if (GTK_IS_EDITABLE (root) && g_str_has_prefix (name, CANCEL_REASON_PREFIX)
      && gtk_widget_get_visible (gtk_widget_get_parent (root)))
    {
      g_hash_table_insert (open, g_strdup (name),
                           g_strdup (gtk_editable_get_text (GTK_EDITABLE (root))));
      if (gtk_widget_has_focus (root)
          || (gtk_widget_get_focus_child (root) != NULL && gtk_widget_has_focus (gtk_widget_get_focus_child (root))))
        {
          g_free (*focused);
          *focused = g_strdup (name);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_open_reasons (child, open, focused);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
refresh_outbox (McClerkPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *focused = NULL;
  McStore *store = get_store (self, self->outbox_message);
  GHashTableIter iter;
  gpointer key, value;
  GtkWidget *child;
  guint shown = 0;

  /* The list is rebuilt on every change of the outbox (the sync worker's too):
   * a "Cancel…" the clerk opened, and the reason typed into it, stay. */
  collect_open_reasons (GTK_WIDGET (self->outbox_list), open, &focused);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outbox_list))) != NULL)
    gtk_list_box_remove (self->outbox_list, child);
  if (store == NULL)
    return;

  entries = mc_store_list (store, &error);
  if (entries == NULL)
    {
      set_message (self->outbox_message, error->message, FALSE);
      return;
    }

  /* Newest first; the waiting and refused ones all, the delivered recent ones. */
  for (guint i = entries->len; i > 0 && shown < 200; i--)
    {
      McOutboxEntry *entry = entries->pdata[i - 1];

      gtk_list_box_append (self->outbox_list, build_outbox_row (self, store, entry));
      shown++;
    }

  if (shown == 0)
    gtk_list_box_append (self->outbox_list,
                         make_label (_("No dossier has been submitted on this kiosk yet."),
                                     "clerk-text", "clerk-outbox-empty"));

  g_hash_table_iter_init (&iter, open);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkWidget *reason = find_named (GTK_WIDGET (self->outbox_list), key);

      if (reason == NULL)
        continue;
      gtk_editable_set_text (GTK_EDITABLE (reason), value);
      gtk_widget_set_visible (gtk_widget_get_parent (reason), TRUE);
      if (g_strcmp0 (focused, key) == 0)
        gtk_widget_grab_focus (reason);
    }
}

static void
sync_changed_cb (McClerkPage *self)
{
  if (self->unlocked)
    refresh_outbox (self);
}

/* Export --------------------------------------------------------------------- */

static gboolean
usable_dir (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_DIR) && g_access (path, W_OK) == 0;
}

/* The first writable directory in @parent (a mount point of a stick). */
static char *
first_medium_in (const char *parent,
                 const char *skip)
{
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_strcmp0 (name, skip) != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (parent, names->pdata[i], NULL);

      if (usable_dir (path))
        return g_steal_pointer (&path);
    }
  return NULL;
}

char *
mc_clerk_find_export_dir (void)
{
  const char *env = g_getenv ("MOTCUA_EXPORT_DIR");
  const char *user = g_get_user_name ();
  g_autofree char *run_media = g_build_filename ("/run/media", user, NULL);
  g_autofree char *media_user = g_build_filename ("/media", user, NULL);
  char *found;

  if (env != NULL && *env != '\0')
    return usable_dir (env) ? g_strdup (env) : NULL;

  if ((found = first_medium_in (run_media, NULL)) != NULL)
    return found;
  if ((found = first_medium_in (media_user, NULL)) != NULL)
    return found;
  return first_medium_in ("/media", user);
}

static void
refresh_export (McClerkPage *self)
{
  g_autofree char *dir = mc_clerk_find_export_dir ();
  g_autofree char *text = NULL;

  if (dir == NULL)
    text = g_strdup (_("No USB stick found. Plug one in, then touch “Export”."));
  else
    text = g_strdup_printf (_("USB stick: %s"), dir);
  gtk_label_set_label (self->export_dir_label, text);
}

static void
export_cb (McClerkPage *self)
{
  McConfig *config = mc_application_get_config (self->application);
  g_autofree char *dir = mc_clerk_find_export_dir ();
  g_autofree char *bundle = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  McStore *store;

  refresh_export (self);
  if (dir == NULL)
    {
      set_message (self->export_result, _("No USB stick found. Nothing was exported."), FALSE);
      return;
    }
  store = get_store (self, self->export_result);
  if (store == NULL)
    return;

  bundle = mc_bundle_export (store, config->kiosk_id, dir, &count, &error);
  if (bundle == NULL)
    {
      if (g_error_matches (error, MC_BUNDLE_ERROR, MC_BUNDLE_ERROR_EMPTY))
        set_message (self->export_result, _("No dossier is waiting: there is nothing to export."), FALSE);
      else
        {
          text = g_strdup_printf (_("The export failed: %s"), error->message);
          set_message (self->export_result, text, FALSE);
        }
      return;
    }

  g_object_set_data_full (G_OBJECT (self), "last-bundle", g_strdup (bundle), g_free);
  text = g_strdup_printf (ngettext ("%u waiting dossier was exported to %s. "
                                    "The district imports it with “motcua-ctl import-bundle”.",
                                    "%u waiting dossiers were exported to %s. "
                                    "The district imports them with “motcua-ctl import-bundle”.",
                                    count),
                          count, bundle);
  set_message (self->export_result, text, TRUE);
  mc_clerk_page_refresh (self);
}

/* Statistics ------------------------------------------------------------------ */

static void
chart_draw_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        data)
{
  McClerkPage *self = data;
  McChartStyle style;

  if (self->stats == NULL)
    return;
  mc_chart_style_init_default (&style);
  style.font_size = 16;
  mc_chart_draw_days (cr, width, height,
                      _("Dossiers per day, last 30 days"), self->stats, &style);
}

static char *
format_duration (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup ("—");
  if (seconds < 60)
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%d min"), (int) (seconds / 60));
  return g_strdup_printf (_("%d h %02d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
}

static void
refresh_stats (McClerkPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *median = NULL;
  McStore *store = get_store (self, self->stats_result);
  gint64 now = now_s ();
  McStats *stats;

  if (store == NULL)
    return;

  stats = mc_stats_compute (store, now - STATS_DAYS * 86400, now + 86400, tz, &error);
  if (stats == NULL)
    {
      set_message (self->stats_result, error->message, FALSE);
      return;
    }
  g_clear_pointer (&self->stats, mc_stats_free);
  self->stats = stats;

  median = format_duration (stats->median_queue_s);
  g_string_append_printf (text, _("Dossiers: %u"), stats->totals.total);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Delivered to the portal: %u"), stats->totals.delivered);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Waiting: %u"), stats->totals.waiting);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Refused: %u"), stats->totals.rejected);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Cancelled: %u"), stats->totals.cancelled);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Submitted with a clerk's help: %u"), stats->totals.assisted);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Median time in the queue: %s"), median);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Share delivered online: %.0f %%"), stats->online_share * 100);
  g_string_append (text, "\n");
  g_string_append_printf (text, _("Share completed by citizens alone: %.0f %%"),
                          stats->self_service_share * 100);
  gtk_label_set_label (self->figures, text->str);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
csv_cb (McClerkPage *self)
{
  McConfig *config = mc_application_get_config (self->application);
  g_autofree char *dir = mc_clerk_find_export_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *days_name = NULL;
  g_autofree char *proc_name = NULL;
  g_autofree char *days_path = NULL;
  g_autofree char *proc_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  refresh_stats (self);
  if (dir == NULL)
    {
      set_message (self->stats_result, _("No USB stick found. Nothing was exported."), FALSE);
      return;
    }
  if (self->stats == NULL)
    return;

  days_name = g_strdup_printf ("motcua-stats-%s-%s-days.csv", config->kiosk_id, stamp);
  proc_name = g_strdup_printf ("motcua-stats-%s-%s-procedures.csv", config->kiosk_id, stamp);
  days_path = g_build_filename (dir, days_name, NULL);
  proc_path = g_build_filename (dir, proc_name, NULL);
  if (!mc_stats_write_csv (self->stats, MC_STATS_BY_DAY, days_path, &error)
      || !mc_stats_write_csv (self->stats, MC_STATS_BY_PROCEDURE, proc_path, &error))
    {
      text = g_strdup_printf (_("The export failed: %s"), error->message);
      set_message (self->stats_result, text, FALSE);
      return;
    }
  text = g_strdup_printf (_("Saved %s and %s on the USB stick."), days_name, proc_name);
  set_message (self->stats_result, text, TRUE);
}

/* Settings ---------------------------------------------------------------------- */

static void
fill_settings (McClerkPage *self)
{
  McConfig *config = mc_application_get_config (self->application);
  g_autofree char *favourites = g_strjoinv (";", config->favourites);

  gtk_editable_set_text (self->set_portal, config->portal_url ? config->portal_url : "");
  gtk_editable_set_text (self->set_office, config->office_name ? config->office_name : "");
  gtk_editable_set_text (self->set_agency, config->agency_code ? config->agency_code : "");
  gtk_editable_set_text (self->set_procedure_url,
                         config->procedure_url_pattern ? config->procedure_url_pattern : "");
  gtk_spin_button_set_value (self->set_idle, config->idle_timeout_s);
  gtk_drop_down_set_selected (self->set_language, g_strcmp0 (config->language, "en") == 0 ? 1 : 0);
  gtk_editable_set_text (self->set_favourites, favourites);
  gtk_editable_set_text (self->set_printer, config->printer ? config->printer : "");
  gtk_editable_set_text (self->set_scanner, config->scanner ? config->scanner : "");
  set_message (self->set_message, NULL, FALSE);
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static char **
split_favourites (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ";, ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static void
save_cb (McClerkPage *self)
{
  McConfig *config = mc_application_get_config (self->application);
  g_autoptr(McConfig) copy = mc_config_copy (config);
  g_autoptr(GError) error = NULL;
  gboolean portal_changed;

  replace_string (&copy->portal_url, gtk_editable_get_text (self->set_portal));
  replace_string (&copy->office_name, gtk_editable_get_text (self->set_office));
  replace_string (&copy->agency_code, gtk_editable_get_text (self->set_agency));
  replace_string (&copy->procedure_url_pattern, gtk_editable_get_text (self->set_procedure_url));
  copy->idle_timeout_s = (guint) gtk_spin_button_get_value_as_int (self->set_idle);
  replace_string (&copy->language, gtk_drop_down_get_selected (self->set_language) == 1 ? "en" : "vi");
  g_strfreev (copy->favourites);
  copy->favourites = split_favourites (gtk_editable_get_text (self->set_favourites));
  replace_string (&copy->printer, gtk_editable_get_text (self->set_printer));
  replace_string (&copy->scanner, gtk_editable_get_text (self->set_scanner));

  if (!mc_config_validate (copy, &error)
      || !mc_config_save (copy, MC_CONFIG_SYSTEM_PATH,
                          mc_application_get_data_dir (self->application), &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      set_message (self->set_message, text, FALSE);
      return;
    }

  /* Applied at once, except the portal's address: the sync worker reads it
   * from its own thread, so it changes at the next start. */
  portal_changed = g_strcmp0 (copy->portal_url, config->portal_url) != 0;
  replace_string (&config->office_name, copy->office_name);
  replace_string (&config->agency_code, copy->agency_code);
  replace_string (&config->procedure_url_pattern, copy->procedure_url_pattern);
  config->idle_timeout_s = copy->idle_timeout_s;
  replace_string (&config->language, copy->language);
  g_strfreev (config->favourites);
  config->favourites = g_strdupv (copy->favourites);
  replace_string (&config->printer, copy->printer);
  replace_string (&config->scanner, copy->scanner);

  set_message (self->set_message,
               portal_changed ? _("Saved. The new portal address is used after the kiosk restarts.")
                              : C_("clerk", "Saved."),
               TRUE);
  g_signal_emit (self, signals[SIGNAL_SETTINGS_CHANGED], 0);
}

static GtkEditable *
add_setting (GtkGrid    *grid,
             int         row,
             const char *label,
             const char *name,
             GtkWidget  *field)
{
  GtkWidget *title = make_label (label, "clerk-text", NULL);

  if (field == NULL)
    field = gtk_entry_new ();
  /* The question over its field: room for an address, and for large text
   * on a portrait screen. */
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_size_request (field, 360, -1);
  gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
  gtk_widget_set_name (field, name);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                  -1);
  gtk_widget_set_margin_bottom (field, 12);
  gtk_grid_attach (grid, title, 0, 2 * row, 1, 1);
  gtk_grid_attach (grid, field, 0, 2 * row + 1, 1, 1);
  return GTK_IS_EDITABLE (field) ? GTK_EDITABLE (field) : NULL;
}

/* The catalogue in use, where it came from, and the last check for a newer one. */
static void
refresh_catalogue (McClerkPage *self)
{
  McCatalogue *catalogue = mc_application_get_catalogue (self->application);
  g_autofree char *updates_dir = mc_application_dup_updates_dir (self->application);
  g_autoptr(McCatalogueCheck) check = mc_catalogue_update_read_check (updates_dir);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean pending = FALSE;

  if (self->catalogue_info == NULL)
    return;

  if (catalogue == NULL)
    g_string_append (text, _("The procedure catalogue is not loaded."));
  else
    {
      const char *date = mc_catalogue_get_date (catalogue);

      /* Translators: clerk mode: "Version 20251123.86588459 of 2025-11-23, 2849 procedures" */
      g_string_append_printf (text, _("Version %s of %s, %u procedures"),
                              mc_catalogue_get_version (catalogue),
                              date != NULL ? date : _("unknown date"),
                              mc_catalogue_get_n_procedures (catalogue));
      g_string_append_c (text, '\n');
      if (mc_catalogue_update_is_installed (updates_dir, mc_catalogue_get_path (catalogue)))
        g_string_append (text, _("An update downloaded from the portal."));
      else
        g_string_append (text, _("The catalogue shipped with the kiosk."));
    }
  g_string_append_c (text, '\n');
  if (check->checked == 0)
    g_string_append (text, _("Never checked for a newer catalogue yet."));
  else
    {
      g_autofree char *when = format_time (check->checked);

      if (check->error != NULL)
        /* Translators: clerk mode: the time, then why it failed */
        g_string_append_printf (text, _("Last check for a newer catalogue: %s, failed: %s"),
                                when, check->error);
      else
        g_string_append_printf (text, _("Last check for a newer catalogue: %s, done."), when);
    }
  g_object_get (self->application, "catalogue-pending", &pending, NULL);
  if (pending)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("A newer catalogue is ready: it comes into use on the welcome screen."));
    }
  gtk_label_set_label (self->catalogue_info, text->str);
}

static void
catalogue_check_cb (McClerkPage *self)
{
  if (!mc_application_check_catalogue (self->application))
    set_message (self->set_message, _("No portal to ask, or a check is already under way."), TRUE);
}

static GtkWidget *
build_settings (McClerkPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (15, 3600, 5);
  const char *languages[] = { "Tiếng Việt", "English", NULL };
  GtkWidget *language = GTK_WIDGET (gtk_drop_down_new_from_strings (languages));
  GtkWidget *button;
  int row = 0;

  gtk_widget_add_css_class (grid, "clerk-form");
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_box_append (GTK_BOX (box), make_label (C_("clerk", "Settings"), "clerk-title", NULL));

  self->set_portal = add_setting (GTK_GRID (grid), row++, _("Portal address"), "clerk-set-portal", NULL);
  self->set_office = add_setting (GTK_GRID (grid), row++, _("Office name"), "clerk-set-office", NULL);
  self->set_agency = add_setting (GTK_GRID (grid), row++, _("Agency code"), "clerk-set-agency", NULL);
  self->set_procedure_url = add_setting (GTK_GRID (grid), row++,
                                         _("Procedure QR address ({code} is replaced)"),
                                         "clerk-set-procedure-url", NULL);
  self->set_idle = GTK_SPIN_BUTTON (spin);
  add_setting (GTK_GRID (grid), row++, _("Start over after (seconds without a touch)"),
               "clerk-set-idle", spin);
  self->set_language = GTK_DROP_DOWN (language);
  add_setting (GTK_GRID (grid), row++, _("Default language"), "clerk-set-language", language);
  self->set_favourites = add_setting (GTK_GRID (grid), row++,
                                      _("Favourite procedures (codes, separated by “;”)"),
                                      "clerk-set-favourites", NULL);
  self->set_printer = add_setting (GTK_GRID (grid), row++, _("Printer (empty: the default one)"),
                                   "clerk-set-printer", NULL);
  self->set_scanner = add_setting (GTK_GRID (grid), row++, _("Scanner (empty: the first one found)"),
                                   "clerk-set-scanner", NULL);
  gtk_box_append (GTK_BOX (box), grid);

  button = make_button (C_("clerk", "Save"), "clerk-set-save", G_CALLBACK (save_cb), self);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), button);
  self->set_message = GTK_LABEL (make_label (NULL, "clerk-message", "clerk-set-message"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->set_message));

  /* Translators: clerk mode, settings tab: heading over the catalogue's version */
  gtk_box_append (GTK_BOX (box), make_label (_("Procedure catalogue"), "clerk-title", NULL));
  self->catalogue_info = GTK_LABEL (make_label (NULL, "clerk-text", "clerk-catalogue-info"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->catalogue_info));
  /* Translators: clerk mode: ask the portal for a newer catalogue now */
  button = make_button (_("Check for a newer catalogue now"), "clerk-catalogue-check",
                        G_CALLBACK (catalogue_check_cb), self);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

/* The clerk's pages -------------------------------------------------------------- */

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_widget_set_margin_start (child, 24);
  gtk_widget_set_margin_end (child, 24);
  gtk_widget_set_margin_top (child, 24);
  gtk_widget_set_margin_bottom (child, 24);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

static void
tab_toggled_cb (GtkToggleButton *button,
                McClerkPage     *self)
{
  if (gtk_toggle_button_get_active (button))
    gtk_stack_set_visible_child_name (self->stack, g_object_get_data (G_OBJECT (button), "page"));
}

static void
assisted_cb (McClerkPage *self)
{
  g_signal_emit (self, signals[SIGNAL_ASSISTED], 0);
}

static void
refresh_cb (McClerkPage *self)
{
  mc_clerk_page_refresh (self);
}

static GtkWidget *
build_clerk (McClerkPage *self)
{
  GtkWidget *paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *nav = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *box;
  GtkWidget *button;
  GtkToggleButton *group = NULL;
  struct { const char *page; const char *label; } tabs[] = {
    /* Translators: clerk mode tabs */
    { "outbox", NC_("clerk", "Outbox") },
    { "export", NC_("clerk", "Export to USB") },
    { "stats", NC_("clerk", "Statistics") },
    { "settings", NC_("clerk", "Settings") },
  };

  gtk_widget_add_css_class (nav, "clerk-nav");
  gtk_widget_set_margin_start (nav, 18);
  gtk_widget_set_margin_end (nav, 18);
  gtk_widget_set_margin_top (nav, 18);
  gtk_widget_set_margin_bottom (nav, 18);
  gtk_widget_set_size_request (nav, 280, -1);
  /* Scrolled: with large text on a 800 px high screen, the tabs and the
   * buttons under them may need more height than there is. */
  {
    GtkWidget *nav_scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (nav_scroller),
                                    GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (nav_scroller), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (nav_scroller), nav);
    gtk_widget_set_vexpand (nav_scroller, TRUE);
    gtk_box_append (GTK_BOX (paned), nav_scroller);
  }
  gtk_box_append (GTK_BOX (paned), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  gtk_box_append (GTK_BOX (nav), make_label (_("Clerk mode"), "clerk-title", "clerk-mode-title"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_name (GTK_WIDGET (self->stack), "clerk-stack");
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (paned), GTK_WIDGET (self->stack));

  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      g_autofree char *name = g_strconcat ("clerk-tab-", tabs[i].page, NULL);

      button = gtk_toggle_button_new_with_label (g_dpgettext2 (NULL, "clerk", tabs[i].label));
      wrap_button_label (button);
      gtk_widget_add_css_class (button, "kiosk-clerk-tab");
      gtk_widget_set_name (button, name);
      g_object_set_data (G_OBJECT (button), "page", (gpointer) tabs[i].page);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (tab_toggled_cb), self);
      gtk_box_append (GTK_BOX (nav), button);
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_vexpand (box, TRUE);
  gtk_box_append (GTK_BOX (nav), box);
  /* Translators: clerk mode: start a dossier on a citizen's behalf */
  button = make_button (_("Submit for a citizen"), "clerk-assisted", G_CALLBACK (assisted_cb), self);
  gtk_box_append (GTK_BOX (nav), button);
  /* Translators: leaves clerk mode */
  button = make_button (_("Leave clerk mode"), "clerk-exit", G_CALLBACK (exit_cb), self);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_box_append (GTK_BOX (nav), button);

  /* (a) the outbox */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), make_label (C_("clerk", "Outbox"), "clerk-title", NULL));
  button = make_button (C_("clerk", "Refresh"), "clerk-outbox-refresh", G_CALLBACK (refresh_cb), self);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), button);
  self->outbox_message = GTK_LABEL (make_label (NULL, "clerk-message", "clerk-outbox-message"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->outbox_message));
  self->outbox_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->outbox_list), "clerk-outbox-list");
  gtk_list_box_set_selection_mode (self->outbox_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->outbox_list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->outbox_list));
  gtk_stack_add_named (self->stack, scrolled (box), "outbox");

  /* (b) export */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (GTK_BOX (box), make_label (_("Export to USB"), "clerk-title", NULL));
  gtk_box_append (GTK_BOX (box),
                  make_label (_("When the link to the portal has been down for days, put the "
                                "waiting dossiers on a USB stick and take it to the district, "
                                "which submits them from there. Each dossier is still sent only once."),
                              "clerk-text", NULL));
  self->export_dir_label = GTK_LABEL (make_label (NULL, "clerk-text", "clerk-export-dir"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->export_dir_label));
  button = make_button (_("Export the waiting dossiers"), "clerk-export", G_CALLBACK (export_cb), self);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), button);
  self->export_result = GTK_LABEL (make_label (NULL, "clerk-message", "clerk-export-result"));
  gtk_label_set_selectable (self->export_result, FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->export_result));
  gtk_stack_add_named (self->stack, scrolled (box), "export");

  /* (c) statistics */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (GTK_BOX (box), make_label (_("Statistics for this office, last 30 days"),
                                             "clerk-title", NULL));
  self->chart = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_name (GTK_WIDGET (self->chart), "clerk-stats-chart");
  /* The figures under the chart say in words what it draws. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dossiers per day, last 30 days"),
                                  -1);
  gtk_drawing_area_set_content_height (self->chart, 360);
  gtk_widget_set_hexpand (GTK_WIDGET (self->chart), TRUE);
  gtk_drawing_area_set_draw_func (self->chart, chart_draw_cb, self, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chart));
  self->figures = GTK_LABEL (make_label (NULL, "clerk-figure", "clerk-stats-figures"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->figures));
  button = make_button (_("Export CSV to USB"), "clerk-stats-csv", G_CALLBACK (csv_cb), self);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), button);
  self->stats_result = GTK_LABEL (make_label (NULL, "clerk-message", "clerk-stats-result"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stats_result));
  gtk_stack_add_named (self->stack, scrolled (box), "stats");

  /* (d) settings */
  gtk_stack_add_named (self->stack, scrolled (build_settings (self)), "settings");

  gtk_toggle_button_set_active (group, TRUE);
  return paned;
}

/* The widget ------------------------------------------------------------------------ */

static void
mc_clerk_page_dispose (GObject *object)
{
  McClerkPage *self = MC_CLERK_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->lock_tick_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->stats, mc_stats_free);

  G_OBJECT_CLASS (mc_clerk_page_parent_class)->dispose (object);
}

static void
mc_clerk_page_finalize (GObject *object)
{
  McClerkPage *self = MC_CLERK_PAGE (object);

  pin_wipe (self);
  g_string_free (self->pin, TRUE);
  if (self->first_pin != NULL)
    memset (self->first_pin, 0, strlen (self->first_pin));
  g_free (self->first_pin);

  G_OBJECT_CLASS (mc_clerk_page_parent_class)->finalize (object);
}

static void
mc_clerk_page_class_init (McClerkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_clerk_page_dispose;
  object_class->finalize = mc_clerk_page_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  signals[SIGNAL_UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EXIT] =
    g_signal_new ("exit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ASSISTED] =
    g_signal_new ("assisted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SETTINGS_CHANGED] =
    g_signal_new ("settings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_clerk_page_init (McClerkPage *self)
{
  self->pin = g_string_sized_new (MC_PIN_MAX_DIGITS + 1);
}

McClerkPage *
mc_clerk_page_new (McApplication *application,
                   gboolean       unlocked)
{
  McClerkPage *self;
  McStore *store;
  McSync *sync;

  g_return_val_if_fail (MC_IS_APPLICATION (application), NULL);

  self = g_object_new (MC_TYPE_CLERK_PAGE, NULL);
  self->application = application;
  gtk_widget_set_name (GTK_WIDGET (self), "clerk-page");

  self->mode_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->mode_stack), GTK_WIDGET (self));
  gtk_stack_set_hhomogeneous (self->mode_stack, FALSE);
  gtk_stack_set_vhomogeneous (self->mode_stack, FALSE);
  gtk_stack_add_named (self->mode_stack, scrolled (build_pin_pad (self)), "pin");
  gtk_stack_add_named (self->mode_stack, build_clerk (self), "clerk");

  sync = mc_application_get_sync (application);
  g_signal_connect_object (sync, "entry-changed", G_CALLBACK (sync_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::waiting", G_CALLBACK (sync_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* The procedures' names come with the catalogue, which may still be loading. */
  g_signal_connect_object (application, "notify::catalogue", G_CALLBACK (sync_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::catalogue", G_CALLBACK (refresh_catalogue),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::catalogue-pending",
                           G_CALLBACK (refresh_catalogue), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "catalogue-checked", G_CALLBACK (refresh_catalogue),
                           self, G_CONNECT_SWAPPED);

  store = get_store (self, self->pin_message);
  self->pin_mode = store != NULL && !mc_pin_is_set (store) ? PIN_SET_FIRST : PIN_VERIFY;
  pin_update_title (self);
  if (store != NULL && self->pin_mode == PIN_VERIFY)
    {
      gint64 locked_until = mc_pin_get_locked_until (store, now_s ());

      if (locked_until > 0)
        pin_start_lock (self, locked_until);
    }

  if (unlocked)
    {
      self->unlocked = TRUE;
      gtk_stack_set_visible_child_name (self->mode_stack, "clerk");
      mc_clerk_page_refresh (self);
      fill_settings (self);
    }
  else
    gtk_stack_set_visible_child_name (self->mode_stack, "pin");

  return self;
}

gboolean
mc_clerk_page_is_unlocked (McClerkPage *self)
{
  g_return_val_if_fail (MC_IS_CLERK_PAGE (self), FALSE);

  return self->unlocked;
}

void
mc_clerk_page_refresh (McClerkPage *self)
{
  g_return_if_fail (MC_IS_CLERK_PAGE (self));

  if (!self->unlocked)
    return;
  set_message (self->outbox_message, NULL, FALSE);
  refresh_outbox (self);
  refresh_export (self);
  refresh_stats (self);
  refresh_catalogue (self);
}
