/* mc-removable.h: the files a citizen may take from removable media.
 *
 * The kiosk offers no free browsing of its file system: what it lists is the
 * USB stick's files, under /media and /run/media (where udisks mounts them),
 * or MOTCUA_IMPORT_DIR (a test's "USB stick", or a kiosk's own mount point).
 * The documents step (PDFs and photos to import) and the card's QR (photos of
 * the card) both list them here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The regular files under those places whose name ends in one of @suffixes
 * (lower case, e.g. ".pdf"; matched without regard to case), sorted by path:
 * hidden files and folders and symbolic links are passed over, folders are
 * entered @max_depth levels deep at most (0: only the top), and the listing
 * stops at @max_files. A GPtrArray of paths (char *, owned); empty when there
 * is no stick. */
GPtrArray *mc_removable_list_files (const char * const *suffixes,
                                    guint               max_files,
                                    guint               max_depth);

G_END_DECLS
