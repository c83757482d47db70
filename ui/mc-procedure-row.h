/* mc-procedure-row.h: one procedure as a big button: its name, its field and
 * code, and whether this counter takes it. Reusable: the search results keep a
 * fixed set of rows and give them new procedures as the citizen types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-catalogue.h"

G_BEGIN_DECLS

#define MC_TYPE_PROCEDURE_ROW (mc_procedure_row_get_type ())
G_DECLARE_FINAL_TYPE (McProcedureRow, mc_procedure_row, MC, PROCEDURE_ROW, GtkButton)

/* The widget is named @name_prefix + the procedure's code ("result-1.001193"),
 * for tests and accessibility tools. */
GtkWidget   *mc_procedure_row_new           (const char     *name_prefix);
/* Nullable: NULL empties the row (hide it as well). */
void         mc_procedure_row_set_procedure (McProcedureRow *self,
                                             McProcedure    *procedure);
McProcedure *mc_procedure_row_get_procedure (McProcedureRow *self);

G_END_DECLS
