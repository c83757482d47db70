/* mc-qr.h: QR codes (libqrencode) as a module grid that a widget or a PDF draws
 * with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cairo.h>

G_BEGIN_DECLS

#define MC_QR_ERROR (mc_qr_error_quark ())
typedef enum {
  MC_QR_ERROR_ENCODE,
} McQrError;
GQuark mc_qr_error_quark (void);

typedef struct _McQr McQr;

/* Encodes @text (UTF-8, 8-bit mode, error correction M). */
McQr    *mc_qr_new      (const char  *text,
                         GError     **error);
void     mc_qr_free     (McQr        *self);
/* Modules per side, without the quiet zone. */
int      mc_qr_get_size (McQr        *self);
gboolean mc_qr_is_dark  (McQr        *self,
                         int          x,
                         int          y);
/* Draws the code with a 4-module quiet zone, black on white, filling the square
 * (x, y, side, side) with whole-pixel modules, centred. */
void     mc_qr_draw     (McQr        *self,
                         cairo_t     *cr,
                         double       x,
                         double       y,
                         double       side);
/* For tests and printing: the code as a PNG file, @module_px pixels a module. */
gboolean mc_qr_write_png (McQr       *self,
                          const char *path,
                          int         module_px,
                          GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McQr, mc_qr_free)

G_END_DECLS
