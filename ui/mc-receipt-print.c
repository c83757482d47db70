/* mc-receipt-print.c: the receipt's print operation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-receipt-print.h"

#define MM (72.0 / 25.4)
#define SHEET_KEY "motcua-receipt-sheet"

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                gpointer           data)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           data)
{
  McReceiptSheet *sheet = g_object_get_data (G_OBJECT (operation), SHEET_KEY);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  McReceiptLayout layout = width < 120 * MM ? MC_RECEIPT_THERMAL : MC_RECEIPT_A4;
  double sheet_width, sheet_height, scale;

  mc_receipt_sheet_get_size (sheet, layout, &sheet_width, &sheet_height);
  scale = MIN (1.0, width / sheet_width);
  if (layout == MC_RECEIPT_A4)
    scale = MIN (scale, height / sheet_height);
  cairo_scale (cr, scale, scale);
  mc_receipt_sheet_draw (sheet, layout, cr);
}

GtkPrintOperation *
mc_receipt_print_operation_new (const McReceiptSheet    *sheet,
                                const char              *printer,
                                GtkPrintOperationAction *action)
{
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  const char *export = g_getenv ("MOTCUA_PRINT_EXPORT");
  McReceiptSheet *copy;
  GtkPrintOperation *operation;

  g_return_val_if_fail (sheet != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  copy = mc_receipt_sheet_copy (sheet);
  operation = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (operation), SHEET_KEY, copy,
                          (GDestroyNotify) mc_receipt_sheet_free);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_job_name (operation, copy->local_number);
  if (printer != NULL && *printer != '\0')
    gtk_print_settings_set_printer (settings, printer);
  gtk_print_operation_set_print_settings (operation, settings);
  *action = GTK_PRINT_OPERATION_ACTION_PRINT;

  /* Through the very same draw-page, into a PDF on an 80 mm roll. */
  if (export != NULL && *export != '\0')
    {
      g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
      g_autoptr(GtkPaperSize) paper = NULL;
      double width, height;

      mc_receipt_sheet_get_size (copy, MC_RECEIPT_THERMAL, &width, &height);
      paper = gtk_paper_size_new_custom ("motcua-roll-80", "80 mm", width, height, GTK_UNIT_POINTS);
      gtk_page_setup_set_paper_size (setup, paper);
      gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
      gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
      gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
      gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
      gtk_print_operation_set_default_page_setup (operation, setup);
      gtk_print_operation_set_export_filename (operation, export);
      *action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }

  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), NULL);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), NULL);

  return operation;
}

typedef struct {
  GtkPrintOperation        **operation;
  GtkWidget                 *button;
  char                      *failure;
  McReceiptPrintStatusFunc   status;
  gpointer                   user_data;
} Print;

static void
print_free (gpointer data,
            GClosure *closure)
{
  Print *print = data;

  g_free (print->failure);
  g_free (print);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               Print                   *print)
{
  GtkPrintOperation **slot = print->operation;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      g_message ("Cannot print a receipt: %s", error != NULL ? error->message : "?");
      print->status (print->user_data, print->failure);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    print->status (print->user_data, _("The receipt was sent to the printer."));
  else
    print->status (print->user_data, NULL);

  gtk_widget_set_sensitive (print->button, TRUE);
  /* Last: clearing it may free @print. */
  if (operation == *slot)
    g_clear_object (slot);
}

void
mc_receipt_print_start (GtkPrintOperation        **operation,
                        const McReceiptSheet      *sheet,
                        const char                *printer,
                        GtkWidget                 *button,
                        const char                *failure,
                        McReceiptPrintStatusFunc   status,
                        gpointer                   user_data)
{
  g_autoptr(GError) error = NULL;
  GtkPrintOperationAction action;
  GtkPrintOperationResult result;
  Print *print;

  if (sheet == NULL || *operation != NULL)
    return;

  *operation = mc_receipt_print_operation_new (sheet, printer, &action);
  print = g_new0 (Print, 1);
  print->operation = operation;
  print->button = button;
  print->failure = g_strdup (failure);
  print->status = status;
  print->user_data = user_data;
  g_signal_connect_data (*operation, "done", G_CALLBACK (print_done_cb), print,
                         print_free, 0);

  gtk_widget_set_sensitive (button, FALSE);
  status (user_data, _("Printing…"));
  result = gtk_print_operation_run (*operation, action,
                                    GTK_WINDOW (gtk_widget_get_root (button)),
                                    &error);
  /* Synchronous outcomes ("done" is not emitted for an immediate error). */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_message ("Cannot print a receipt: %s", error != NULL ? error->message : "?");
      status (user_data, failure);
      gtk_widget_set_sensitive (button, TRUE);
      g_clear_object (operation);
    }
}

void
mc_receipt_print_stop (GtkPrintOperation **operation)
{
  if (*operation == NULL)
    return;
  g_signal_handlers_disconnect_matched (*operation, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        print_done_cb, NULL);
  gtk_print_operation_cancel (*operation);
  g_clear_object (operation);
}
