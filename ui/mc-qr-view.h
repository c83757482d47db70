/* mc-qr-view.h: a widget that shows one QR code (McQr), big and crisp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_QR_VIEW (mc_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (McQrView, mc_qr_view, MC, QR_VIEW, GtkWidget)

GtkWidget  *mc_qr_view_new      (void);
/* Nullable: NULL or "" shows nothing. */
void        mc_qr_view_set_text (McQrView   *self,
                                 const char *text);
const char *mc_qr_view_get_text (McQrView   *self);

G_END_DECLS
