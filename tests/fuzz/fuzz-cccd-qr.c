/* fuzz-cccd-qr.c: libFuzzer entry point for the CCCD QR parser and the HID
 * reader accumulator (clang only; see tests/fuzz/README). The whole input is
 * a payload; it is also typed into a reader with timings taken from its bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "fuzz"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mc-cccd-qr.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCccdCard) card = NULL;
  g_autoptr(McCccdQrReader) reader = mc_cccd_qr_reader_new (0);
  gint64 now = 0;

  card = mc_cccd_qr_parse ((const char *) data, (gssize) size, &error);
  g_assert_true ((card == NULL) != (error == NULL));
  if (card != NULL)
    {
      g_assert_cmpuint (strlen (card->number), ==, 12);
      g_assert_true (g_utf8_validate (card->full_name, -1, NULL));
      g_assert_true (g_utf8_validate (card->address, -1, NULL));
    }

  for (size_t i = 0; i < size; i++)
    {
      g_autofree char *payload = NULL;

      now += data[i] & 0x0f ? 1000 : 50000;
      payload = mc_cccd_qr_reader_feed (reader, data[i] == '#' ? '\r' : data[i], now);
      if (payload != NULL)
        g_assert_cmpuint (strlen (payload), <=, MC_CCCD_QR_MAX_LENGTH);
    }
  return 0;
}
