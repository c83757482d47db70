/* mc-receipt.h: the receipt a citizen takes home (cairo), in two layouts: an
 * 80 mm thermal roll (variable height) and an A4 sheet. The same drawing goes
 * to a printer (the UI hands the print context's cairo_t to mc_receipt_sheet_draw())
 * and to a PDF file (mc_receipt_sheet_write_pdf()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cairo.h>

#include "mc-store.h"

G_BEGIN_DECLS

#define MC_RECEIPT_ERROR (mc_receipt_error_quark ())
typedef enum {
  MC_RECEIPT_ERROR_FAILED,
} McReceiptError;
GQuark mc_receipt_error_quark (void);

typedef enum {
  MC_RECEIPT_THERMAL,  /* 80 mm wide, as tall as the content */
  MC_RECEIPT_A4,       /* 210 × 297 mm */
} McReceiptLayout;

typedef struct {
  char     *office;          /* nullable: "UBND xã …" */
  char     *procedure_name;  /* nullable */
  char     *procedure_code;
  char     *local_number;    /* the kiosk's provisional number */
  char     *dossier_code;    /* nullable: the portal's code, once delivered */
  char     *tracking_url;    /* nullable: drawn as the tracking QR code */
  char     *duration;        /* nullable: the catalogue's processing time */
  gint64    created_at;      /* unix seconds */
  McOutboxState state;
} McReceiptSheet;

/* A receipt for @entry; @tracking_url_pattern (nullable) builds the tracking
 * URL from the dossier code when the portal gave none. The QR code is only
 * there once the portal has the dossier (a provisional number leads nowhere). */
McReceiptSheet *mc_receipt_sheet_new_for_entry (const McOutboxEntry *entry,
                                     const char          *office,
                                     const char          *procedure_name,
                                     const char          *duration,
                                     const char          *tracking_url_pattern);
McReceiptSheet *mc_receipt_sheet_copy    (const McReceiptSheet     *self);
void       mc_receipt_sheet_free          (McReceiptSheet           *self);

/* The page size in points (1/72 inch): the thermal layout's height depends on
 * the content. */
void       mc_receipt_sheet_get_size      (McReceiptSheet           *self,
                                     McReceiptLayout      layout,
                                     double              *width,
                                     double              *height);
/* Draws the receipt with its top-left corner at the origin of @cr, in points. */
void       mc_receipt_sheet_draw          (McReceiptSheet           *self,
                                     McReceiptLayout      layout,
                                     cairo_t             *cr);
/* One page, written to a temporary file and renamed into place. */
gboolean   mc_receipt_sheet_write_pdf     (McReceiptSheet           *self,
                                     McReceiptLayout      layout,
                                     const char          *path,
                                     GError             **error);

/* The expected date, "dd/mm/yyyy", from a processing time such as
 * "5 ngày làm việc" (working days: Saturdays and Sundays skipped), "3 ngày"
 * (calendar days) or "Trong ngày" (the same day), counted from @from; NULL
 * when the time has no unit the kiosk can count with (a bare "1"): then the
 * receipt says to ask the staff. */
char      *mc_receipt_expected_date (const char          *duration,
                                     GDateTime           *from);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReceiptSheet, mc_receipt_sheet_free)

G_END_DECLS
