/* mc-cccd-qr.c: parsing the chip CCCD card's QR payload, and telling a HID QR
 * reader's keystrokes from a person's. The format and its variants are
 * described in mc-cccd-qr.h.
 *
 * Never log the payload or any field of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-cccd-qr"

#include <string.h>
#include <glib/gi18n.h>

#include "mc-cccd-qr.h"

G_DEFINE_QUARK (mc-cccd-qr-error-quark, mc_cccd_qr_error)

G_DEFINE_BOXED_TYPE (McCccdCard, mc_cccd_card, mc_cccd_card_copy, mc_cccd_card_free)

#define READER_DEFAULT_GAP_US (30 * 1000)
#define READER_MIN_LENGTH     20
#define READER_MIN_BARS       5

McCccdCard *
mc_cccd_card_copy (const McCccdCard *card)
{
  McCccdCard *copy;

  g_return_val_if_fail (card != NULL, NULL);

  copy = g_new (McCccdCard, 1);
  *copy = *card;
  copy->number = g_strdup (card->number);
  copy->old_id = g_strdup (card->old_id);
  copy->full_name = g_strdup (card->full_name);
  copy->address = g_strdup (card->address);
  copy->address_street = g_strdup (card->address_street);
  copy->address_commune = g_strdup (card->address_commune);
  copy->address_district = g_strdup (card->address_district);
  copy->address_province = g_strdup (card->address_province);
  return copy;
}

void
mc_cccd_card_free (McCccdCard *card)
{
  if (card == NULL)
    return;

  g_free (card->number);
  g_free (card->old_id);
  g_free (card->full_name);
  g_free (card->address);
  g_free (card->address_street);
  g_free (card->address_commune);
  g_free (card->address_district);
  g_free (card->address_province);
  g_free (card);
}

/* Runs of white space (NBSP and other Unicode spaces included) become one
 * ASCII space; trimmed. @text is valid UTF-8. */
static char *
collapse_spaces (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == 0x2007)
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* ddmmyyyy; FALSE unless a real date. */
static gboolean
parse_date (const char *s,
            GDate      *out)
{
  int day, month, year;

  g_date_clear (out, 1);
  if (!all_digits (s, 8))
    return FALSE;

  day = (s[0] - '0') * 10 + (s[1] - '0');
  month = (s[2] - '0') * 10 + (s[3] - '0');
  year = (s[4] - '0') * 1000 + (s[5] - '0') * 100 + (s[6] - '0') * 10 + (s[7] - '0');
  if (month < 1 || month > 12 || year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

static McSex
parse_sex (const char *s)
{
  g_autofree char *folded = g_utf8_casefold (s, -1);

  if (strcmp (folded, "nam") == 0)
    return MC_SEX_MALE;
  /* "Nữ", and "Nu" from readers or scanners that drop diacritics. */
  if (strcmp (folded, "nữ") == 0 || strcmp (folded, "nu") == 0)
    return MC_SEX_FEMALE;
  return MC_SEX_UNKNOWN;
}

gboolean
mc_cccd_address_split (const char  *address,
                       char       **out_street,
                       char       **out_commune,
                       char       **out_district,
                       char       **out_province)
{
  g_auto(GStrv) raw = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  char *street = NULL, *commune = NULL, *district = NULL, *province = NULL;
  guint n;

  g_return_val_if_fail (address != NULL, FALSE);

  raw = g_strsplit (address, ",", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *part = g_utf8_validate (raw[i], -1, NULL) ? collapse_spaces (raw[i]) : NULL;

      if (part != NULL && part[0] != '\0')
        g_ptr_array_add (parts, part);
      else
        g_free (part);
    }

  n = parts->len;
  if (n == 1)
    street = g_strdup (parts->pdata[0]);
  if (n >= 2)
    {
      province = g_strdup (parts->pdata[n - 1]);
      district = g_strdup (parts->pdata[n - 2]);
    }
  if (n >= 3)
    commune = g_strdup (parts->pdata[n - 3]);
  if (n >= 4)
    {
      g_ptr_array_set_size (parts, n - 3);
      g_ptr_array_add (parts, NULL);
      street = g_strjoinv (", ", (char **) parts->pdata);
    }

#define OUT(p, v) G_STMT_START { if (p != NULL) *p = v; else g_free (v); } G_STMT_END
  OUT (out_street, street);
  OUT (out_commune, commune);
  OUT (out_district, district);
  OUT (out_province, province);
#undef OUT

  return n > 0;
}

static void
set_field_error (GError     **error,
                 const char  *message)
{
  g_set_error_literal (error, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FIELD, message);
}

McCccdCard *
mc_cccd_qr_parse (const char  *payload,
                  gssize       length,
                  GError     **error)
{
  g_autoptr(McCccdCard) card = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *nfc = NULL;
  g_auto(GStrv) fields = NULL;
  GDate probe;
  const char *end;
  guint n;
  int at = -1;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (payload == NULL)
    length = 0;
  else if (length < 0)
    length = strnlen (payload, MC_CCCD_QR_MAX_LENGTH + 1);

  if (length > MC_CCCD_QR_MAX_LENGTH)
    {
      g_set_error_literal (error, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_TOO_LONG,
                           _("This code is too long to be the QR code of a CCCD card. "
                             "Show the QR code printed on the card."));
      return NULL;
    }

  if (!g_utf8_validate_len (payload != NULL ? payload : "", length, &end))
    {
      g_set_error_literal (error, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT,
                           _("This is not the QR code of a CCCD card. Show the QR code "
                             "printed on the card."));
      return NULL;
    }

  copy = g_strndup (payload != NULL ? payload : "", length);
  g_strstrip (copy);
  if (copy[0] == '\0')
    {
      g_set_error_literal (error, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_EMPTY,
                           _("The QR code was read as empty. Hold the card’s QR code "
                             "to the reader again."));
      return NULL;
    }

  for (const char *p = copy; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0xFFFD)
        {
          g_set_error_literal (error, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT,
                               _("This is not the QR code of a CCCD card. Show the QR code "
                                 "printed on the card."));
          return NULL;
        }
    }

  nfc = g_utf8_normalize (copy, -1, G_NORMALIZE_NFC);
  fields = g_strsplit (nfc, "|", 10);
  n = g_strv_length (fields);
  for (guint i = 0; i < n; i++)
    g_strstrip (fields[i]);
  /* A trailing '|' (seen on 8-field cards) adds an empty field. */
  if (n == 9 && fields[8][0] == '\0')
    {
      g_clear_pointer (&fields[8], g_free);
      n = 8;
    }

  /* The birth date, then the sex: after the name (index 2) in 6-field cards,
   * after the old number and the name (index 3) otherwise. */
  if (n >= 6 && n <= 8)
    {
      for (int i = 3; i >= 2 && at < 0; i--)
        if (parse_date (fields[i], &probe) && parse_sex (fields[i + 1]) != MC_SEX_UNKNOWN)
          at = i;
      /* A CCCD payload with one of the two unreadable: say which. */
      for (int i = 3; i >= 2 && at < 0; i--)
        if (all_digits (fields[i], 8) && all_digits (fields[0], strlen (fields[0]))
            && (i == 2 || all_digits (fields[1], strlen (fields[1]))))
          at = i;
    }

  if (at < 0)
    {
      g_set_error_literal (error, MC_CCCD_QR_ERROR, MC_CCCD_QR_ERROR_FORMAT,
                           _("This is not the QR code of a CCCD card. Show the QR code "
                             "printed on the card."));
      return NULL;
    }

  card = g_new0 (McCccdCard, 1);
  card->n_fields = n;
  g_date_clear (&card->birth_date, 1);
  g_date_clear (&card->issue_date, 1);
  g_date_clear (&card->expiry_date, 1);

  if (!parse_date (fields[at], &card->birth_date))
    {
      set_field_error (error, _("The date of birth in the QR code is not a real date. "
                                "Enter the details by hand."));
      return NULL;
    }

  card->sex = parse_sex (fields[at + 1]);
  if (card->sex == MC_SEX_UNKNOWN)
    {
      set_field_error (error, _("The sex in the QR code is neither “Nam” nor “Nữ”. "
                                "Enter the details by hand."));
      return NULL;
    }

  card->number = g_strdup (fields[0]);
  if (!mc_cccd_validate (card->number, &card->birth_date, card->sex, error))
    return NULL;

  if (at == 3 && fields[1][0] != '\0')
    {
      if (!all_digits (fields[1], 9) && !all_digits (fields[1], 12))
        {
          set_field_error (error, _("The old ID number in the QR code must have 9 or 12 "
                                    "digits. Enter the details by hand."));
          return NULL;
        }
      card->old_id = g_strdup (fields[1]);
    }

  card->full_name = collapse_spaces (fields[at - 1]);
  if (card->full_name[0] == '\0')
    {
      set_field_error (error, _("The QR code has no full name. Enter the details by hand."));
      return NULL;
    }

  card->address = (guint) at + 2 < n ? collapse_spaces (fields[at + 2]) : g_strdup ("");
  mc_cccd_address_split (card->address, &card->address_street, &card->address_commune,
                         &card->address_district, &card->address_province);

  if ((guint) at + 3 < n && fields[at + 3][0] != '\0')
    {
      if (!parse_date (fields[at + 3], &card->issue_date)
          || g_date_compare (&card->issue_date, &card->birth_date) < 0)
        {
          set_field_error (error, _("The issue date in the QR code is not possible. "
                                    "Enter the details by hand."));
          return NULL;
        }
    }

  /* An expiry date when there is one; a text like "Không thời hạn" is no date. */
  if ((guint) at + 4 < n && !parse_date (fields[at + 4], &card->expiry_date))
    g_date_clear (&card->expiry_date, 1);

  return g_steal_pointer (&card);
}

/* The reader accumulator. */

struct _McCccdQrReader
{
  gint64    max_gap_us;
  GString  *burst;       /* the current fast burst */
  guint     burst_chars;
  gint64    last_us;
  gboolean  have_last;
  gboolean  overflow;    /* the burst outgrew a payload: it is no scan */
};

McCccdQrReader *
mc_cccd_qr_reader_new (gint64 max_gap_us)
{
  McCccdQrReader *reader;

  g_return_val_if_fail (max_gap_us >= 0, NULL);

  reader = g_new0 (McCccdQrReader, 1);
  reader->max_gap_us = max_gap_us > 0 ? max_gap_us : READER_DEFAULT_GAP_US;
  reader->burst = g_string_new (NULL);
  return reader;
}

void
mc_cccd_qr_reader_free (McCccdQrReader *reader)
{
  if (reader == NULL)
    return;

  /* The buffer may hold personal data: wipe it. */
  memset (reader->burst->str, 0, reader->burst->allocated_len);
  g_string_free (reader->burst, TRUE);
  g_free (reader);
}

void
mc_cccd_qr_reader_reset (McCccdQrReader *reader)
{
  g_return_if_fail (reader != NULL);

  memset (reader->burst->str, 0, reader->burst->len);
  g_string_truncate (reader->burst, 0);
  reader->burst_chars = 0;
  reader->have_last = FALSE;
  reader->overflow = FALSE;
}

guint
mc_cccd_qr_reader_get_burst_length (McCccdQrReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->burst_chars;
}

char *
mc_cccd_qr_reader_feed (McCccdQrReader *reader,
                        gunichar        key,
                        gint64          time_us)
{
  gboolean fast;

  g_return_val_if_fail (reader != NULL, NULL);

  fast = reader->have_last && time_us >= reader->last_us
         && time_us - reader->last_us <= reader->max_gap_us;

  if (key == '\r' || key == '\n')
    {
      char *payload = NULL;
      guint bars = 0;

      for (const char *p = reader->burst->str; *p != '\0'; p++)
        bars += *p == '|';
      if (fast && !reader->overflow && reader->burst->len >= READER_MIN_LENGTH
          && bars >= READER_MIN_BARS)
        payload = g_strdup (reader->burst->str);
      mc_cccd_qr_reader_reset (reader);
      return payload;
    }

  if (key == 0 || !g_unichar_validate (key) || g_unichar_iscntrl (key))
    {
      mc_cccd_qr_reader_reset (reader);
      return NULL;
    }

  if (!fast)
    mc_cccd_qr_reader_reset (reader);

  if (reader->burst->len + 6 > MC_CCCD_QR_MAX_LENGTH)
    reader->overflow = TRUE;
  else
    g_string_append_unichar (reader->burst, key);
  reader->burst_chars++;
  reader->last_us = time_us;
  reader->have_last = TRUE;
  return NULL;
}
