/* mc-address-picker.c: province → commune → street, for the form's address
 * questions (the mother's residence, the new home). The same steps and words
 * as the applicant's address on the dossier page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "mc-address-picker.h"
#include "mc-address-picker-private.h"
#include "mc-text.h"
#include "mc-units.h"

struct _McAddressPicker
{
  GtkWidget   parent_instance;

  McAddress   address;        /* strings owned */
  gboolean    filling;

  GtkWidget  *box;
  GtkWidget  *province_button;
  GtkWidget  *commune_button;
  GtkWidget  *chooser_box;
  GtkWidget  *chooser_search;
  GtkListBox *chooser_list;
  McUnitKind  choosing;
  GtkWidget  *street_entry;
};

G_DEFINE_FINAL_TYPE (McAddressPicker, mc_address_picker, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

McUnits *
_mc_address_picker_get_units (void)
{
  static McUnits *units;
  static gboolean tried;

  if (!tried)
    {
      g_autoptr(GError) error = NULL;

      tried = TRUE;
      units = mc_units_new_default (&error);
      if (units == NULL)
        g_message ("No administrative units: %s", error->message);
    }
  return units;
}

void
_mc_address_picker_label_buttons (GtkWidget       *province_button,
                                  GtkWidget       *commune_button,
                                  const McAddress *address)
{
  gtk_button_set_label (GTK_BUTTON (province_button),
                        address->province != NULL ? address->province
                        /* Translators: the address picker's first button */
                        : _("Choose the province or city"));
  gtk_button_set_label (GTK_BUTTON (commune_button),
                        address->commune != NULL ? address->commune
                        /* Translators: the address picker's second button */
                        : _("Choose the commune or ward"));
  gtk_widget_set_sensitive (commune_button, address->province_code != 0);
}

static void
update_buttons (McAddressPicker *self)
{
  _mc_address_picker_label_buttons (self->province_button, self->commune_button,
                                    &self->address);
}

static void
set_unit (McAddressPicker *self,
          const McUnit    *unit)
{
  g_clear_pointer (&self->address.commune, g_free);
  self->address.commune_code = 0;
  if (unit->kind == MC_UNIT_PROVINCE)
    {
      g_free (self->address.province);
      self->address.province = g_strdup (unit->name);
      self->address.province_code = unit->code;
    }
  else
    {
      const McUnit *province = mc_units_lookup (_mc_address_picker_get_units (), MC_UNIT_PROVINCE,
                                                unit->province_code);

      self->address.commune = g_strdup (unit->name);
      self->address.commune_code = unit->code;
      g_free (self->address.province);
      self->address.province = g_strdup (province != NULL ? province->name : NULL);
      self->address.province_code = unit->province_code;
    }
  update_buttons (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_mc_address_picker_fill_list (GtkListBox *list_box,
                              McUnitKind  kind,
                              guint       province_code,
                              const char *search)
{
  McUnits *units = _mc_address_picker_get_units ();
  g_autofree char *key = mc_text_fold (search);
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list_box))) != NULL)
    gtk_list_box_remove (list_box, child);
  if (units == NULL)
    return;

  /* Provinces: transfer none; communes: transfer container. */
  list = kind == MC_UNIT_PROVINCE
    ? g_ptr_array_ref (mc_units_get_provinces (units))
    : mc_units_get_communes (units, province_code);
  for (guint i = 0; list != NULL && i < list->len && shown < 40; i++)
    {
      const McUnit *unit = g_ptr_array_index (list, i);
      g_autofree char *folded = mc_text_fold (unit->name);
      g_autofree char *name = NULL;
      GtkWidget *row;

      if (*key != '\0' && strstr (folded, key) == NULL)
        continue;
      row = gtk_label_new (unit->name);
      gtk_label_set_xalign (GTK_LABEL (row), 0);
      gtk_widget_add_css_class (row, "kiosk-unit-row");
      gtk_list_box_append (list_box, row);
      row = gtk_widget_get_parent (row);
      /* GTK 4.8 gives a list row no name of its own: a screen reader would
       * read "list item" forty times. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, unit->name,
                                      -1);
      name = g_strdup_printf ("unit-%u", unit->code);
      gtk_widget_set_name (row, name);
      g_object_set_data (G_OBJECT (row), "mc-unit", (gpointer) unit);
      shown++;
    }
}

static void
fill_chooser (McAddressPicker *self)
{
  _mc_address_picker_fill_list (self->chooser_list, self->choosing,
                                self->address.province_code,
                                gtk_editable_get_text (GTK_EDITABLE (self->chooser_search)));
}

static void
row_activated_cb (McAddressPicker *self,
                  GtkListBoxRow   *row)
{
  const McUnit *unit = g_object_get_data (G_OBJECT (row), "mc-unit");

  gtk_widget_set_visible (self->chooser_box, FALSE);
  if (unit != NULL)
    set_unit (self, unit);
}

/* A screen reader chooses a row by selecting it (GTK 4.8 gives list rows no
 * action over AT-SPI). A tap selects and activates at once; a selection the
 * chooser is still open after is such a choice, and counts as a tap. */
static gboolean
selected_row_idle_cb (gpointer data)
{
  GtkListBoxRow *row = data;
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (row));

  if (list != NULL && gtk_widget_get_mapped (GTK_WIDGET (row))
      && gtk_list_box_row_is_selected (row))
    g_signal_emit_by_name (list, "row-activated", row);
  return G_SOURCE_REMOVE;
}

static void
row_selected_cb (McAddressPicker *self,
                 GtkListBoxRow   *row)
{
  if (row != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, selected_row_idle_cb,
                     g_object_ref (row), g_object_unref);
}

static void
open_chooser (McAddressPicker *self,
              McUnitKind       kind)
{
  self->choosing = kind;
  gtk_editable_set_text (GTK_EDITABLE (self->chooser_search), "");
  fill_chooser (self);
  gtk_widget_set_visible (self->chooser_box, TRUE);
  gtk_widget_grab_focus (self->chooser_search);
}

static void
province_clicked_cb (McAddressPicker *self)
{
  open_chooser (self, MC_UNIT_PROVINCE);
}

static void
commune_clicked_cb (McAddressPicker *self)
{
  open_chooser (self, MC_UNIT_COMMUNE);
}

static void
street_changed_cb (McAddressPicker *self,
                   GtkEditable     *editable)
{
  if (self->filling)
    return;
  g_free (self->address.street);
  self->address.street = g_strdup (gtk_editable_get_text (editable));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
mc_address_picker_dispose (GObject *object)
{
  McAddressPicker *self = MC_ADDRESS_PICKER (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (mc_address_picker_parent_class)->dispose (object);
}

static void
mc_address_picker_finalize (GObject *object)
{
  McAddressPicker *self = MC_ADDRESS_PICKER (object);

  if (self->address.street != NULL)
    memset (self->address.street, 0, strlen (self->address.street));
  g_free (self->address.street);
  g_free (self->address.commune);
  g_free (self->address.province);

  G_OBJECT_CLASS (mc_address_picker_parent_class)->finalize (object);
}

static void
mc_address_picker_class_init (McAddressPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_address_picker_dispose;
  object_class->finalize = mc_address_picker_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "addresspicker");
}

static void
mc_address_picker_init (McAddressPicker *self)
{
}

static GtkWidget *
named (GtkWidget  *widget,
       const char *name,
       const char *suffix)
{
  g_autofree char *full = g_strconcat (name, "-", suffix, NULL);

  gtk_widget_set_name (widget, full);
  return widget;
}

McAddressPicker *
mc_address_picker_new (const char *name)
{
  McAddressPicker *self;
  GtkWidget *street_title;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (MC_TYPE_ADDRESS_PICKER, NULL);
  gtk_widget_set_name (GTK_WIDGET (self), name);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->province_button = named (gtk_button_new (), name, "province");
  gtk_widget_add_css_class (self->province_button, "kiosk-address-choice");
  g_signal_connect_swapped (self->province_button, "clicked", G_CALLBACK (province_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->province_button);

  self->commune_button = named (gtk_button_new (), name, "commune");
  gtk_widget_add_css_class (self->commune_button, "kiosk-address-choice");
  g_signal_connect_swapped (self->commune_button, "clicked", G_CALLBACK (commune_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->commune_button);

  self->chooser_box = named (gtk_box_new (GTK_ORIENTATION_VERTICAL, 8), name, "chooser");
  gtk_widget_set_visible (self->chooser_box, FALSE);
  self->chooser_search = named (gtk_entry_new (), name, "search");
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->chooser_search),
                                  /* Translators: filters the list of provinces or communes */
                                  _("Type a few letters of the name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chooser_search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_entry_get_placeholder_text (GTK_ENTRY (self->chooser_search)),
                                  -1);
  gtk_widget_add_css_class (self->chooser_search, "kiosk-entry");
  g_signal_connect_swapped (self->chooser_search, "changed", G_CALLBACK (fill_chooser), self);
  self->chooser_list = GTK_LIST_BOX (named (gtk_list_box_new (), name, "list"));
  gtk_widget_add_css_class (GTK_WIDGET (self->chooser_list), "boxed-list");
  g_signal_connect_swapped (self->chooser_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->chooser_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  gtk_box_append (GTK_BOX (self->chooser_box), self->chooser_search);
  gtk_box_append (GTK_BOX (self->chooser_box), GTK_WIDGET (self->chooser_list));
  gtk_box_append (GTK_BOX (self->box), self->chooser_box);

  street_title = gtk_label_new (_("House number, street, hamlet"));
  gtk_label_set_xalign (GTK_LABEL (street_title), 0);
  gtk_widget_add_css_class (street_title, "kiosk-field-hint");
  gtk_box_append (GTK_BOX (self->box), street_title);
  self->street_entry = named (gtk_entry_new (), name, "street");
  gtk_entry_set_max_length (GTK_ENTRY (self->street_entry), 200);
  gtk_widget_add_css_class (self->street_entry, "kiosk-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->street_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("House number, street, hamlet"), -1);
  g_signal_connect_swapped (self->street_entry, "changed", G_CALLBACK (street_changed_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->street_entry);

  update_buttons (self);
  return self;
}

const McAddress *
mc_address_picker_get_address (McAddressPicker *self)
{
  g_return_val_if_fail (MC_IS_ADDRESS_PICKER (self), NULL);
  return &self->address;
}

void
mc_address_picker_set_address (McAddressPicker *self,
                               const McAddress *address)
{
  g_return_if_fail (MC_IS_ADDRESS_PICKER (self));

  g_free (self->address.street);
  g_free (self->address.commune);
  g_free (self->address.province);
  memset (&self->address, 0, sizeof self->address);
  if (address != NULL)
    {
      self->address.street = g_strdup (address->street);
      self->address.commune_code = address->commune_code;
      self->address.commune = g_strdup (address->commune);
      self->address.province_code = address->province_code;
      self->address.province = g_strdup (address->province);
    }
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->street_entry),
                         self->address.street != NULL ? self->address.street : "");
  self->filling = FALSE;
  update_buttons (self);
}

GtkWidget *
mc_address_picker_get_province_button (McAddressPicker *self)
{
  g_return_val_if_fail (MC_IS_ADDRESS_PICKER (self), NULL);
  return self->province_button;
}
