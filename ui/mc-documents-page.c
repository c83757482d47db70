/* mc-documents-page.c: the documents step of a dossier.
 *
 * The procedure's required documents as a checklist under their group's
 * heading. Each is scanned ("Scan", a McScanPage on this page's own stack) or
 * imported ("Choose a file": only files on removable media, /media and
 * /run/media, or MOTCUA_IMPORT_DIR, listed in the page: no free browsing), and
 * made into one PDF whose page count and size the checklist shows.
 *
 * Which documents are required: those under a group that says they must be
 * handed in ("Giấy tờ phải nộp"), or all when the procedure has no groups,
 * except a document the
 * source asks for as "0 bản chính" with no copy (a note, not a paper) and one
 * that applies only in a case ("Trường hợp …", "… trong trường hợp …", "(nếu …)"). The
 * others (papers to show at the counter, the cases that may not apply, "other
 * documents") are optional. Required documents block "Continue" until they
 * are provided, or skipped by the staff: "Ask the staff to skip this" opens a
 * view of its own on the page's stack where the clerk types the reason and the
 * clerk PIN on a PIN pad (mc_pin_verify(), with its lock-out, as clerk mode's
 * pad); the waiver and its reason go into the dossier
 * (mc_documents_page_apply_waivers(): "waived_documents").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-a11y.h"
#include "mc-documents-page.h"

#include "mc-application.h"
#include "mc-pages.h"
#include "mc-pin.h"
#include "mc-removable.h"
#include "mc-scan.h"
#include "mc-scan-page.h"
#include "mc-speak-button.h"
#include "mc-speech.h"
#include "mc-text.h"

#define MAX_IMPORT_FILES 200
#define MAX_IMPORT_DEPTH 4
#define MAX_PDF_PAGES 200
#define DEFAULT_MAX_BYTES ((goffset) 100 * 1024 * 1024)

typedef struct {
  McDocumentsPage          *page;     /* unowned */
  guint                     index;
  const McRequiredDocument *doc;      /* the procedure's */
  gboolean                  required;
  gboolean                  waived;
  char                     *waive_reason; /* owned, nullable: the clerk's */
  gboolean                  busy;     /* a PDF is being made */
  McDocument               *document; /* owned, nullable: the scanned pages */
  char                     *pdf_path; /* owned, nullable: in the work dir */
  gint64                    size;
  guint                     n_pages;
  char                     *filename;
  McAttachmentSpec          spec;
  GtkLabel                 *status;
  GtkWidget                *row;      /* the group a screen reader reads */
  GtkWidget                *waive_button;
} Item;

struct _McDocumentsPage
{
  GtkBox        parent_instance;

  McProcedure  *procedure;   /* owned ref */
  McStore      *store;       /* unowned */
  char         *work_dir;
  GPtrArray    *items;       /* Item* */
  GPtrArray    *specs;       /* McAttachmentSpec*, borrowed from items */
  McScanner    *scanner;     /* owned ref, on first scan: the application's */
  GCancellable *cancellable;

  GtkStack     *stack;
  GtkLabel     *message;
  GtkWidget    *continue_button;
  McScanPage   *scan_page;   /* on the stack while scanning */
  GtkWidget    *import_view; /* on the stack while choosing a file */
  Item         *current;     /* the item being scanned, imported or waived */
  gboolean      passed;      /* "Continue" was pressed once */

  /* The clerk's waiver: on the stack while the clerk types reason and PIN. */
  GtkWidget    *waive_view;
  GtkEditable  *waive_reason;
  GtkLabel     *waive_display;
  GtkLabel     *waive_message;
  GtkWidget    *waive_keys;
  GString      *waive_pin;   /* what was typed (never logged) */
  gint64        locked_until;
  guint         lock_tick_id;
};

G_DEFINE_FINAL_TYPE (McDocumentsPage, mc_documents_page, GTK_TYPE_BOX)

enum { SIGNAL_CONTINUE, N_SIGNALS };
static guint signals[N_SIGNALS];

gboolean
mc_required_document_is_required (const McRequiredDocument *document,
                                  gboolean                  grouped)
{
  g_autofree char *group = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;

  if (document->n_originals == 0 && document->n_copies <= 0)
    return FALSE;
  /* "Trường hợp …" ("in case …"), "… trong trường hợp …": only when the case
   * applies, which the kiosk cannot know. */
  name = mc_text_fold (document->name);
  lower = g_utf8_normalize (document->name, -1, G_NORMALIZE_NFC);
  if (lower != NULL)
    {
      char *down = g_utf8_strdown (lower, -1);

      g_free (lower);
      lower = down;
    }
  if (g_str_has_prefix (name, "truong hop ") || strstr (name, " trong truong hop ") != NULL
      || (lower != NULL && strstr (lower, "(nếu ") != NULL))
    return FALSE;
  if (document->group == NULL || *document->group == '\0')
    return !grouped;
  group = mc_text_fold (document->group);
  return strstr (group, "phai nop") != NULL;
}

static void
item_free (Item *item)
{
  if (item->pdf_path != NULL)
    g_unlink (item->pdf_path);
  g_clear_object (&item->document);
  g_free (item->pdf_path);
  g_free (item->filename);
  g_free (item->waive_reason);
  g_free (item);
}

/* "Giấy chứng sinh (bản sao)" -> "giay-chung-sinh-ban-sao.pdf" */
static char *
slug_filename (const char *name,
               guint       index)
{
  g_autofree char *folded = mc_text_fold (name);
  GString *slug = g_string_new (NULL);

  for (const char *p = folded; *p != '\0' && slug->len < 60; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_printf (slug, "document-%u", index + 1);
  g_string_append (slug, ".pdf");
  return g_string_free (slug, FALSE);
}

static gboolean
item_done (Item *item)
{
  return item->pdf_path != NULL;
}

static void
update_item (Item *item)
{
  g_autofree char *text = NULL;

  if (item->busy)
    /* Translators: while the scanned pages become a PDF */
    text = g_strdup (_("Preparing the file…"));
  else if (item_done (item))
    {
      g_autofree char *size = g_format_size (item->size);

      /* Translators: a document's state: "✓ 2 pages, 180.2 kB" */
      text = g_strdup_printf (ngettext ("✓ %u page, %s", "✓ %u pages, %s", item->n_pages),
                              item->n_pages, size);
    }
  else if (item->waived)
    /* Translators: a required document the staff allowed to skip */
    text = g_strdup (_("Skipped with the staff's agreement"));
  else if (item->required)
    /* Translators: a required document not yet scanned */
    text = g_strdup (_("Required: not yet provided"));
  else
    text = g_strdup ("");

  gtk_label_set_label (item->status, text);
  gtk_widget_set_visible (GTK_WIDGET (item->status), *text != '\0');
  /* The document's name is the group's name, its state the description. */
  if (item->row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item->row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  gtk_widget_remove_css_class (GTK_WIDGET (item->status), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (item->status), "warning");
  if (item_done (item))
    gtk_widget_add_css_class (GTK_WIDGET (item->status), "success");
  else if (item->required && !item->waived)
    gtk_widget_add_css_class (GTK_WIDGET (item->status), "warning");
  if (item->waive_button != NULL)
    gtk_widget_set_visible (item->waive_button, item->required && !item_done (item) && !item->waived);
}

static void
update_continue (McDocumentsPage *self)
{
  guint missing = 0;
  gboolean busy = FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];

      busy |= item->busy;
      if (item->required && !item->waived && !item_done (item))
        missing++;
    }

  gtk_widget_set_sensitive (self->continue_button, missing == 0 && !busy);
  if (missing > 0)
    {
      g_autofree char *text =
        /* Translators: under the checklist while required documents are missing */
        g_strdup_printf (ngettext ("%u required document is still missing.",
                                   "%u required documents are still missing.", missing),
                         missing);
      gtk_label_set_label (self->message, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
    }
  else
    gtk_label_set_label (self->message, "");
}

static void
show_error (McDocumentsPage *self,
            const char      *text)
{
  gtk_label_set_label (self->message, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
}

static void waive_close (McDocumentsPage *self);

static void
show_list (McDocumentsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  waive_close (self);
  if (self->scan_page != NULL)
    {
      gtk_stack_remove (self->stack, gtk_stack_get_child_by_name (self->stack, "scan"));
      self->scan_page = NULL;
    }
  if (self->import_view != NULL)
    {
      gtk_stack_remove (self->stack, self->import_view);
      self->import_view = NULL;
    }
}

/* The PDF -------------------------------------------------------------------- */

static char *
item_pdf_path (McDocumentsPage *self,
               Item            *item)
{
  g_autofree char *name = g_strdup_printf ("document-%u.pdf", item->index + 1);

  return g_build_filename (self->work_dir, name, NULL);
}

/* Takes the PDF at @path (in the work dir) for @item, if its size is allowed. */
static void
item_set_pdf (Item       *item,
              const char *path,
              gint64      size,
              guint       n_pages)
{
  McDocumentsPage *self = item->page;
  g_autoptr(GError) error = NULL;

  if (!mc_store_check_attachment_size (self->store, size, &error))
    {
      g_unlink (path);
      show_error (self, error->message);
      update_item (item);
      return;
    }

  if (item->pdf_path != NULL && g_strcmp0 (item->pdf_path, path) != 0)
    g_unlink (item->pdf_path);
  g_free (item->pdf_path);
  item->pdf_path = g_strdup (path);
  item->size = size;
  item->n_pages = n_pages;
  item->spec.source_path = item->pdf_path;
  item->spec.document = item->doc->name;
  item->spec.filename = item->filename;
  item->spec.content_type = "application/pdf";
  update_item (item);
  update_continue (self);
}

typedef struct {
  McDocumentsPage *self;
  Item            *item;
  char            *path;
  guint            n_pages;
} WriteData;

static void
write_pdf_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  WriteData *data = user_data;
  g_autoptr(McDocumentsPage) self = data->self;
  g_autoptr(GError) error = NULL;
  gint64 size = mc_document_write_pdf_finish (MC_DOCUMENT (source), result, &error);

  if (size < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;
  if (self->items == NULL)
    goto out;

  data->item->busy = FALSE;
  if (size < 0)
    {
      g_message ("Cannot write a document's PDF: %s", error->message);
      if (g_error_matches (error, MC_PAGES_ERROR, MC_PAGES_ERROR_CANCELLED))
        goto out;
      /* Translators: making the PDF of the scanned pages failed */
      show_error (self, _("The file could not be prepared. Please try again, or ask the staff at the counter for help."));
      update_item (data->item);
    }
  else
    item_set_pdf (data->item, data->path, size, data->n_pages);
  update_continue (self);

out:
  g_free (data->path);
  g_free (data);
}

static void
write_pdf (McDocumentsPage *self,
           Item            *item)
{
  WriteData *data = g_new0 (WriteData, 1);

  data->self = g_object_ref (self);
  data->item = item;
  data->path = item_pdf_path (self, item);
  data->n_pages = mc_document_get_n_pages (item->document);
  item->busy = TRUE;
  update_item (item);
  update_continue (self);
  mc_document_write_pdf_async (item->document, data->path, self->cancellable,
                               write_pdf_cb, data);
}

static McDocument *
new_document (McDocumentsPage *self,
              Item            *item,
              McProfile        profile)
{
  return mc_document_new (self->work_dir, profile, item->doc->name,
                          mc_procedure_get_name (self->procedure), NULL);
}

/* Scanning ------------------------------------------------------------------- */

static void
scan_done_cb (McDocumentsPage *self,
              McScanPage      *scan_page)
{
  Item *item = self->current;
  McDocument *document = mc_scan_page_get_document (scan_page);
  McProfile profile = mc_scan_page_get_profile (scan_page);

  self->current = NULL;
  show_list (self);
  if (item == NULL)
    return;

  if (mc_document_get_n_pages (document) == 0)
    {
      if (item->pdf_path != NULL)
        g_unlink (item->pdf_path);
      g_clear_pointer (&item->pdf_path, g_free);
      update_item (item);
      update_continue (self);
      return;
    }

  /* "Photo or ID card" chosen after the pages were scanned: the same pages,
   * compressed the other way. */
  if (mc_document_get_profile (item->document) != profile)
    {
      McDocument *other = new_document (self, item, profile);

      for (guint i = 0; i < mc_document_get_n_pages (item->document); i++)
        mc_document_append (other, mc_document_get_page (item->document, i));
      g_object_unref (item->document);
      item->document = other;
    }
  write_pdf (self, item);
}

static void import_for (McDocumentsPage *self, Item *item);

static void
scan_import_cb (McDocumentsPage *self,
                McScanPage      *scan_page)
{
  Item *item = self->current;

  show_list (self);
  if (item != NULL)
    import_for (self, item);
}

static McApplication *
get_application (McDocumentsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  return MC_IS_APPLICATION (app) ? MC_APPLICATION (app) : NULL;
}

static void
scan_clicked_cb (GtkButton *button,
                 Item      *item)
{
  McDocumentsPage *self = item->page;
  GtkWidget *scroller;

  if (self->scanner == NULL)
    {
      McApplication *app = get_application (self);

      /* The kiosk's one scanner (the card's QR on the form uses it too), or,
       * outside the kiosk's window, one of the page's own. */
      if (app != NULL)
        self->scanner = g_object_ref (mc_application_get_scanner (app));
      else
        {
          g_autofree char *dir = g_build_filename (self->work_dir, "pages", NULL);

          self->scanner = mc_scanner_new (dir);
        }
    }
  if (item->document == NULL)
    item->document = new_document (self, item, MC_PROFILE_TEXT);

  show_list (self);
  gtk_label_set_label (self->message, "");
  self->current = item;
  self->scan_page = mc_scan_page_new (self->scanner, item->document, item->doc->name);
  g_signal_connect_object (self->scan_page, "done", G_CALLBACK (scan_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scan_page, "import", G_CALLBACK (scan_import_cb), self, G_CONNECT_SWAPPED);
  /* Scrolled: with large text, or a long document name, on a 800 px high
   * screen the step may need more height than there is. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->scan_page));
  gtk_stack_add_named (self->stack, scroller, "scan");
  gtk_stack_set_visible_child_name (self->stack, "scan");
}

/* Import from removable media ------------------------------------------------ */

/* The files the citizen may import: on removable media only. */
static GPtrArray *
list_import_files (void)
{
  static const char * const suffixes[] = { ".pdf", ".jpg", ".jpeg", ".png", NULL };

  return mc_removable_list_files (suffixes, MAX_IMPORT_FILES, MAX_IMPORT_DEPTH);
}

static void
import_file (McDocumentsPage *self,
             Item            *item,
             const char      *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (path, -1);
  gint64 max_bytes = 0, max_dossier = 0;

  mc_store_get_portal_limits (self->store, &max_bytes, &max_dossier);
  if (max_bytes <= 0)
    max_bytes = DEFAULT_MAX_BYTES;

  if (g_str_has_suffix (lower, ".pdf"))
    {
      g_autofree char *target = item_pdf_path (self, item);
      g_autoptr(GFile) from = g_file_new_for_path (path);
      g_autoptr(GFile) to = NULL;
      g_autofree char *tmp = g_strconcat (target, ".import", NULL);
      guint n_pages = mc_pdf_check_file (path, max_bytes, MAX_PDF_PAGES, &error);
      GStatBuf st;

      if (n_pages == 0)
        {
          g_message ("Import refused: %s", error->message);
          show_error (self, error->message);
          return;
        }
      /* A copy now: the USB stick may be gone by the time the dossier is sent. */
      to = g_file_new_for_path (tmp);
      if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error)
          || g_rename (tmp, target) != 0 || g_stat (target, &st) != 0)
        {
          g_message ("Cannot copy an imported PDF: %s", error != NULL ? error->message : g_strerror (errno));
          g_unlink (tmp);
          /* Translators: an imported file could not be read or copied */
          show_error (self, _("The file could not be read. Please check the USB stick and try again."));
          return;
        }
      item_set_pdf (item, target, st.st_size, n_pages);
      g_clear_object (&item->document);
    }
  else
    {
      g_autoptr(McPage) page = NULL;
      g_autofree char *dir = g_build_filename (self->work_dir, "pages", NULL);

      g_mkdir_with_parents (dir, 0700);
      page = mc_page_import_image (path, MC_PROFILE_TEXT, dir, &error);
      if (page == NULL)
        {
          g_message ("Import refused: %s", error->message);
          show_error (self, error->message);
          return;
        }
      if (item->document == NULL)
        item->document = new_document (self, item, MC_PROFILE_TEXT);
      mc_document_clear (item->document);
      mc_document_append (item->document, page);
      write_pdf (self, item);
    }
}

static void
import_file_clicked_cb (GtkButton       *button,
                        McDocumentsPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");
  Item *item = self->current;
  g_autofree char *copy = g_strdup (path);

  self->current = NULL;
  show_list (self);
  if (item != NULL)
    {
      gtk_label_set_label (self->message, "");
      import_file (self, item, copy);
    }
}

static void
import_back_clicked_cb (GtkButton       *button,
                        McDocumentsPage *self)
{
  self->current = NULL;
  show_list (self);
}

static void
import_for (McDocumentsPage *self,
            Item            *item)
{
  g_autoptr(GPtrArray) files = list_import_files ();
  GtkWidget *box, *label, *list, *scroller, *back;

  show_list (self);
  self->current = item;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (box, "import-view");

  label = gtk_label_new (item->doc->name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-1");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (files->len > 0
                         /* Translators: above the files found on the USB stick */
                         ? _("Touch the file to use for this document:")
                         /* Translators: no file on removable media */
                         : _("No file found. Plug in the USB stick with the document (PDF, JPEG or PNG), wait a moment, then try again."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-3");
  gtk_box_append (GTK_BOX (box), label);

  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *name = g_strconcat ("import-file-", base, NULL);
      g_autofree char *size = NULL;
      g_autofree char *text = NULL;
      GStatBuf st;
      GtkWidget *button;

      size = g_format_size (g_stat (path, &st) == 0 ? st.st_size : 0);
      text = g_strdup_printf ("%s  (%s)", base, size);
      {
        GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
        GtkWidget *file_label = gtk_label_new (text);
        gboolean is_pdf = g_str_has_suffix (name, ".pdf") || g_str_has_suffix (name, ".PDF");

        /* The file's name says what it is: the icon is decoration. */
        gtk_box_append (GTK_BOX (content),
                        g_object_new (GTK_TYPE_IMAGE,
                                      "icon-name", is_pdf ? "x-office-document-symbolic"
                                                          : "image-x-generic-symbolic",
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                      NULL));
        gtk_label_set_xalign (GTK_LABEL (file_label), 0);
        gtk_label_set_ellipsize (GTK_LABEL (file_label), PANGO_ELLIPSIZE_MIDDLE);
        gtk_widget_add_css_class (file_label, "title-3");
        gtk_box_append (GTK_BOX (content), file_label);
        gtk_widget_set_margin_top (content, 12);
        gtk_widget_set_margin_bottom (content, 12);
        gtk_widget_set_margin_start (content, 12);
        button = gtk_button_new ();
        gtk_button_set_child (GTK_BUTTON (button), content);
        /* GTK 4.8 names a button only from its own label, not a child's. */
        gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, file_label, NULL,
                                        -1);
      }
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "import-file");
      g_object_set_data_full (G_OBJECT (button), "path", g_strdup (path), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (import_file_clicked_cb), self);
      gtk_box_append (GTK_BOX (list), button);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_box_append (GTK_BOX (box), scroller);

  /* Translators: leaves the list of files without choosing one */
  back = gtk_button_new_with_label (_("Back to the list of documents"));
  gtk_widget_set_name (back, "import-back");
  gtk_widget_add_css_class (back, "pill");
  gtk_widget_add_css_class (back, "scan-button");
  gtk_widget_set_halign (back, GTK_ALIGN_START);
  g_signal_connect (back, "clicked", G_CALLBACK (import_back_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), back);

  self->import_view = box;
  gtk_stack_add_named (self->stack, box, "import");
  gtk_stack_set_visible_child_name (self->stack, "import");
}

static void
import_clicked_cb (GtkButton *button,
                   Item      *item)
{
  gtk_label_set_label (item->page->message, "");
  import_for (item->page, item);
}

/* The clerk's waiver ------------------------------------------------------- */

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
waive_update_display (McDocumentsPage *self)
{
  g_autoptr(GString) dots = g_string_new (NULL);

  for (gsize i = 0; i < self->waive_pin->len; i++)
    g_string_append (dots, "●");
  if (self->waive_display != NULL)
    gtk_label_set_label (self->waive_display, dots->str);
}

static void
waive_wipe_pin (McDocumentsPage *self)
{
  memset (self->waive_pin->str, 0, self->waive_pin->len);
  g_string_truncate (self->waive_pin, 0);
  waive_update_display (self);
}

static void
waive_set_message (McDocumentsPage *self,
                   const char      *text,
                   gboolean         error)
{
  gtk_label_set_label (self->waive_message, text != NULL ? text : "");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->waive_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->waive_message), "error");
}

static void
waive_close (McDocumentsPage *self)
{
  g_clear_handle_id (&self->lock_tick_id, g_source_remove);
  if (self->waive_pin != NULL)
    waive_wipe_pin (self);
  if (self->waive_view != NULL)
    {
      gtk_stack_remove (self->stack, self->waive_view);
      self->waive_view = NULL;
      self->waive_reason = NULL;
      self->waive_display = NULL;
      self->waive_message = NULL;
      self->waive_keys = NULL;
    }
}

static gboolean
waive_lock_tick_cb (gpointer data)
{
  McDocumentsPage *self = data;
  gint64 left = self->locked_until - now_s ();
  g_autofree char *text = NULL;

  if (left <= 0)
    {
      self->lock_tick_id = 0;
      self->locked_until = 0;
      gtk_widget_set_sensitive (self->waive_keys, TRUE);
      waive_set_message (self, _("You can try again now."), FALSE);
      return G_SOURCE_REMOVE;
    }
  text = g_strdup_printf (/* Translators: PIN lock-out countdown, minutes:seconds */
                          _("Too many wrong PINs. Try again in %d:%02d."),
                          (int) (left / 60), (int) (left % 60));
  waive_set_message (self, text, TRUE);
  return G_SOURCE_CONTINUE;
}

static void
waive_start_lock (McDocumentsPage *self,
                  gint64           locked_until)
{
  self->locked_until = locked_until;
  gtk_widget_set_sensitive (self->waive_keys, FALSE);
  g_clear_handle_id (&self->lock_tick_id, g_source_remove);
  if (waive_lock_tick_cb (self) == G_SOURCE_CONTINUE)
    self->lock_tick_id = g_timeout_add_seconds (1, waive_lock_tick_cb, self);
}

static void
waive_digit_cb (GtkButton       *button,
                McDocumentsPage *self)
{
  const char *digit = g_object_get_data (G_OBJECT (button), "digit");

  if (self->waive_pin->len < MC_PIN_MAX_DIGITS)
    g_string_append (self->waive_pin, digit);
  waive_update_display (self);
}

static void
waive_erase_cb (McDocumentsPage *self)
{
  if (self->waive_pin->len > 0)
    {
      self->waive_pin->str[self->waive_pin->len - 1] = '\0';
      g_string_truncate (self->waive_pin, self->waive_pin->len - 1);
    }
  waive_update_display (self);
}

static void
waive_confirm_cb (McDocumentsPage *self)
{
  Item *item = self->current;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gint64 locked_until = 0;

  if (item == NULL)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (self->waive_reason)));
  if (*reason == '\0')
    {
      /* Translators: the clerk confirmed skipping a paper without a reason */
      waive_set_message (self, _("Please write down why this paper can be skipped."), TRUE);
      return;
    }
  if (self->waive_pin->len < MC_PIN_MIN_DIGITS)
    {
      /* Translators: the clerk confirmed skipping a paper without the PIN */
      waive_set_message (self, _("Please enter the clerk PIN."), TRUE);
      return;
    }
  if (!mc_pin_verify (self->store, self->waive_pin->str, now_s (), &locked_until, &error))
    {
      waive_wipe_pin (self);
      if (locked_until > now_s ())
        waive_start_lock (self, locked_until);
      else
        waive_set_message (self, error->message, TRUE);
      return;
    }

  g_debug ("A required document was skipped with the clerk's PIN");
  g_free (item->waive_reason);
  item->waive_reason = g_steal_pointer (&reason);
  item->waived = TRUE;
  self->current = NULL;
  show_list (self);
  update_item (item);
  update_continue (self);
}

static void
waive_cancel_cb (McDocumentsPage *self)
{
  self->current = NULL;
  show_list (self);
}

static GtkWidget *
waive_button (const char *label,
              const char *name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "title-3");
  return button;
}

/* The reason and the PIN pad, for @item. */
static void
waive_for (McDocumentsPage *self,
           Item            *item)
{
  GtkWidget *box, *label, *grid, *button, *buttons, *entry;
  g_autofree char *title = NULL;
  gint64 locked_until;

  show_list (self);
  self->current = item;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_name (box, "waive-view");
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (box, 480, -1);

  /* Translators: title of the clerk's view to skip a required paper; %s is its name */
  title = g_strdup_printf (_("Skip “%s”"), item->doc->name);
  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (
    /* Translators: under the title of the clerk's view to skip a required paper */
    _("For the staff at the counter: write down why the citizen may go on without this paper, then enter the clerk PIN."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-4");
  gtk_box_append (GTK_BOX (box), label);

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "waive-reason");
  /* Translators: placeholder of the reason for skipping a required paper */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 300);
  gtk_widget_add_css_class (entry, "title-4");
  gtk_box_append (GTK_BOX (box), entry);
  self->waive_reason = GTK_EDITABLE (entry);

  label = gtk_label_new (_("Clerk PIN"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-4");
  gtk_box_append (GTK_BOX (box), label);
  self->waive_display = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->waive_display), "waive-pin-display");
  gtk_widget_add_css_class (GTK_WIDGET (self->waive_display), "title-1");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->waive_display));

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (guint i = 0; i < 10; i++)
    {
      static const char *digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "0" };
      g_autofree char *name = g_strconcat ("waive-pin-", digits[i], NULL);

      button = waive_button (digits[i], name);
      g_object_set_data (G_OBJECT (button), "digit", (gpointer) digits[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (waive_digit_cb), self);
      gtk_grid_attach (GTK_GRID (grid), button, i < 9 ? (int) i % 3 : 1, i < 9 ? (int) i / 3 : 3, 1, 1);
    }
  /* Translators: the PIN pad's key that takes back the last digit */
  button = waive_button (C_("clerk", "Erase"), "waive-pin-erase");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (waive_erase_cb), self);
  gtk_grid_attach (GTK_GRID (grid), button, 2, 3, 1, 1);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (grid, 360, -1);
  gtk_box_append (GTK_BOX (box), grid);
  self->waive_keys = grid;

  self->waive_message = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->waive_message), "waive-message");
  gtk_label_set_wrap (self->waive_message, TRUE);
  gtk_label_set_xalign (self->waive_message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->waive_message), "title-4");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->waive_message));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  button = waive_button (C_("clerk", "Cancel"), "waive-cancel");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (waive_cancel_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);
  /* Translators: the clerk confirms skipping the paper */
  button = waive_button (_("Skip this paper"), "waive-confirm");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (waive_confirm_cb), self);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (box), buttons);

  self->waive_view = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->waive_view), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->waive_view), box);
  gtk_stack_add_named (self->stack, self->waive_view, "waive");
  gtk_stack_set_visible_child_name (self->stack, "waive");
  /* No field focused: the on-screen keyboard waits for a tap on the reason,
   * the pad and its buttons stay in view. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (self)), NULL);

  /* Locked by wrong PINs here or in clerk mode: the countdown at once. */
  locked_until = mc_pin_get_locked_until (self->store, now_s ());
  if (locked_until > 0)
    waive_start_lock (self, locked_until);
  else if (!mc_pin_is_set (self->store))
    waive_set_message (self, _("No clerk PIN has been set yet."), TRUE);
}

static void
waive_clicked_cb (GtkButton *button,
                  Item      *item)
{
  gtk_label_set_label (item->page->message, "");
  waive_for (item->page, item);
}

static void
continue_clicked_cb (McDocumentsPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  for (guint i = 0; i < self->items->len; i++)
    total += ((Item *) self->items->pdata[i])->size * item_done (self->items->pdata[i]);
  if (!mc_store_check_dossier_size (self->store, total, &error))
    {
      show_error (self, error->message);
      return;
    }
  self->passed = TRUE;
  g_signal_emit (self, signals[SIGNAL_CONTINUE], 0);
}

/* Building -------------------------------------------------------------------- */

static GtkWidget *
item_button (const char *name,
             guint       index,
             const char *label,
             const char *icon,
             const char *document)
{
  g_autofree char *id = g_strdup_printf ("%s-%u", name, index);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_name (button, id);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Every document has its "Scan" and "Choose a file": say which one. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, document,
                                  -1);
  return button;
}

static GtkWidget *
build_item (McDocumentsPage *self,
            Item            *item)
{
  GtkWidget *row = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", 10,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                 NULL);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  /* Under the text, not beside it: a long name, large text or a portrait
   * screen leave the words their width. */
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label, *button;
  g_autofree char *status_name = g_strdup_printf ("doc-status-%u", item->index);

  gtk_widget_add_css_class (row, "document-item");
  item->row = row;
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, item->doc->name,
                                  -1);
  gtk_widget_set_margin_top (row, 10);
  gtk_widget_set_margin_bottom (row, 10);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);

  gtk_widget_set_hexpand (text, TRUE);
  label = gtk_label_new (item->doc->name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-4");
  gtk_box_append (GTK_BOX (text), label);
  if (item->doc->quantity != NULL && item->doc->n_originals != 0)
    {
      label = gtk_label_new (item->doc->quantity);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (text), label);
    }
  item->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (item->status), status_name);
  gtk_label_set_xalign (item->status, 0);
  gtk_label_set_wrap (item->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (item->status), "title-4");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (item->status));
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), buttons);

  /* Translators: button of a document in the checklist: scan it */
  button = item_button ("doc-scan", item->index, C_("documents", "Scan"), "scanner-symbolic",
                        item->doc->name);
  if (item->required)
    gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (scan_clicked_cb), item);
  gtk_box_append (GTK_BOX (buttons), button);
  /* Translators: button of a document in the checklist: a file from a USB stick */
  button = item_button ("doc-import", item->index, C_("documents", "Choose a file"),
                        "document-open-symbolic", item->doc->name);
  g_signal_connect (button, "clicked", G_CALLBACK (import_clicked_cb), item);
  gtk_box_append (GTK_BOX (buttons), button);

  if (item->required)
    {
      /* Translators: the staff lets the citizen go on without this document */
      item->waive_button = item_button ("doc-waive", item->index, _("Ask the staff to skip this"),
                                        "dialog-password-symbolic", item->doc->name);
      g_signal_connect (item->waive_button, "clicked", G_CALLBACK (waive_clicked_cb), item);
      gtk_box_append (GTK_BOX (buttons), item->waive_button);
    }

  update_item (item);
  return row;
}

static void
mc_documents_page_dispose (GObject *object)
{
  McDocumentsPage *self = MC_DOCUMENTS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->lock_tick_id, g_source_remove);
  G_OBJECT_CLASS (mc_documents_page_parent_class)->dispose (object);
}

static void
mc_documents_page_finalize (GObject *object)
{
  McDocumentsPage *self = MC_DOCUMENTS_PAGE (object);

  g_clear_pointer (&self->specs, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->scanner);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->procedure);
  g_free (self->work_dir);
  if (self->waive_pin != NULL)
    memset (self->waive_pin->str, 0, self->waive_pin->len);
  g_string_free (self->waive_pin, TRUE);
  G_OBJECT_CLASS (mc_documents_page_parent_class)->finalize (object);
}

static void
mc_documents_page_class_init (McDocumentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_documents_page_dispose;
  object_class->finalize = mc_documents_page_finalize;

  signals[SIGNAL_CONTINUE] = g_signal_new ("continue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_documents_page_init (McDocumentsPage *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->cancellable = g_cancellable_new ();
  self->waive_pin = g_string_new (NULL);
}

McDocumentsPage *
mc_documents_page_new (McProcedure *procedure,
                       McStore     *store,
                       const char  *work_dir)
{
  McDocumentsPage *self;
  GPtrArray *documents = mc_procedure_get_documents (procedure);
  GtkWidget *list_view, *heading, *scroller, *column, *list = NULL, *bottom, *speak;
  g_autoptr(GString) speech = g_string_new (NULL);
  const char *group = "";
  gboolean grouped = FALSE;

  self = g_object_new (MC_TYPE_DOCUMENTS_PAGE, "orientation", GTK_ORIENTATION_VERTICAL, NULL);
  gtk_widget_set_name (GTK_WIDGET (self), "documents-page");
  self->procedure = g_object_ref (procedure);
  self->store = store;
  self->work_dir = g_strdup (work_dir);
  g_mkdir_with_parents (work_dir, 0700);

  self->stack = GTK_STACK (gtk_stack_new ());
  mc_a11y_track_stack (self->stack);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->stack), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->stack), 24);
  gtk_widget_set_margin_top (GTK_WIDGET (self->stack), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->stack), 18);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));

  list_view = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* Translators: the title of the documents step */
  heading = g_object_new (GTK_TYPE_LABEL,
                          "label", _("Your papers"),
                          "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                          NULL);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-1");
  gtk_box_append (GTK_BOX (list_view), heading);
  heading = gtk_label_new (
    /* Translators: under the title of the documents step */
    _("Scan each paper on the scanner, or choose its file from a USB stick."));
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_box_append (GTK_BOX (list_view), heading);
  speak = GTK_WIDGET (mc_speak_button_new ());
  gtk_box_append (GTK_BOX (list_view), speak);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), column);
  gtk_box_append (GTK_BOX (list_view), scroller);

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    grouped |= ((McRequiredDocument *) documents->pdata[i])->group != NULL;

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      const McRequiredDocument *doc = documents->pdata[i];
      Item *item = g_new0 (Item, 1);

      item->page = self;
      item->index = i;
      item->doc = doc;
      item->required = mc_required_document_is_required (doc, grouped);
      item->filename = slug_filename (doc->name, i);
      g_ptr_array_add (self->items, item);
    }

  /* The papers the citizen must bring first, under a heading of their own;
   * then the others under their group (the cases that may apply). */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->items->len; i++)
      {
        if (pass == 1 && i == 0 && list != NULL)
          {
            /* Translators: above the documents that only apply in some cases */
            heading = gtk_label_new (_("Other papers: only if they apply to you"));
            gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
            gtk_label_set_xalign (GTK_LABEL (heading), 0);
            gtk_widget_add_css_class (heading, "title-2");
            gtk_widget_set_margin_top (heading, 24);
            gtk_box_append (GTK_BOX (column), heading);
          }

        Item *item = self->items->pdata[i];
        const char *doc_group = item->doc->group != NULL ? item->doc->group : "";
        const char *title;

        if (item->required != (pass == 0))
          continue;
        if (pass == 0)
          doc_group = "\001required";
        if (list == NULL || g_strcmp0 (doc_group, group) != 0)
          {
            group = doc_group;
            if (pass == 0)
              /* Translators: heading of the documents the citizen must provide */
              title = _("Papers you must provide");
            else if (*group != '\0')
              title = group;
            else
              /* Translators: heading of the documents the catalogue puts in no group */
              title = _("Other documents");
            if (pass == 0 || *group != '\0' || grouped)
              {
                heading = gtk_label_new (title);
                gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
                gtk_label_set_xalign (GTK_LABEL (heading), 0);
                gtk_widget_add_css_class (heading, pass == 0 ? "title-2" : "title-3");
                gtk_widget_set_margin_top (heading, 12);
                gtk_box_append (GTK_BOX (column), heading);
              }
            list = gtk_list_box_new ();
            gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
            gtk_widget_add_css_class (list, "boxed-list");
            gtk_box_append (GTK_BOX (column), list);
          }
        gtk_list_box_append (GTK_LIST_BOX (list), build_item (self, item));
      }

  /* Read aloud: the step's instruction and the papers the citizen must provide. */
  mc_speech_append_sentence (speech, _("Your papers"));
  mc_speech_append_sentence (speech,
                             _("Scan each paper on the scanner, or choose its file from a USB stick."));
  for (guint i = 0, n = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];

      if (!item->required)
        continue;
      if (n++ == 0)
        g_string_append_printf (speech, " %s:", _("Papers you must provide"));
      mc_speech_append_sentence (speech, item->doc->name);
    }
  mc_speech_append_sentence (speech, _("When you are done, tap \"Continue\"."));
  mc_speak_button_set_text (MC_SPEAK_BUTTON (speak), speech->str);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->message), "documents-message");
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->message), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "title-4");
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->message));
  /* Translators: leaves the documents step for sending the dossier */
  self->continue_button = gtk_button_new_with_label (C_("documents", "Continue"));
  gtk_widget_set_name (self->continue_button, "documents-continue");
  gtk_widget_add_css_class (self->continue_button, "pill");
  gtk_widget_add_css_class (self->continue_button, "suggested-action");
  gtk_widget_add_css_class (self->continue_button, "title-3");
  g_signal_connect_object (self->continue_button, "clicked", G_CALLBACK (continue_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (bottom), self->continue_button);
  gtk_box_append (GTK_BOX (list_view), bottom);

  gtk_stack_add_named (self->stack, list_view, "list");
  update_continue (self);
  return self;
}

gboolean
mc_documents_page_go_back (McDocumentsPage *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENTS_PAGE (self), FALSE);

  if (self->scan_page != NULL)
    {
      /* Back from scanning keeps what was scanned, as "Done" does; during a
       * scan, Cancel comes first. */
      if (!mc_scan_page_get_busy (self->scan_page))
        scan_done_cb (self, self->scan_page);
      return TRUE;
    }
  if (self->import_view != NULL || self->waive_view != NULL)
    {
      self->current = NULL;
      show_list (self);
      return TRUE;
    }
  return FALSE;
}

McProcedure *
mc_documents_page_get_procedure (McDocumentsPage *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENTS_PAGE (self), NULL);
  return self->procedure;
}

GPtrArray *
mc_documents_page_get_attachments (McDocumentsPage *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENTS_PAGE (self), NULL);

  g_clear_pointer (&self->specs, g_ptr_array_unref);
  self->specs = g_ptr_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];

      if (item_done (item))
        g_ptr_array_add (self->specs, &item->spec);
    }
  return self->specs;
}

void
mc_documents_page_apply_waivers (McDocumentsPage *self,
                                 McDossier       *dossier)
{
  g_return_if_fail (MC_IS_DOCUMENTS_PAGE (self));
  g_return_if_fail (dossier != NULL);

  mc_dossier_clear_waivers (dossier);
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];

      if (item->waived && !item_done (item))
        mc_dossier_add_waiver (dossier, item->doc->name, item->waive_reason);
    }
}

void
mc_documents_page_take_from (McDocumentsPage *self,
                             McDocumentsPage *old)
{
  g_return_if_fail (MC_IS_DOCUMENTS_PAGE (self));
  g_return_if_fail (MC_IS_DOCUMENTS_PAGE (old));

  if (old->procedure != self->procedure || old->items->len != self->items->len)
    return;
  /* What is being scanned or made into a PDF right now is not carried over
   * (cancelled here); the pages already taken are. */
  g_cancellable_cancel (old->cancellable);
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];
      Item *from = old->items->pdata[i];

      g_assert (item->doc == from->doc);
      if (from->document != NULL && !from->busy)
        {
          g_clear_object (&item->document);
          item->document = g_steal_pointer (&from->document);
        }
      if (item_done (from) && !from->busy)
        {
          /* The same file name in the same work dir: the old page no longer
           * deletes it. */
          g_free (item->pdf_path);
          item->pdf_path = g_steal_pointer (&from->pdf_path);
          item->size = from->size;
          item->n_pages = from->n_pages;
          item->spec.source_path = item->pdf_path;
          item->spec.document = item->doc->name;
          item->spec.filename = item->filename;
          item->spec.content_type = "application/pdf";
        }
      item->waived = from->waived;
      g_free (item->waive_reason);
      item->waive_reason = g_strdup (from->waive_reason);
      update_item (item);
    }
  self->passed = old->passed;
  update_continue (self);
}

GArray *
mc_documents_page_get_summary (McDocumentsPage *self)
{
  GArray *summary;

  g_return_val_if_fail (MC_IS_DOCUMENTS_PAGE (self), NULL);

  summary = g_array_new (FALSE, TRUE, sizeof (McDocumentSummary));
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];
      McDocumentSummary line = { item->doc->name, 0, 0, NULL };

      if (item_done (item))
        {
          line.n_pages = item->n_pages;
          line.size = item->size;
        }
      else if (item->waived)
        line.waive_reason = item->waive_reason != NULL ? item->waive_reason : "";
      else
        continue;
      g_array_append_val (summary, line);
    }
  return summary;
}

gboolean
mc_documents_page_is_complete (McDocumentsPage *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENTS_PAGE (self), FALSE);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];

      if (item->busy || (item->required && !item->waived && !item_done (item)))
        return FALSE;
    }
  return TRUE;
}

gboolean
mc_documents_page_get_passed (McDocumentsPage *self)
{
  g_return_val_if_fail (MC_IS_DOCUMENTS_PAGE (self), FALSE);
  return self->passed && mc_documents_page_is_complete (self);
}
