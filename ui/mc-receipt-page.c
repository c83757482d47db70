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

#include <glib/gi18n.h>

#include "mc-config.h"
#include "mc-qr-view.h"
#include "mc-receipt-page.h"

struct _McReceiptPage
{
  GtkWidget  parent_instance;

  GtkImage  *status_icon;
  GtkLabel  *title_label;
  GtkLabel  *status_label;
  GtkLabel  *local_number_label;
  GtkWidget *delivered_box;
  GtkLabel  *dossier_code_label;
  McQrView  *qr_view;
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

static void
mc_receipt_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_RECEIPT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_receipt_page_parent_class)->dispose (object);
}

static void
mc_receipt_page_class_init (McReceiptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_receipt_page_dispose;

  signals[HOME] =
    g_signal_new ("home",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_QR_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-receipt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, local_number_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, delivered_box);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, dossier_code_label);
  gtk_widget_class_bind_template_child (widget_class, McReceiptPage, qr_view);
  gtk_widget_class_bind_template_callback (widget_class, home_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "receiptpage");
}

static void
mc_receipt_page_init (McReceiptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  /* Keep the state classes in step for the style sheet. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), "delivered");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "rejected");
  if (entry->state == MC_OUTBOX_DELIVERED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "delivered");
  else if (entry->state == MC_OUTBOX_REJECTED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "rejected");
}
