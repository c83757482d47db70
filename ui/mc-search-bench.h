/* mc-search-bench.h: the issue 5 benchmark "keystroke to the result list
 * redrawn in the real window". With MOTCUA_BENCH_SEARCH=1 the kiosk types real
 * citizen queries into its own search entry, one character at a time, and
 * measures each keystroke to the frame clock's next "after-paint"; it prints
 * the figures to stderr and quits. Run it as:
 *
 *   MOTCUA_BENCH_SEARCH=1 GSK_RENDERER=cairo xvfb-run -a -s "-screen 0 1280x1024x24" \
 *     _build/ui/motcua-kiosk --data-dir "$(mktemp -d)" --portal http://127.0.0.1:9
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void mc_search_bench_start (GtkWidget   *window,
                            GtkEditable *entry);

G_END_DECLS
