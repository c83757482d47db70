/* mc-procedure-page.c: one procedure, explained for a citizen at the counter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-text.h"
#include "mc-a11y.h"
#include "mc-procedure-page.h"
#include "mc-qr-view.h"
#include "mc-speak-button.h"
#include "mc-speech.h"

struct _McProcedurePage
{
  GtkWidget    parent_instance;

  GtkLabel    *name_label;
  GtkGrid     *facts_grid;
  McSpeakButton *speak_button;
  GtkWidget   *documents_heading;
  GtkBox      *documents_box;
  McQrView    *qr_view;
  GtkWidget   *start_button;

  McProcedure *procedure;  /* owned ref */
  int          n_facts;
};

G_DEFINE_FINAL_TYPE (McProcedurePage, mc_procedure_page, GTK_TYPE_WIDGET)

enum {
  START_DOSSIER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_fact (McProcedurePage *self,
          const char      *name,
          const char      *title,
          const char      *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value != NULL && *value != '\0'
                                          ? value
                                          /* Translators: a fact the catalogue does not give */
                                          : _("Ask at the counter"));

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_yalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "kiosk-fact-title");

  gtk_widget_set_name (value_label, name);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (value_label), FALSE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_add_css_class (value_label, "kiosk-fact-value");
  /* Read as one line, "Fee: 8.000 đồng". */
  mc_a11y_fact (GTK_LABEL (title_label), GTK_LABEL (value_label));

  gtk_grid_attach (self->facts_grid, title_label, 0, self->n_facts, 1, 1);
  gtk_grid_attach (self->facts_grid, value_label, 1, self->n_facts, 1, 1);
  self->n_facts++;
}

/* The source writes how many paper copies to hand in, e.g. "1 bản chính, 1 bản
 * sao". A part that says 0 ("0 bản chính") means no paper is needed in that
 * case: it is left out rather than shown as a count of nothing. Returns NULL
 * when nothing is left. */
static char *
paper_copies_text (const char *quantity)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) text = NULL;

  if (quantity == NULL)
    return NULL;

  text = g_string_new (NULL);
  parts = g_strsplit (quantity, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      const char *p = part;

      while (*p == '0')
        p++;
      if (*part == '\0' || (p != part && !g_ascii_isdigit (*p)))
        continue;   /* empty, or "0 …" / "00 …" */

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, part);
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The source gives some durations as a bare figure ("1" for khai sinh) with
 * no unit; the kiosk does not guess one (days? working days?) but says so. */
static char *
duration_text (const char *duration)
{
  gboolean bare = duration != NULL && *duration != '\0';

  for (const char *p = duration; bare && *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != ',')
      bare = FALSE;

  if (!bare)
    return g_strdup (duration);

  /* Translators: a processing time given as a bare number, e.g. "1 (the source
   * gives no unit)": the catalogue does not say whether it is days or hours */
  return g_strdup_printf (_("%s (the source gives no unit)"), duration);
}

static void
add_document (McProcedurePage          *self,
              GtkWidget                *box,
              const McRequiredDocument *document)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon;
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (document->name);
  g_autofree char *copies = paper_copies_text (document->quantity);
  /* "0 bản chính" and nothing else: no paper in this case. */
  gboolean no_paper = document->quantity != NULL && copies == NULL;
  g_autofree char *text = NULL;

  gtk_widget_add_css_class (row, "kiosk-document");
  if (no_paper)
    {
      icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      /* Translators: accessible name of the icon before
                                       * a document that need not be handed in on paper */
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"),
                                      -1);
      gtk_widget_add_css_class (row, "no-paper");
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Required"),
                                      -1);
    }
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 28);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "kiosk-document-icon");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "kiosk-document-name");
  gtk_box_append (GTK_BOX (text_box), name);

  if (no_paper)
    copies = g_strdup (/* Translators: under a required document the source lists as
                        * "0 bản chính" (zero paper originals) */
                       _("No paper copy needed in this case"));

  if (copies != NULL && document->form != NULL)
    /* Translators: "1 bản chính · Mẫu TK-01" (quantity · form template) */
    text = g_strdup_printf (_("%s · %s"), copies, document->form);
  else if (copies != NULL || document->form != NULL)
    text = g_strdup (copies != NULL ? copies : document->form);

  if (text != NULL)
    {
      GtkWidget *details = gtk_label_new (text);

      gtk_widget_set_name (details, "document-details");
      gtk_label_set_xalign (GTK_LABEL (details), 0);
      gtk_label_set_wrap (GTK_LABEL (details), TRUE);
      gtk_widget_add_css_class (details, "kiosk-document-details");
      gtk_box_append (GTK_BOX (text_box), details);
    }

  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text_box);
  gtk_box_append (GTK_BOX (box), row);
}

/* The documents under a heading per group ("Giấy tờ phải nộp", "Giấy tờ phải
 * xuất trình", or the case they apply to), the groups in the source's order;
 * documents with no group come under "Other documents" when others have one. */
static void
add_documents (McProcedurePage *self,
               GPtrArray       *documents)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();   /* const char *, NULL for none */
  gboolean any_group = FALSE;

  for (guint i = 0; i < documents->len; i++)
    {
      const McRequiredDocument *document = documents->pdata[i];
      gboolean seen = FALSE;

      any_group |= document->group != NULL;
      for (guint g = 0; g < groups->len && !seen; g++)
        seen = g_strcmp0 (groups->pdata[g], document->group) == 0;
      if (!seen)
        g_ptr_array_add (groups, document->group);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      const char *group = groups->pdata[g];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
      g_autofree char *name = g_strdup_printf ("documents-group-%u", g);

      gtk_widget_set_name (box, name);
      if (any_group)
        {
          GtkWidget *heading = g_object_new (GTK_TYPE_LABEL,
                                             "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                             "label", group != NULL
                                                      ? group
                                                      /* Translators: heading of the
                                                       * documents the catalogue puts
                                                       * in no group */
                                                      : _("Other documents"),
                                             NULL);

          gtk_widget_set_name (heading, "documents-group-heading");
          gtk_label_set_xalign (GTK_LABEL (heading), 0);
          gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
          gtk_widget_add_css_class (heading, "kiosk-document-group");
          gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                          GTK_ACCESSIBLE_PROPERTY_LEVEL, 3,
                                          -1);
          gtk_box_append (GTK_BOX (box), heading);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (box),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                          -1);
        }

      for (guint i = 0; i < documents->len; i++)
        {
          const McRequiredDocument *document = documents->pdata[i];

          if (g_strcmp0 (document->group, group) == 0)
            add_document (self, box, document);
        }

      gtk_box_append (self->documents_box, box);
    }
}

/* The source gives some durations as a bare figure without its unit: say so
 * rather than guess days or hours. */
/* "Trực tiếp: 5 ngày làm việc · Miễn phí", one line per way of filing; one
 * line for all of them when they share their time and fee. */
static char *
describe_methods (GPtrArray *methods)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean same = TRUE;

  if (methods == NULL || methods->len == 0)
    return NULL;

  for (guint i = 1; i < methods->len; i++)
    {
      const McSubmissionMethod *a = methods->pdata[0];
      const McSubmissionMethod *b = methods->pdata[i];

      same = same && g_strcmp0 (a->duration, b->duration) == 0 && g_strcmp0 (a->fee, b->fee) == 0;
    }

  for (guint i = 0; i < methods->len; i++)
    {
      const McSubmissionMethod *method = methods->pdata[i];
      g_autofree char *duration = duration_text (method->duration);
      g_autofree char *fee = mc_text_format_fee (method->fee);
      g_autoptr(GString) facts = g_string_new (NULL);

      if (same && i > 0)
        {
          g_string_append_printf (text, ", %s", method->method);
          continue;
        }
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, method->method);

      if (same && methods->len > 1)
        continue;
      if (duration != NULL)
        g_string_append (facts, duration);
      if (fee != NULL)
        g_string_append_printf (facts, "%s%s", facts->len > 0 ? " · " : "", fee);
      if (facts->len > 0)
        g_string_append_printf (text, ": %s", facts->str);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
start_clicked_cb (McProcedurePage *self)
{
  g_signal_emit (self, signals[START_DOSSIER], 0);
}

static void
mc_procedure_page_dispose (GObject *object)
{
  McProcedurePage *self = MC_PROCEDURE_PAGE (object);

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PROCEDURE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->procedure);

  G_OBJECT_CLASS (mc_procedure_page_parent_class)->dispose (object);
}

static void
mc_procedure_page_class_init (McProcedurePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_procedure_page_dispose;

  signals[START_DOSSIER] =
    g_signal_new ("start-dossier",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_QR_VIEW);

  g_type_ensure (MC_TYPE_SPEAK_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-procedure-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McProcedurePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePage, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePage, speak_button);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePage, documents_heading);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePage, documents_box);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePage, start_button);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "procedurepage");
}

static void
mc_procedure_page_init (McProcedurePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

McProcedurePage *
mc_procedure_page_new (McProcedure *procedure,
                       const char  *url)
{
  McProcedurePage *self;
  GPtrArray *documents;
  g_autofree char *duration = NULL;
  g_autofree char *methods = NULL;
  g_autofree char *fee = NULL;

  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), NULL);

  self = g_object_new (MC_TYPE_PROCEDURE_PAGE, NULL);
  self->procedure = g_object_ref (procedure);

  gtk_label_set_label (self->name_label, mc_procedure_get_name (procedure));
  add_fact (self, "procedure-code", _("Procedure code"), mc_procedure_get_code (procedure));
  add_fact (self, "procedure-field", _("Field"), mc_procedure_get_field (procedure));
  if (mc_procedure_get_applicants (procedure) != NULL)
    /* Translators: a procedure fact: who may file it (đối tượng thực hiện) */
    add_fact (self, "procedure-applicants", _("Who may apply"),
              mc_procedure_get_applicants (procedure));
  fee = mc_text_format_fee (mc_procedure_get_fee (procedure));
  add_fact (self, "procedure-fee", _("Fee"), fee);
  duration = duration_text (mc_procedure_get_duration (procedure));
  add_fact (self, "procedure-duration", _("Processing time"), duration);
  methods = describe_methods (mc_procedure_get_methods (procedure));
  if (methods != NULL)
    /* Translators: a procedure fact: the ways to file it (at the counter,
     * online, by post), each with its time and fee */
    add_fact (self, "procedure-methods", _("Ways to file"), methods);
  add_fact (self, "procedure-result", _("You receive"), mc_procedure_get_result (procedure));
  if (mc_procedure_get_agency (procedure) != NULL)
    /* Translators: a procedure fact: the office that handles it and gives the result */
    add_fact (self, "procedure-agency", _("Handled by"), mc_procedure_get_agency (procedure));

  /* Only what this counter takes can be filed here; the QR code still leads
   * to the portal for the rest. */
  if (!mc_procedure_is_commune_counter (procedure))
    {
      gtk_widget_set_visible (self->start_button, FALSE);
      add_fact (self, "procedure-elsewhere", _("Where to file"),
                _("Not at this counter. Scan the QR code to see how to do it on the portal, "
                  "or ask the staff."));
    }

  documents = mc_procedure_get_documents (procedure);
  if (documents != NULL)
    add_documents (self, documents);
  if (documents == NULL || documents->len == 0)
    gtk_widget_set_visible (self->documents_heading, FALSE);

  mc_qr_view_set_text (self->qr_view, url);

  /* Read aloud: the name, the fee and the time, and what to do next. */
  {
    g_autoptr(GString) speech = g_string_new (NULL);
    const char *fee = mc_procedure_get_fee (procedure);

    mc_speech_append_sentence (speech, mc_procedure_get_name (procedure));
    if (fee != NULL && *fee != '\0')
      {
        /* Translators: read aloud on a procedure's screen, before its fee */
        g_string_append_printf (speech, " %s", _("Fee:"));
        mc_speech_append_sentence (speech, fee);
      }
    if (duration != NULL && *duration != '\0')
      {
        /* Translators: read aloud on a procedure's screen, before its time */
        g_string_append_printf (speech, " %s", _("Processing time:"));
        mc_speech_append_sentence (speech, duration);
      }
    mc_speech_append_sentence (speech,
                               mc_procedure_is_commune_counter (procedure)
                               ? _("To file it here, tap \"File a dossier\". To read it on your "
                                   "phone, scan the QR code.")
                               : _("Not at this counter. Scan the QR code to see how to do it on "
                                   "the portal, or ask the staff."));
    mc_speak_button_set_text (self->speak_button, speech->str);
  }

  return self;
}

McProcedure *
mc_procedure_page_get_procedure (McProcedurePage *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE_PAGE (self), NULL);

  return self->procedure;
}
