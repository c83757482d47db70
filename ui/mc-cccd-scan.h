/* mc-cccd-scan.h: "Scan the QR on the card" on the dossier form, for a kiosk
 * without a QR reader or a card the reader cannot read: the card laid on the
 * scanner (SANE, the ID-card corner of the glass, colour, 400 dpi), or a photo
 * of the card chosen from a USB stick; the QR code is read with zbar
 * (mc-qr-decode.h) and handed to the form as a reader would type it
 * (mc_dossier_page_fill_from_cccd()).
 *
 * No camera: zbar's video processor would need a V4L2 camera the kiosks do
 * not have, so it is not offered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_CCCD_SCAN (mc_cccd_scan_get_type ())
G_DECLARE_FINAL_TYPE (McCccdScan, mc_cccd_scan, MC, CCCD_SCAN, GtkBox)

/* Signal "payload-read" (const char *payload): a QR code was read; the
 * default handler gives it to the McDossierPage the widget is in. */
GtkWidget *mc_cccd_scan_new (void);

G_END_DECLS
