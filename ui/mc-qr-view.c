/* mc-qr-view.c: draws McQr with cairo, as a square of at least "size" pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mc-qr.h"
#include "mc-qr-view.h"

struct _McQrView
{
  GtkWidget  parent_instance;

  char      *text;  /* nullable */
  McQr      *qr;    /* nullable: NULL when there is no text or it cannot be encoded */
  int        size;
};

G_DEFINE_FINAL_TYPE (McQrView, mc_qr_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_qr_view_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  McQrView *self = MC_QR_VIEW (widget);

  *minimum = *natural = self->size;
}

static void
mc_qr_view_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  McQrView *self = MC_QR_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int side = MIN (width, height);
  cairo_t *cr;

  if (self->qr == NULL || side <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* Whole-pixel modules, centred: mc_qr_draw fills the square itself. */
  mc_qr_draw (self->qr, cr, (width - side) / 2, (height - side) / 2, side);
  cairo_destroy (cr);
}

static void
mc_qr_view_finalize (GObject *object)
{
  McQrView *self = MC_QR_VIEW (object);

  g_clear_pointer (&self->qr, mc_qr_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (mc_qr_view_parent_class)->finalize (object);
}

static void
mc_qr_view_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  McQrView *self = MC_QR_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_qr_view_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  McQrView *self = MC_QR_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      mc_qr_view_set_text (self, g_value_get_string (value));
      break;
    case PROP_SIZE:
      if (self->size != g_value_get_int (value))
        {
          self->size = g_value_get_int (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_qr_view_class_init (McQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mc_qr_view_finalize;
  object_class->get_property = mc_qr_view_get_property;
  object_class->set_property = mc_qr_view_set_property;

  widget_class->measure = mc_qr_view_measure;
  widget_class->snapshot = mc_qr_view_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SIZE] =
    g_param_spec_int ("size", NULL, NULL, 48, 2048, 264,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mc_qr_view_init (McQrView *self)
{
  self->size = 264;
}

GtkWidget *
mc_qr_view_new (void)
{
  return g_object_new (MC_TYPE_QR_VIEW, NULL);
}

void
mc_qr_view_set_text (McQrView   *self,
                     const char *text)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MC_IS_QR_VIEW (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->qr, mc_qr_free);
  if (text != NULL)
    {
      self->qr = mc_qr_new (text, &error);
      if (self->qr == NULL)
        g_debug ("Cannot encode a QR code: %s", error->message);
    }

  /* The label (set by the page) says what the code is for; the description
   * says where it leads, for those who cannot see it to scan it. */
  if (self->qr != NULL)
    {
      /* Translators: the accessible description of a QR code image; %s is the
       * address it encodes */
      g_autofree char *description = g_strdup_printf (_("QR code that opens %s"), text);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
mc_qr_view_get_text (McQrView *self)
{
  g_return_val_if_fail (MC_IS_QR_VIEW (self), NULL);

  return self->text;
}
