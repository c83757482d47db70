/* mc-welcome-page.c: the first screen. Popular procedures as big buttons; the
 * search results replace them as the citizen types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-welcome-page.h"

#define N_POPULAR 6
#define MAX_RESULTS 30

struct _McWelcomePage
{
  GtkWidget       parent_instance;

  GtkWidget      *scroller;
  GtkSearchEntry *search_entry;
  GtkWidget      *popular_box;
  GtkBox         *popular_list;
  GtkWidget      *results_box;
  GtkWidget      *no_results_label;

  McCatalogue    *catalogue;  /* owned ref, nullable when it failed to load */
};

G_DEFINE_FINAL_TYPE (McWelcomePage, mc_welcome_page, GTK_TYPE_WIDGET)

enum {
  PROCEDURE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
procedure_button_clicked_cb (McWelcomePage *self,
                             GtkButton     *button)
{
  McProcedure *procedure = g_object_get_data (G_OBJECT (button), "procedure");

  g_signal_emit (self, signals[PROCEDURE_ACTIVATED], 0, procedure);
}

static GtkWidget *
procedure_button_new (McWelcomePage *self,
                      McProcedure   *procedure,
                      const char    *name_prefix,
                      gboolean       with_details)
{
  g_autofree char *name = g_strconcat (name_prefix, mc_procedure_get_code (procedure), NULL);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  GtkWidget *title = gtk_label_new (mc_procedure_get_name (procedure));

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "kiosk-procedure");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "kiosk-procedure-name");
  gtk_box_append (GTK_BOX (box), title);

  if (with_details)
    {
      /* Translators: under a procedure's name: its field and national code,
       * "Hộ tịch · 1.001193" */
      g_autofree char *text = g_strdup_printf (_("%s · code %s"),
                                               mc_procedure_get_field (procedure),
                                               mc_procedure_get_code (procedure));
      GtkWidget *details = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (details), 0);
      gtk_label_set_wrap (GTK_LABEL (details), TRUE);
      gtk_widget_add_css_class (details, "kiosk-procedure-details");
      gtk_box_append (GTK_BOX (box), details);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  mc_procedure_get_name (procedure),
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "procedure",
                          g_object_ref (procedure), g_object_unref);
  g_signal_connect_object (button, "clicked",
                           G_CALLBACK (procedure_button_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  return button;
}

static void
fill_popular (McWelcomePage *self)
{
  g_autoptr(GPtrArray) popular = NULL;

  if (self->catalogue == NULL)
    {
      gtk_widget_set_visible (self->popular_box, FALSE);
      return;
    }

  popular = mc_catalogue_get_popular (self->catalogue, N_POPULAR);
  for (guint i = 0; i < popular->len; i++)
    gtk_box_append (self->popular_list,
                    procedure_button_new (self, popular->pdata[i], "popular-", TRUE));
  gtk_widget_set_visible (self->popular_box, popular->len > 0);
}

static void
search_changed_cb (McWelcomePage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (query));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->results_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->results_box), child);

  if (*stripped == '\0' || self->catalogue == NULL)
    {
      gtk_widget_set_visible (self->results_box, FALSE);
      gtk_widget_set_visible (self->no_results_label, FALSE);
      gtk_widget_set_visible (self->popular_box, self->catalogue != NULL);
      return;
    }

  results = mc_catalogue_search (self->catalogue, stripped, MAX_RESULTS);
  for (guint i = 0; i < results->len; i++)
    gtk_box_append (GTK_BOX (self->results_box),
                    procedure_button_new (self, results->pdata[i], "result-", TRUE));

  gtk_widget_set_visible (self->popular_box, FALSE);
  gtk_widget_set_visible (self->results_box, results->len > 0);
  gtk_widget_set_visible (self->no_results_label, results->len == 0);
}

static void
search_activate_cb (McWelcomePage *self)
{
  GtkWidget *first;

  /* Enter opens the best match. */
  search_changed_cb (self);
  first = gtk_widget_get_first_child (self->results_box);
  if (first != NULL)
    procedure_button_clicked_cb (self, GTK_BUTTON (first));
}

static void
mc_welcome_page_dispose (GObject *object)
{
  McWelcomePage *self = MC_WELCOME_PAGE (object);

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WELCOME_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (mc_welcome_page_parent_class)->dispose (object);
}

static void
mc_welcome_page_class_init (McWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_welcome_page_dispose;

  signals[PROCEDURE_ACTIVATED] =
    g_signal_new ("procedure-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MC_TYPE_PROCEDURE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, popular_box);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, popular_list);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, results_box);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, no_results_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "welcomepage");
}

static void
mc_welcome_page_init (McWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

McWelcomePage *
mc_welcome_page_new (McCatalogue *catalogue)
{
  McWelcomePage *self = g_object_new (MC_TYPE_WELCOME_PAGE, NULL);

  g_return_val_if_fail (catalogue == NULL || MC_IS_CATALOGUE (catalogue), NULL);

  g_set_object (&self->catalogue, catalogue);
  fill_popular (self);

  return self;
}

const char *
mc_welcome_page_get_query (McWelcomePage *self)
{
  g_return_val_if_fail (MC_IS_WELCOME_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
mc_welcome_page_set_query (McWelcomePage *self,
                           const char    *query)
{
  g_return_if_fail (MC_IS_WELCOME_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query != NULL ? query : "");
  /* At once, not after the search delay: the caller wants the results now. */
  search_changed_cb (self);
}

void
mc_welcome_page_focus_search (McWelcomePage *self)
{
  g_return_if_fail (MC_IS_WELCOME_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
