/* mc-list-page.c: a title and a list of big buttons.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-list-page.h"
#include "mc-procedure-row.h"
#include "mc-speak-button.h"
#include "mc-speech.h"

struct _McListPage
{
  GtkWidget  parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkBox    *list_box;
  McSpeakButton *speak_button;

  char      *key;  /* nullable */
  GString   *speech;   /* owned: the title, the instruction, the first names */
  guint      n_items;
};

G_DEFINE_FINAL_TYPE (McListPage, mc_list_page, GTK_TYPE_WIDGET)

enum {
  PROCEDURE_ACTIVATED,
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
procedure_clicked_cb (McListPage     *self,
                      McProcedureRow *row)
{
  g_signal_emit (self, signals[PROCEDURE_ACTIVATED], 0, mc_procedure_row_get_procedure (row));
}

static void
item_clicked_cb (McListPage *self,
                 GtkButton  *button)
{
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (button), "item-id"));
}

static void
mc_list_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_LIST_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_list_page_parent_class)->dispose (object);
}

static void
mc_list_page_finalize (GObject *object)
{
  g_free (MC_LIST_PAGE (object)->key);
  g_string_free (MC_LIST_PAGE (object)->speech, TRUE);

  G_OBJECT_CLASS (mc_list_page_parent_class)->finalize (object);
}

static void
mc_list_page_class_init (McListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_list_page_dispose;
  object_class->finalize = mc_list_page_finalize;

  signals[PROCEDURE_ACTIVATED] =
    g_signal_new ("procedure-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MC_TYPE_PROCEDURE);
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MC_TYPE_SPEAK_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McListPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, McListPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, McListPage, speak_button);
  gtk_widget_class_bind_template_child (widget_class, McListPage, list_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "listpage");
}

static void
mc_list_page_init (McListPage *self)
{
  self->speech = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

McListPage *
mc_list_page_new (const char *list_name,
                  const char *title,
                  const char *subtitle)
{
  McListPage *self = g_object_new (MC_TYPE_LIST_PAGE, NULL);
  g_autofree char *title_name = g_strconcat (list_name, "-title", NULL);

  gtk_widget_set_name (GTK_WIDGET (self->list_box), list_name);
  gtk_widget_set_name (GTK_WIDGET (self->title_label), title_name);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL && *subtitle != '\0');
  mc_speech_append_sentence (self->speech, title);
  mc_speech_append_sentence (self->speech, subtitle);
  mc_speech_append_sentence (self->speech, _("Tap the one you need."));
  mc_speak_button_set_text (self->speak_button, self->speech->str);

  return self;
}

#define N_SPOKEN 8

/* Read aloud: the title, what to do, and the first items' names. */
static void
speak_item (McListPage *self,
            const char *name)
{
  if (self->n_items++ < N_SPOKEN)
    {
      mc_speech_append_sentence (self->speech, name);
      mc_speak_button_set_text (self->speak_button, self->speech->str);
    }
}

void
mc_list_page_add_procedure (McListPage  *self,
                            McProcedure *procedure)
{
  GtkWidget *row;

  g_return_if_fail (MC_IS_LIST_PAGE (self));
  g_return_if_fail (MC_IS_PROCEDURE (procedure));

  row = mc_procedure_row_new ("item-");
  mc_procedure_row_set_procedure (MC_PROCEDURE_ROW (row), procedure);
  g_signal_connect_object (row, "clicked", G_CALLBACK (procedure_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->list_box, row);
  speak_item (self, mc_procedure_get_name (procedure));
}

void
mc_list_page_add_item (McListPage *self,
                       const char *id,
                       const char *icon_name,
                       const char *title,
                       const char *details)
{
  g_autofree char *name = NULL;
  GtkWidget *button;
  GtkWidget *content;
  GtkWidget *box;
  GtkWidget *label;

  g_return_if_fail (MC_IS_LIST_PAGE (self));
  g_return_if_fail (id != NULL && title != NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "kiosk-procedure-name");
  gtk_box_append (GTK_BOX (box), label);
  if (details != NULL)
    {
      label = gtk_label_new (details);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "kiosk-procedure-details");
      gtk_box_append (GTK_BOX (box), label);
    }

  content = box;
  if (icon_name != NULL)
    {
      /* The words say it: the picture is for the eye only. */
      GtkWidget *image = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon_name, "pixel-size", 40,
                                       "valign", GTK_ALIGN_CENTER,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

      gtk_widget_add_css_class (image, "kiosk-item-icon");
      content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 20);
      gtk_box_append (GTK_BOX (content), image);
      gtk_widget_set_hexpand (box, TRUE);
      gtk_box_append (GTK_BOX (content), box);
    }

  name = g_strconcat ("item-", id, NULL);
  button = gtk_button_new ();
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "kiosk-procedure");
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "item-id", g_strdup (id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (item_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->list_box, button);
  speak_item (self, title);
}

const char *
mc_list_page_get_key (McListPage *self)
{
  g_return_val_if_fail (MC_IS_LIST_PAGE (self), NULL);

  return self->key;
}

void
mc_list_page_set_key (McListPage *self,
                      const char *key)
{
  g_return_if_fail (MC_IS_LIST_PAGE (self));

  g_free (self->key);
  self->key = g_strdup (key);
}
