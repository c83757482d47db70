/* mc-clerk-idle.c: the idle countdown, a full-window veil over the kiosk with
 * one big question and one big button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-clerk-idle.h"

struct _McIdleOverlay
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *title;
  GtkLabel  *count;
  GtkLabel  *body;
  GtkButton *button;
  guint      remaining;
};

G_DEFINE_FINAL_TYPE (McIdleOverlay, mc_idle_overlay, GTK_TYPE_WIDGET)

enum { SIGNAL_STILL_HERE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
button_clicked_cb (McIdleOverlay *self)
{
  g_signal_emit (self, signals[SIGNAL_STILL_HERE], 0);
}

void
mc_idle_overlay_retranslate (McIdleOverlay *self)
{
  g_return_if_fail (MC_IS_IDLE_OVERLAY (self));

  /* Translators: big question shown when nobody touched the kiosk for a while */
  gtk_label_set_label (self->title, _("Are you still there?"));
  /* Translators: under the idle countdown */
  gtk_label_set_label (self->body, _("When the count reaches zero, the kiosk starts over and forgets everything you entered."));
  /* Translators: big button on the idle countdown: keep going */
  gtk_button_set_label (self->button, _("I'm still here"));
}

void
mc_idle_overlay_set_remaining (McIdleOverlay *self,
                               guint          seconds)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MC_IS_IDLE_OVERLAY (self));

  self->remaining = seconds;
  text = g_strdup_printf ("%u", seconds);
  gtk_label_set_label (self->count, text);
}

static void
mc_idle_overlay_dispose (GObject *object)
{
  McIdleOverlay *self = MC_IDLE_OVERLAY (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (mc_idle_overlay_parent_class)->dispose (object);
}

static void
mc_idle_overlay_class_init (McIdleOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_idle_overlay_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "idleoverlay");

  signals[SIGNAL_STILL_HERE] =
    g_signal_new ("still-here", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_idle_overlay_init (McIdleOverlay *self)
{
  GtkWidget *card;

  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-idle");
  gtk_widget_set_name (GTK_WIDGET (self), "idle-overlay");

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_hexpand (self->box, TRUE);
  gtk_widget_set_vexpand (self->box, TRUE);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (card, "kiosk-idle-card");
  gtk_widget_set_halign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (card, TRUE);
  gtk_box_append (GTK_BOX (self->box), card);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "kiosk-idle-title");
  gtk_widget_set_name (GTK_WIDGET (self->title), "idle-title");
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_justify (self->title, GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->title));

  self->count = GTK_LABEL (gtk_label_new ("20"));
  gtk_widget_add_css_class (GTK_WIDGET (self->count), "kiosk-idle-count");
  gtk_widget_set_name (GTK_WIDGET (self->count), "idle-count");
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->count));

  self->body = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->body), "kiosk-idle-body");
  gtk_label_set_wrap (self->body, TRUE);
  gtk_label_set_max_width_chars (self->body, 40);
  gtk_label_set_justify (self->body, GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->body));

  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->button), "idle-still-here");
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "kiosk-idle-button");
  gtk_widget_set_halign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->button));

  mc_idle_overlay_retranslate (self);
}

GtkWidget *
mc_idle_overlay_new (void)
{
  return g_object_new (MC_TYPE_IDLE_OVERLAY, NULL);
}
