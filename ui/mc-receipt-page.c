/* mc-receipt-page.c: the receipt on screen.
 *
 * Before the portal has the dossier, only the kiosk's provisional number shows,
 * with no QR code: the portal cannot look a provisional number up, and a code
 * that leads nowhere would mislead. The tracking QR code appears with the
 * portal's dossier code once the entry is delivered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "mc-a11y.h"
#include "mc-config.h"
#include "mc-qr-view.h"
#include "mc-receipt.h"
#include "mc-receipt-print.h"
#include "mc-speak-button.h"
#include "mc-receipt-page.h"

struct _McReceiptPage
{
  GtkWidget  parent_instance;

  GtkImage  *status_icon;
  GtkLabel  *title_label;
  GtkLabel  *status_label;
  GtkLabel  *local_title;
  GtkLabel  *local_number_label;
  GtkWidget *delivered_box;
  GtkLabel  *code_title;
  GtkLabel  *dossier_code_label;
  McQrView  *qr_view;
  GtkWidget *print_button;
  McSpeakButton *speak_button;
  GtkLabel  *print_status_label;

  char      *office;          /* owned, nullable */
  char      *procedure_name;  /* owned, nullable */
  char      *duration;        /* owned, nullable */
  char      *printer;         /* owned, nullable */
  char      *receipts_dir;    /* owned, nullable */
  char      *saved_path;      /* owned, nullable */
  McReceiptSheet    *sheet;       /* owned, nullable: the entry as last shown */
  GtkPrintOperation *operation;   /* owned, nullable: a print under way */
};

G_DEFINE_FINAL_TYPE (McReceiptPage, mc_receipt_page, GTK_TYPE_WIDGET)

enum {
  HOME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
home_clicked_cb (McReceiptPage *self)
{
  g_signal_emit (self, signals[HOME], 0);
}

/* One frame later, when the label has its place: scrolled to the bottom, so
 * the message under the buttons is seen. */
static gboolean
scroll_to_end_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                            - gtk_adjustment_get_page_size (adjustment));
    }
  return G_SOURCE_REMOVE;
}

static void
show_print_status (McReceiptPage *self,
                   const char    *text)
{
  gtk_label_set_label (self->print_status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->print_status_label), text != NULL);
  if (text != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->print_status_label), scroll_to_end_cb,
                                  NULL, NULL);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               McReceiptPage           *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      g_message ("Cannot print the receipt: %s", error != NULL ? error->message : "?");
      show_print_status (self, _("The receipt could not be printed. Please save it as a "
                                 "PDF or ask the staff at the counter."));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    show_print_status (self, _("The receipt was sent to the printer."));
  else
    show_print_status (self, NULL);

  gtk_widget_set_sensitive (self->print_button, TRUE);
  if (operation == self->operation)
    g_clear_object (&self->operation);
}

static void
print_clicked_cb (McReceiptPage *self)
{
  g_autoptr(GError) error = NULL;
  GtkPrintOperationAction action;
  GtkPrintOperationResult result;

  if (self->sheet == NULL || self->operation != NULL)
    return;

  self->operation = mc_receipt_print_operation_new (self->sheet, self->printer, &action);
  g_signal_connect_object (self->operation, "done", G_CALLBACK (print_done_cb), self, 0);

  gtk_widget_set_sensitive (self->print_button, FALSE);
  show_print_status (self, _("Printing…"));
  result = gtk_print_operation_run (self->operation, action,
                                    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                    &error);
  /* Synchronous outcomes ("done" is not emitted for an immediate error). */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_message ("Cannot print the receipt: %s", error != NULL ? error->message : "?");
      show_print_status (self, _("The receipt could not be printed. Please save it as a "
                                 "PDF or ask the staff at the counter."));
      gtk_widget_set_sensitive (self->print_button, TRUE);
      g_clear_object (&self->operation);
    }
}

static void
save_clicked_cb (McReceiptPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (self->sheet == NULL || self->receipts_dir == NULL)
    return;

  if (g_mkdir_with_parents (self->receipts_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "%s", g_strerror (saved));
    }
  else
    {
      name = g_strconcat (self->sheet->local_number, ".pdf", NULL);
      path = g_build_filename (self->receipts_dir, name, NULL);
      mc_receipt_sheet_write_pdf (self->sheet, MC_RECEIPT_A4, path, &error);
    }

  if (error != NULL)
    {
      g_message ("Cannot save the receipt: %s", error->message);
      show_print_status (self, _("The receipt could not be saved. Please ask the staff "
                                 "at the counter."));
      return;
    }

  g_free (self->saved_path);
  self->saved_path = g_steal_pointer (&path);
  /* Translators: %s is a file name like DEMO-261123-0001.pdf */
  text = g_strdup_printf (_("The receipt was saved as %s. The staff can print it for you."),
                          name);
  show_print_status (self, text);
}

static void
mc_receipt_page_dispose (GObject *object)
{
  GtkWidget *child;

  McReceiptPage *self = MC_RECEIPT_PAGE (object);

  if (self->operation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->operation, self);
      gtk_print_operation_cancel (self->operation);
      g_clear_object (&self->operation);
    }
  g_clear_pointer (&self->sheet, mc_receipt_sheet_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_RECEIPT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_receipt_page_parent_class)->dispose (object);
}

static void
mc_receipt_page_finalize (GObject *object)
{
  McReceiptPage *self = MC_RECEIPT_PAGE (object);

  g_free (self->office);
  g_free (self->procedure_name);
  g_free (self->duration);
  g_free (self->printer);
  g_free (self->receipts_dir);
  g_free (self->saved_path);

  G_OBJECT_CLASS (mc_receipt_page_parent_class)->finalize (object);
}

static void
mc_receipt_page_class_init (McReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_receipt_page_dispose;
  object_class->finalize = mc_receipt_page_finalize;

  signals[HOME] =
    g_signal_new ("home",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_QR_VIEW);
  g_type_ensure (MC_TYPE_SPEAK_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, local_title);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, local_number_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, delivered_box);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, code_title);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, dossier_code_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, speak_button);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, print_status_label);
  gtk_widget_class_bind_template_callback (widget_class, home_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "receiptpage");
}

static void
mc_receipt_page_init (McReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mc_a11y_fact (self->local_title, self->local_number_label);
  mc_a11y_fact (self->code_title, self->dossier_code_label);
}

McReceiptPage *
mc_receipt_page_new (void)
{
  return g_object_new (MC_TYPE_RECEIPT_PAGE, NULL);
}

void
mc_receipt_page_set_entry (McReceiptPage       *self,
                           const McOutboxEntry *entry,
                           const char          *tracking_url_pattern)
{
  g_return_if_fail (MC_IS_RECEIPT_PAGE (self));
  g_return_if_fail (entry != NULL);

  gtk_label_set_label (self->local_number_label, entry->local_number);

  g_clear_pointer (&self->sheet, mc_receipt_sheet_free);
  self->sheet = mc_receipt_sheet_new_for_entry (entry, self->office, self->procedure_name,
                                                self->duration, tracking_url_pattern);

  switch (entry->state)
    {
    case MC_OUTBOX_DELIVERED:
      {
        g_autofree char *url = NULL;

        if (entry->tracking_url != NULL && *entry->tracking_url != '\0')
          url = g_strdup (entry->tracking_url);
        else if (entry->dossier_code != NULL && tracking_url_pattern != NULL)
          url = mc_config_expand_url (tracking_url_pattern, entry->dossier_code);

        gtk_image_set_from_icon_name (self->status_icon, "emblem-ok-symbolic");
        gtk_label_set_label (self->title_label, _("Your dossier has been received"));
        gtk_label_set_label (self->status_label,
                             _("The public service portal has your dossier."));
        gtk_label_set_label (self->dossier_code_label,
                             entry->dossier_code != NULL ? entry->dossier_code : "");
        mc_qr_view_set_text (self->qr_view, url);
        gtk_widget_set_visible (GTK_WIDGET (self->qr_view), url != NULL);
        gtk_widget_set_visible (self->delivered_box, TRUE);
      }
      break;

    case MC_OUTBOX_REJECTED:
      gtk_image_set_from_icon_name (self->status_icon, "dialog-warning-symbolic");
      gtk_label_set_label (self->title_label, _("Your dossier is saved"));
      gtk_label_set_label (self->status_label,
                           _("The portal did not accept this dossier. Please show this "
                             "number to the staff at the counter."));
      gtk_widget_set_visible (self->delivered_box, FALSE);
      break;

    case MC_OUTBOX_QUEUED:
    case MC_OUTBOX_SENDING:
    default:
      gtk_image_set_from_icon_name (self->status_icon, "document-save-symbolic");
      gtk_label_set_label (self->title_label, _("Your dossier is saved"));
      gtk_label_set_label (self->status_label,
                           _("Saved; it will be sent automatically when the network is available."));
      gtk_widget_set_visible (self->delivered_box, FALSE);
      break;
    }

  /* Read aloud: what the screen says, the numbers spelt out. */
  {
    g_autoptr(GString) speech = g_string_new (NULL);

    g_string_append_printf (speech, "%s. %s ", gtk_label_get_label (self->title_label),
                            gtk_label_get_label (self->status_label));
    /* Translators: read aloud on the receipt; %s is the provisional number */
    g_string_append_printf (speech, _("Provisional number: %s."), entry->local_number);
    if (entry->state == MC_OUTBOX_DELIVERED && entry->dossier_code != NULL)
      {
        g_string_append_c (speech, ' ');
        /* Translators: read aloud on the receipt; %s is the portal's dossier code */
        g_string_append_printf (speech, _("Dossier code: %s."), entry->dossier_code);
      }
    g_string_append_c (speech, ' ');
    g_string_append (speech, _("Tap \"Print receipt\" to take these numbers with you."));
    mc_speak_button_set_text (self->speak_button, speech->str);
  }

  /* Keep the state classes in step for the style sheet. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), "delivered");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "rejected");
  if (entry->state == MC_OUTBOX_DELIVERED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "delivered");
  else if (entry->state == MC_OUTBOX_REJECTED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "rejected");
}

static void
set_str (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
mc_receipt_page_set_context (McReceiptPage *self,
                             const char    *office,
                             const char    *procedure_name,
                             const char    *duration,
                             const char    *printer,
                             const char    *receipts_dir)
{
  g_return_if_fail (MC_IS_RECEIPT_PAGE (self));

  set_str (&self->office, office);
  set_str (&self->procedure_name, procedure_name);
  set_str (&self->duration, duration);
  set_str (&self->printer, printer);
  set_str (&self->receipts_dir, receipts_dir);
}

const char *
mc_receipt_page_get_saved_path (McReceiptPage *self)
{
  g_return_val_if_fail (MC_IS_RECEIPT_PAGE (self), NULL);

  return self->saved_path;
}
