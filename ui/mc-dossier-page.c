/* mc-dossier-page.c: the dossier form. Each field is checked by the engine
 * (mc_dossier_validate_field) when the citizen leaves it and on submit; the
 * message shows right under the field, in words that say what to fix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-address-picker-private.h"
#include "mc-cccd-qr.h"
#include "mc-date-picker.h"
#include "mc-dossier-page.h"
#include "mc-speak-button.h"
#include "mc-text.h"
#include "mc-units.h"

typedef struct
{
  GtkWidget *title;
  GtkWidget *control;   /* a GtkEntry, or the box of the sex buttons */
  GtkWidget *message;
} FieldRow;

struct _McDossierPage
{
  GtkWidget   parent_instance;

  GtkLabel   *procedure_label;
  McSpeakButton *speak_button;
  GtkBox     *fields_box;
  GtkWidget  *submit_button;
  GtkLabel   *cccd_message;
  GtkLabel   *cccd_address;

  GtkWidget  *male_button;
  GtkWidget  *female_button;
  FieldRow    rows[MC_DOSSIER_N_FIELDS];

  McDossier  *dossier;   /* unowned: the window owns it and outlives this page */
  gboolean    filling;   /* setting the controls from the dossier */

  /* The address: province → commune (2025 units), then the street. */
  GtkWidget  *card_address_box;   /* "same as on the card" choices */
  GtkWidget  *province_button;
  GtkWidget  *commune_button;
  GtkWidget  *chooser_box;        /* search + list, while choosing */
  GtkWidget  *chooser_search;
  GtkListBox *chooser_list;
  McUnitKind  choosing;
  GtkWidget  *street_entry;
};

G_DEFINE_FINAL_TYPE (McDossierPage, mc_dossier_page, GTK_TYPE_WIDGET)

enum {
  SUBMIT,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const field_names[MC_DOSSIER_N_FIELDS] = {
  [MC_DOSSIER_FIELD_FULL_NAME] = "field-full-name",
  [MC_DOSSIER_FIELD_ID_NUMBER] = "field-id-number",
  [MC_DOSSIER_FIELD_BIRTH_DATE] = "field-birth-date",
  [MC_DOSSIER_FIELD_SEX] = "field-sex",
  [MC_DOSSIER_FIELD_PHONE] = "field-phone",
};

static void
show_message (McDossierPage  *self,
              McDossierField  field,
              const char     *message)
{
  FieldRow *row = &self->rows[field];

  gtk_label_set_label (GTK_LABEL (row->message), message != NULL ? message : "");
  gtk_widget_set_visible (row->message, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row->control, "error");
  else
    gtk_widget_remove_css_class (row->control, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (row->control),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                               : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static gboolean
validate_field (McDossierPage  *self,
                McDossierField  field)
{
  g_autoptr(GError) error = NULL;

  if (self->dossier == NULL)
    return FALSE;

  if (mc_dossier_validate_field (self->dossier, field, &error))
    {
      show_message (self, field, NULL);
      return TRUE;
    }

  show_message (self, field, error->message);
  return FALSE;
}

static McDossierField
field_of (GtkWidget *widget)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "mc-field"));
}

static void
entry_changed_cb (McDossierPage *self,
                  GtkEditable   *editable)
{
  McDossierField field = field_of (GTK_WIDGET (editable));

  if (self->filling || self->dossier == NULL)
    return;

  mc_dossier_set (self->dossier, field, gtk_editable_get_text (editable));
  g_signal_emit (self, signals[CHANGED], 0);

  /* Once a message shows, it goes away as soon as the field is right. */
  if (gtk_widget_get_visible (self->rows[field].message))
    validate_field (self, field);
}

static void
entry_leave_cb (McDossierPage            *self,
                GtkEventControllerFocus  *controller)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  McDossierField field = field_of (entry);

  if (self->dossier == NULL)
    return;

  /* Say nothing about a field the citizen has not reached yet. */
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    validate_field (self, field);
}

static void
entry_activate_cb (McDossierPage *self,
                   GtkEntry      *entry)
{
  McDossierField field = field_of (GTK_WIDGET (entry));

  if (!validate_field (self, field))
    return;

  /* Enter moves on to the next field, and submits from the last. */
  for (int next = field + 1; next < MC_DOSSIER_N_FIELDS; next++)
    if (GTK_IS_ENTRY (self->rows[next].control))
      {
        gtk_widget_grab_focus (self->rows[next].control);
        return;
      }
  gtk_widget_grab_focus (self->submit_button);
}

static void
sex_toggled_cb (McDossierPage   *self,
                GtkToggleButton *button)
{
  if (self->filling || self->dossier == NULL || !gtk_toggle_button_get_active (button))
    return;

  mc_dossier_set (self->dossier, MC_DOSSIER_FIELD_SEX,
                  GTK_WIDGET (button) == self->male_button ? "male" : "female");
  g_signal_emit (self, signals[CHANGED], 0);
  if (gtk_widget_get_visible (self->rows[MC_DOSSIER_FIELD_SEX].message))
    validate_field (self, MC_DOSSIER_FIELD_SEX);
}

static GtkWidget *
entry_new (McDossierPage  *self,
           McDossierField  field,
           const char     *placeholder,
           GtkInputPurpose purpose,
           int             max_length)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_set_name (entry, field_names[field]);
  gtk_widget_add_css_class (entry, "kiosk-entry");
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  /* The on-screen keyboard starts each word of a name with a capital. */
  if (purpose == GTK_INPUT_PURPOSE_NAME)
    gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_UPPERCASE_WORDS);
  if (max_length > 0)
    gtk_entry_set_max_length (GTK_ENTRY (entry), max_length);
  g_object_set_data (G_OBJECT (entry), "mc-field", GINT_TO_POINTER (field));

  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "activate", G_CALLBACK (entry_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (entry_leave_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (entry, focus);

  return entry;
}

/* A toggle button in the role of a radio button says "checked", not "pressed". */
static void
radio_checked_cb (GtkToggleButton *button)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (button),
                               GTK_ACCESSIBLE_STATE_CHECKED,
                               gtk_toggle_button_get_active (button),
                               -1);
}

static GtkWidget *
sex_box_new (McDossierPage *self)
{
  /* One of two, as radio buttons are for a screen reader (named by the
   * row's title, see add_row()). */
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_HORIZONTAL,
                                 "spacing", 16,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO_GROUP,
                                 NULL);

  gtk_widget_set_name (box, field_names[MC_DOSSIER_FIELD_SEX]);

  self->male_button = g_object_new (GTK_TYPE_TOGGLE_BUTTON,
                                    /* Translators: sex on the identity card */
                                    "label", _("Male"),
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                    NULL);
  self->female_button = g_object_new (GTK_TYPE_TOGGLE_BUTTON,
                                      /* Translators: sex on the identity card */
                                      "label", _("Female"),
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                      NULL);
  gtk_widget_set_name (self->male_button, "sex-male");
  gtk_widget_set_name (self->female_button, "sex-female");
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->female_button),
                               GTK_TOGGLE_BUTTON (self->male_button));

  for (GtkWidget *b = self->male_button; b != NULL;
       b = b == self->male_button ? self->female_button : NULL)
    {
      gtk_widget_add_css_class (b, "kiosk-choice");
      g_object_set_data (G_OBJECT (b), "mc-field", GINT_TO_POINTER (MC_DOSSIER_FIELD_SEX));
      g_signal_connect_object (b, "toggled", G_CALLBACK (sex_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect (b, "toggled", G_CALLBACK (radio_checked_cb), NULL);
      radio_checked_cb (GTK_TOGGLE_BUTTON (b));
      gtk_box_append (GTK_BOX (box), b);
    }

  return box;
}

static void
add_row (McDossierPage  *self,
         McDossierField  field,
         const char     *title,
         const char     *hint,
         GtkWidget      *control)
{
  FieldRow *row = &self->rows[field];
  g_autofree char *message_name = g_strconcat (field_names[field], "-message", NULL);

  row->title = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (row->title), 0);
  gtk_widget_set_margin_top (row->title, 12);
  gtk_widget_add_css_class (row->title, "kiosk-field-title");

  row->control = control;
  /* Named by its title only (a label property as well would make GTK read
   * the name twice); described by its hint and its error message. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row->title, NULL,
                                  -1);

  row->message = gtk_label_new (NULL);
  gtk_widget_set_name (row->message, message_name);
  gtk_label_set_xalign (GTK_LABEL (row->message), 0);
  gtk_label_set_wrap (GTK_LABEL (row->message), TRUE);
  gtk_widget_set_visible (row->message, FALSE);
  gtk_widget_add_css_class (row->message, "kiosk-field-message");
  gtk_widget_add_css_class (row->message, "error");

  gtk_box_append (self->fields_box, row->title);
  if (hint == NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row->message, NULL,
                                    -1);
  else
    {
      GtkWidget *hint_label = gtk_label_new (hint);

      gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      hint_label, row->message, NULL,
                                      -1);

      gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
      gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
      gtk_widget_add_css_class (hint_label, "kiosk-field-hint");
      gtk_widget_add_css_class (hint_label, "dim-label");
      gtk_box_append (self->fields_box, hint_label);
    }
  gtk_box_append (self->fields_box, control);
  gtk_box_append (self->fields_box, row->message);
}

static void
build_fields (McDossierPage *self)
{
  add_row (self, MC_DOSSIER_FIELD_FULL_NAME, _("Full name"),
           _("As written on your citizen identity card"),
           entry_new (self, MC_DOSSIER_FIELD_FULL_NAME,
                      /* Translators: example name, keep it Vietnamese */
                      _("e.g. Nguyễn Văn An"), GTK_INPUT_PURPOSE_NAME, 100));
  add_row (self, MC_DOSSIER_FIELD_ID_NUMBER, _("Citizen identity number (CCCD)"),
           _("12 digits"),
           entry_new (self, MC_DOSSIER_FIELD_ID_NUMBER, NULL, GTK_INPUT_PURPOSE_DIGITS, 12));
  add_row (self, MC_DOSSIER_FIELD_BIRTH_DATE, _("Date of birth"),
           _("Day/month/year, e.g. 17/05/1990"),
           entry_new (self, MC_DOSSIER_FIELD_BIRTH_DATE,
                      /* Translators: the date format the citizen types */
                      _("dd/mm/yyyy"), GTK_INPUT_PURPOSE_DIGITS, 10));
  {
    /* The date by touch too: big buttons that write into the box above (the
     * first tap starts from 01/01/1980; ten years a tap to get near). */
    GtkWidget *entry = self->rows[MC_DOSSIER_FIELD_BIRTH_DATE].control;
    GDate start;
    McDatePicker *picker;

    g_date_clear (&start, 1);
    g_date_set_dmy (&start, 1, G_DATE_JANUARY, 1980);
    picker = mc_date_picker_new_for_entry ("birth-date-picker", GTK_ENTRY (entry), &start);
    gtk_widget_set_margin_top (GTK_WIDGET (picker), 8);
    gtk_box_insert_child_after (self->fields_box, GTK_WIDGET (picker), entry);
  }
  add_row (self, MC_DOSSIER_FIELD_SEX, _("Sex"), NULL, sex_box_new (self));
  add_row (self, MC_DOSSIER_FIELD_PHONE, _("Phone number"),
           _("So the office can call you when the result is ready"),
           entry_new (self, MC_DOSSIER_FIELD_PHONE,
                      /* Translators: example phone number */
                      _("e.g. 0912345678"), GTK_INPUT_PURPOSE_PHONE, 15));
}

/* Address ---------------------------------------------------------------- */

static void
update_address_buttons (McDossierPage *self)
{
  _mc_address_picker_label_buttons (self->province_button, self->commune_button,
                                    mc_dossier_get_address (self->dossier));
}

static void
set_address_unit (McDossierPage *self,
                  const McUnit  *unit)
{
  const McAddress *address = mc_dossier_get_address (self->dossier);
  McUnits *units = _mc_address_picker_get_units ();
  g_autofree char *street = g_strdup (address->street);

  if (unit->kind == MC_UNIT_PROVINCE)
    mc_dossier_set_address (self->dossier, street, 0, NULL, unit->code, unit->name);
  else
    {
      const McUnit *province = mc_units_lookup (units, MC_UNIT_PROVINCE, unit->province_code);

      mc_dossier_set_address (self->dossier, street, unit->code, unit->name,
                              unit->province_code, province != NULL ? province->name : NULL);
    }
  update_address_buttons (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
fill_chooser (McDossierPage *self)
{
  _mc_address_picker_fill_list (self->chooser_list, self->choosing,
                                mc_dossier_get_address (self->dossier)->province_code,
                                gtk_editable_get_text (GTK_EDITABLE (self->chooser_search)));
}

static void
chooser_row_activated_cb (McDossierPage *self,
                          GtkListBoxRow *row)
{
  const McUnit *unit = g_object_get_data (G_OBJECT (row), "mc-unit");

  gtk_widget_set_visible (self->chooser_box, FALSE);
  if (unit != NULL)
    set_address_unit (self, unit);
}

static void
open_chooser (McDossierPage *self,
              McUnitKind     kind)
{
  self->choosing = kind;
  gtk_editable_set_text (GTK_EDITABLE (self->chooser_search), "");
  fill_chooser (self);
  gtk_widget_set_visible (self->chooser_box, TRUE);
  gtk_widget_grab_focus (self->chooser_search);
}

static void
province_clicked_cb (McDossierPage *self)
{
  open_chooser (self, MC_UNIT_PROVINCE);
}

static void
commune_clicked_cb (McDossierPage *self)
{
  open_chooser (self, MC_UNIT_COMMUNE);
}

static void
street_changed_cb (McDossierPage *self,
                   GtkEditable   *editable)
{
  const McAddress *address;

  if (self->filling || self->dossier == NULL)
    return;
  address = mc_dossier_get_address (self->dossier);
  {
    g_autofree char *commune = g_strdup (address->commune);
    g_autofree char *province = g_strdup (address->province);

    mc_dossier_set_address (self->dossier, gtk_editable_get_text (editable),
                            address->commune_code, commune, address->province_code, province);
  }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
card_address_clicked_cb (GtkButton     *button,
                         McDossierPage *self)
{
  const McUnit *unit = g_object_get_data (G_OBJECT (button), "mc-unit");
  const char *street = g_object_get_data (G_OBJECT (button), "mc-street");

  if (street != NULL && gtk_editable_get_text (GTK_EDITABLE (self->street_entry))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->street_entry), street);
  set_address_unit (self, unit);
}

/* After a card was read: its pre-2025 address mapped to today's commune(s),
 * offered as one tap each. */
static void
offer_card_address (McDossierPage *self,
                    const char    *card_address)
{
  McUnits *units = _mc_address_picker_get_units ();
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *street = NULL;
  GtkWidget *child;
  const char *comma;

  while ((child = gtk_widget_get_first_child (self->card_address_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->card_address_box), child);
  gtk_widget_set_visible (self->card_address_box, FALSE);
  if (units == NULL || card_address == NULL || *card_address == '\0')
    return;

  communes = mc_units_map_address (units, card_address, &error);
  if (communes == NULL || communes->len == 0)
    return;

  /* What comes before the old commune ("Số 1" in "Số 1, Phường Hàng Bài, …"):
   * kept as the street when it is not itself a unit. */
  comma = strchr (card_address, ',');
  if (comma != NULL && strstr (card_address, ",") != NULL)
    {
      g_autofree char *first = g_strndup (card_address, comma - card_address);
      g_autofree char *folded = mc_text_fold (first);

      if (!g_str_has_prefix (folded, "phuong") && !g_str_has_prefix (folded, "xa")
          && !g_str_has_prefix (folded, "thi tran"))
        street = g_strstrip (g_steal_pointer (&first));
    }

  {
    GtkWidget *label = gtk_label_new (communes->len == 1
                                      /* Translators: above the card's address, mapped to
                                       * today's commune */
                                      ? _("Same as on your card (today’s commune):")
                                      /* Translators: the card's old commune was split */
                                      : _("Your card’s commune was split. Which one is yours?"));
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_widget_add_css_class (label, "kiosk-field-hint");
    gtk_box_append (GTK_BOX (self->card_address_box), label);
  }
  for (guint i = 0; i < communes->len; i++)
    {
      const McUnit *unit = g_ptr_array_index (communes, i);
      const McUnit *province = mc_units_lookup (units, MC_UNIT_PROVINCE, unit->province_code);
      g_autofree char *text = g_strdup_printf ("%s, %s", unit->name,
                                               province != NULL ? province->name : "");
      g_autofree char *name = g_strdup_printf ("address-from-card-%u", i);
      GtkWidget *button = gtk_button_new_with_label (text);

      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "kiosk-address-choice");
      g_object_set_data (G_OBJECT (button), "mc-unit", (gpointer) unit);
      g_object_set_data_full (G_OBJECT (button), "mc-street", g_strdup (street), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (card_address_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->card_address_box), button);
    }
  gtk_widget_set_visible (self->card_address_box, TRUE);

  /* One commune today and no address given yet: the card's address is the
   * citizen's permanent address, taken at once (the button puts it back
   * after a change). */
  if (communes->len == 1 && mc_dossier_get_address (self->dossier)->commune_code == 0)
    card_address_clicked_cb (GTK_BUTTON (gtk_widget_get_last_child (self->card_address_box)),
                             self);
}

static void
build_address (McDossierPage *self)
{
  GtkWidget *title = gtk_label_new (_("Permanent address"));
  GtkWidget *hint = gtk_label_new (_("Where you live now: the province or city, then the commune or ward"));
  GtkWidget *street_title;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_margin_top (title, 12);
  gtk_widget_add_css_class (title, "kiosk-field-title");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "kiosk-field-hint");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (self->fields_box, title);
  gtk_box_append (self->fields_box, hint);

  self->card_address_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_name (self->card_address_box, "address-from-card");
  gtk_widget_set_visible (self->card_address_box, FALSE);
  gtk_box_append (self->fields_box, self->card_address_box);

  self->province_button = gtk_button_new ();
  gtk_widget_set_name (self->province_button, "address-province");
  gtk_widget_add_css_class (self->province_button, "kiosk-address-choice");
  g_signal_connect_swapped (self->province_button, "clicked", G_CALLBACK (province_clicked_cb), self);
  gtk_box_append (self->fields_box, self->province_button);

  self->commune_button = gtk_button_new ();
  gtk_widget_set_name (self->commune_button, "address-commune");
  gtk_widget_add_css_class (self->commune_button, "kiosk-address-choice");
  g_signal_connect_swapped (self->commune_button, "clicked", G_CALLBACK (commune_clicked_cb), self);
  gtk_box_append (self->fields_box, self->commune_button);

  self->chooser_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_name (self->chooser_box, "address-chooser");
  gtk_widget_set_visible (self->chooser_box, FALSE);
  self->chooser_search = gtk_entry_new ();
  gtk_widget_set_name (self->chooser_search, "address-search");
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->chooser_search),
                                  /* Translators: filters the list of provinces or communes */
                                  _("Type a few letters of the name"));
  gtk_widget_add_css_class (self->chooser_search, "kiosk-entry");
  g_signal_connect_swapped (self->chooser_search, "changed", G_CALLBACK (fill_chooser), self);
  self->chooser_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->chooser_list), "address-list");
  gtk_widget_add_css_class (GTK_WIDGET (self->chooser_list), "boxed-list");
  g_signal_connect_swapped (self->chooser_list, "row-activated",
                            G_CALLBACK (chooser_row_activated_cb), self);
  gtk_box_append (GTK_BOX (self->chooser_box), self->chooser_search);
  gtk_box_append (GTK_BOX (self->chooser_box), GTK_WIDGET (self->chooser_list));
  gtk_box_append (self->fields_box, self->chooser_box);

  street_title = gtk_label_new (_("House number, street, hamlet"));
  gtk_label_set_xalign (GTK_LABEL (street_title), 0);
  gtk_widget_add_css_class (street_title, "kiosk-field-hint");
  gtk_box_append (self->fields_box, street_title);
  self->street_entry = gtk_entry_new ();
  gtk_widget_set_name (self->street_entry, "field-street");
  gtk_entry_set_max_length (GTK_ENTRY (self->street_entry), 200);
  gtk_widget_add_css_class (self->street_entry, "kiosk-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->street_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("House number, street, hamlet"), -1);
  g_signal_connect_swapped (self->street_entry, "changed", G_CALLBACK (street_changed_cb), self);
  gtk_box_append (self->fields_box, self->street_entry);
}

static void
fill_from_dossier (McDossierPage *self)
{
  const char *sex = mc_dossier_get (self->dossier, MC_DOSSIER_FIELD_SEX);

  self->filling = TRUE;
  for (int field = 0; field < MC_DOSSIER_N_FIELDS; field++)
    {
      const char *value = mc_dossier_get (self->dossier, field);

      if (GTK_IS_ENTRY (self->rows[field].control))
        gtk_editable_set_text (GTK_EDITABLE (self->rows[field].control),
                               value != NULL ? value : "");
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->male_button),
                                g_strcmp0 (sex, "male") == 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->female_button),
                                g_strcmp0 (sex, "female") == 0);
  {
    const char *street = mc_dossier_get_address (self->dossier)->street;

    gtk_editable_set_text (GTK_EDITABLE (self->street_entry), street != NULL ? street : "");
  }
  update_address_buttons (self);
  self->filling = FALSE;
}

static void
submit_clicked_cb (McDossierPage *self)
{
  if (mc_dossier_page_validate (self))
    g_signal_emit (self, signals[SUBMIT], 0);
}

/* Taken off the window: the dossier may be freed from now on (it was submitted
 * or the citizen went home), even while GTK still holds this page and delivers
 * it a last focus change. */
static void
mc_dossier_page_unroot (GtkWidget *widget)
{
  MC_DOSSIER_PAGE (widget)->dossier = NULL;

  GTK_WIDGET_CLASS (mc_dossier_page_parent_class)->unroot (widget);
}

static void
mc_dossier_page_dispose (GObject *object)
{
  McDossierPage *self = MC_DOSSIER_PAGE (object);
  GtkWidget *child;

  self->dossier = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_dossier_page_parent_class)->dispose (object);
}

static void
mc_dossier_page_class_init (McDossierPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_page_dispose;
  widget_class->unroot = mc_dossier_page_unroot;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SUBMIT] =
    g_signal_new ("submit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_SPEAK_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-dossier-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierPage, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierPage, speak_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierPage, fields_box);
  gtk_widget_class_bind_template_child (widget_class, McDossierPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierPage, cccd_message);
  gtk_widget_class_bind_template_child (widget_class, McDossierPage, cccd_address);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossierpage");
}

static void
mc_dossier_page_init (McDossierPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_fields (self);
  build_address (self);
}

McDossierPage *
mc_dossier_page_new (McDossier  *dossier,
                     const char *procedure_name)
{
  McDossierPage *self;

  g_return_val_if_fail (dossier != NULL, NULL);

  self = g_object_new (MC_TYPE_DOSSIER_PAGE, NULL);
  self->dossier = dossier;
  gtk_label_set_label (self->procedure_label, procedure_name);
  mc_speak_button_set_text (self->speak_button,
                            _("Your details. Hold the QR code on your citizen identity card "
                              "in front of the reader, and your name, number, date of birth "
                              "and sex fill in by themselves. Or tap a box and type. Then "
                              "type your phone number and tap \"Submit the dossier\"."));
  fill_from_dossier (self);

  return self;
}

void
mc_dossier_page_set_more_steps (McDossierPage *self,
                                gboolean       more_steps)
{
  g_return_if_fail (MC_IS_DOSSIER_PAGE (self));

  if (!more_steps)
    return;
  /* Translators: the dossier page's button when more screens follow */
  gtk_button_set_label (GTK_BUTTON (self->submit_button), _("Continue"));
  mc_speak_button_set_text (self->speak_button,
                            _("Your details. Hold the QR code on your citizen identity card "
                              "in front of the reader, and your name, number, date of birth "
                              "and sex fill in by themselves. Or tap a box and type. Then "
                              "type your phone number and tap \"Continue\"."));
}

McDossier *
mc_dossier_page_get_dossier (McDossierPage *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PAGE (self), NULL);

  return self->dossier;
}

void
mc_dossier_page_focus_first (McDossierPage *self)
{
  g_return_if_fail (MC_IS_DOSSIER_PAGE (self));

  gtk_widget_grab_focus (self->rows[MC_DOSSIER_FIELD_FULL_NAME].control);
}

void
mc_dossier_page_focus_field (McDossierPage  *self,
                             McDossierField  field)
{
  GtkWidget *control;

  g_return_if_fail (MC_IS_DOSSIER_PAGE (self));
  g_return_if_fail (field <= MC_DOSSIER_N_FIELDS);

  /* MC_DOSSIER_N_FIELDS: the address. */
  if (field == MC_DOSSIER_N_FIELDS)
    {
      gtk_widget_grab_focus (self->province_button);
      return;
    }
  control = self->rows[field].control;
  gtk_widget_grab_focus (GTK_IS_ENTRY (control) ? control : self->male_button);
}

gboolean
mc_dossier_page_validate (McDossierPage *self)
{
  GtkWidget *first_bad = NULL;

  g_return_val_if_fail (MC_IS_DOSSIER_PAGE (self), FALSE);

  for (int field = 0; field < MC_DOSSIER_N_FIELDS; field++)
    if (!validate_field (self, field) && first_bad == NULL)
      first_bad = self->rows[field].control;

  if (first_bad != NULL)
    {
      gtk_widget_grab_focus (GTK_IS_ENTRY (first_bad) ? first_bad : self->male_button);
      return FALSE;
    }

  return TRUE;
}

/* Whatever a scan gave, the citizen sees it: the form from the top, where the
 * scan box is, and no field keeps the focus, so the on-screen keyboard steps
 * aside and the whole form shows. */
static void
show_scan_result (McDossierPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *scrolled;

  if (root != NULL)
    gtk_root_set_focus (root, NULL);
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->fields_box), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              0);
}

static void
show_cccd_message (McDossierPage *self,
                   const char    *message,
                   gboolean       error)
{
  gtk_label_set_label (self->cccd_message, message);
  gtk_widget_set_visible (GTK_WIDGET (self->cccd_message), TRUE);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->cccd_message), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->cccd_message), "success");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->cccd_message), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->cccd_message), "error");
    }
}

gboolean
mc_dossier_page_fill_from_cccd (McDossierPage *self,
                                const char    *payload)
{
  g_autoptr(McCccdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *address = NULL;
  McDossierField fields[] = { MC_DOSSIER_FIELD_FULL_NAME, MC_DOSSIER_FIELD_ID_NUMBER,
                              MC_DOSSIER_FIELD_BIRTH_DATE, MC_DOSSIER_FIELD_SEX };
  const char *phone;

  g_return_val_if_fail (MC_IS_DOSSIER_PAGE (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  if (self->dossier == NULL)
    return FALSE;

  /* Never logged: the payload is the citizen's identity. */
  card = mc_cccd_qr_parse (payload, -1, &error);
  if (card == NULL)
    {
      g_debug ("A CCCD QR code could not be used (%s, code %d)",
               g_quark_to_string (error->domain), error->code);
      show_cccd_message (self, error->message, TRUE);
      show_scan_result (self);
      return FALSE;
    }

  birth = g_strdup_printf ("%02u/%02u/%04u",
                           g_date_get_day (&card->birth_date),
                           g_date_get_month (&card->birth_date),
                           g_date_get_year (&card->birth_date));
  mc_dossier_set (self->dossier, MC_DOSSIER_FIELD_FULL_NAME, card->full_name);
  mc_dossier_set (self->dossier, MC_DOSSIER_FIELD_ID_NUMBER, card->number);
  mc_dossier_set (self->dossier, MC_DOSSIER_FIELD_BIRTH_DATE, birth);
  mc_dossier_set (self->dossier, MC_DOSSIER_FIELD_SEX,
                  card->sex == MC_SEX_FEMALE ? "female" : "male");
  fill_from_dossier (self);
  g_signal_emit (self, signals[CHANGED], 0);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    validate_field (self, fields[i]);

  phone = mc_dossier_get (self->dossier, MC_DOSSIER_FIELD_PHONE);
  if (phone == NULL || *phone == '\0')
    show_cccd_message (self,
                       /* Translators: after the identity card's QR code was read */
                       _("Your details were read from your card. Please check them, "
                         "then enter your phone number."),
                       FALSE);
  else
    show_cccd_message (self,
                       /* Translators: after the identity card's QR code was read */
                       _("Your details were read from your card. Please check them."),
                       FALSE);
  if (card->address != NULL && *card->address != '\0')
    {
      /* Translators: the permanent address printed on the identity card, shown
       * read-only under the scan box */
      address = g_strdup_printf (_("Permanent address on the card: %s"), card->address);
      gtk_label_set_label (self->cccd_address, address);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cccd_address), address != NULL);
  offer_card_address (self, card->address);

  show_scan_result (self);
  /* What the card could not tell comes next: the phone, on the keypad. */
  if ((phone == NULL || *phone == '\0')
      && gtk_widget_get_mapped (self->rows[MC_DOSSIER_FIELD_PHONE].control))
    gtk_widget_grab_focus (self->rows[MC_DOSSIER_FIELD_PHONE].control);
  return TRUE;
}

void
mc_dossier_page_scan_not_cccd (McDossierPage *self)
{
  g_return_if_fail (MC_IS_DOSSIER_PAGE (self));

  show_cccd_message (self,
                     /* Translators: a QR code was scanned that is not an identity card's */
                     _("This QR code is not the one on a citizen identity card (CCCD). "
                       "Please scan the QR code on your card."),
                     TRUE);
  show_scan_result (self);
}
