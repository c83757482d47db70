/* mc-a11y.c: see mc-a11y.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-a11y.h"

static void
visible_child_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  gpointer    data)
{
  GtkWidget *visible = gtk_stack_get_visible_child (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != visible,
                                 -1);
}

void
mc_a11y_track_stack (GtkStack *stack)
{
  g_return_if_fail (GTK_IS_STACK (stack));

  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (visible_child_cb), NULL);
  visible_child_cb (stack, NULL, NULL);
}

static void
fact_value_cb (GtkLabel   *value,
               GParamSpec *pspec,
               GtkLabel   *title)
{
  /* Translators: how a screen reader reads a fact: "Fee: 8.000 đồng" */
  g_autofree char *name = g_strdup_printf (_("%s: %s"), gtk_label_get_text (title),
                                           gtk_label_get_text (value));

  gtk_accessible_update_property (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

void
mc_a11y_fact (GtkLabel *title,
              GtkLabel *value)
{
  g_return_if_fail (GTK_IS_LABEL (title));
  g_return_if_fail (GTK_IS_LABEL (value));

  gtk_accessible_update_state (GTK_ACCESSIBLE (title),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  /* After the label's own update of its name: ours wins. */
  g_signal_connect_object (value, "notify::label", G_CALLBACK (fact_value_cb), title,
                           G_CONNECT_AFTER);
  g_signal_connect_object (title, "notify::label", G_CALLBACK (fact_value_cb), value,
                           G_CONNECT_AFTER | G_CONNECT_SWAPPED);
  fact_value_cb (value, NULL, title);
}
