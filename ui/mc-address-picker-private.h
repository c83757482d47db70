/* mc-address-picker-private.h: the pieces of the address picker that the
 * dossier page's own (applicant's) address shares with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-dossier.h"
#include "mc-units.h"

G_BEGIN_DECLS

/* The kiosk's administrative units, loaded once; NULL when they cannot be. */
McUnits *_mc_address_picker_get_units    (void);
/* Labels the two buttons with the chosen units (or the invitation to choose)
 * and lets the commune be chosen once a province is. */
void     _mc_address_picker_label_buttons (GtkWidget       *province_button,
                                           GtkWidget       *commune_button,
                                           const McAddress *address);
/* Fills @list with the provinces (@kind MC_UNIT_PROVINCE) or the communes of
 * @province_code whose folded name holds the folded @search, at most 40;
 * rows are named "unit-<code>" and carry their McUnit as "mc-unit". */
void     _mc_address_picker_fill_list     (GtkListBox      *list,
                                           McUnitKind       kind,
                                           guint            province_code,
                                           const char      *search);

G_END_DECLS
