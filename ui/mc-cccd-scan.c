/* mc-cccd-scan.c: the CCCD QR code read from a scan or a photo.
 *
 * The card's image is personal data: the scanned page lives in a folder of the
 * kiosk's data directory only while it is decoded (McPage deletes its file),
 * the payload is never logged and is wiped once handed over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "mc-application.h"
#include "mc-dossier-page.h"
#include "mc-qr-decode.h"
#include "mc-removable.h"
#include "mc-scan.h"
#include "mc-cccd-scan.h"

#define CARD_DPI 400
/* The card goes in the glass's origin corner; some room around it. */
#define CARD_AREA_W_MM 100.0
#define CARD_AREA_H_MM 70.0
#define MAX_FILES 40
#define MAX_DEPTH 3

struct _McCccdScan
{
  GtkBox        parent_instance;

  GtkWidget    *choices;       /* the scanner / USB choice */
  GtkWidget    *files;         /* the photos on the USB stick */
  GtkWidget    *file_list;
  GtkLabel     *status;
  GtkWidget    *scanner_button;
  GtkWidget    *photo_button;

  McScanner    *scanner;       /* owned ref, nullable: the kiosk's one scanner, during a scan */
  McPage       *page;          /* owned, nullable: the scanned card */
  GCancellable *cancellable;   /* owned, nullable: a scan or decode under way */
};

G_DEFINE_FINAL_TYPE (McCccdScan, mc_cccd_scan, GTK_TYPE_BOX)

enum {
  PAYLOAD_READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One scan or decode under way: its callback may come after the widget went
 * away or started another, which the cancelled cancellable tells. */
typedef struct {
  McCccdScan   *self;         /* owned ref */
  GCancellable *cancellable;  /* owned ref */
} Op;

static Op *
op_new (McCccdScan *self)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->cancellable = g_object_ref (self->cancellable);
  return op;
}

static void
op_free (Op *op)
{
  g_object_unref (op->self);
  g_object_unref (op->cancellable);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static char *
work_dir (void)
{
  GApplication *app = g_application_get_default ();
  const char *base = MC_IS_APPLICATION (app)
                     ? mc_application_get_data_dir (MC_APPLICATION (app)) : NULL;
  char *dir = g_build_filename (base != NULL ? base : g_get_tmp_dir (), "card-scan", NULL);

  g_mkdir_with_parents (dir, 0700);
  return dir;
}

static void
set_status (McCccdScan *self,
            const char *text,
            gboolean    error)
{
  gtk_label_set_label (self->status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static void
set_busy (McCccdScan *self,
          gboolean    busy)
{
  gtk_widget_set_sensitive (self->scanner_button, !busy);
  gtk_widget_set_sensitive (self->photo_button, !busy);
  gtk_widget_set_sensitive (self->files, !busy);
}

static void page_done_cb (McCccdScan *self, McPage *page);

static void
stop (McCccdScan *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->page);
  /* The scanner is the application's (the documents step scans with it too):
   * it stays open; only this widget's claim on it ends. */
  if (self->scanner != NULL)
    g_signal_handlers_disconnect_by_func (self->scanner, page_done_cb, self);
  g_clear_object (&self->scanner);
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(Op) op = data;
  g_autoptr(GError) error = NULL;
  char *payload = mc_qr_decode_finish (result, &error);
  McCccdScan *self = op->self;
  gboolean from_scanner;

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      if (payload != NULL)
        explicit_bzero (payload, strlen (payload));
      g_free (payload);
      return;
    }
  from_scanner = self->scanner != NULL;
  stop (self);
  set_busy (self, FALSE);

  if (payload == NULL)
    {
      g_debug ("No CCCD QR code read: %s", g_quark_to_string (error->domain));
      if (from_scanner && g_error_matches (error, MC_QR_DECODE_ERROR, MC_QR_DECODE_ERROR_NOT_FOUND))
        set_status (self, _("No QR code could be read. Please put the card face down, flat, "
                            "in the top corner of the glass, and scan again."), TRUE);
      else
        set_status (self, error->message, TRUE);
      return;
    }

  set_status (self, NULL, FALSE);
  gtk_widget_set_visible (self->choices, FALSE);
  gtk_widget_set_visible (self->files, FALSE);
  g_signal_emit (self, signals[PAYLOAD_READ], 0, payload);
  explicit_bzero (payload, strlen (payload));
  g_free (payload);
}

static void
scan_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Op) op = data;
  g_autoptr(GError) error = NULL;
  McCccdScan *self = op->self;
  guint n;

  n = mc_scanner_scan_finish (MC_SCANNER (source), result, &error);
  if (g_cancellable_is_cancelled (op->cancellable))
    return;
  /* The pages of this scan are in: the shared scanner's next ones are not ours. */
  g_signal_handlers_disconnect_by_func (source, page_done_cb, self);
  if (n == 0 || self->page == NULL)
    {
      g_debug ("The card could not be scanned");
      stop (self);
      set_busy (self, FALSE);
      set_status (self, error != NULL ? error->message
                                      : _("The card could not be scanned. Please try again."),
                  TRUE);
      return;
    }

  set_status (self, _("Reading the QR code…"), FALSE);
  mc_qr_decode_async (self->page, NULL, NULL, self->cancellable, decoded_cb, op_new (self));
}

static void
page_done_cb (McCccdScan *self,
              McPage     *page)
{
  if (self->cancellable == NULL || self->scanner == NULL)
    return;
  if (self->page == NULL)
    self->page = g_object_ref (page);
}

static void
scanner_clicked_cb (McCccdScan *self)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *dir = work_dir ();
  McScanOptions options;

  stop (self);
  if (!MC_IS_APPLICATION (app))
    return;
  /* One scan at a time: the documents step may be scanning with it. */
  if (mc_scanner_get_busy (mc_application_get_scanner (MC_APPLICATION (app))))
    {
      set_busy (self, FALSE);
      set_status (self, _("The scanner is still busy with another scan. Please wait a moment "
                          "and try again."), TRUE);
      return;
    }
  mc_scan_options_init (&options, MC_PROFILE_PHOTO);
  options.dpi = CARD_DPI;
  options.source = MC_SCAN_SOURCE_FLATBED;
  options.tl_x = 0;
  options.tl_y = 0;
  options.br_x = CARD_AREA_W_MM;
  options.br_y = CARD_AREA_H_MM;
  options.work_dir = dir;

  self->cancellable = g_cancellable_new ();
  /* The kiosk's one scanner: the remembered device ([kiosk] scanner), kept
   * open from the documents step's scans if there were any. */
  self->scanner = g_object_ref (mc_application_get_scanner (MC_APPLICATION (app)));
  g_signal_connect_object (self->scanner, "page-done", G_CALLBACK (page_done_cb), self,
                           G_CONNECT_SWAPPED);
  set_busy (self, TRUE);
  set_status (self, _("Scanning the card…"), FALSE);
  mc_scanner_scan_async (self->scanner, NULL, &options, self->cancellable, scan_done_cb,
                         op_new (self));
}

/* Photos on removable media ------------------------------------------------ */

/* The same places as the documents step's import: MOTCUA_IMPORT_DIR (a
 * test's "USB stick"), then removable media. */
static GPtrArray *
list_images (void)
{
  static const char * const suffixes[] = { ".jpg", ".jpeg", ".png", NULL };

  return mc_removable_list_files (suffixes, MAX_FILES, MAX_DEPTH);
}

static void
file_clicked_cb (GtkButton  *button,
                 McCccdScan *self)
{
  g_autofree char *dir = work_dir ();
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  stop (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  set_status (self, _("Reading the QR code…"), FALSE);
  mc_qr_decode_async (NULL, path, dir, self->cancellable, decoded_cb, op_new (self));
}

static void
photo_clicked_cb (McCccdScan *self)
{
  g_autoptr(GPtrArray) files = list_images ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->file_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->file_list), child);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = g_strconcat ("cccd-file-", base, NULL);
      GtkWidget *button = gtk_button_new_with_label (base);

      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "kiosk-action");
      g_object_set_data_full (G_OBJECT (button), "path", g_strdup (path), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (file_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->file_list), button);
    }

  set_status (self,
              files->len > 0 ? NULL
              /* Translators: no photo found on the USB stick */
              : _("No photo was found. Please plug in the USB stick with a JPEG or PNG photo "
                  "of your card."),
              files->len == 0);
  gtk_widget_set_visible (self->files, files->len > 0);
  /* As a tap does: the focus leaves the form's fields (the on-screen keyboard
   * steps aside) and the list scrolls into view. */
  gtk_widget_grab_focus (files->len > 0 ? gtk_widget_get_first_child (self->file_list)
                                        : self->photo_button);
}

static void
open_clicked_cb (McCccdScan *self)
{
  gboolean open = !gtk_widget_get_visible (self->choices);

  if (!open)
    stop (self);
  set_busy (self, FALSE);
  set_status (self, NULL, FALSE);
  gtk_widget_set_visible (self->choices, open);
  gtk_widget_set_visible (self->files, FALSE);
  gtk_widget_grab_focus (open ? self->scanner_button : gtk_widget_get_first_child (GTK_WIDGET (self)));
}

static void
files_back_clicked_cb (McCccdScan *self)
{
  stop (self);
  set_busy (self, FALSE);
  set_status (self, NULL, FALSE);
  gtk_widget_set_visible (self->files, FALSE);
  gtk_widget_set_visible (self->choices, TRUE);
}

static void
mc_cccd_scan_payload_read (McCccdScan *self,
                           const char *payload)
{
  GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self), MC_TYPE_DOSSIER_PAGE);

  if (page != NULL)
    mc_dossier_page_fill_from_cccd (MC_DOSSIER_PAGE (page), payload);
}

static void
mc_cccd_scan_dispose (GObject *object)
{
  stop (MC_CCCD_SCAN (object));

  G_OBJECT_CLASS (mc_cccd_scan_parent_class)->dispose (object);
}

static void
mc_cccd_scan_class_init (McCccdScanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_cccd_scan_dispose;

  signals[PAYLOAD_READ] =
    g_signal_new_class_handler ("payload-read",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (mc_cccd_scan_payload_read),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
}

static GtkWidget *
button_new (const char *name,
            const char *icon,
            const char *label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_name (button, name);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "kiosk-action");
  return button;
}

static void
mc_cccd_scan_init (McCccdScan *self)
{
  GtkWidget *open, *label, *back, *row;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 10);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);

  /* Translators: on the form: read the CCCD card's QR code from the scanner
   * or a photo, for when the QR reader cannot */
  open = button_new ("cccd-scan", "scanner-symbolic", _("Scan the QR on the card"));
  g_signal_connect_swapped (open, "clicked", G_CALLBACK (open_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), open);

  self->choices = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_name (self->choices, "cccd-scan-choices");
  gtk_widget_set_visible (self->choices, FALSE);
  label = gtk_label_new (_("Put your card face down in the top corner of the scanner’s glass, "
                           "the side with the QR code on the glass, then tap “Scan the card”. "
                           "Or choose a photo of the card from a USB stick."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "kiosk-field-hint");
  gtk_box_append (GTK_BOX (self->choices), label);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->scanner_button = button_new ("cccd-scan-scanner", "scanner-symbolic", _("Scan the card"));
  gtk_widget_add_css_class (self->scanner_button, "suggested-action");
  g_signal_connect_swapped (self->scanner_button, "clicked", G_CALLBACK (scanner_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), self->scanner_button);
  self->photo_button = button_new ("cccd-scan-photo", "drive-removable-media-symbolic",
                                   _("Photo from a USB stick"));
  g_signal_connect_swapped (self->photo_button, "clicked", G_CALLBACK (photo_clicked_cb), self);
  gtk_box_append (GTK_BOX (row), self->photo_button);
  gtk_box_append (GTK_BOX (self->choices), row);
  gtk_box_append (GTK_BOX (self), self->choices);

  self->files = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_name (self->files, "cccd-scan-files");
  gtk_widget_set_visible (self->files, FALSE);
  label = gtk_label_new (_("Which photo shows your card?"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "kiosk-field-hint");
  gtk_box_append (GTK_BOX (self->files), label);
  self->file_list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (self->files), self->file_list);
  back = button_new ("cccd-scan-files-back", "go-previous-symbolic", C_("cccd-scan", "Back"));
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (files_back_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->files), back);
  gtk_box_append (GTK_BOX (self), self->files);

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->status), "cccd-scan-status");
  gtk_label_set_wrap (self->status, TRUE);
  gtk_label_set_xalign (self->status, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "kiosk-cccd-message");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status));
}

GtkWidget *
mc_cccd_scan_new (void)
{
  return g_object_new (MC_TYPE_CCCD_SCAN, NULL);
}
