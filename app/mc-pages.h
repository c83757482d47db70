/* mc-pages.h: scanned or imported pages, and the document they make up.
 *
 * A McPage is one image on disk: raw 8-bit samples, gray (1 byte a pixel) or
 * RGB (3 bytes), rows packed without padding, no header. Pages are immutable:
 * every edit (rotate, crop, normalize) makes a new page with a new file, so a
 * page can be read from any thread while the UI keeps working. A page created
 * with mc_page_new_take_file() owns its file and deletes it when finalized, so
 * a 50-page batch lives on disk, never all in memory: only the page being
 * worked on is loaded.
 *
 * A McDocument is an ordered list of pages for one required document of a
 * dossier (a GListModel of McPage, so a GtkGridView can show thumbnails), with
 * the metadata that goes into its PDF. mc_document_write_pdf_async() encodes
 * each page as JPEG (libjpeg-turbo) and embeds the JPEG bytes unchanged in a
 * cairo PDF (no second lossy step).
 *
 * Images are personal data: no pixel, file name of an import or metadata value
 * ever goes to a log line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <cairo.h>

G_BEGIN_DECLS

#define MC_PAGES_ERROR (mc_pages_error_quark ())
typedef enum {
  MC_PAGES_ERROR_IO,           /* reading/writing a page or PDF file failed */
  MC_PAGES_ERROR_NO_MEMORY,    /* the image does not fit in memory */
  MC_PAGES_ERROR_TOO_LARGE,    /* beyond MC_PAGE_MAX_SIDE pixels or the file size limit */
  MC_PAGES_ERROR_UNSUPPORTED,  /* not a JPEG, PNG or PDF */
  MC_PAGES_ERROR_CORRUPT,      /* a damaged or truncated image or PDF */
  MC_PAGES_ERROR_ENCRYPTED,    /* a PDF with encryption or a password */
  MC_PAGES_ERROR_EMPTY,        /* a document without pages, a PDF with 0 pages */
  MC_PAGES_ERROR_CANCELLED,
} McPagesError;
GQuark mc_pages_error_quark (void);

/* Longest side an image may have, in pixels (an A4 page at 1200 dpi is
 * 9921×14031; we refuse more than 12000 on either side: 432 MB in colour). */
#define MC_PAGE_MAX_SIDE 12000

typedef enum {
  MC_PAGE_GRAY,   /* 1 byte a pixel */
  MC_PAGE_COLOR,  /* 3 bytes a pixel, R G B */
} McPageMode;

/* How a kind of document is scanned and compressed. */
typedef enum {
  MC_PROFILE_TEXT,   /* forms, certificates: gray, 200 dpi, cleaned, JPEG q MC_TEXT_JPEG_QUALITY */
  MC_PROFILE_PHOTO,  /* ID cards, photos: colour, 300 dpi, JPEG q MC_PHOTO_JPEG_QUALITY */
} McProfile;

#define MC_TEXT_DPI           200
#define MC_TEXT_JPEG_QUALITY  15   /* bench/scan: 141 KB per A4 form page, OCR agreement 99.8% (q70: 291 KB, same OCR) */
#define MC_PHOTO_DPI          300
#define MC_PHOTO_JPEG_QUALITY 85

McPageMode mc_profile_get_mode         (McProfile profile);
guint      mc_profile_get_dpi          (McProfile profile);
int        mc_profile_get_jpeg_quality (McProfile profile);

/* Paper presets, portrait, in millimetres. */
typedef enum {
  MC_PAPER_A4,       /* 210 × 297 */
  MC_PAPER_A5,       /* 148 × 210 */
  MC_PAPER_ID_CARD,  /* 85.6 × 54 (ISO/IEC 7810 ID-1, landscape) */
} McPaper;

void mc_paper_get_size_mm (McPaper  paper,
                           double  *width_mm,
                           double  *height_mm);

/* A rectangle in pixels. */
typedef struct {
  int x, y, width, height;
} McRect;

/* ---------------------------------------------------------------- McPage */

#define MC_TYPE_PAGE (mc_page_get_type ())
G_DECLARE_FINAL_TYPE (McPage, mc_page, MC, PAGE, GObject)

/* Wraps a raw file of exactly width × height × (1 or 3) bytes. The page takes
 * ownership of the file: it is deleted when the page is finalized. */
McPage     *mc_page_new_take_file   (const char   *path,
                                     int           width,
                                     int           height,
                                     guint         dpi,
                                     McPageMode    mode);
/* Writes @pixels (rows of @stride bytes) to a new raw file in @work_dir. */
McPage     *mc_page_new_from_data   (const char   *work_dir,
                                     const guint8 *pixels,
                                     int           width,
                                     int           height,
                                     int           stride,
                                     guint         dpi,
                                     McPageMode    mode,
                                     GError      **error);

const char *mc_page_get_path        (McPage       *self);
int         mc_page_get_width       (McPage       *self);
int         mc_page_get_height      (McPage       *self);
guint       mc_page_get_dpi         (McPage       *self);
McPageMode  mc_page_get_mode        (McPage       *self);
/* Size of the page on paper, from its pixel size and dpi. */
double      mc_page_get_width_mm    (McPage       *self);
double      mc_page_get_height_mm   (McPage       *self);

/* Loads the raw samples (width × height × channels bytes, packed rows). One
 * page in memory at a time is the point: callers free it before the next. */
GBytes     *mc_page_load            (McPage       *self,
                                     GError      **error);

/* A down-scaled RGB24 copy that fits in @max_width × @max_height (aspect
 * kept, never enlarged), for thumbnails and the big preview. */
cairo_surface_t *mc_page_create_preview (McPage   *self,
                                         int       max_width,
                                         int       max_height,
                                         GError  **error);

/* The edits: each returns a new page (file in @work_dir) or NULL and @error. */
McPage     *mc_page_rotate          (McPage       *self,
                                     int           degrees,   /* 90, 180 or 270, clockwise */
                                     const char   *work_dir,
                                     GError      **error);
/* @rect is clamped to the page. */
McPage     *mc_page_crop            (McPage       *self,
                                     const McRect *rect,
                                     const char   *work_dir,
                                     GError      **error);
/* Crops to @paper placed at the scanner's origin corner (top left, where
 * flatbeds mark the paper's corner); clamped where the scan is smaller. */
McPage     *mc_page_crop_to_paper   (McPage       *self,
                                     McPaper       paper,
                                     const char   *work_dir,
                                     GError      **error);
/* Finds the paper on a scan larger than the paper. The method, kept simple:
 * the lid's level is the median of a strip along the right and bottom edges
 * (paper lies at the origin corner, so those edges show the lid); a row or
 * column is paper when more than 2% of its pixels differ from that level by
 * more than 32 (of 255); the paper is the bounding box of such rows and
 * columns. Works for a white page on a dark lid and for a printed page on a
 * white lid (then the bounds of the print are found). Returns FALSE when
 * nothing stands out (the whole scan is paper, or it is empty). When @paper is
 * not NULL it receives the preset closest in size (within 10% each side;
 * otherwise -1). */
gboolean    mc_page_detect_paper    (McPage       *self,
                                     McRect       *bounds,
                                     int          *paper,
                                     GError      **error);
/* Converts to @mode and scales down to @dpi (area average; never up). */
McPage     *mc_page_normalize       (McPage       *self,
                                     McPageMode    mode,
                                     guint         dpi,
                                     const char   *work_dir,
                                     GError      **error);
/* JPEG bytes of the page (gray JPEG for a gray page). With @clean (for text),
 * a light contrast stretch first: the 0.5th percentile becomes black and the
 * paper's own level (the brightest 20% of pixels start there) becomes white,
 * which removes the paper's tint and scanner noise and lets the JPEG shrink. */
GBytes     *mc_page_encode_jpeg     (McPage       *self,
                                     int           quality,
                                     gboolean      clean,
                                     GError      **error);

/* Imports a JPEG or PNG file (by content, not by name): decoded (PNG through
 * cairo, JPEG through libjpeg), refused beyond MC_PAGE_MAX_SIDE, then
 * normalized like a scan for @profile. The dpi comes from the JPEG's JFIF
 * density when it has one, otherwise the image is taken as A4 wide. */
McPage     *mc_page_import_image    (const char   *path,
                                     McProfile     profile,
                                     const char   *work_dir,
                                     GError      **error);

/* Checks a PDF brought on removable media: it starts with "%PDF-", is at most
 * @max_bytes long and @max_pages pages, opens (poppler), is not encrypted (no
 * password, no /Encrypt dictionary). Returns the page count, or 0 and @error. */
guint       mc_pdf_check_file       (const char   *path,
                                     goffset       max_bytes,
                                     guint         max_pages,
                                     GError      **error);

/* ------------------------------------------------------------ McDocument */

#define MC_TYPE_DOCUMENT (mc_document_get_type ())
G_DECLARE_FINAL_TYPE (McDocument, mc_document, MC, DOCUMENT, GObject)

/* A GListModel of McPage. @work_dir is where edited pages are written. The
 * metadata go into the PDF: title = @name (the document, e.g. "Giấy chứng sinh"),
 * subject = @procedure, keywords and creator carry @dossier_id. */
McDocument *mc_document_new            (const char  *work_dir,
                                        McProfile    profile,
                                        const char  *name,
                                        const char  *procedure,
                                        const char  *dossier_id);
McProfile   mc_document_get_profile    (McDocument  *self);
const char *mc_document_get_work_dir   (McDocument  *self);
guint       mc_document_get_n_pages    (McDocument  *self);
/* Borrowed; NULL past the end. */
McPage     *mc_document_get_page       (McDocument  *self,
                                        guint        index);

void        mc_document_append         (McDocument  *self,
                                        McPage      *page);
void        mc_document_insert         (McDocument  *self,
                                        guint        index,
                                        McPage      *page);
/* Re-scan: the new page takes the old one's place. */
void        mc_document_replace        (McDocument  *self,
                                        guint        index,
                                        McPage      *page);
void        mc_document_remove         (McDocument  *self,
                                        guint        index);
/* Moves the page at @from so that it ends up at @to. */
void        mc_document_move           (McDocument  *self,
                                        guint        from,
                                        guint        to);
void        mc_document_clear          (McDocument  *self);
/* In-place edits of one page (a new page replaces it). */
gboolean    mc_document_rotate_page    (McDocument  *self,
                                        guint        index,
                                        int          degrees,
                                        GError     **error);
gboolean    mc_document_crop_page      (McDocument  *self,
                                        guint        index,
                                        McPaper      paper,
                                        GError     **error);
/* Crops to mc_page_detect_paper()'s bounds; FALSE without error when nothing
 * was detected (the page is left as it is). */
gboolean    mc_document_auto_crop_page (McDocument  *self,
                                        guint        index,
                                        GError     **error);

/* Writes the PDF in a worker thread: each page normalized to the profile
 * (mode, dpi), JPEG-encoded once, embedded unchanged (cairo JPEG MIME data),
 * the page size taken from the image's pixels and dpi. The file appears
 * atomically at @path (temp file + rename). Pages added or removed after the
 * call do not affect this PDF. */
void        mc_document_write_pdf_async  (McDocument          *self,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* Returns the PDF's size in bytes, or -1 and @error. */
gint64      mc_document_write_pdf_finish (McDocument          *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* The same, blocking (for motcua-ctl, benchmarks and threads of their own). */
gint64      mc_document_write_pdf        (McDocument          *self,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS
