/* mc-scan-page.c: scanning the pages of one document: the scanner, "Scan a
 * page" (flatbed) or "Scan a stack" (feeder), progress and Cancel, a big
 * preview of the chosen page, the thumbnails, and the edits (rotate, crop to
 * a paper size or to the paper found on the glass, delete, move, scan again).
 * The pages live in the McDocument (on disk); this page only shows them.
 *
 * Pages are immutable: a crop puts a new page in the old one's place. The
 * page as scanned is kept (in "uncropped", while this view lives) so that
 * "Undo crop" can put it back, and a second crop starts from it rather than
 * from the first crop's result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-scan-page.h"
#include "mc-speak-button.h"
#include "mc-speech.h"

#define PREVIEW_W 560
#define PREVIEW_H 620
#define THUMB_W 120
#define THUMB_H 160

struct _McScanPage
{
  GtkBox        parent_instance;

  McScanner    *scanner;    /* owned ref: the kiosk's one scanner, shared */
  McDocument   *document;   /* owned ref */
  GCancellable *cancellable;
  GPtrArray    *devices;    /* McScanDevice*, NULL until listed */
  gboolean      listing;
  int           selected;   /* page index, -1: none */
  int           rescan;     /* the page a scan replaces, -1: append */

  GtkWidget    *device_dropdown;
  GtkLabel     *title_label;
  McSpeakButton *speak_button;
  GtkStringList *device_names;
  GtkLabel     *status_label;
  GtkWidget    *import_button;
  GtkWidget    *refresh_button;
  GtkWidget    *scan_button;
  GtkWidget    *adf_button;
  GtkWidget    *photo_toggle;
  GtkWidget    *progress_box;
  GtkProgressBar *progress;
  GtkWidget    *cancel_button;
  GtkPicture   *preview;
  GtkLabel     *page_label;
  GtkFlowBox   *thumbs;
  GtkWidget    *edit_box;
  GtkWidget    *left_column;  /* the preview and the thumbnails */
  GtkWidget    *earlier_button;
  GtkWidget    *later_button;
  GtkWidget    *done_button;
  GtkWidget    *crop_box;
  GtkWidget    *undo_crop_button;
  GHashTable   *uncropped;    /* McPage (a crop) → McPage (as scanned), both owned */
};

G_DEFINE_FINAL_TYPE (McScanPage, mc_scan_page, GTK_TYPE_BOX)

enum { SIGNAL_DONE, SIGNAL_IMPORT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A cairo RGB24 surface as a texture (its unused byte forced opaque). */
static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint8 *copy;
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  copy = g_malloc ((gsize) width * height * 4);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 p = *(const guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
        guint8 *q = copy + ((gsize) y * width + x) * 4;

        q[0] = (p >> 16) & 0xff;
        q[1] = (p >> 8) & 0xff;
        q[2] = p & 0xff;
        q[3] = 0xff;
      }
  bytes = g_bytes_new_take (copy, (gsize) width * height * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, (gsize) width * 4);
}

static GdkTexture *
page_texture (McPage *page,
              int     max_width,
              int     max_height)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = mc_page_create_preview (page, max_width, max_height, &error);
  GdkTexture *texture;

  if (surface == NULL)
    {
      g_message ("Cannot make a page preview: %s", error->message);
      return NULL;
    }
  texture = texture_from_surface (surface);
  cairo_surface_destroy (surface);
  return texture;
}

static void
update_buttons (McScanPage *self)
{
  guint n = mc_document_get_n_pages (self->document);
  gboolean busy = self->cancellable != NULL;
  gboolean have_device = self->devices != NULL && self->devices->len > 0;
  gboolean none = !self->listing && self->devices != NULL && !have_device;

  gtk_widget_set_sensitive (self->scan_button, !busy && have_device);
  gtk_widget_set_sensitive (self->adf_button, !busy && have_device);
  gtk_widget_set_sensitive (self->device_dropdown, !busy && have_device);
  gtk_widget_set_visible (self->device_dropdown, have_device && self->devices->len > 1);
  gtk_widget_set_visible (self->import_button, none);
  gtk_widget_set_visible (self->refresh_button, none);
  /* Without a scanner, only the way out shows: no buttons that do nothing. */
  gtk_widget_set_visible (self->scan_button, !none);
  gtk_widget_set_visible (self->adf_button, !none);
  gtk_widget_set_visible (self->photo_toggle, !none);
  gtk_widget_set_visible (self->edit_box, !none || n > 0);
  gtk_widget_set_visible (self->done_button, !none || n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->page_label), !none || n > 0);
  gtk_widget_set_visible (self->left_column, !none || n > 0);
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_widget_set_sensitive (self->photo_toggle, !busy);
  gtk_widget_set_sensitive (self->edit_box, !busy && self->selected >= 0 && (guint) self->selected < n);
  gtk_widget_set_sensitive (self->earlier_button, self->selected > 0);
  gtk_widget_set_sensitive (self->later_button, self->selected >= 0 && (guint) self->selected + 1 < n);
  gtk_widget_set_sensitive (self->done_button, !busy && n > 0);
  gtk_widget_set_visible (self->crop_box, n > 0);
  gtk_widget_set_sensitive (self->crop_box, !busy && self->selected >= 0 && (guint) self->selected < n);
  gtk_widget_set_visible (self->undo_crop_button,
                          self->selected >= 0 && (guint) self->selected < n
                          && g_hash_table_contains (self->uncropped,
                                                    mc_document_get_page (self->document, self->selected)));

  if (n > 0)
    /* Translators: the scan button once the document has pages */
    gtk_button_set_label (GTK_BUTTON (self->scan_button), _("Scan another page"));
  else
    /* Translators: scans one page on the scanner's glass */
    gtk_button_set_label (GTK_BUTTON (self->scan_button), _("Scan a page"));
}

static void
show_selected (McScanPage *self)
{
  guint n = mc_document_get_n_pages (self->document);
  g_autoptr(GdkTexture) texture = NULL;

  if (self->selected >= (int) n)
    self->selected = (int) n - 1;

  if (self->selected >= 0)
    {
      g_autofree char *text = NULL;

      texture = page_texture (mc_document_get_page (self->document, self->selected),
                              PREVIEW_W, PREVIEW_H);
      /* Translators: under the big preview: "Page 2 of 3" */
      text = g_strdup_printf (_("Page %u of %u"), (guint) self->selected + 1, n);
      gtk_label_set_label (self->page_label, text);
      gtk_flow_box_select_child (self->thumbs,
                                 gtk_flow_box_get_child_at_index (self->thumbs, self->selected));
    }
  else
    gtk_label_set_label (self->page_label,
                         /* Translators: where the preview will be, before any page */
                         _("Put the first page face down on the scanner's glass, in the corner with the arrow, then press \"Scan a page\"."));

  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->preview), texture != NULL);
  /* The hint sits in the middle of the empty frame. */
  gtk_widget_set_vexpand (GTK_WIDGET (self->page_label), texture == NULL);
  update_buttons (self);
}

/* Read aloud: the paper's name, what just happened, and how to scan. */
static void
update_speech (McScanPage *self,
               const char *status)
{
  g_autoptr(GString) speech = g_string_new (NULL);

  if (self->speak_button == NULL)
    return;
  mc_speech_append_sentence (speech, gtk_label_get_label (self->title_label));
  mc_speech_append_sentence (speech, status);
  mc_speech_append_sentence (speech,
                             _("Put the page face down on the scanner's glass, in the corner "
                               "with the arrow, then tap \"Scan a page\". When every page is "
                               "scanned, tap \"Done with this document\"."));
  mc_speak_button_set_text (self->speak_button, speech->str);
}

static void
set_status (McScanPage *self,
            const char *text,
            gboolean    is_error)
{
  update_speech (self, text);
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static GtkWidget *
create_thumb_cb (gpointer item,
                 gpointer user_data)
{
  GListModel *pages = user_data;
  g_autoptr(GdkTexture) texture = page_texture (MC_PAGE (item), THUMB_W, THUMB_H);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  guint n = g_list_model_get_n_items (pages);
  guint index = 0;
  g_autofree char *name = NULL;

  /* Named by its place among the pages, for a screen reader. */
  for (; index < n; index++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (pages, index);

      if (page == item)
        break;
    }
  /* Translators: the accessible name of a scanned page's thumbnail: "Page 2 of 3" */
  name = g_strdup_printf (_("Page %u of %u"), index + 1, n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_set_size_request (picture, THUMB_W, THUMB_H);
  gtk_widget_add_css_class (picture, "scan-thumb");
  return picture;
}

static void
thumb_activated_cb (McScanPage    *self,
                    GtkFlowBoxChild *child,
                    GtkFlowBox    *box)
{
  int index = gtk_flow_box_child_get_index (child);

  if (index == self->selected)
    return;
  self->selected = index;
  show_selected (self);
}

static void
selection_changed_cb (McScanPage *self,
                      GtkFlowBox *box)
{
  g_autoptr(GList) children = gtk_flow_box_get_selected_children (box);

  if (children != NULL)
    thumb_activated_cb (self, children->data, box);
}

/* Devices ----------------------------------------------------------------- */

static void
devices_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McScanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *devices = mc_scanner_list_devices_finish (MC_SCANNER (source), result, &error);
  const char *last = mc_scanner_get_last_device (self->scanner);
  guint chosen = 0;

  self->listing = FALSE;
  if (self->scan_button == NULL)  /* disposed meanwhile */
    {
      g_clear_pointer (&devices, g_ptr_array_unref);
      return;
    }

  g_clear_pointer (&self->devices, g_ptr_array_unref);
  self->devices = devices != NULL ? devices : g_ptr_array_new ();
  gtk_string_list_splice (self->device_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->device_names)), NULL);
  for (guint i = 0; i < self->devices->len; i++)
    {
      McScanDevice *device = self->devices->pdata[i];
      g_autofree char *label = g_strdup_printf ("%s %s", device->vendor ? device->vendor : "",
                                                device->model ? device->model : "");

      gtk_string_list_append (self->device_names, g_strstrip (label));
      if (g_strcmp0 (device->name, last) == 0)
        chosen = i;
    }
  if (self->devices->len > 0)
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->device_dropdown), chosen);
      set_status (self, NULL, FALSE);
    }
  else
    set_status (self,
                /* Translators: the scan step when no scanner answers */
                _("No scanner is connected. You can bring the document as a file on a USB stick instead."),
                TRUE);
  update_buttons (self);
}

static void list_devices (McScanPage *self);

/* The scanner remembered from an earlier run answered (the page can scan at
 * once, with no probe of every backend), or not (then the full search). */
static void
open_remembered_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(McScanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = mc_scanner_open_device_finish (MC_SCANNER (source), result, &error);
  const char *name = mc_scanner_get_last_device (self->scanner);
  McScanDevice device = { (char *) name, NULL, (char *) name, NULL };

  self->listing = FALSE;
  if (self->scan_button == NULL)
    return;
  if (!ok || name == NULL)
    {
      g_debug ("The remembered scanner does not answer: %s", error ? error->message : "none");
      list_devices (self);
      return;
    }
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scan_device_free);
  g_ptr_array_add (self->devices, mc_scan_device_copy (&device));
  gtk_string_list_splice (self->device_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->device_names)), NULL);
  gtk_string_list_append (self->device_names, name);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->device_dropdown), 0);
  set_status (self, NULL, FALSE);
  update_buttons (self);
}

static void
find_scanner (McScanPage *self)
{
  const char *last = mc_scanner_get_last_device (self->scanner);

  if (self->listing)
    return;
  if (last == NULL || *last == '\0')
    {
      list_devices (self);
      return;
    }
  self->listing = TRUE;
  /* Translators: while the kiosk looks for scanners (it takes a few seconds) */
  set_status (self, _("Looking for the scanner…"), FALSE);
  mc_scanner_open_device_async (self->scanner, last, NULL, open_remembered_cb, g_object_ref (self));
}

static void
list_devices (McScanPage *self)
{
  if (self->listing)
    return;
  self->listing = TRUE;
  /* Translators: while the kiosk looks for scanners (it takes a few seconds) */
  set_status (self, _("Looking for the scanner…"), FALSE);
  mc_scanner_list_devices_async (self->scanner, NULL, devices_cb, g_object_ref (self));
}

/* Scanning ---------------------------------------------------------------- */

static void
page_started_cb (McScanPage *self,
                 guint       index,
                 McScanner  *scanner)
{
  g_autofree char *text = NULL;

  if (self->cancellable == NULL)   /* another screen's scan */
    return;
  /* Translators: progress while a page is scanned; %u is the page within this scan */
  text = g_strdup_printf (_("Scanning page %u…"), index + 1);
  set_status (self, text, FALSE);
  gtk_progress_bar_set_fraction (self->progress, 0);
}

static void
progress_cb (McScanPage *self,
             guint       index,
             double      fraction,
             McScanner  *scanner)
{
  if (self->cancellable == NULL)
    return;
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress);
  else
    gtk_progress_bar_set_fraction (self->progress, fraction);
}

static void
page_done_cb (McScanPage *self,
              McPage     *page,
              McScanner  *scanner)
{
  /* The scanner is shared (the card's QR on the form): only this page's
   * scan brings pages here. */
  if (self->cancellable == NULL)
    return;
  if (self->rescan >= 0 && (guint) self->rescan < mc_document_get_n_pages (self->document))
    {
      g_hash_table_remove (self->uncropped, mc_document_get_page (self->document, self->rescan));
      mc_document_replace (self->document, self->rescan, page);
      self->selected = self->rescan;
      self->rescan = -1;   /* a feeder's further pages are added after */
    }
  else
    {
      mc_document_append (self->document, page);
      self->selected = (int) mc_document_get_n_pages (self->document) - 1;
    }
  show_selected (self);
}

static void
scan_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(McScanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n = mc_scanner_scan_finish (MC_SCANNER (source), result, &error);

  g_clear_object (&self->cancellable);
  self->rescan = -1;
  if (self->scan_button == NULL)
    return;

  if (n == 0)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, MC_SCAN_ERROR, MC_SCAN_ERROR_CANCELLED))
        /* Translators: after Cancel; the pages scanned before stay */
        text = g_strdup (_("Scanning stopped. The pages already scanned are kept."));
      else if (mc_document_get_n_pages (self->document) > 0)
        /* Translators: "<what went wrong> The pages already scanned are kept." */
        text = g_strdup_printf (_("%s The pages already scanned are kept."), error->message);
      else
        text = g_strdup (error->message);
      g_message ("Scan ended: %s", error->message);
      set_status (self, text, TRUE);
    }
  else
    set_status (self, NULL, FALSE);
  show_selected (self);
}

static void
start_scan (McScanPage   *self,
            McScanSource  source)
{
  McScanOptions options;
  McScanDevice *device = NULL;
  guint chosen;

  if (self->cancellable != NULL || self->devices == NULL || self->devices->len == 0)
    return;
  if (mc_scanner_get_busy (self->scanner))
    {
      /* Translators: the kiosk's scanner is still busy with a scan asked
       * elsewhere (the card's QR code); it takes one scan at a time */
      set_status (self, _("The scanner is still busy with another scan. Please wait a moment "
                          "and try again."), TRUE);
      return;
    }

  chosen = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->device_dropdown));
  if (chosen < self->devices->len)
    device = self->devices->pdata[chosen];

  mc_scan_options_init (&options, mc_scan_page_get_profile (self));
  options.source = source;
  options.work_dir = mc_document_get_work_dir (self->document);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress, 0);
  set_status (self, NULL, FALSE);
  update_buttons (self);
  mc_scanner_scan_async (self->scanner, device != NULL ? device->name : NULL, &options,
                         self->cancellable, scan_cb, g_object_ref (self));
}

static void
scan_clicked_cb (McScanPage *self)
{
  self->rescan = -1;
  start_scan (self, MC_SCAN_SOURCE_FLATBED);
}

static void
adf_clicked_cb (McScanPage *self)
{
  self->rescan = -1;
  start_scan (self, MC_SCAN_SOURCE_ADF);
}

static void
rescan_clicked_cb (McScanPage *self)
{
  self->rescan = self->selected;
  start_scan (self, MC_SCAN_SOURCE_FLATBED);
}

static void
cancel_clicked_cb (McScanPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Edits ------------------------------------------------------------------- */

static void
rotate (McScanPage *self,
        int         degrees)
{
  g_autoptr(GError) error = NULL;
  int selected = self->selected;

  if (selected < 0)
    return;
  if (!mc_document_rotate_page (self->document, selected, degrees, &error))
    {
      g_message ("Cannot rotate a page: %s", error->message);
      /* Translators: rotating a page failed (disk full, or the like) */
      set_status (self, _("The page could not be turned. Please try again."), TRUE);
    }
  self->selected = selected;
  show_selected (self);
}

static void rotate_left_clicked_cb  (McScanPage *self) { rotate (self, 270); }
static void rotate_right_clicked_cb (McScanPage *self) { rotate (self, 90); }

/* The crops: from the page as scanned, into a new page in the same place. */
enum { CROP_AUTO = -1 };

static void
crop (McScanPage *self,
      int         paper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPage) original = NULL;
  McPage *current;
  McRect bounds;
  McPage *cropped = NULL;
  int selected = self->selected;

  if (selected < 0 || (guint) selected >= mc_document_get_n_pages (self->document))
    return;
  current = mc_document_get_page (self->document, selected);
  original = g_hash_table_lookup (self->uncropped, current);
  original = g_object_ref (original != NULL ? original : current);

  if (paper == CROP_AUTO)
    {
      if (mc_page_detect_paper (original, &bounds, NULL, &error))
        cropped = mc_page_crop (original, &bounds, mc_document_get_work_dir (self->document), &error);
      else if (error == NULL)
        {
          set_status (self,
                      /* Translators: "Automatic" crop found no paper edge on the scan */
                      _("No paper edge was found on this page: it stays as it is. Choose a paper size instead."),
                      FALSE);
          return;
        }
    }
  else
    cropped = mc_page_crop_to_paper (original, paper, mc_document_get_work_dir (self->document), &error);

  if (cropped == NULL)
    {
      g_message ("Cannot crop a page: %s", error->message);
      /* Translators: cropping a page failed (disk full, or the like) */
      set_status (self, _("The page could not be cut. Please try again."), TRUE);
      return;
    }
  g_debug ("page %d cropped to %d×%d", selected, mc_page_get_width (cropped), mc_page_get_height (cropped));
  g_hash_table_remove (self->uncropped, current);
  g_hash_table_insert (self->uncropped, cropped, g_steal_pointer (&original));
  mc_document_replace (self->document, selected, cropped);
  self->selected = selected;
  set_status (self, NULL, FALSE);
  show_selected (self);
}

static void crop_a4_clicked_cb   (McScanPage *self) { crop (self, MC_PAPER_A4); }
static void crop_a5_clicked_cb   (McScanPage *self) { crop (self, MC_PAPER_A5); }
static void crop_card_clicked_cb (McScanPage *self) { crop (self, MC_PAPER_ID_CARD); }
static void crop_auto_clicked_cb (McScanPage *self) { crop (self, CROP_AUTO); }

static void
undo_crop_clicked_cb (McScanPage *self)
{
  McPage *current;
  gpointer cropped, original;
  int selected = self->selected;

  if (selected < 0 || (guint) selected >= mc_document_get_n_pages (self->document))
    return;
  current = mc_document_get_page (self->document, selected);
  if (!g_hash_table_steal_extended (self->uncropped, current, &cropped, &original))
    return;
  mc_document_replace (self->document, selected, original);
  g_object_unref (original);
  g_object_unref (cropped);
  self->selected = selected;
  set_status (self, NULL, FALSE);
  show_selected (self);
}

static void
delete_clicked_cb (McScanPage *self)
{
  if (self->selected < 0)
    return;
  g_hash_table_remove (self->uncropped, mc_document_get_page (self->document, self->selected));
  mc_document_remove (self->document, self->selected);
  if (self->selected >= (int) mc_document_get_n_pages (self->document))
    self->selected = (int) mc_document_get_n_pages (self->document) - 1;
  show_selected (self);
}

static void
move_by (McScanPage *self,
         int         delta)
{
  int to = self->selected + delta;

  if (self->selected < 0 || to < 0 || to >= (int) mc_document_get_n_pages (self->document))
    return;
  mc_document_move (self->document, self->selected, to);
  self->selected = to;
  show_selected (self);
}

static void earlier_clicked_cb (McScanPage *self) { move_by (self, -1); }
static void later_clicked_cb   (McScanPage *self) { move_by (self, 1); }

static void
refresh_clicked_cb (McScanPage *self)
{
  list_devices (self);
  update_buttons (self);
}

static void
done_clicked_cb (McScanPage *self)
{
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
import_clicked_cb (McScanPage *self)
{
  g_signal_emit (self, signals[SIGNAL_IMPORT], 0);
}

/* Building ---------------------------------------------------------------- */

static GtkWidget *
big_button (const char *name,
            const char *label,
            const char *icon,
            GCallback   callback,
            McScanPage *self)
{
  GtkWidget *button = gtk_button_new ();

  if (icon != NULL)
    {
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
      gtk_button_set_child (GTK_BUTTON (button), content);
    }
  else
    gtk_button_set_label (GTK_BUTTON (button), label);
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "scan-button");
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static void
mc_scan_page_map (GtkWidget *widget)
{
  McScanPage *self = MC_SCAN_PAGE (widget);

  GTK_WIDGET_CLASS (mc_scan_page_parent_class)->map (widget);
  if (self->devices == NULL)
    find_scanner (self);
}

static void
mc_scan_page_dispose (GObject *object)
{
  McScanPage *self = MC_SCAN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->scan_button = NULL;
  G_OBJECT_CLASS (mc_scan_page_parent_class)->dispose (object);
}

static void
mc_scan_page_finalize (GObject *object)
{
  McScanPage *self = MC_SCAN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->uncropped, g_hash_table_unref);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_object (&self->document);
  g_clear_object (&self->scanner);
  G_OBJECT_CLASS (mc_scan_page_parent_class)->finalize (object);
}

static void
mc_scan_page_class_init (McScanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_scan_page_dispose;
  object_class->finalize = mc_scan_page_finalize;
  widget_class->map = mc_scan_page_map;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_IMPORT] = g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_scan_page_init (McScanPage *self)
{
  self->selected = -1;
  self->rescan = -1;
  self->uncropped = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
}

McScanPage *
mc_scan_page_new (McScanner  *scanner,
                  McDocument *document,
                  const char *title)
{
  McScanPage *self;
  GtkWidget *heading, *columns, *left, *right, *row, *scroller, *frame;

  g_return_val_if_fail (MC_IS_SCANNER (scanner), NULL);
  g_return_val_if_fail (MC_IS_DOCUMENT (document), NULL);

  self = g_object_new (MC_TYPE_SCAN_PAGE, "orientation", GTK_ORIENTATION_VERTICAL,
                       "spacing", 12, NULL);
  gtk_widget_set_name (GTK_WIDGET (self), "scan-view");
  gtk_widget_add_css_class (GTK_WIDGET (self), "scan-view");
  self->scanner = g_object_ref (scanner);
  self->document = g_object_ref (document);

  heading = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-1");
  gtk_box_append (GTK_BOX (self), heading);
  self->title_label = GTK_LABEL (heading);
  self->speak_button = mc_speak_button_new ();
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->speak_button));
  update_speech (self, NULL);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->status_label), "scan-status");
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "title-3");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->status_label));

  columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_widget_set_vexpand (columns, TRUE);
  gtk_box_append (GTK_BOX (self), columns);

  /* Left: the big preview and the thumbnails. */
  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_hexpand (left, TRUE);
  gtk_box_append (GTK_BOX (columns), left);
  self->left_column = left;

  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "scan-preview");
  gtk_widget_set_vexpand (frame, TRUE);
  gtk_widget_set_size_request (frame, -1, 360);
  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_frame_set_child (GTK_FRAME (frame), row);
  self->preview = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_name (GTK_WIDGET (self->preview), "scan-preview");
  /* Which page it shows: the label under it ("Page 2 of 3"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview),
                                  /* Translators: accessible name of the big preview of a scanned page */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scanned page"),
                                  -1);
  gtk_widget_set_vexpand (GTK_WIDGET (self->preview), TRUE);
  gtk_picture_set_can_shrink (self->preview, TRUE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->preview));
  self->page_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->page_label, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->preview),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->page_label, NULL,
                                  -1);
  gtk_widget_set_vexpand (GTK_WIDGET (self->page_label), FALSE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->page_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->page_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "title-3");
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->page_label));
  gtk_box_append (GTK_BOX (left), frame);

  /* Crop the chosen page: to a paper size placed in the glass's corner, or
   * to the paper found on a larger scan. */
  self->crop_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_name (self->crop_box, "scan-crop");
  {
    GtkWidget *label = gtk_label_new (
      /* Translators: above the paper-size buttons under the preview */
      _("Crop to paper size:"));
    GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_widget_add_css_class (label, "title-4");
    gtk_box_append (GTK_BOX (heading), label);
    self->undo_crop_button = big_button ("scan-crop-undo",
                                         /* Translators: puts the page back as it was scanned */
                                         _("Undo crop"), "edit-undo-symbolic",
                                         G_CALLBACK (undo_crop_clicked_cb), self);
    gtk_box_append (GTK_BOX (heading), self->undo_crop_button);
    gtk_box_append (GTK_BOX (self->crop_box), heading);
    gtk_box_append (GTK_BOX (self->crop_box), buttons);
    gtk_box_append (GTK_BOX (buttons),
                    /* Translators: crop button, the A4 paper size */
                    big_button ("scan-crop-a4", C_("paper", "A4"), NULL,
                                G_CALLBACK (crop_a4_clicked_cb), self));
    gtk_box_append (GTK_BOX (buttons),
                    /* Translators: crop button, the A5 paper size */
                    big_button ("scan-crop-a5", C_("paper", "A5"), NULL,
                                G_CALLBACK (crop_a5_clicked_cb), self));
    gtk_box_append (GTK_BOX (buttons),
                    /* Translators: crop button: the size of the citizen identity card (CCCD) */
                    big_button ("scan-crop-id-card", _("ID card"), NULL,
                                G_CALLBACK (crop_card_clicked_cb), self));
    gtk_box_append (GTK_BOX (buttons),
                    /* Translators: crop button: find the paper's edges on the scan */
                    big_button ("scan-crop-auto", _("Automatic"), NULL,
                                G_CALLBACK (crop_auto_clicked_cb), self));
  }
  gtk_box_append (GTK_BOX (left), self->crop_box);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_widget_set_size_request (scroller, -1, THUMB_H + 24);
  self->thumbs = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->thumbs), "scan-thumbnails");
  gtk_flow_box_set_selection_mode (self->thumbs, GTK_SELECTION_SINGLE);
  gtk_flow_box_set_min_children_per_line (self->thumbs, 50);
  gtk_flow_box_set_max_children_per_line (self->thumbs, 50);
  gtk_flow_box_set_homogeneous (self->thumbs, FALSE);
  gtk_flow_box_set_activate_on_single_click (self->thumbs, TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->thumbs), GTK_ALIGN_START);
  gtk_flow_box_bind_model (self->thumbs, G_LIST_MODEL (document), create_thumb_cb, document, NULL);
  g_signal_connect_object (self->thumbs, "child-activated", G_CALLBACK (thumb_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->thumbs, "selected-children-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->thumbs));
  gtk_box_append (GTK_BOX (left), scroller);

  /* Right: the actions, big, one under the other. */
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_size_request (right, 340, -1);
  gtk_widget_set_halign (right, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (columns), right);

  self->device_names = gtk_string_list_new (NULL);
  self->device_dropdown = gtk_drop_down_new (G_LIST_MODEL (self->device_names), NULL);
  gtk_widget_set_name (self->device_dropdown, "scan-device");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->device_dropdown),
                                  /* Translators: accessible name of the scanner chooser */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scanner"),
                                  -1);
  gtk_box_append (GTK_BOX (right), self->device_dropdown);

  self->scan_button = big_button ("scan-page", _("Scan a page"), "scanner-symbolic",
                                  G_CALLBACK (scan_clicked_cb), self);
  gtk_widget_add_css_class (self->scan_button, "suggested-action");
  gtk_box_append (GTK_BOX (right), self->scan_button);
  /* Translators: scans every sheet put in the scanner's feeder */
  self->adf_button = big_button ("scan-adf", _("Scan a stack (feeder)"), NULL,
                                 G_CALLBACK (adf_clicked_cb), self);
  gtk_box_append (GTK_BOX (right), self->adf_button);
  /* Translators: offered when there is no scanner */
  self->import_button = big_button ("scan-import", _("Choose a file instead"), "document-open-symbolic",
                                    G_CALLBACK (import_clicked_cb), self);
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_box_append (GTK_BOX (right), self->import_button);
  /* Translators: offered when there is no scanner: after plugging it in */
  self->refresh_button = big_button ("scan-refresh", _("Look for the scanner again"), "view-refresh-symbolic",
                                     G_CALLBACK (refresh_clicked_cb), self);
  gtk_box_append (GTK_BOX (right), self->refresh_button);

  self->photo_toggle = gtk_toggle_button_new_with_label (
    /* Translators: toggle: scan in colour at a higher resolution */
    _("Photo or ID card (colour)"));
  gtk_widget_set_name (self->photo_toggle, "scan-photo");
  gtk_widget_add_css_class (self->photo_toggle, "pill");
  gtk_widget_add_css_class (self->photo_toggle, "scan-button");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->photo_toggle),
                               mc_document_get_profile (document) == MC_PROFILE_PHOTO);
  gtk_box_append (GTK_BOX (right), self->photo_toggle);

  self->progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_name (GTK_WIDGET (self->progress), "scan-progress");
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress));
  /* Translators: stops the scan under way */
  self->cancel_button = big_button ("scan-cancel", C_("scan", "Cancel"), NULL,
                                    G_CALLBACK (cancel_clicked_cb), self);
  gtk_widget_add_css_class (self->cancel_button, "destructive-action");
  gtk_box_append (GTK_BOX (self->progress_box), self->cancel_button);
  gtk_box_append (GTK_BOX (right), self->progress_box);

  /* The edits of the chosen page. */
  self->edit_box = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->edit_box), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->edit_box), 8);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->edit_box), TRUE);
  gtk_grid_attach (GTK_GRID (self->edit_box),
                   /* Translators: turns the chosen page a quarter to the left */
                   big_button ("scan-rotate-left", _("Turn left"), "object-rotate-left-symbolic",
                               G_CALLBACK (rotate_left_clicked_cb), self), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (self->edit_box),
                   /* Translators: turns the chosen page a quarter to the right */
                   big_button ("scan-rotate-right", _("Turn right"), "object-rotate-right-symbolic",
                               G_CALLBACK (rotate_right_clicked_cb), self), 1, 0, 1, 1);
  self->earlier_button = big_button ("scan-earlier",
                                     /* Translators: moves the chosen page one place earlier */
                                     _("Move earlier"), "go-previous-symbolic",
                                     G_CALLBACK (earlier_clicked_cb), self);
  gtk_grid_attach (GTK_GRID (self->edit_box), self->earlier_button, 0, 1, 1, 1);
  self->later_button = big_button ("scan-later",
                                   /* Translators: moves the chosen page one place later */
                                   _("Move later"), "go-next-symbolic",
                                   G_CALLBACK (later_clicked_cb), self);
  gtk_grid_attach (GTK_GRID (self->edit_box), self->later_button, 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (self->edit_box),
                   /* Translators: scans the chosen page again, in its place */
                   big_button ("scan-rescan", _("Scan this page again"), "view-refresh-symbolic",
                               G_CALLBACK (rescan_clicked_cb), self), 0, 2, 2, 1);
  gtk_grid_attach (GTK_GRID (self->edit_box),
                   /* Translators: removes the chosen page */
                   big_button ("scan-delete", _("Remove this page"), "user-trash-symbolic",
                               G_CALLBACK (delete_clicked_cb), self), 0, 3, 2, 1);
  gtk_box_append (GTK_BOX (right), self->edit_box);

  row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_vexpand (row, TRUE);
  gtk_box_append (GTK_BOX (right), row);
  /* Translators: ends scanning this document and goes back to the list */
  self->done_button = big_button ("scan-done", _("Done with this document"), "object-select-symbolic",
                                  G_CALLBACK (done_clicked_cb), self);
  gtk_widget_add_css_class (self->done_button, "suggested-action");
  gtk_box_append (GTK_BOX (right), self->done_button);

  g_signal_connect_object (scanner, "page-started", G_CALLBACK (page_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scanner, "progress", G_CALLBACK (progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scanner, "page-done", G_CALLBACK (page_done_cb), self, G_CONNECT_SWAPPED);

  self->selected = mc_document_get_n_pages (document) > 0 ? 0 : -1;
  show_selected (self);
  return self;
}

McDocument *
mc_scan_page_get_document (McScanPage *self)
{
  g_return_val_if_fail (MC_IS_SCAN_PAGE (self), NULL);
  return self->document;
}

gboolean
mc_scan_page_get_busy (McScanPage *self)
{
  g_return_val_if_fail (MC_IS_SCAN_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

McProfile
mc_scan_page_get_profile (McScanPage *self)
{
  g_return_val_if_fail (MC_IS_SCAN_PAGE (self), MC_PROFILE_TEXT);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->photo_toggle))
         ? MC_PROFILE_PHOTO : MC_PROFILE_TEXT;
}
