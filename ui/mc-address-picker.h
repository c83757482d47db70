/* mc-address-picker.h: an address in the 2025 units by touch, as on the
 * applicant's form: a button for the province or city, then one for the
 * commune or ward (each opens a list filtered as you type), then the house
 * number, street and hamlet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-dossier.h"

G_BEGIN_DECLS

#define MC_TYPE_ADDRESS_PICKER (mc_address_picker_get_type ())
G_DECLARE_FINAL_TYPE (McAddressPicker, mc_address_picker, MC, ADDRESS_PICKER, GtkWidget)

/* Signals: "changed" (): a unit was chosen or the street typed.
 * Children are named "<name>-province", "<name>-commune", "<name>-search",
 * "<name>-list" (rows "unit-<code>") and "<name>-street". */
McAddressPicker *mc_address_picker_new         (const char      *name);
/* Never NULL; fields NULL/0 when not chosen. */
const McAddress *mc_address_picker_get_address (McAddressPicker *self);
/* Emits no "changed". NULL clears. */
void             mc_address_picker_set_address (McAddressPicker *self,
                                                const McAddress *address);
GtkWidget       *mc_address_picker_get_province_button (McAddressPicker *self);

G_END_DECLS
