/* mc-form-page.c: one question group of the procedure's form. The controls
 * are made from the schema; each writes its answer into the dossier as soon
 * as it changes ("changed": the window saves the draft); the engine checks it
 * (mc_dossier_check_answer) when the citizen leaves the field and on
 * "Continue", and the message shows right under the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-address-picker.h"
#include "mc-date-picker.h"
#include "mc-form-page.h"
#include "mc-speak-button.h"

typedef struct
{
  McFormField *field;    /* borrowed from the form */
  GtkWidget   *control;  /* GtkEntry, McDatePicker, McAddressPicker or the box of choices */
  GtkWidget   *message;
  GPtrArray   *choices;  /* GtkToggleButton*, choice only */
} Row;

struct _McFormPage
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkBox     *fields_box;
  GtkWidget  *next_button;
  GtkWidget  *same_button;  /* nullable */

  McDossier  *dossier;      /* unowned: the window owns it and outlives this page */
  guint       group_index;
  gboolean    english;
  gboolean    filling;
  GPtrArray  *rows;         /* Row* */
};

G_DEFINE_FINAL_TYPE (McFormPage, mc_form_page, GTK_TYPE_WIDGET)

enum {
  NEXT,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define TR(self, vi, en) ((self)->english && (en) != NULL ? (en) : (vi))

static void
row_free (Row *row)
{
  g_clear_pointer (&row->choices, g_ptr_array_unref);
  g_free (row);
}

/* Widget names: the key with '.' as '-': "field-child-full_name". */
static char *
control_name (const McFormField *field)
{
  g_autofree char *key = g_strdup (field->key);

  g_strdelimit (key, ".", '-');
  return g_strconcat ("field-", key, NULL);
}

static GtkWidget *
focus_target (Row *row)
{
  if (MC_IS_DATE_PICKER (row->control))
    return mc_date_picker_get_entry (MC_DATE_PICKER (row->control));
  if (MC_IS_ADDRESS_PICKER (row->control))
    return mc_address_picker_get_province_button (MC_ADDRESS_PICKER (row->control));
  if (row->choices != NULL)
    return row->choices->pdata[0];
  return row->control;
}

static gboolean
check_row (McFormPage *self,
           Row        *row)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->dossier == NULL)
    return FALSE;
  ok = mc_dossier_check_answer (self->dossier, row->field, &error);
  gtk_label_set_label (GTK_LABEL (row->message), ok ? "" : error->message);
  gtk_widget_set_visible (row->message, !ok);
  if (ok)
    gtk_widget_remove_css_class (row->control, "error");
  else
    gtk_widget_add_css_class (row->control, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (focus_target (row)),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  return ok;
}

static void
answered (McFormPage *self,
          Row        *row)
{
  g_signal_emit (self, signals[CHANGED], 0);
  /* Once a message shows, it goes away as soon as the answer is right. */
  if (gtk_widget_get_visible (row->message))
    check_row (self, row);
}

static void
entry_changed_cb (GtkEditable *editable,
                  McFormPage  *self)
{
  Row *row = g_object_get_data (G_OBJECT (editable), "mc-row");

  if (self->filling || self->dossier == NULL)
    return;
  mc_dossier_set_answer (self->dossier, row->field->key, gtk_editable_get_text (editable));
  answered (self, row);
}

static void
entry_leave_cb (GtkEventControllerFocus *controller,
                McFormPage              *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  Row *row = g_object_get_data (G_OBJECT (entry), "mc-row");

  /* Say nothing about a field the citizen has not reached yet. */
  if (self->dossier != NULL && *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    check_row (self, row);
}

static void
date_changed_cb (McDatePicker *picker,
                 McFormPage   *self)
{
  Row *row = g_object_get_data (G_OBJECT (picker), "mc-row");
  g_autofree char *text = mc_date_picker_get_text (picker);

  if (self->filling || self->dossier == NULL)
    return;
  mc_dossier_set_answer (self->dossier, row->field->key, text);
  answered (self, row);
}

static void
address_changed_cb (McAddressPicker *picker,
                    McFormPage      *self)
{
  Row *row = g_object_get_data (G_OBJECT (picker), "mc-row");

  if (self->filling || self->dossier == NULL)
    return;
  mc_dossier_set_answer_address (self->dossier, row->field->key,
                                 mc_address_picker_get_address (picker));
  answered (self, row);
}

static void
choice_toggled_cb (GtkToggleButton *button,
                   McFormPage      *self)
{
  Row *row = g_object_get_data (G_OBJECT (button), "mc-row");

  if (self->filling || self->dossier == NULL || !gtk_toggle_button_get_active (button))
    return;
  mc_dossier_set_answer (self->dossier, row->field->key,
                         g_object_get_data (G_OBJECT (button), "mc-value"));
  answered (self, row);
}

static GtkWidget *
entry_new (McFormPage  *self,
           Row         *row)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;

  switch (row->field->type)
    {
    case MC_FORM_FIELD_NUMBER: purpose = GTK_INPUT_PURPOSE_NUMBER; break;
    case MC_FORM_FIELD_PHONE: purpose = GTK_INPUT_PURPOSE_PHONE; break;
    case MC_FORM_FIELD_EMAIL: purpose = GTK_INPUT_PURPOSE_EMAIL; break;
    case MC_FORM_FIELD_TEXT:
    case MC_FORM_FIELD_DATE:
    case MC_FORM_FIELD_CHOICE:
    case MC_FORM_FIELD_ADDRESS:
    default:
      purpose = row->field->input == MC_FORM_INPUT_NAME ? GTK_INPUT_PURPOSE_NAME
                : row->field->input == MC_FORM_INPUT_DIGITS ? GTK_INPUT_PURPOSE_DIGITS
                : GTK_INPUT_PURPOSE_FREE_FORM;
    }
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  /* The on-screen keyboard starts each word of a name with a capital, free
   * text (a place, a reason) with one. */
  if (purpose == GTK_INPUT_PURPOSE_NAME)
    gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_UPPERCASE_WORDS);
  else if (purpose == GTK_INPUT_PURPOSE_FREE_FORM && row->field->type == MC_FORM_FIELD_TEXT)
    gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_UPPERCASE_SENTENCES);
  if (row->field->has_max && row->field->type == MC_FORM_FIELD_TEXT)
    gtk_entry_set_max_length (GTK_ENTRY (entry), (int) row->field->max);
  gtk_widget_add_css_class (entry, "kiosk-entry");
  g_object_set_data (G_OBJECT (entry), "mc-row", row);
  g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (entry_leave_cb), self);
  gtk_widget_add_controller (entry, focus);
  return entry;
}

/* The on-screen keyboard has no "@": an email box gets its own buttons. */
static void
insert_clicked_cb (GtkButton *button,
                   GtkEntry  *entry)
{
  const char *text = g_object_get_data (G_OBJECT (button), "mc-text");
  int position = gtk_editable_get_position (GTK_EDITABLE (entry));

  gtk_editable_insert_text (GTK_EDITABLE (entry), text, -1, &position);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_position (GTK_EDITABLE (entry), position);
}

static GtkWidget *
email_box_new (GtkWidget  *entry,
               const char *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  const char *texts[] = { "@", "@gmail.com" };
  const char *suffixes[] = { "at", "gmail" };

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_box_append (GTK_BOX (box), entry);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *button_name = g_strdup_printf ("%s-%s", name, suffixes[i]);
      GtkWidget *button = gtk_button_new_with_label (texts[i]);

      gtk_widget_set_name (button, button_name);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_widget_add_css_class (button, "kiosk-address-choice");
      g_object_set_data (G_OBJECT (button), "mc-text", (gpointer) texts[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (insert_clicked_cb), entry);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static GtkWidget *
choices_new (McFormPage *self,
             Row        *row,
             const char *name)
{
  GtkWidget *box = gtk_flow_box_new ();
  GtkToggleButton *first = NULL;

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (box), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (box), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 12);
  gtk_widget_set_focusable (box, FALSE);
  gtk_widget_add_css_class (box, "kiosk-choices");
  row->choices = g_ptr_array_new ();
  for (guint i = 0; i < row->field->options->len; i++)
    {
      McFormOption *option = row->field->options->pdata[i];
      g_autofree char *button_name = g_strdup_printf ("%s-%s", name, option->value);
      GtkWidget *button = gtk_toggle_button_new_with_label (TR (self, option->label,
                                                                option->label_en));

      gtk_widget_set_name (button, button_name);
      gtk_widget_add_css_class (button, "kiosk-choice");
      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      g_object_set_data (G_OBJECT (button), "mc-row", row);
      g_object_set_data (G_OBJECT (button), "mc-value", option->value);
      g_signal_connect (button, "toggled", G_CALLBACK (choice_toggled_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (box), button);
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      g_ptr_array_add (row->choices, button);
    }
  return box;
}

static void
add_row (McFormPage  *self,
         McFormField *field)
{
  Row *row = g_new0 (Row, 1);
  g_autofree char *name = control_name (field);
  g_autofree char *message_name = g_strconcat (name, "-message", NULL);
  g_autofree char *title_text = NULL;
  const char *hint = TR (self, field->hint, field->hint_en);
  GtkWidget *title;

  row->field = field;
  g_ptr_array_add (self->rows, row);

  title_text = field->required
    ? g_strdup (TR (self, field->label, field->label_en))
    /* Translators: after the label of a question that may be left empty */
    : g_strdup_printf (_("%s (if any)"), TR (self, field->label, field->label_en));
  title = gtk_label_new (title_text);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_margin_top (title, 12);
  gtk_widget_add_css_class (title, "kiosk-field-title");
  gtk_box_append (self->fields_box, title);
  if (hint != NULL)
    {
      GtkWidget *hint_label = gtk_label_new (hint);

      gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
      gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
      gtk_widget_add_css_class (hint_label, "kiosk-field-hint");
      gtk_widget_add_css_class (hint_label, "dim-label");
      gtk_box_append (self->fields_box, hint_label);
    }

  switch (field->type)
    {
    case MC_FORM_FIELD_DATE:
      {
        McDatePicker *picker = mc_date_picker_new (name, NULL);

        g_object_set_data (G_OBJECT (picker), "mc-row", row);
        g_signal_connect (picker, "changed", G_CALLBACK (date_changed_cb), self);
        row->control = GTK_WIDGET (picker);
        break;
      }
    case MC_FORM_FIELD_ADDRESS:
      {
        McAddressPicker *picker = mc_address_picker_new (name);

        g_object_set_data (G_OBJECT (picker), "mc-row", row);
        g_signal_connect (picker, "changed", G_CALLBACK (address_changed_cb), self);
        row->control = GTK_WIDGET (picker);
        break;
      }
    case MC_FORM_FIELD_CHOICE:
      row->control = choices_new (self, row, name);
      gtk_widget_set_name (row->control, name);
      break;
    case MC_FORM_FIELD_TEXT:
    case MC_FORM_FIELD_NUMBER:
    case MC_FORM_FIELD_PHONE:
    case MC_FORM_FIELD_EMAIL:
    default:
      row->control = entry_new (self, row);
      gtk_widget_set_name (row->control, name);
      break;
    }
  /* The question names the box; a choice or an address keeps its buttons'
   * own words, the question names their group. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title_text, -1);
  if (field->type == MC_FORM_FIELD_DATE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (focus_target (row)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title_text, -1);

  row->message = gtk_label_new (NULL);
  gtk_widget_set_name (row->message, message_name);
  gtk_label_set_xalign (GTK_LABEL (row->message), 0);
  gtk_label_set_wrap (GTK_LABEL (row->message), TRUE);
  gtk_widget_set_visible (row->message, FALSE);
  gtk_widget_add_css_class (row->message, "kiosk-field-message");
  gtk_widget_add_css_class (row->message, "error");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (focus_target (row)),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row->message, NULL, -1);

  if (field->type == MC_FORM_FIELD_EMAIL)
    gtk_box_append (self->fields_box, email_box_new (row->control, name));
  else
    gtk_box_append (self->fields_box, row->control);
  gtk_box_append (self->fields_box, row->message);
}

/* The controls show what the dossier holds. */
static void
fill (McFormPage *self)
{
  self->filling = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = self->rows->pdata[i];
      const char *value = mc_dossier_get_answer (self->dossier, row->field->key);

      if (MC_IS_DATE_PICKER (row->control))
        mc_date_picker_set_text (MC_DATE_PICKER (row->control), value);
      else if (MC_IS_ADDRESS_PICKER (row->control))
        mc_address_picker_set_address (MC_ADDRESS_PICKER (row->control),
                                       mc_dossier_get_answer_address (self->dossier,
                                                                      row->field->key));
      else if (row->choices != NULL)
        for (guint j = 0; j < row->choices->len; j++)
          gtk_toggle_button_set_active (row->choices->pdata[j],
                                        g_strcmp0 (g_object_get_data (row->choices->pdata[j],
                                                                      "mc-value"), value) == 0);
      else
        gtk_editable_set_text (GTK_EDITABLE (row->control), value);
    }
  self->filling = FALSE;
}

static void
same_clicked_cb (McFormPage *self)
{
  if (self->dossier == NULL)
    return;
  mc_dossier_copy_applicant (self->dossier, self->group_index);
  fill (self);
  g_signal_emit (self, signals[CHANGED], 0);
  /* What was copied is checked at once: a wrong copy shows now, not later. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = self->rows->pdata[i];

      if (row->field->from_applicant != NULL)
        check_row (self, row);
    }
}

static void
next_clicked_cb (McFormPage *self)
{
  if (mc_form_page_validate (self))
    g_signal_emit (self, signals[NEXT], 0);
}

/* A step that opens on a question typed in (a required one, still empty)
 * has its box focused when shown: the keyboard is there at once. */
static void
mc_form_page_map (GtkWidget *widget)
{
  McFormPage *self = MC_FORM_PAGE (widget);
  GtkRoot *root;
  GtkWidget *focus;
  Row *row;

  GTK_WIDGET_CLASS (mc_form_page_parent_class)->map (widget);

  if (self->rows->len == 0 || (root = gtk_widget_get_root (widget)) == NULL)
    return;
  focus = gtk_root_get_focus (root);
  if (focus != NULL && gtk_widget_is_ancestor (focus, widget))
    return;
  row = self->rows->pdata[0];
  if (row->field->required && GTK_IS_ENTRY (row->control)
      && *gtk_editable_get_text (GTK_EDITABLE (row->control)) == '\0')
    gtk_widget_grab_focus (row->control);
}

static void
mc_form_page_unroot (GtkWidget *widget)
{
  MC_FORM_PAGE (widget)->dossier = NULL;

  GTK_WIDGET_CLASS (mc_form_page_parent_class)->unroot (widget);
}

static void
mc_form_page_dispose (GObject *object)
{
  McFormPage *self = MC_FORM_PAGE (object);

  self->dossier = NULL;
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (mc_form_page_parent_class)->dispose (object);
}

static void
mc_form_page_finalize (GObject *object)
{
  McFormPage *self = MC_FORM_PAGE (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (mc_form_page_parent_class)->finalize (object);
}

static void
mc_form_page_class_init (McFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_form_page_dispose;
  object_class->finalize = mc_form_page_finalize;
  widget_class->unroot = mc_form_page_unroot;
  widget_class->map = mc_form_page_map;

  signals[NEXT] =
    g_signal_new ("next",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_SPEAK_BUTTON);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "formpage");
}

static void
mc_form_page_init (McFormPage *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
}

McFormPage *
mc_form_page_new (McDossier  *dossier,
                  guint       group_index,
                  const char *procedure_name,
                  gboolean    english)
{
  McFormPage *self;
  McForm *form;
  McFormGroup *group;
  GtkWidget *scrolled, *clamp, *content, *title, *procedure, *bottom;
  McSpeakButton *speak;
  g_autoptr(GString) speech = NULL;

  g_return_val_if_fail (dossier != NULL, NULL);
  form = mc_dossier_get_form (dossier);
  g_return_val_if_fail (form != NULL && group_index < mc_form_get_n_groups (form), NULL);

  self = g_object_new (MC_TYPE_FORM_PAGE, NULL);
  self->dossier = dossier;
  self->group_index = group_index;
  self->english = english;
  group = mc_form_get_group (form, group_index);
  {
    g_autofree char *page_name = g_strconcat ("form-", group->id, NULL);

    gtk_widget_set_name (GTK_WIDGET (self), page_name);
  }

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 820);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 700);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 36);
  gtk_widget_set_margin_start (content, 24);
  gtk_widget_set_margin_end (content, 24);
  self->fields_box = GTK_BOX (content);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  /* A heading, as every page's title: a screen reader jumps to it. */
  title = g_object_new (GTK_TYPE_LABEL,
                        "label", TR (self, group->title, group->title_en),
                        "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                        NULL);
  gtk_widget_set_name (title, "form-title");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "kiosk-title");
  gtk_box_append (self->fields_box, title);
  procedure = gtk_label_new (procedure_name);
  gtk_label_set_xalign (GTK_LABEL (procedure), 0);
  gtk_label_set_wrap (GTK_LABEL (procedure), TRUE);
  gtk_widget_add_css_class (procedure, "kiosk-prompt");
  gtk_widget_add_css_class (procedure, "dim-label");
  gtk_box_append (self->fields_box, procedure);
  if (TR (self, group->hint, group->hint_en) != NULL)
    {
      GtkWidget *hint = gtk_label_new (TR (self, group->hint, group->hint_en));

      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "kiosk-field-hint");
      gtk_box_append (self->fields_box, hint);
    }

  speak = mc_speak_button_new ();
  speech = g_string_new (TR (self, group->title, group->title_en));
  gtk_box_append (self->fields_box, GTK_WIDGET (speak));

  if (group->same_as_applicant != NULL)
    {
      self->same_button = gtk_button_new_with_label (TR (self, group->same_as_applicant,
                                                         group->same_as_applicant_en));
      gtk_widget_set_name (self->same_button, "form-same-as-applicant");
      gtk_widget_set_halign (self->same_button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (self->same_button, 8);
      gtk_widget_add_css_class (self->same_button, "kiosk-address-choice");
      gtk_widget_add_css_class (self->same_button, "kiosk-same-as-applicant");
      g_signal_connect_swapped (self->same_button, "clicked", G_CALLBACK (same_clicked_cb), self);
      gtk_box_append (self->fields_box, self->same_button);
      g_string_append_printf (speech, ". %s", TR (self, group->same_as_applicant,
                                                  group->same_as_applicant_en));
    }

  for (guint i = 0; i < group->fields->len; i++)
    {
      McFormField *field = group->fields->pdata[i];

      add_row (self, field);
      g_string_append_printf (speech, ". %s", TR (self, field->label, field->label_en));
    }
  /* Translators: read aloud at the end of each form step */
  g_string_append_printf (speech, ". %s", _("Then tap \"Continue\"."));
  mc_speak_button_set_text (speak, speech->str);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_halign (bottom, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (bottom, 12);
  gtk_widget_set_margin_bottom (bottom, 16);
  /* Translators: the big button at the bottom of each form step */
  self->next_button = gtk_button_new_with_label (_("Continue"));
  gtk_widget_set_name (self->next_button, "form-next");
  gtk_widget_add_css_class (self->next_button, "suggested-action");
  gtk_widget_add_css_class (self->next_button, "kiosk-primary");
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);
  gtk_box_append (GTK_BOX (bottom), self->next_button);
  gtk_box_append (GTK_BOX (self->box), bottom);

  /* The declarant's own step ("Tôi là mẹ…") starts with their details. */
  mc_dossier_prefill_declarant (dossier, group_index);

  fill (self);
  return self;
}

guint
mc_form_page_get_group (McFormPage *self)
{
  g_return_val_if_fail (MC_IS_FORM_PAGE (self), 0);
  return self->group_index;
}

void
mc_form_page_focus_key (McFormPage *self,
                        const char *key)
{
  g_return_if_fail (MC_IS_FORM_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = self->rows->pdata[i];

      if (g_strcmp0 (row->field->key, key) == 0)
        {
          gtk_widget_grab_focus (focus_target (row));
          return;
        }
    }
}

gboolean
mc_form_page_validate (McFormPage *self)
{
  Row *first_bad = NULL;

  g_return_val_if_fail (MC_IS_FORM_PAGE (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = self->rows->pdata[i];

      if (!check_row (self, row) && first_bad == NULL)
        first_bad = row;
    }
  if (first_bad != NULL)
    {
      gtk_widget_grab_focus (focus_target (first_bad));
      return FALSE;
    }
  return TRUE;
}
