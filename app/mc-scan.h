/* mc-scan.h: SANE scanners, in one worker thread.
 *
 * Every SANE call blocks (probing all backends takes seconds, a page takes
 * many), so a McScanner owns one worker thread that does all of them, one job
 * at a time, in the order asked. Results and signals arrive on the main context
 * of the thread that created the scanner (the UI thread).
 *
 * Pages are streamed to disk as the scanner sends lines: each page is a raw
 * file in the scanner's work dir (see McPage in mc-pages.h), so memory stays
 * bounded whatever the batch size. Pages finished before an error or a cancel
 * are kept: they were already handed out through "page-done".
 *
 * Typical use (the UI):
 *
 *   scanner = mc_scanner_new (work_dir);
 *   g_signal_connect_object (scanner, "page-done", G_CALLBACK (page_done_cb), doc, 0);
 *   mc_scanner_list_devices_async (scanner, cancellable, devices_cb, self);
 *   ...
 *   McScanOptions opts;
 *   mc_scan_options_init (&opts, MC_PROFILE_TEXT);
 *   opts.source = MC_SCAN_SOURCE_ADF;
 *   mc_scanner_scan_async (scanner, NULL, &opts, cancellable, scan_cb, self);
 *   ... "Cancel" button: g_cancellable_cancel (cancellable) or mc_scanner_cancel ()
 *
 * One McScanner at a time per process: SANE itself is process-global
 * (sane_init/sane_exit happen in the worker thread). SANE reads its
 * configuration files when the worker starts, i.e. in mc_scanner_new(); note
 * that libsane looks at SANE_CONFIG_DIR only once per process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "mc-pages.h"

G_BEGIN_DECLS

#define MC_SCAN_ERROR (mc_scan_error_quark ())
/* Every message is a translated sentence fit to show to the citizen. */
typedef enum {
  MC_SCAN_ERROR_NO_SCANNER,     /* no device found */
  MC_SCAN_ERROR_DEVICE_GONE,    /* cannot open it, or unplugged/not answering (IO_ERROR, INVAL) */
  MC_SCAN_ERROR_BUSY,           /* used by another program */
  MC_SCAN_ERROR_JAMMED,         /* paper jam */
  MC_SCAN_ERROR_NO_DOCS,        /* the feeder is empty (on the first page of a batch) */
  MC_SCAN_ERROR_COVER_OPEN,
  MC_SCAN_ERROR_CANCELLED,
  MC_SCAN_ERROR_NO_MEMORY,
  MC_SCAN_ERROR_ACCESS_DENIED,
  MC_SCAN_ERROR_UNSUPPORTED,    /* e.g. ADF asked on a flatbed-only device */
  MC_SCAN_ERROR_DISK,           /* could not write the page to the work dir */
  MC_SCAN_ERROR_FAILED,         /* any other SANE failure */
} McScanError;
GQuark mc_scan_error_quark (void);

/* ---------------------------------------------------------- McScanDevice */

#define MC_TYPE_SCAN_DEVICE (mc_scan_device_get_type ())
typedef struct {
  char *name;    /* SANE device name, e.g. "test:0", "epson2:libusb:001:004" */
  char *vendor;
  char *model;
  char *type;    /* e.g. "flatbed scanner" */
} McScanDevice;

GType         mc_scan_device_get_type (void) G_GNUC_CONST;
McScanDevice *mc_scan_device_copy     (const McScanDevice *device);
void          mc_scan_device_free     (McScanDevice       *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McScanDevice, mc_scan_device_free)

/* --------------------------------------------------------- McScanOptions */

typedef enum {
  MC_SCAN_SOURCE_FLATBED,  /* one page per scan; "add another page" = scan again */
  MC_SCAN_SOURCE_ADF,      /* pages until the feeder is empty */
} McScanSource;

typedef struct {
  McPageMode   mode;     /* SANE "Gray" or "Color", 8 bits */
  guint        dpi;      /* the device may round it: McPage says what was used */
  McScanSource source;
  /* The scan area in mm from the glass's origin corner; br_x or br_y <= 0
   * means the device's whole width or height. */
  double       tl_x, tl_y, br_x, br_y;
  /* Where this scan's pages go (borrowed, copied when the scan is asked);
   * NULL: the scanner's work dir. One scanner serves several screens (the
   * documents step, the card's QR), each with its own folder. */
  const char  *work_dir;
} McScanOptions;

/* Defaults for a profile: text = gray 200 dpi, photo = colour 300 dpi;
 * flatbed, the whole area. */
void mc_scan_options_init (McScanOptions *options,
                           McProfile      profile);

/* ------------------------------------------------------------- McScanner */

#define MC_TYPE_SCANNER (mc_scanner_get_type ())
G_DECLARE_FINAL_TYPE (McScanner, mc_scanner, MC, SCANNER, GObject)

/* Starts the worker thread. Pages go to files in @work_dir (created if need
 * be); the pages own their files.
 *
 * Property:
 *   "last-device"  (string, nullable) the last device that scanned a page
 *                  successfully. The caller persists it (kiosk.conf) and
 *                  sets it back at start-up; scanning without a device name
 *                  uses it, or else the first device found.
 *   "busy"         (boolean) a scan is queued or under way (TRUE from
 *                  mc_scanner_scan_async() on, FALSE again just before
 *                  the last one's callback runs).
 * Signals (all on the creating thread's main context, in order):
 *   "page-started" (guint index)            a page begins (0-based in this scan)
 *   "progress"     (guint index, double f)  fraction 0..1 of the page read,
 *                                           -1 when the height is unknown
 *   "page-done"    (McPage *page)           a finished page; take a reference
 *   "finished"     (guint n_pages)          the scan ended well
 *   "error"        (GError *error)          the scan ended with @error (pages
 *                                           already done were delivered)
 * The _async callback runs after "finished" or "error". */
McScanner    *mc_scanner_new                 (const char           *work_dir);

const char   *mc_scanner_get_last_device     (McScanner            *self);
void          mc_scanner_set_last_device     (McScanner            *self,
                                              const char           *name);
gboolean      mc_scanner_get_busy            (McScanner            *self);

/* Lists the devices (a fresh probe each time: "refresh" is calling it again).
 * The result is a GPtrArray of McScanDevice (free with g_ptr_array_unref);
 * an empty array when there is none (the UI then offers import instead; no
 * error is raised for that here). */
void          mc_scanner_list_devices_async  (McScanner            *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GPtrArray    *mc_scanner_list_devices_finish (McScanner            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Opens @name alone (sane_open() on it, without probing every backend: the
 * quick way to the scanner remembered from an earlier run) and keeps it open
 * for the next scan. FALSE with @error (MC_SCAN_ERROR_DEVICE_GONE, ...) when
 * it does not answer: the caller then lists the devices. */
void          mc_scanner_open_device_async   (McScanner            *self,
                                              const char           *name,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean      mc_scanner_open_device_finish  (McScanner            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Scans with @options from @device (NULL: the last device, else the first one
 * found; MC_SCAN_ERROR_NO_SCANNER when there is none). Flatbed: one page. ADF:
 * pages until the feeder is empty ("out of documents" after at least one page
 * is the normal end; MC_SCAN_ERROR_NO_DOCS when it was empty from the start).
 * Cancel with @cancellable or mc_scanner_cancel(): it takes effect when the
 * backend's current sane_read() returns; the page being read is dropped,
 * MC_SCAN_ERROR_CANCELLED. */
void          mc_scanner_scan_async          (McScanner            *self,
                                              const char           *device,
                                              const McScanOptions  *options,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* Returns the number of pages scanned (>= 1), or 0 and @error. */
guint         mc_scanner_scan_finish         (McScanner            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Cancels the scan under way, if any (safe from any thread). */
void          mc_scanner_cancel              (McScanner            *self);
/* Closes the open device (sane_close()) once the jobs asked before are done;
 * the next scan or open opens it again. For when the kiosk passes to the next
 * citizen: the device is free for others (SANE allows one handle per device),
 * and an unplugged scanner is found again by name. */
void          mc_scanner_close_device        (McScanner            *self);

G_END_DECLS
