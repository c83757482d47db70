/* mc-qr-decode.h: finding and reading a QR code in an image (libzbar): the
 * QR on a citizen's identity card laid on the scanner, or in a photo of the
 * card brought on a USB stick.
 *
 * What is decoded is usually personal data (a CCCD payload): never log it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-pages.h"

G_BEGIN_DECLS

#define MC_QR_DECODE_ERROR (mc_qr_decode_error_quark ())
/* Every message is a translated sentence fit to show to the citizen. */
typedef enum {
  MC_QR_DECODE_ERROR_NOT_FOUND,  /* no readable QR code in the image */
  MC_QR_DECODE_ERROR_FAILED,     /* the image could not be read */
} McQrDecodeError;
GQuark mc_qr_decode_error_quark (void);

/* The text of the first QR code found in an 8-bit gray image (rows of @stride
 * bytes), as its raw bytes (zbar's binary mode: no guessing of a legacy
 * character set; a CCCD payload is UTF-8), NUL-terminated. When the image as
 * it is gives nothing, a half-size copy and a thresholded copy are tried too
 * (sensor noise and a faint print defeat zbar's own binarizer less often
 * then). NULL and MC_QR_DECODE_ERROR_NOT_FOUND when none is readable. */
char *mc_qr_decode_gray  (const guint8  *pixels,
                          int            width,
                          int            height,
                          int            stride,
                          GError       **error);
/* The same on a scanned page (gray or colour). */
char *mc_qr_decode_page  (McPage        *page,
                          GError       **error);
/* The same on a JPEG or PNG file (a photo of the card), imported through
 * mc_page_import_image() into @work_dir (the temporary page is deleted). */
char *mc_qr_decode_file  (const char    *path,
                          const char    *work_dir,
                          GError       **error);

/* mc_qr_decode_page()/mc_qr_decode_file() in a worker thread: @page or @path
 * (exactly one non-NULL). */
void  mc_qr_decode_async  (McPage              *page,
                           const char          *path,
                           const char          *work_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
char *mc_qr_decode_finish (GAsyncResult        *result,
                           GError             **error);

G_END_DECLS
