/* sim-faults.h: the portal simulator's fault injection: a list of faults, each
 * with a kind, the requests it matches and how many of them it still takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SIM_FAULT_ERROR (sim_fault_error_quark ())
typedef enum {
  SIM_FAULT_ERROR_INVALID,
} SimFaultError;
GQuark sim_fault_error_quark (void);

typedef enum {
  SIM_FAULT_REFUSE,            /* close the connection without a reply */
  SIM_FAULT_STATUS,            /* answer with an error status (+ Retry-After) */
  SIM_FAULT_DELAY,             /* wait before replying (combines with the others) */
  SIM_FAULT_DROP_AFTER_BYTES,  /* process, then send only the first N bytes */
  SIM_FAULT_LOSE_REPLY,        /* commit the dossier, then close without a reply */
  SIM_FAULT_HTML,              /* 200 with an HTML page (captive portal) */
  SIM_FAULT_GARBAGE,           /* 201 with malformed JSON */
  SIM_FAULT_DROP_BODY,         /* cut the connection after N bytes of the request body */
  SIM_N_FAULT_KINDS
} SimFaultKind;

/* The /api/ requests a fault can match. */
typedef enum {
  SIM_ROUTE_HEALTH = 1 << 0,  /* GET /api/v1/health */
  SIM_ROUTE_SUBMIT = 1 << 1,  /* POST /api/v1/dossiers */
  SIM_ROUTE_LOOKUP = 1 << 2,  /* GET /api/v1/dossiers/{code} */
  SIM_ROUTE_OTHER  = 1 << 3,  /* any other /api/ request */
  SIM_ROUTE_UPLOAD = 1 << 4,  /* /api/v1/uploads and /api/v1/uploads/{id} (tus) */
  SIM_ROUTE_ANY    = 0x1f,
} SimRoute;

/* Which faults a request consults at which point. */
typedef enum {
  SIM_FAULT_CLASS_DELAY,  /* delay, once the request is handled */
  SIM_FAULT_CLASS_BODY,   /* drop_body, when the request headers arrived */
  SIM_FAULT_CLASS_REPLY,  /* every other kind, once the request is handled */
} SimFaultClass;

typedef struct {
  guint         id;
  SimFaultKind  kind;
  int           count;        /* requests it still takes; -1: until cleared */
  guint         on;           /* SimRoute mask */
  guint         status;       /* STATUS */
  guint         retry_after;  /* STATUS: Retry-After seconds, 0 = none */
  guint         delay_ms;     /* DELAY */
  gsize         bytes;        /* DROP_AFTER_BYTES, DROP_BODY */
  gboolean      anywhere;     /* DROP_BODY without a byte count: at a random point */
  double        probability;  /* each matching request is taken with this probability */
  guint64       applied;      /* how many requests it has taken */
} SimFault;

const char *sim_fault_kind_to_string (SimFaultKind  kind);

/* "status=503,count=3,retry_after=2,on=submit", see README.md. */
SimFault   *sim_fault_parse          (const char   *spec,
                                      GError      **error);
/* {"kind": "status", "status": 503, ...} or {"spec": "status=503,..."}. */
SimFault   *sim_fault_from_json      (JsonNode     *node,
                                      GError      **error);

typedef struct _SimFaults SimFaults;

/* @seed: for the faults' random choices (probability, drop_body anywhere). */
SimFaults  *sim_faults_new           (guint32       seed);
GRand      *sim_faults_get_rand      (SimFaults    *self);
void        sim_faults_free          (SimFaults    *self);
/* Takes ownership of @fault and gives it an id. */
void        sim_faults_add           (SimFaults    *self,
                                      SimFault     *fault);
void        sim_faults_clear         (SimFaults    *self);
JsonNode   *sim_faults_to_json       (SimFaults    *self);

/* The first fault of @klass that matches a request on @route (and, for
 * drop_body, whose body of @body_len bytes, -1 if unknown, is long enough) and
 * wins its probability draw: counts the request against it (dropping the fault
 * when its count is spent) and copies it to @out. FALSE: none matches. */
gboolean    sim_faults_take          (SimFaults    *self,
                                      SimRoute      route,
                                      SimFaultClass klass,
                                      gint64        body_len,
                                      SimFault     *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimFaults, sim_faults_free)

G_END_DECLS
