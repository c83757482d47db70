/* mc-receipt-print.h: a receipt (mc-receipt.h) as a GtkPrintOperation, shared
 * by the receipt screen and the status lookup's reprint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-receipt.h"

G_BEGIN_DECLS

/* A print operation that draws a copy of @sheet on one page: the thermal
 * layout on a roll narrower than 120 mm, else A4, scaled down to fit.
 * @printer (nullable) is the kiosk.conf printer. With MOTCUA_PRINT_EXPORT set
 * (tests, or a kiosk whose printer is not set up yet), it prints into that PDF
 * file on an 80 mm roll instead. *@action is what to pass to
 * gtk_print_operation_run(); the caller connects "done" and runs it. */
GtkPrintOperation *mc_receipt_print_operation_new (const McReceiptSheet     *sheet,
                                                   const char               *printer,
                                                   GtkPrintOperationAction  *action);

/* Shows @text (NULL: nothing) under the print button. */
typedef void (*McReceiptPrintStatusFunc) (gpointer    user_data,
                                          const char *text);

/* Prints @sheet with its own operation in *@operation (ignored while one runs;
 * cleared when it is over). @button is insensitive meanwhile; @status is told
 * "Printing…", then the outcome: sent, nothing (cancelled) or @failure. */
void mc_receipt_print_start (GtkPrintOperation        **operation,
                             const McReceiptSheet      *sheet,
                             const char                *printer,
                             GtkWidget                 *button,
                             const char                *failure,
                             McReceiptPrintStatusFunc   status,
                             gpointer                   user_data);
/* Cancels the print in *@operation, if any, and clears it: no more status. */
void mc_receipt_print_stop  (GtkPrintOperation        **operation);

G_END_DECLS
