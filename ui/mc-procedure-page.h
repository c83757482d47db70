/* mc-procedure-page.h: one procedure: what it costs, how long it takes, what to
 * bring, a QR code to read it on a phone, and the button to file a dossier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-catalogue.h"

G_BEGIN_DECLS

#define MC_TYPE_PROCEDURE_PAGE (mc_procedure_page_get_type ())
G_DECLARE_FINAL_TYPE (McProcedurePage, mc_procedure_page, MC, PROCEDURE_PAGE, GtkWidget)

/* Signals: "start-dossier" (). @url: what the QR code encodes. */
McProcedurePage *mc_procedure_page_new           (McProcedure     *procedure,
                                                  const char      *url);
McProcedure     *mc_procedure_page_get_procedure (McProcedurePage *self);

G_END_DECLS
