/* mc-review-page.c: the answers before sending, each line a big button that
 * takes the citizen back to that field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-review-page.h"
#include "mc-speak-button.h"

struct _McReviewPage
{
  GtkWidget  parent_instance;

  GtkLabel  *procedure_label;
  GtkBox    *lines_box;
  GtkBox    *documents_box;  /* its heading, then a line per document */
  McSpeakButton *speak_button;

  McDossier *dossier;  /* unowned: the window owns it */
};

G_DEFINE_FINAL_TYPE (McReviewPage, mc_review_page, GTK_TYPE_WIDGET)

enum {
  EDIT,
  EDIT_ANSWER,
  DOCUMENTS,
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The widget names tests and the window use: "review-<field>". */
static const char *field_names[MC_DOSSIER_N_FIELDS] = {
  [MC_DOSSIER_FIELD_FULL_NAME] = "full-name",
  [MC_DOSSIER_FIELD_ID_NUMBER] = "id-number",
  [MC_DOSSIER_FIELD_BIRTH_DATE] = "birth-date",
  [MC_DOSSIER_FIELD_SEX] = "sex",
  [MC_DOSSIER_FIELD_PHONE] = "phone",
};

/* MC_DOSSIER_N_FIELDS stands for the address. */
static char *
address_text (McDossier *dossier)
{
  const McAddress *address = mc_dossier_get_address (dossier);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *parts[] = { address->street, address->commune, address->province };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      {
        g_autofree char *part = g_strstrip (g_strdup (parts[i]));

        if (*part == '\0')
          continue;
        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", part);
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
field_title (McDossierField field)
{
  /* The same words as the form's. */
  switch (field)
    {
    case MC_DOSSIER_FIELD_FULL_NAME: return _("Full name");
    case MC_DOSSIER_FIELD_ID_NUMBER: return _("Citizen identity number (CCCD)");
    case MC_DOSSIER_FIELD_BIRTH_DATE: return _("Date of birth");
    case MC_DOSSIER_FIELD_SEX: return _("Sex");
    case MC_DOSSIER_FIELD_PHONE: return _("Phone number");
    case MC_DOSSIER_N_FIELDS: return _("Permanent address");
    default:
      g_assert_not_reached ();
    }
}

static void
line_clicked_cb (GtkButton    *button,
                 McReviewPage *self)
{
  int field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mc-field"));

  g_signal_emit (self, signals[EDIT], 0, field);
}

/* A line of the review: @title over @value (dimmed when @dim_value), and
 * "Change" at the end; one button named @name, read by its title and
 * (non-NULL) @description. */
static GtkWidget *
review_line_new (const char *name,
                 const char *title_text,
                 const char *value,
                 gboolean    dim_value,
                 const char *description)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (title_text);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *edit;

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "kiosk-review-line");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "kiosk-review-title");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (value_label, "kiosk-review-value");
  if (dim_value)
    gtk_widget_add_css_class (value_label, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), value_label);

  /* Translators: on each line of the review screen: tap to change this answer */
  edit = gtk_label_new (_("Change"));
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "kiosk-review-edit");

  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), edit);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title_text, -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return button;
}

static GtkWidget *
line_new (McReviewPage   *self,
          McDossierField  field)
{
  g_autofree char *address = field == MC_DOSSIER_N_FIELDS ? address_text (self->dossier) : NULL;
  const char *value = field == MC_DOSSIER_N_FIELDS ? address : mc_dossier_get (self->dossier, field);
  g_autofree char *name = g_strconcat ("review-",
                                       field == MC_DOSSIER_N_FIELDS ? "address" : field_names[field],
                                       NULL);
  GtkWidget *button;

  if (field == MC_DOSSIER_FIELD_SEX)
    value = g_strcmp0 (value, "male") == 0 ? _("Male")
            : g_strcmp0 (value, "female") == 0 ? _("Female") : "";
  if (value == NULL)
    value = "";
  /* Read as "Full name, button, Nguyễn Văn An": the answer is what to check. */
  button = review_line_new (name, field_title (field), value, FALSE, value);
  g_object_set_data (G_OBJECT (button), "mc-field", GINT_TO_POINTER (field));
  g_signal_connect (button, "clicked", G_CALLBACK (line_clicked_cb), self);

  return button;
}

/* The form's answers ------------------------------------------------------ */

static gboolean
english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "en");
}

#define TR(vi, en) (english () && (en) != NULL ? (en) : (vi))

static char *
answer_text (McReviewPage      *self,
             const McFormField *field)
{
  const char *value;

  if (field->type == MC_FORM_FIELD_ADDRESS)
    {
      const McAddress *address = mc_dossier_get_answer_address (self->dossier, field->key);
      g_autoptr(GString) text = g_string_new (NULL);
      const char *parts[] = { NULL, NULL, NULL };

      if (address == NULL)
        return g_strdup ("");
      parts[0] = address->street;
      parts[1] = address->commune;
      parts[2] = address->province;
      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i] != NULL)
          {
            g_autofree char *part = g_strstrip (g_strdup (parts[i]));

            if (*part != '\0')
              g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", part);
          }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  value = mc_dossier_get_answer (self->dossier, field->key);
  if (field->type == MC_FORM_FIELD_CHOICE && *value != '\0')
    {
      const char *label = mc_form_option_label (field, value, english ());

      return g_strdup (label != NULL ? label : value);
    }
  return g_strdup (value);
}

static void
answer_clicked_cb (GtkButton    *button,
                   McReviewPage *self)
{
  g_signal_emit (self, signals[EDIT_ANSWER], 0,
                 (const char *) g_object_get_data (G_OBJECT (button), "mc-key"));
}

/* Under the applicant's lines: each group of the procedure's form under its
 * title, a line per question, tapped to go back to its screen. */
static void
add_answer_lines (McReviewPage *self)
{
  McForm *form = mc_dossier_get_form (self->dossier);

  for (guint g = 0; form != NULL && g < mc_form_get_n_groups (form); g++)
    {
      McFormGroup *group = mc_form_get_group (form, g);
      GtkWidget *heading = gtk_label_new (TR (group->title, group->title_en));

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
      gtk_widget_set_margin_top (heading, 16);
      gtk_widget_add_css_class (heading, "kiosk-field-title");
      gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                      GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
      gtk_box_append (self->lines_box, heading);

      for (guint f = 0; f < group->fields->len; f++)
        {
          McFormField *field = group->fields->pdata[f];
          g_autofree char *value = answer_text (self, field);
          g_autofree char *name = g_strconcat ("review-", field->key, NULL);
          const char *label = TR (field->label, field->label_en);
          GtkWidget *button;

          button = review_line_new (name, label,
                                    *value != '\0' ? value
                                    /* Translators: on the review screen, a
                                     * question left empty */
                                    : _("(not given)"),
                                    *value == '\0', NULL);
          g_object_set_data_full (G_OBJECT (button), "mc-key", g_strdup (field->key), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (answer_clicked_cb), self);
          gtk_box_append (self->lines_box, button);
        }
    }
}

/* The documents section ----------------------------------------------------- */

static void
document_clicked_cb (McReviewPage *self)
{
  g_signal_emit (self, signals[DOCUMENTS], 0);
}

static GtkWidget *
document_line_new (McReviewPage            *self,
                   guint                    index,
                   const McDocumentSummary *document)
{
  g_autofree char *name = g_strdup_printf ("review-document-%u", index);
  g_autofree char *value = NULL;
  GtkWidget *button;

  if (document->waive_reason != NULL)
    /* Translators: on the review, a required document the clerk let the
     * citizen skip, and the clerk's reason */
    value = g_strdup_printf (_("Skipped with the staff's agreement: %s"), document->waive_reason);
  else
    {
      g_autofree char *size = g_format_size (document->size);

      value = g_strdup_printf (ngettext ("✓ %u page, %s", "✓ %u pages, %s", document->n_pages),
                               document->n_pages, size);
    }
  button = review_line_new (name, document->name, value, FALSE, value);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (document_clicked_cb), self);
  return button;
}

void
mc_review_page_set_documents (McReviewPage *self,
                              GArray       *summary)
{
  GtkWidget *heading, *child;

  g_return_if_fail (MC_IS_REVIEW_PAGE (self));

  heading = gtk_widget_get_first_child (GTK_WIDGET (self->documents_box));
  while ((child = gtk_widget_get_next_sibling (heading)) != NULL)
    gtk_box_remove (self->documents_box, child);
  for (guint i = 0; summary != NULL && i < summary->len; i++)
    gtk_box_append (self->documents_box,
                    document_line_new (self, i, &g_array_index (summary, McDocumentSummary, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->documents_box), summary != NULL && summary->len > 0);
}

void
mc_review_page_refresh (McReviewPage *self)
{
  GtkWidget *child;

  g_return_if_fail (MC_IS_REVIEW_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_box_remove (self->lines_box, child);

  for (int field = 0; field < MC_DOSSIER_N_FIELDS; field++)
    gtk_box_append (self->lines_box, line_new (self, field));
  gtk_box_append (self->lines_box, line_new (self, MC_DOSSIER_N_FIELDS));
  add_answer_lines (self);
}

static void
submit_clicked_cb (McReviewPage *self)
{
  g_autoptr(GError) error = NULL;
  McDossierField field;

  /* The form checked it already; a field changed since goes back there. */
  if (!mc_dossier_validate (self->dossier, &field, &error))
    {
      g_signal_emit (self, signals[EDIT], 0, (int) field);
      return;
    }
  g_signal_emit (self, signals[SUBMIT], 0);
}

static void
mc_review_page_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_REVIEW_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_review_page_parent_class)->dispose (object);
}

static void
mc_review_page_class_init (McReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_review_page_dispose;

  signals[EDIT] =
    g_signal_new ("edit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
  signals[EDIT_ANSWER] =
    g_signal_new ("edit-answer",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DOCUMENTS] =
    g_signal_new ("documents",
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
                                               "/io/github/motcua/Kiosk/ui/mc-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McReviewPage, speak_button);
  gtk_widget_class_bind_template_child (widget_class, McReviewPage, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, McReviewPage, lines_box);
  gtk_widget_class_bind_template_child (widget_class, McReviewPage, documents_box);
  gtk_widget_class_bind_template_callback (widget_class, submit_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewpage");
}

static void
mc_review_page_init (McReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

McReviewPage *
mc_review_page_new (McDossier  *dossier,
                    const char *procedure_name)
{
  McReviewPage *self;

  g_return_val_if_fail (dossier != NULL, NULL);

  self = g_object_new (MC_TYPE_REVIEW_PAGE, NULL);
  self->dossier = dossier;
  gtk_label_set_label (self->procedure_label, procedure_name != NULL ? procedure_name : "");
  mc_review_page_refresh (self);
  mc_speak_button_set_text (self->speak_button,
                            _("Check your details. If something is wrong, tap it to change "
                              "it. If everything is right, tap \"Submit the dossier\"."));

  return self;
}
