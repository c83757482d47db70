/* mc-welcome-page.c: the first screen. The greeting and the search entry show
 * at once; the life events, the popular procedures and the search results fill
 * in when the catalogue has loaded (what was typed meanwhile is searched then).
 *
 * Search results update at every keystroke: a fixed set of McProcedureRow
 * buttons is given new procedures, nothing is destroyed and rebuilt per key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-procedure-row.h"
#include "mc-speak-button.h"
#include "mc-speech.h"
#include "mc-welcome-page.h"

#define N_POPULAR 6
#define MAX_RESULTS 30

struct _McWelcomePage
{
  GtkWidget       parent_instance;

  GtkWidget      *scroller;
  GtkSearchEntry *search_entry;
  GtkWidget      *fields_button;
  GtkLabel       *status_label;
  GtkWidget      *browse_box;
  GtkFlowBox     *events_box;
  GtkBox         *popular_list;
  GtkWidget      *favourites_heading;
  GtkBox         *favourites_list;
  GtkWidget      *results_box;
  GtkWidget      *no_results_label;
  McSpeakButton  *speak_button;

  McCatalogue    *catalogue;  /* owned ref, nullable until it has loaded */
  GStrv           favourites; /* owned, nullable: configured codes */
  GStrv           frequent;   /* owned, nullable: this office's most used codes */
  gboolean        failed;     /* the catalogue could not be loaded */
  GPtrArray      *rows;       /* McProcedureRow*, children of results_box */
  guint           n_shown;    /* rows in use */
};

G_DEFINE_FINAL_TYPE (McWelcomePage, mc_welcome_page, GTK_TYPE_WIDGET)

enum {
  PROCEDURE_ACTIVATED,
  EVENT_ACTIVATED,
  FIELDS_ACTIVATED,
  LOOKUP_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_clicked_cb (McWelcomePage  *self,
                McProcedureRow *row)
{
  McProcedure *procedure = mc_procedure_row_get_procedure (row);

  if (procedure != NULL)
    g_signal_emit (self, signals[PROCEDURE_ACTIVATED], 0, procedure);
}

static GtkWidget *
row_new (McWelcomePage *self,
         const char    *name_prefix)
{
  GtkWidget *row = mc_procedure_row_new (name_prefix);

  g_signal_connect_object (row, "clicked", G_CALLBACK (row_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
event_clicked_cb (McWelcomePage *self,
                  GtkButton     *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), "event-id");

  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, id);
}


/* A picture over the words, when the kiosk has one for the event
 * (ui/icons/motcua-event-<id>-symbolic.svg). */
static GtkWidget *
tile_content (GtkWidget  *button,
              const char *event_id,
              GtkWidget  *label)
{
  g_autofree char *icon = g_strdup_printf ("motcua-event-%s-symbolic", event_id);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (button));
  GtkWidget *box, *image;

  if (!gtk_icon_theme_has_icon (theme, icon))
    return label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  /* The words say it: the picture is for the eye only. */
  image = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon, "pixel-size", 40,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  gtk_widget_add_css_class (image, "kiosk-tile-icon");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static void
fill_events (McWelcomePage *self)
{
  GPtrArray *events = mc_catalogue_get_life_events (self->catalogue);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const McLifeEvent *event = events->pdata[i];
      g_autofree char *name = NULL;
      GtkWidget *button;
      GtkWidget *label;

      if (event->procedures == NULL || event->procedures->len == 0)
        continue;

      name = g_strconcat ("event-", event->id, NULL);
      label = gtk_label_new (mc_life_event_get_title (event));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 20);

      button = gtk_button_new ();
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "kiosk-tile");
      gtk_button_set_child (GTK_BUTTON (button), tile_content (button, event->id, label));
      /* GTK 4.8 names a button from its own label only, not a child's. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, mc_life_event_get_title (event),
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "event-id", g_strdup (event->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (event_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->events_box, button);
      /* The flow box's own child would take the focus first, then the button. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static gboolean
add_procedure (McWelcomePage *self,
               GtkBox        *box,
               const char    *prefix,
               McProcedure   *procedure,
               GHashTable    *shown)
{
  GtkWidget *row;

  if (procedure == NULL || g_hash_table_contains (shown, procedure))
    return FALSE;
  g_hash_table_add (shown, procedure);
  row = row_new (self, prefix);
  mc_procedure_row_set_procedure (MC_PROCEDURE_ROW (row), procedure);
  gtk_box_append (box, row);
  return TRUE;
}

/* The configured favourites, then this office's most used procedures, filled
 * up from the catalogue's popular ones while there is little history. */
static void
fill_popular (McWelcomePage *self)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) popular = NULL;
  guint n_favourites = 0;
  guint n = 0;

  clear_box (self->favourites_list);
  clear_box (self->popular_list);
  if (self->catalogue == NULL)
    return;

  for (guint i = 0; self->favourites != NULL && self->favourites[i] != NULL; i++)
    n_favourites += add_procedure (self, self->favourites_list, "favourite-",
                                   mc_catalogue_lookup (self->catalogue, self->favourites[i]),
                                   shown);
  gtk_widget_set_visible (self->favourites_heading, n_favourites > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->favourites_list), n_favourites > 0);

  for (guint i = 0; self->frequent != NULL && self->frequent[i] != NULL && n < N_POPULAR; i++)
    n += add_procedure (self, self->popular_list, "popular-",
                        mc_catalogue_lookup (self->catalogue, self->frequent[i]), shown);
  popular = mc_catalogue_get_popular (self->catalogue, N_POPULAR + n_favourites + n);
  for (guint i = 0; i < popular->len && n < N_POPULAR; i++)
    n += add_procedure (self, self->popular_list, "popular-", popular->pdata[i], shown);
}

static void
show_results (McWelcomePage *self,
              GPtrArray     *results)
{
  guint n = results != NULL ? results->len : 0;

  while (self->rows->len < n)
    {
      GtkWidget *row = row_new (self, "result-");

      gtk_widget_set_visible (row, FALSE);
      gtk_box_append (GTK_BOX (self->results_box), row);
      g_ptr_array_add (self->rows, row);
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      McProcedureRow *row = self->rows->pdata[i];

      if (i < n)
        mc_procedure_row_set_procedure (row, results->pdata[i]);
      /* Rows no longer used keep their procedure: typing the next letter often
       * brings it back, at no cost. */
      gtk_widget_set_visible (GTK_WIDGET (row), i < n);
    }
  self->n_shown = n;
}

/* Read aloud: the greeting's instruction, or what the search found (the
 * procedures' names, never what was typed). */
static void
update_speech (McWelcomePage *self,
               GPtrArray     *results,
               gboolean       searching)
{
  g_autoptr(GString) speech = g_string_new (NULL);

  if (!searching || results == NULL)
    g_string_append (speech,
                     _("Welcome! Which procedure do you need? Type its name in the search "
                       "box, or tap a life event or a procedure below. To check a dossier you "
                       "have already submitted, tap \"Check a dossier\"."));
  else if (results->len == 0)
    g_string_append (speech, _("No procedure matches. Try other words, or ask the staff at "
                               "the counter."));
  else
    {
      /* No count: a number is read digit by digit. */
      g_string_append (speech,
                       /* Translators: read aloud over the search results, then their names */
                       _("These procedures match. Tap the one you need."));
      for (guint i = 0; i < MIN (results->len, 5); i++)
        mc_speech_append_sentence (speech, mc_procedure_get_name (g_ptr_array_index (results, i)));
    }
  mc_speak_button_set_text (self->speak_button, speech->str);
}

static void
search_changed_cb (McWelcomePage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (query));
  gboolean searching = *stripped != '\0';

  if (searching && self->catalogue != NULL)
    results = mc_catalogue_search (self->catalogue, stripped, MAX_RESULTS);
  show_results (self, results);
  update_speech (self, results, searching);

  gtk_widget_set_visible (self->browse_box, self->catalogue != NULL && !searching);
  gtk_widget_set_visible (self->results_box, self->n_shown > 0);
  gtk_widget_set_visible (self->no_results_label, results != NULL && results->len == 0);
  /* While loading, the calm placeholder stays, searching or not. */
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->catalogue == NULL);
}

static void
search_activate_cb (McWelcomePage *self)
{
  /* Enter opens the best match. */
  if (self->n_shown > 0)
    row_clicked_cb (self, self->rows->pdata[0]);
}

static void
lookup_clicked_cb (McWelcomePage *self)
{
  g_signal_emit (self, signals[LOOKUP_ACTIVATED], 0);
}

static void
fields_clicked_cb (McWelcomePage *self)
{
  g_signal_emit (self, signals[FIELDS_ACTIVATED], 0);
}

static void
mc_welcome_page_dispose (GObject *object)
{
  McWelcomePage *self = MC_WELCOME_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WELCOME_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->favourites, g_strfreev);
  g_clear_pointer (&self->frequent, g_strfreev);

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
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[FIELDS_ACTIVATED] =
    g_signal_new ("fields-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[LOOKUP_ACTIVATED] =
    g_signal_new ("lookup-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_SPEAK_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Kiosk/ui/mc-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, fields_button);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, browse_box);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, events_box);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, popular_list);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, favourites_heading);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, favourites_list);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, results_box);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, no_results_label);
  gtk_widget_class_bind_template_child (widget_class, McWelcomePage, speak_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, lookup_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "welcomepage");
}

static void
mc_welcome_page_init (McWelcomePage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_speech (self, NULL, FALSE);
}

McWelcomePage *
mc_welcome_page_new (McCatalogue *catalogue)
{
  McWelcomePage *self;

  g_return_val_if_fail (catalogue == NULL || MC_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (MC_TYPE_WELCOME_PAGE, NULL);
  if (catalogue != NULL)
    mc_welcome_page_set_catalogue (self, catalogue, FALSE);

  return self;
}

void
mc_welcome_page_set_catalogue (McWelcomePage *self,
                               McCatalogue   *catalogue,
                               gboolean       failed)
{
  g_return_if_fail (MC_IS_WELCOME_PAGE (self));
  g_return_if_fail (catalogue == NULL || MC_IS_CATALOGUE (catalogue));

  if (catalogue == NULL)
    {
      self->failed = failed;
      if (failed)
        gtk_label_set_label (self->status_label,
                             _("The list of procedures cannot be shown right now. "
                               "Please ask the staff at the counter for help."));
      return;
    }

  if (self->catalogue == catalogue)
    return;

  /* A newer catalogue (an update put in use): the lists start afresh. */
  if (self->catalogue != NULL)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_box))) != NULL)
        gtk_flow_box_remove (self->events_box, child);
      for (guint i = 0; i < self->rows->len; i++)
        mc_procedure_row_set_procedure (self->rows->pdata[i], NULL);
    }
  g_set_object (&self->catalogue, catalogue);
  fill_events (self);
  fill_popular (self);
  gtk_widget_set_sensitive (self->fields_button, TRUE);
  /* Whatever was typed while it loaded. */
  search_changed_cb (self);
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
}

GtkEditable *
mc_welcome_page_get_search_entry (McWelcomePage *self)
{
  g_return_val_if_fail (MC_IS_WELCOME_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

void
mc_welcome_page_focus_search (McWelcomePage *self)
{
  g_return_if_fail (MC_IS_WELCOME_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
mc_welcome_page_set_shortcuts (McWelcomePage      *self,
                               const char * const *favourites,
                               const char * const *frequent)
{
  g_return_if_fail (MC_IS_WELCOME_PAGE (self));

  g_strfreev (self->favourites);
  self->favourites = g_strdupv ((char **) favourites);
  g_strfreev (self->frequent);
  self->frequent = g_strdupv ((char **) frequent);
  fill_popular (self);
}
