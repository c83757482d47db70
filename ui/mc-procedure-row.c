/* mc-procedure-row.c: one procedure as a big button.
 *
 * The row measures itself: its width is whatever its parent gives (a list
 * row, never sized by its text), only its height follows the text at that
 * width. GtkLabel's own width request of a wrapping label lays its text out at
 * zero width (every character on a line of its own, each reshaped by
 * HarfBuzz) and unwrapped, on every change of text: with thirty rows renamed
 * at each keystroke that was most of the time from a key to its frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-procedure-row.h"

struct _McProcedureRow
{
  GtkButton    parent_instance;

  GtkLabel    *title_label;
  GtkLabel    *details_label;
  GtkLabel    *elsewhere_label;

  char        *name_prefix;
  McProcedure *procedure;  /* owned ref, nullable */
};

G_DEFINE_FINAL_TYPE (McProcedureRow, mc_procedure_row, GTK_TYPE_BUTTON)

/* What the row asks for across: a phone-sized column; it gets the list's width. */
#define ROW_WIDTH 360

static GtkSizeRequestMode
mc_procedure_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
mc_procedure_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = ROW_WIDTH;
      return;
    }

  /* Height for a width: the labels lay out once, at that width. */
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, for_size < 0 ? ROW_WIDTH : for_size,
                      minimum, natural, NULL, NULL);
}

/* Centred here rather than with valign: GTK would then ask the box for its
 * width at that height, a binary search over widths in every label. */
static void
mc_procedure_row_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));
  int child_height;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_height, NULL, NULL, NULL);
  child_height = MIN (child_height, height);
  gtk_widget_allocate (child, width, child_height, -1,
                       gsk_transform_translate (NULL,
                                                &GRAPHENE_POINT_INIT (0, (height - child_height) / 2)));
}

static void
mc_procedure_row_dispose (GObject *object)
{
  McProcedureRow *self = MC_PROCEDURE_ROW (object);

  g_clear_object (&self->procedure);

  G_OBJECT_CLASS (mc_procedure_row_parent_class)->dispose (object);
}

static void
mc_procedure_row_finalize (GObject *object)
{
  McProcedureRow *self = MC_PROCEDURE_ROW (object);

  g_free (self->name_prefix);

  G_OBJECT_CLASS (mc_procedure_row_parent_class)->finalize (object);
}

static void
mc_procedure_row_class_init (McProcedureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_procedure_row_dispose;
  object_class->finalize = mc_procedure_row_finalize;
  widget_class->get_request_mode = mc_procedure_row_get_request_mode;
  widget_class->measure = mc_procedure_row_measure;
  widget_class->size_allocate = mc_procedure_row_size_allocate;
}

static GtkLabel *
add_label (GtkBox     *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Whatever still asks a label for its width gets it from these, not from
   * laying the text out at zero width (see the top of the file). */
  gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return GTK_LABEL (label);
}

static void
mc_procedure_row_init (McProcedureRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  self->title_label = add_label (GTK_BOX (box), "kiosk-procedure-name");
  self->details_label = add_label (GTK_BOX (box), "kiosk-procedure-details");
  self->elsewhere_label = add_label (GTK_BOX (box), "kiosk-procedure-elsewhere");
  gtk_widget_set_visible (GTK_WIDGET (self->elsewhere_label), FALSE);

  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-procedure");
  gtk_button_set_child (GTK_BUTTON (self), box);
  /* GtkButton's bin layout would ask the labels for their width. */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
}

GtkWidget *
mc_procedure_row_new (const char *name_prefix)
{
  McProcedureRow *self = g_object_new (MC_TYPE_PROCEDURE_ROW, NULL);

  self->name_prefix = g_strdup (name_prefix != NULL ? name_prefix : "");

  return GTK_WIDGET (self);
}

void
mc_procedure_row_set_procedure (McProcedureRow *self,
                                McProcedure    *procedure)
{
  g_autofree char *name = NULL;
  g_autofree char *details = NULL;
  g_autofree char *description = NULL;
  gboolean here;

  g_return_if_fail (MC_IS_PROCEDURE_ROW (self));
  g_return_if_fail (procedure == NULL || MC_IS_PROCEDURE (procedure));

  if (procedure == self->procedure)
    return;
  g_set_object (&self->procedure, procedure);

  if (procedure == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->details_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->elsewhere_label), FALSE);
      return;
    }

  name = g_strconcat (self->name_prefix, mc_procedure_get_code (procedure), NULL);
  gtk_widget_set_name (GTK_WIDGET (self), name);
  gtk_label_set_label (self->title_label, mc_procedure_get_name (procedure));

  /* Translators: under a procedure's name: its field and national code,
   * "Hộ tịch · 1.001193" */
  details = g_strdup_printf (_("%s · code %s"),
                             mc_procedure_get_field (procedure),
                             mc_procedure_get_code (procedure));
  gtk_label_set_label (self->details_label, details);

  here = mc_procedure_is_commune_counter (procedure);
  gtk_widget_set_visible (GTK_WIDGET (self->elsewhere_label), !here);
  if (!here)
    gtk_label_set_label (self->elsewhere_label,
                         /* Translators: under a procedure this commune counter does
                          * not take (province, ministry, customs, tax...) */
                         _("Not filed at this counter: see how on the portal"));

  /* A screen reader reads the name, then the field and code (and where else
   * to go), as the eye does. */
  description = here ? g_strdup (details)
                     : g_strconcat (details, ". ", gtk_label_get_label (self->elsewhere_label), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  mc_procedure_get_name (procedure),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

McProcedure *
mc_procedure_row_get_procedure (McProcedureRow *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE_ROW (self), NULL);

  return self->procedure;
}
