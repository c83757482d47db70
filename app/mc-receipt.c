/* mc-receipt.c: the receipt layout (cairo), for printer and PDF.
 *
 * Text is drawn with cairo's own text API and a sans-serif face that has the
 * Vietnamese letters (DejaVu Sans on Debian): no shaping is needed for NFC
 * Vietnamese, and the app/ room stays free of Pango. Lines are wrapped at
 * word boundaries here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "mc-receipt"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>

#include "mc-config.h"
#include "mc-qr.h"
#include "mc-receipt.h"
#include "mc-text.h"

G_DEFINE_QUARK (mc-receipt-error-quark, mc_receipt_error)

#define MM (72.0 / 25.4)
#define FONT "DejaVu Sans"

McReceiptSheet *
mc_receipt_sheet_new_for_entry (const McOutboxEntry *entry,
                          const char          *office,
                          const char          *procedure_name,
                          const char          *duration,
                          const char          *tracking_url_pattern)
{
  McReceiptSheet *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_new0 (McReceiptSheet, 1);
  self->office = g_strdup (office != NULL && *office != '\0' ? office : NULL);
  self->procedure_name = g_strdup (procedure_name);
  self->procedure_code = g_strdup (entry->procedure_code);
  self->local_number = g_strdup (entry->local_number);
  self->duration = g_strdup (duration);
  self->created_at = entry->created_at;
  self->state = entry->state;

  if (entry->state == MC_OUTBOX_DELIVERED && entry->dossier_code != NULL)
    {
      self->dossier_code = g_strdup (entry->dossier_code);
      if (entry->tracking_url != NULL && *entry->tracking_url != '\0')
        self->tracking_url = g_strdup (entry->tracking_url);
      else if (tracking_url_pattern != NULL && *tracking_url_pattern != '\0')
        self->tracking_url = mc_config_expand_url (tracking_url_pattern, entry->dossier_code);
    }

  return self;
}

McReceiptSheet *
mc_receipt_sheet_copy (const McReceiptSheet *self)
{
  McReceiptSheet *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->office = g_strdup (self->office);
  copy->procedure_name = g_strdup (self->procedure_name);
  copy->procedure_code = g_strdup (self->procedure_code);
  copy->local_number = g_strdup (self->local_number);
  copy->dossier_code = g_strdup (self->dossier_code);
  copy->tracking_url = g_strdup (self->tracking_url);
  copy->duration = g_strdup (self->duration);
  return copy;
}

void
mc_receipt_sheet_free (McReceiptSheet *self)
{
  if (self == NULL)
    return;

  g_free (self->office);
  g_free (self->procedure_name);
  g_free (self->procedure_code);
  g_free (self->local_number);
  g_free (self->dossier_code);
  g_free (self->tracking_url);
  g_free (self->duration);
  g_free (self);
}

/* Expected date */

char *
mc_receipt_expected_date (const char *duration,
                          GDateTime  *from)
{
  g_autofree char *folded = NULL;
  g_autoptr(GDateTime) day = NULL;
  const char *p;
  char *end = NULL;
  guint64 n;

  g_return_val_if_fail (from != NULL, NULL);

  if (duration == NULL)
    return NULL;

  folded = mc_text_fold (duration);
  g_strstrip (folded);

  if (g_str_has_prefix (folded, "trong ngay"))
    return mc_text_format_date (from);

  for (p = folded; *p != '\0' && !g_ascii_isdigit (*p); p++)
    ;
  /* Only "N ngày …" at the start: "Trực tiếp: 5 ngày" and the like are too
   * varied to trust. */
  if (p != folded || *p == '\0')
    return NULL;

  n = g_ascii_strtoull (p, &end, 10);
  if (end == p || n == 0 || n > 365)
    return NULL;
  while (*end == ' ')
    end++;
  if (!g_str_has_prefix (end, "ngay"))
    return NULL;
  end += strlen ("ngay");
  while (*end == ' ')
    end++;

  day = g_date_time_ref (from);
  if (g_str_has_prefix (end, "lam viec"))
    {
      guint left = n;

      while (left > 0)
        {
          GDateTime *next = g_date_time_add_days (day, 1);
          int dow;

          g_date_time_unref (day);
          day = next;
          dow = g_date_time_get_day_of_week (day);
          if (dow != 6 && dow != 7)
            left--;
        }
    }
  else
    {
      GDateTime *next = g_date_time_add_days (day, (int) n);

      g_date_time_unref (day);
      day = next;
    }

  return mc_text_format_date (day);
}

/* Drawing */

typedef struct {
  double width;        /* page width */
  double margin;
  double body;         /* font sizes */
  double small;
  double title;
  double number;
  double qr_side;
} Style;

static void
get_style (McReceiptLayout layout,
           Style          *style)
{
  if (layout == MC_RECEIPT_A4)
    *style = (Style) { 210 * MM, 20 * MM, 13, 11, 20, 22, 60 * MM };
  else
    *style = (Style) { 80 * MM, 4 * MM, 9, 8, 12, 13, 40 * MM };
}

typedef struct {
  cairo_t    *cr;
  const Style *style;
  double      y;
  gboolean    draw;   /* FALSE: only measure */
} Pen;

/* Draws @text wrapped to the text width, aligned left or centred; advances. */
static void
pen_text (Pen        *pen,
          const char *text,
          double      size,
          gboolean    bold,
          gboolean    centred)
{
  double left = pen->style->margin;
  double max = pen->style->width - 2 * pen->style->margin;
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  cairo_font_extents_t fe;
  guint i;

  if (text == NULL || *text == '\0')
    return;

  cairo_select_font_face (pen->cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (pen->cr, size);
  cairo_font_extents (pen->cr, &fe);

  words = g_strsplit_set (text, " \n", -1);
  for (i = 0; ; i++)
    {
      gboolean flush = words[i] == NULL;

      if (!flush && *words[i] == '\0')
        continue;

      if (!flush && line->len > 0)
        {
          g_autofree char *candidate = g_strconcat (line->str, " ", words[i], NULL);
          cairo_text_extents_t te;

          cairo_text_extents (pen->cr, candidate, &te);
          if (te.x_advance > max)
            flush = TRUE;
        }

      if (flush && line->len > 0)
        {
          cairo_text_extents_t te;
          double x = left;

          cairo_text_extents (pen->cr, line->str, &te);
          if (centred && te.x_advance < max)
            x = left + (max - te.x_advance) / 2;
          pen->y += fe.ascent;
          if (pen->draw)
            {
              cairo_move_to (pen->cr, x, pen->y);
              cairo_show_text (pen->cr, line->str);
            }
          pen->y += fe.descent + size * 0.15;
          g_string_truncate (line, 0);
        }

      if (words[i] == NULL)
        break;
      if (line->len > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, words[i]);
    }
}

static void
pen_space (Pen    *pen,
           double  amount)
{
  pen->y += amount;
}

static void
pen_rule (Pen *pen)
{
  pen->y += pen->style->body * 0.5;
  if (pen->draw)
    {
      cairo_save (pen->cr);
      cairo_set_line_width (pen->cr, 0.8);
      cairo_set_dash (pen->cr, (double[]) { 3, 2 }, 2, 0);
      cairo_move_to (pen->cr, pen->style->margin, pen->y);
      cairo_line_to (pen->cr, pen->style->width - pen->style->margin, pen->y);
      cairo_stroke (pen->cr);
      cairo_restore (pen->cr);
    }
  pen->y += pen->style->body * 0.8;
}

/* A label and its value: "Provisional number" over the value in big type. */
static void
pen_fact (Pen        *pen,
          const char *label,
          const char *value,
          double      value_size)
{
  pen_text (pen, label, pen->style->small, FALSE, TRUE);
  pen_text (pen, value, value_size, TRUE, TRUE);
  pen_space (pen, pen->style->body * 0.5);
}

static double
layout_receipt (McReceiptSheet       *self,
                McReceiptLayout  layout,
                cairo_t         *cr,
                gboolean         draw)
{
  Style style;
  Pen pen = { cr, &style, 0, draw };
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *when = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *code_line = NULL;
  const char *next;

  get_style (layout, &style);
  pen.y = style.margin;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  if (self->office != NULL)
    pen_text (&pen, self->office, style.body, TRUE, TRUE);
  pen_space (&pen, style.body * 0.3);
  /* Translators: the heading of the printed receipt */
  pen_text (&pen, _("DOSSIER RECEIPT"), style.title, TRUE, TRUE);
  pen_rule (&pen);

  pen_text (&pen, self->procedure_name, style.body, TRUE, TRUE);
  /* Translators: on the printed receipt; %s is a code like 1.001193 */
  code_line = g_strdup_printf (_("Procedure code: %s"), self->procedure_code);
  pen_text (&pen, code_line, style.small, FALSE, TRUE);
  pen_rule (&pen);

  pen_fact (&pen, _("Provisional number"), self->local_number, style.number);
  pen_fact (&pen, _("Dossier code"),
            self->dossier_code != NULL
              ? self->dossier_code
              /* Translators: on the receipt, instead of the portal's dossier
               * code while the dossier has not reached the portal */
              : _("waiting to be sent"),
            self->dossier_code != NULL ? style.number : style.body);

  if (self->tracking_url != NULL)
    {
      g_autoptr(McQr) qr = mc_qr_new (self->tracking_url, NULL);

      if (qr != NULL)
        {
          if (draw)
            mc_qr_draw (qr, cr, (style.width - style.qr_side) / 2, pen.y, style.qr_side);
          pen.y += style.qr_side;
          pen_text (&pen, _("Scan to follow your dossier on your phone"),
                    style.small, FALSE, TRUE);
        }
    }
  pen_rule (&pen);

  created = g_date_time_new_from_unix_local (self->created_at);
  if (created != NULL)
    {
      g_autofree char *stamp = mc_text_format_date_time (created);

      /* Translators: on the receipt; %s is "14:05 23/11/2026" */
      when = g_strdup_printf (_("Submitted at %s"), stamp);
      pen_text (&pen, when, style.body, FALSE, FALSE);
      expected = mc_receipt_expected_date (self->duration, created);
    }

  pen_space (&pen, style.body * 0.4);
  /* Translators: a heading on the receipt */
  pen_text (&pen, _("What happens next"), style.body, TRUE, FALSE);
  switch (self->state)
    {
    case MC_OUTBOX_DELIVERED:
      next = _("The office has your dossier and will process it. Keep this receipt; "
               "bring it and your CCCD card when you collect the result.");
      break;
    case MC_OUTBOX_REJECTED:
      next = _("The portal did not accept this dossier. Please show this receipt to "
               "the staff at the counter.");
      break;
    case MC_OUTBOX_QUEUED:
    case MC_OUTBOX_SENDING:
    default:
      next = _("The kiosk will send your dossier to the portal as soon as the network "
               "is available; the staff can look it up by the provisional number. "
               "Keep this receipt.");
      break;
    }
  pen_text (&pen, next, style.body, FALSE, FALSE);

  pen_space (&pen, style.body * 0.4);
  if (expected != NULL && self->state != MC_OUTBOX_REJECTED)
    /* Translators: on the receipt; %s is a date like 30/11/2026, then the
     * processing time as the procedure catalogue gives it */
    expected_text = g_strdup_printf (_("Expected result: %s (%s)"), expected, self->duration);
  else
    expected_text = g_strdup (_("Expected result: please ask the staff at the counter"));
  pen_text (&pen, expected_text, style.body, TRUE, FALSE);

  pen.y += style.margin;
  cairo_restore (cr);

  return pen.y;
}

void
mc_receipt_sheet_get_size (McReceiptSheet       *self,
                     McReceiptLayout  layout,
                     double          *width,
                     double          *height)
{
  Style style;

  g_return_if_fail (self != NULL);

  get_style (layout, &style);
  if (width != NULL)
    *width = style.width;
  if (height != NULL)
    {
      if (layout == MC_RECEIPT_A4)
        *height = 297 * MM;
      else
        {
          cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
          cairo_t *cr = cairo_create (surface);

          *height = layout_receipt (self, layout, cr, FALSE);
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
        }
    }
}

void
mc_receipt_sheet_draw (McReceiptSheet       *self,
                 McReceiptLayout  layout,
                 cairo_t         *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  layout_receipt (self, layout, cr, TRUE);
}

gboolean
mc_receipt_sheet_write_pdf (McReceiptSheet       *self,
                      McReceiptLayout  layout,
                      const char      *path,
                      GError         **error)
{
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  mc_receipt_sheet_get_size (self, layout, &width, &height);
  tmp = g_strconcat (path, ".part", NULL);

  surface = cairo_pdf_surface_create (tmp, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->local_number);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  mc_receipt_sheet_draw (self, layout, cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, MC_RECEIPT_ERROR, MC_RECEIPT_ERROR_FAILED,
                   _("The receipt could not be written: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The receipt could not be written: %s"), g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
