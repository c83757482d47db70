/* mc-stats.h: the office's statistics, computed from the outbox.
 *
 * Every figure is about the dossiers FINALIZED (put into the outbox) within
 * [from, to): the outbox holds every dossier the kiosk finalized, so each
 * entry counts once, in the state it is in now:
 *   delivered  the portal's receipt is stored;
 *   waiting    queued or being sent;
 *   rejected   quarantined (refused by the portal, or a damaged file), not
 *              cancelled;
 *   cancelled  cancelled by the clerk (never sent);
 *   assisted   of all of the above, those a clerk submitted on a citizen's
 *              behalf (counted in the states too, and separately here).
 *
 * "Completed fully online from the kiosk" (online_share) is defined as
 * delivered / total: the share of the finalized dossiers that reached the
 * portal from this kiosk (assisted ones included; self_service_share leaves
 * them out of the numerator). Median time in the queue is over the delivered
 * ones: delivered_at − created_at.
 *
 * Days and ISO weeks are in @tz (NULL: local time). No personal data: only
 * procedure codes, states and times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "mc-store.h"

G_BEGIN_DECLS

typedef struct {
  char   *key;        /* "2026-11-23", "2026-W48", a procedure code, or "total" */
  guint   total;
  guint   delivered;
  guint   waiting;
  guint   rejected;
  guint   cancelled;
  guint   assisted;
} McStatsRow;

typedef struct {
  gint64      from;              /* unix seconds, inclusive */
  gint64      to;                /* unix seconds, exclusive */
  McStatsRow  totals;            /* key "total" */
  guint       assisted_delivered;
  GPtrArray  *days;              /* McStatsRow*: every day from the first to the last
                                  * day with a dossier, zero rows included, in order */
  GPtrArray  *weeks;             /* McStatsRow*: ISO weeks ("%G-W%V"), the same way */
  GPtrArray  *procedures;        /* McStatsRow*: most dossiers first, then by code */
  gint64      median_queue_s;    /* -1 when none was delivered */
  double      online_share;      /* delivered / total (0 when total is 0) */
  double      self_service_share;/* (delivered − assisted_delivered) / total */
} McStats;

void     mc_stats_free    (McStats     *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStats, mc_stats_free)

/* The statistics of the dossiers finalized in [@from, @to) (use 0 and
 * G_MAXINT64 for everything). @tz: NULL for local time. */
McStats *mc_stats_compute (McStore     *store,
                           gint64       from,
                           gint64       to,
                           GTimeZone   *tz,
                           GError     **error);

/* The procedures this office files most, from the dossiers finalized since
 * @since (unix seconds) and not cancelled: at most @n codes, most dossiers
 * first, then by code. Empty (never NULL) when there is no history. */
char   **mc_stats_top_procedures (McStore     *store,
                                  gint64       since,
                                  guint        n,
                                  GError     **error);

typedef enum {
  MC_STATS_BY_DAY,
  MC_STATS_BY_WEEK,
  MC_STATS_BY_PROCEDURE,
} McStatsTable;

/* One table as CSV (RFC 4180: CRLF line ends, fields with a comma, quote, CR
 * or LF quoted, quotes doubled; UTF-8 without a BOM). Header row
 * "day|week|procedure,total,delivered,waiting,rejected,cancelled,assisted"
 * (stable English column names for spreadsheets and scripts), one row per
 * McStatsRow, then a "total" row. */
char    *mc_stats_to_csv  (const McStats *stats,
                           McStatsTable   table);

/* Writes mc_stats_to_csv() to @path atomically (mode 0600). */
gboolean mc_stats_write_csv (const McStats  *stats,
                             McStatsTable    table,
                             const char     *path,
                             GError        **error);

G_END_DECLS
