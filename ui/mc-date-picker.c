/* mc-date-picker.c: a date by big "+" / "−" buttons or typed digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-date-picker.h"
#include "mc-dossier.h"

struct _McDatePicker
{
  GtkWidget  parent_instance;

  GDate      date;        /* valid, or cleared (no date yet) */
  GDate      start;       /* where the first tap starts from */
  gboolean   updating;    /* writing the entry from the buttons */

  GtkWidget *box;
  GtkWidget *values[3];   /* day, month, year labels */
  GtkWidget *entry;       /* ours, or the caller's (a weak pointer then) */
  gboolean   own_entry;
};

G_DEFINE_FINAL_TYPE (McDatePicker, mc_date_picker, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum { DAY, MONTH, YEAR };

static void
update (McDatePicker *self,
        gboolean      write_entry)
{
  gboolean set = g_date_valid (&self->date);

  for (int part = DAY; part <= YEAR; part++)
    {
      g_autofree char *text = NULL;

      if (!set)
        text = g_strdup (part == YEAR ? "––––" : "––");
      else if (part == DAY)
        text = g_strdup_printf ("%02u", g_date_get_day (&self->date));
      else if (part == MONTH)
        text = g_strdup_printf ("%02u", (guint) g_date_get_month (&self->date));
      else
        text = g_strdup_printf ("%04u", g_date_get_year (&self->date));
      gtk_label_set_label (GTK_LABEL (self->values[part]), text);
    }

  if (write_entry && self->entry != NULL)
    {
      g_autofree char *text = mc_date_picker_get_text (self);

      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
      gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
      self->updating = FALSE;
    }
}

/* Moves one part by @delta, the others kept (the day clamped to the month). */
static void
step (McDatePicker *self,
      int           part,
      int           delta)
{
  int day, month, year;

  if (!g_date_valid (&self->date))
    self->date = self->start;
  day = g_date_get_day (&self->date);
  month = g_date_get_month (&self->date);
  year = g_date_get_year (&self->date);

  if (part == DAY)
    {
      int last = g_date_get_days_in_month (month, year);

      day = (day - 1 + delta + last) % last + 1;
    }
  else if (part == MONTH)
    month = (month - 1 + delta + 12) % 12 + 1;
  else
    year = CLAMP (year + delta, 1900, 2100);
  day = MIN (day, g_date_get_days_in_month (month, year));
  g_date_set_dmy (&self->date, day, month, year);

  update (self, TRUE);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
step_clicked_cb (GtkButton    *button,
                 McDatePicker *self)
{
  int part = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mc-part"));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mc-delta"));

  step (self, part, delta);
}

static void
entry_changed_cb (McDatePicker *self,
                  GtkEditable  *editable)
{
  g_autoptr(GDate) date = NULL;
  const char *text;

  if (self->updating)
    return;
  text = gtk_editable_get_text (editable);
  /* Typed digits: a date only once it is whole ("17052024" or "17/05/2024"). */
  date = mc_parse_birth_date (text);
  if (date != NULL && g_date_get_year (date) >= 1900 && g_date_get_year (date) <= 2100)
    self->date = *date;
  else if (*text == '\0')
    g_date_clear (&self->date, 1);
  else
    return;
  update (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A tap on "+" focuses it and the scrolled page follows that button only:
 * the whole picker comes into view instead, so "−" is never below the edge. */
static gboolean
show_whole_cb (gpointer data)
{
  McDatePicker *self = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page, top, bottom;

  if (scrolled == NULL)
    return G_SOURCE_REMOVE;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (content == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (self), content, &bounds))
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  top = bounds.origin.y;
  bottom = bounds.origin.y + bounds.size.height;
  /* The viewport's child is scrolled by @value: its coordinates are the
   * content's own. */
  if (bottom > value + page)
    value = bottom - page + 12;
  if (top < value)
    value = top - 12;
  gtk_adjustment_set_value (adjustment, value);
  return G_SOURCE_REMOVE;
}

static void
focus_enter_cb (McDatePicker *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, show_whole_cb, g_object_ref (self), g_object_unref);
}

static GtkWidget *
step_button_new (McDatePicker *self,
                 const char   *name,
                 const char   *suffix,
                 const char   *label,
                 const char   *accessible,
                 int           part,
                 int           delta)
{
  g_autofree char *widget_name = g_strconcat (name, "-", suffix, NULL);
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_name (button, widget_name);
  gtk_widget_add_css_class (button, "kiosk-date-step");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "mc-part", GINT_TO_POINTER (part));
  g_object_set_data (G_OBJECT (button), "mc-delta", GINT_TO_POINTER (delta));
  g_signal_connect (button, "clicked", G_CALLBACK (step_clicked_cb), self);
  return button;
}

static GtkWidget *
column_new (McDatePicker *self,
            const char   *name,
            int           part,
            const char   *title,
            const char   *part_name,
            const char   *more,
            const char   *less)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);
  g_autofree char *value_name = g_strdup_printf ("%s-%s", name, part_name);
  g_autofree char *plus = g_strdup_printf ("%s-plus", part_name);
  g_autofree char *minus = g_strdup_printf ("%s-minus", part_name);

  gtk_widget_add_css_class (column, "kiosk-date-column");
  gtk_widget_add_css_class (title_label, "kiosk-field-hint");
  gtk_widget_set_name (value, value_name);
  gtk_widget_add_css_class (value, "kiosk-date-value");
  /* Read with its column's title ("Day", then "14"), not instead of it. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL, -1);
  self->values[part] = value;

  gtk_box_append (GTK_BOX (column), title_label);
  gtk_box_append (GTK_BOX (column), step_button_new (self, name, plus, "+", more, part, 1));
  gtk_box_append (GTK_BOX (column), value);
  gtk_box_append (GTK_BOX (column), step_button_new (self, name, minus, "−", less, part, -1));
  return column;
}

static void
mc_date_picker_dispose (GObject *object)
{
  McDatePicker *self = MC_DATE_PICKER (object);

  if (!self->own_entry && self->entry != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->entry), (gpointer *) &self->entry);
  self->entry = NULL;
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (mc_date_picker_parent_class)->dispose (object);
}

static void
mc_date_picker_class_init (McDatePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_date_picker_dispose;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "datepicker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_date_picker_init (McDatePicker *self)
{
  g_date_clear (&self->date, 1);
  g_date_clear (&self->start, 1);
}

static McDatePicker *
picker_new (const char  *name,
            GtkEntry    *entry,
            const GDate *start)
{
  McDatePicker *self;
  GtkWidget *columns, *years, *row, *entry_title;
  g_autofree char *entry_name = NULL;

  self = g_object_new (MC_TYPE_DATE_PICKER, NULL);
  gtk_widget_set_name (GTK_WIDGET (self), name);
  if (start != NULL && g_date_valid (start))
    self->start = *start;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (&self->start, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  gtk_widget_set_halign (columns, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (columns),
                  /* Translators: the date picker's columns; the buttons' names say
                   * what they do for a screen reader */
                  column_new (self, name, DAY, _("Day"), "day", _("Next day"), _("Previous day")));
  gtk_box_append (GTK_BOX (columns),
                  column_new (self, name, MONTH, _("Month"), "month",
                              _("Next month"), _("Previous month")));
  gtk_box_append (GTK_BOX (columns),
                  column_new (self, name, YEAR, _("Year"), "year",
                              _("Next year"), _("Previous year")));

  /* Ten years at a time: a birth date decades ago in a few taps. */
  years = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_valign (years, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (years),
                  step_button_new (self, name, "year-plus10",
                                   /* Translators: the date picker's button: ten years later */
                                   _("+10 years"), _("Ten years later"), YEAR, 10));
  gtk_box_append (GTK_BOX (years),
                  step_button_new (self, name, "year-minus10",
                                   /* Translators: the date picker's button: ten years earlier */
                                   _("−10 years"), _("Ten years earlier"), YEAR, -10));
  gtk_box_append (GTK_BOX (columns), years);
  gtk_box_append (GTK_BOX (self->box), columns);

  if (entry != NULL)
    {
      /* The caller's box: it stays where it is, the buttons write into it. */
      self->entry = GTK_WIDGET (entry);
      g_object_add_weak_pointer (G_OBJECT (entry), (gpointer *) &self->entry);
      g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self,
                               G_CONNECT_SWAPPED);
      entry_changed_cb (self, GTK_EDITABLE (entry));
      goto done;
    }

  /* Or typed: the numeric pad comes up for this box. */
  self->own_entry = TRUE;
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  /* Translators: before the box where the date can be typed instead */
  entry_title = gtk_label_new (_("Or type it:"));
  gtk_widget_add_css_class (entry_title, "kiosk-field-hint");
  self->entry = gtk_entry_new ();
  entry_name = g_strconcat (name, "-entry", NULL);
  gtk_widget_set_name (self->entry, entry_name);
  gtk_widget_add_css_class (self->entry, "kiosk-entry");
  gtk_entry_set_max_length (GTK_ENTRY (self->entry), 10);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 12);
  gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), GTK_INPUT_PURPOSE_DIGITS);
  /* Translators: the date format the citizen types */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _("dd/mm/yyyy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Type the date"), -1);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  gtk_box_append (GTK_BOX (row), entry_title);
  gtk_box_append (GTK_BOX (row), self->entry);
  gtk_box_append (GTK_BOX (self->box), row);

  update (self, TRUE);

done:
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_enter_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), focus);
  }
  return self;
}

McDatePicker *
mc_date_picker_new (const char  *name,
                    const GDate *start)
{
  g_return_val_if_fail (name != NULL, NULL);

  return picker_new (name, NULL, start);
}

McDatePicker *
mc_date_picker_new_for_entry (const char  *name,
                              GtkEntry    *entry,
                              const GDate *start)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);

  return picker_new (name, entry, start);
}

char *
mc_date_picker_get_text (McDatePicker *self)
{
  g_return_val_if_fail (MC_IS_DATE_PICKER (self), NULL);

  if (!g_date_valid (&self->date))
    return g_strdup ("");
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (&self->date),
                          (guint) g_date_get_month (&self->date), g_date_get_year (&self->date));
}

void
mc_date_picker_set_text (McDatePicker *self,
                         const char   *text)
{
  g_autoptr(GDate) date = NULL;

  g_return_if_fail (MC_IS_DATE_PICKER (self));

  date = text != NULL ? mc_parse_birth_date (text) : NULL;
  if (date != NULL)
    self->date = *date;
  else
    g_date_clear (&self->date, 1);
  update (self, TRUE);
}

GtkWidget *
mc_date_picker_get_entry (McDatePicker *self)
{
  g_return_val_if_fail (MC_IS_DATE_PICKER (self), NULL);
  return self->entry;
}
