/* mc-date-picker.h: a date by touch, for people who do not type: day, month
 * and year each in a big column with "+" above and "−" below, the year also
 * ten at a time; or the digits typed into its box ("17052024" or 17/05/2024)
 * on the numeric pad.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_DATE_PICKER (mc_date_picker_get_type ())
G_DECLARE_FINAL_TYPE (McDatePicker, mc_date_picker, MC, DATE_PICKER, GtkWidget)

/* Signals: "changed" (): the date changed (by a button or typed in full).
 * @name prefixes the children's widget names ("<name>-day-plus", …,
 * "<name>-year-minus10", "<name>-entry"); @start is the date the first
 * tap starts from while no date is set (NULL: today). */
McDatePicker *mc_date_picker_new      (const char   *name,
                                       const GDate  *start);
/* The same buttons for a box of the caller's (@entry, which the picker
 * writes "dd/mm/yyyy" into and reads typed dates from): the picker adds no
 * box of its own. */
McDatePicker *mc_date_picker_new_for_entry (const char  *name,
                                            GtkEntry    *entry,
                                            const GDate *start);
/* "dd/mm/yyyy", or "" while no date is set. */
char         *mc_date_picker_get_text (McDatePicker *self);
/* "dd/mm/yyyy" (and the forms mc_parse_birth_date() reads); anything else
 * or "" clears the date. Emits no "changed". */
void          mc_date_picker_set_text (McDatePicker *self,
                                       const char   *text);
/* The box for typed digits (to focus it, to mark it wrong). */
GtkWidget    *mc_date_picker_get_entry (McDatePicker *self);

G_END_DECLS
