/* mc-qr.c: QR codes with libqrencode, drawn with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-qr"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <qrencode.h>

#include "mc-qr.h"

/* The text may be a tracking address with a dossier code: never log it. */

G_DEFINE_QUARK (mc-qr-error-quark, mc_qr_error)

#define QUIET_ZONE 4  /* modules on each side, as ISO/IEC 18004 asks */

struct _McQr
{
  int     size;     /* modules per side */
  guint8 *modules;  /* owned, size * size, row by row, 1 = dark */
};

McQr *
mc_qr_new (const char  *text,
           GError     **error)
{
  QRcode *code;
  McQr *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text[0] == '\0')
    {
      g_set_error_literal (error, MC_QR_ERROR, MC_QR_ERROR_ENCODE,
                           _("There is no text to put in the QR code."));
      return NULL;
    }

  /* 8-bit mode for the UTF-8 bytes (digit and letter runs still get the compact
   * modes), case kept, version as small as the text allows. */
  errno = 0;
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      int saved_errno = errno;

      if (saved_errno == ERANGE)
        g_set_error_literal (error, MC_QR_ERROR, MC_QR_ERROR_ENCODE,
                             _("The text is too long for a QR code."));
      else
        g_set_error (error, MC_QR_ERROR, MC_QR_ERROR_ENCODE,
                     _("Could not make the QR code: %s"), g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (McQr, 1);
  self->size = code->width;
  self->modules = g_malloc ((gsize) code->width * code->width);
  /* Bit 0 of each libqrencode byte is the colour; the other bits say which part
   * of the symbol the module belongs to. */
  for (int i = 0; i < code->width * code->width; i++)
    self->modules[i] = code->data[i] & 1;
  QRcode_free (code);

  return self;
}

void
mc_qr_free (McQr *self)
{
  if (self == NULL)
    return;

  g_free (self->modules);
  g_free (self);
}

int
mc_qr_get_size (McQr *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

gboolean
mc_qr_is_dark (McQr *self,
               int   x,
               int   y)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (x < 0 || y < 0 || x >= self->size || y >= self->size)
    return FALSE;
  return self->modules[y * self->size + x] != 0;
}

void
mc_qr_draw (McQr    *self,
            cairo_t *cr,
            double   x,
            double   y,
            double   side)
{
  int total;
  double module;
  double margin;
  double ox, oy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (side <= 0)
    return;

  total = self->size + 2 * QUIET_ZONE;
  /* Whole pixels per module keep every edge sharp for a camera; only when the
   * square is too small for that do modules become fractional. */
  module = (int) (side / total);
  if (module < 1)
    module = side / total;
  margin = (int) ((side - module * total) / 2);
  ox = x + margin + QUIET_ZONE * module;
  oy = y + margin + QUIET_ZONE * module;

  cairo_save (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, side, side);
  cairo_fill (cr);

  /* One rectangle per horizontal run of dark modules: no hairline seams between
   * neighbours in PDF viewers. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < self->size; row++)
    {
      int col = 0;

      while (col < self->size)
        {
          int start;

          if (!self->modules[row * self->size + col])
            {
              col++;
              continue;
            }
          start = col;
          while (col < self->size && self->modules[row * self->size + col])
            col++;
          cairo_rectangle (cr, ox + start * module, oy + row * module,
                           (col - start) * module, module);
        }
    }
  cairo_fill (cr);

  cairo_restore (cr);
}

gboolean
mc_qr_write_png (McQr       *self,
                 const char *path,
                 int         module_px,
                 GError    **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int side;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (module_px >= 1 && module_px <= 100, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  side = (self->size + 2 * QUIET_ZONE) * module_px;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  cr = cairo_create (surface);
  mc_qr_draw (self, cr, 0, 0, side);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the QR code image: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
