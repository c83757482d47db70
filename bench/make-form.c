/* make-form.c: renders tests/data/to-khai-khai-sinh-300dpi.png, the A4 text
 * page bench/scan feeds through the scan pipeline: a birth registration
 * declaration laid out like the official form (Thông tư 04/2020/TT-BTP, mẫu
 * TP/HT-2020-KS.1), filled in with made-up data, at 300 dpi, in DejaVu.
 *
 *   make-form OUTPUT.png
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib.h>

#define DPI 300.0
#define MM(x) ((x) * DPI / 25.4)

typedef enum { LEFT, CENTER, RIGHT } Align;

static void
text (cairo_t    *cr,
      const char *font,
      gboolean    bold,
      gboolean    italic,
      double      size_pt,
      Align       align,
      double      x_mm,
      double      y_mm,
      const char *s)
{
  cairo_text_extents_t ext;
  double x = MM (x_mm);

  cairo_select_font_face (cr, font, italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size_pt * DPI / 72.0);
  cairo_text_extents (cr, s, &ext);
  if (align == CENTER)
    x -= ext.x_advance / 2;
  else if (align == RIGHT)
    x -= ext.x_advance;
  cairo_move_to (cr, x, MM (y_mm));
  cairo_show_text (cr, s);
}

/* A label, then the filled-in value after it, then a dotted rest of line. */
static void
field (cairo_t    *cr,
       double      x_mm,
       double      y_mm,
       const char *label,
       const char *value)
{
  cairo_text_extents_t ext;
  g_autofree char *both = g_strdup_printf ("%s %s", label, value);

  text (cr, "DejaVu Serif", FALSE, FALSE, 12, LEFT, x_mm, y_mm, both);
  cairo_text_extents (cr, both, &ext);
  cairo_save (cr);
  cairo_set_line_width (cr, MM (0.25));
  {
    double dash[] = { MM (0.3), MM (1.2) };
    cairo_set_dash (cr, dash, 2, 0);
  }
  cairo_move_to (cr, MM (x_mm) + ext.x_advance + MM (1), MM (y_mm));
  cairo_line_to (cr, MM (190), MM (y_mm));
  cairo_stroke (cr);
  cairo_restore (cr);
}

int
main (int   argc,
      char *argv[])
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double y;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTPUT.png\n", argv[0]);
      return 2;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (MM (210) + 0.5),
                                        (int) (MM (297) + 0.5));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  text (cr, "DejaVu Serif", FALSE, TRUE, 10, RIGHT, 190, 14, "Mẫu TP/HT-2020-KS.1");
  text (cr, "DejaVu Serif", TRUE, FALSE, 13, CENTER, 105, 25,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  text (cr, "DejaVu Serif", TRUE, FALSE, 13, CENTER, 105, 32, "Độc lập - Tự do - Hạnh phúc");
  cairo_set_line_width (cr, MM (0.3));
  cairo_move_to (cr, MM (78), MM (34.5));
  cairo_line_to (cr, MM (132), MM (34.5));
  cairo_stroke (cr);

  text (cr, "DejaVu Serif", TRUE, FALSE, 15, CENTER, 105, 48, "TỜ KHAI ĐĂNG KÝ KHAI SINH");
  text (cr, "DejaVu Serif", FALSE, FALSE, 12, CENTER, 105, 58,
        "Kính gửi: Ủy ban nhân dân xã Tân Phước, huyện Tân Hồng, tỉnh Đồng Tháp");

  y = 70;
  field (cr, 20, y, "Họ, chữ đệm, tên người yêu cầu:", "NGUYỄN THỊ THU HƯƠNG"); y += 8;
  field (cr, 20, y, "Nơi cư trú:", "Ấp Phước Hòa, xã Tân Phước, huyện Tân Hồng"); y += 8;
  field (cr, 20, y, "Giấy tờ tùy thân:", "Căn cước công dân số 087190001234"); y += 8;
  field (cr, 20, y, "Quan hệ với người được khai sinh:", "Mẹ"); y += 10;

  text (cr, "DejaVu Serif", FALSE, FALSE, 12, LEFT, 20, y,
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"); y += 9;
  field (cr, 20, y, "Họ, chữ đệm, tên:", "TRẦN GIA BẢO"); y += 8;
  field (cr, 20, y, "Ngày, tháng, năm sinh:", "12/03/2024   ghi bằng chữ: Ngày mười hai, tháng ba"); y += 8;
  field (cr, 20, y, "năm hai nghìn không trăm hai mươi bốn.", ""); y += 8;
  field (cr, 20, y, "Giới tính:", "Nam     Dân tộc: Kinh     Quốc tịch: Việt Nam"); y += 8;
  field (cr, 20, y, "Nơi sinh:", "Trạm y tế xã Tân Phước, huyện Tân Hồng, tỉnh Đồng Tháp"); y += 8;
  field (cr, 20, y, "Quê quán:", "Xã Tân Thành, huyện Lai Vung, tỉnh Đồng Tháp"); y += 10;

  field (cr, 20, y, "Họ, chữ đệm, tên người mẹ:", "NGUYỄN THỊ THU HƯƠNG"); y += 8;
  field (cr, 20, y, "Năm sinh:", "1990   Dân tộc: Kinh   Quốc tịch: Việt Nam"); y += 8;
  field (cr, 20, y, "Nơi cư trú:", "Ấp Phước Hòa, xã Tân Phước, huyện Tân Hồng"); y += 10;
  field (cr, 20, y, "Họ, chữ đệm, tên người cha:", "TRẦN VĂN ĐỨC"); y += 8;
  field (cr, 20, y, "Năm sinh:", "1988   Dân tộc: Kinh   Quốc tịch: Việt Nam"); y += 8;
  field (cr, 20, y, "Nơi cư trú:", "Ấp Phước Hòa, xã Tân Phước, huyện Tân Hồng"); y += 11;

  text (cr, "DejaVu Serif", FALSE, FALSE, 12, LEFT, 20, y,
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được"); y += 7;
  text (cr, "DejaVu Serif", FALSE, FALSE, 12, LEFT, 20, y,
        "sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật."); y += 7;
  text (cr, "DejaVu Serif", FALSE, FALSE, 12, LEFT, 20, y,
        "Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình."); y += 8;
  text (cr, "DejaVu Serif", FALSE, FALSE, 12, LEFT, 20, y,
        "Đề nghị cấp bản sao:   Có   Không      Số lượng: 02 bản"); y += 10;

  text (cr, "DejaVu Serif", FALSE, TRUE, 12, CENTER, 145, y,
        "Làm tại: Tân Phước, ngày 20 tháng 03 năm 2024"); y += 7;
  text (cr, "DejaVu Serif", TRUE, FALSE, 12, CENTER, 145, y, "Người yêu cầu"); y += 6;
  text (cr, "DejaVu Serif", FALSE, TRUE, 11, CENTER, 145, y, "(Ký, ghi rõ họ, chữ đệm, tên)"); y += 14;
  text (cr, "DejaVu Serif", FALSE, FALSE, 12, CENTER, 145, y, "Nguyễn Thị Thu Hương"); y += 10;

  text (cr, "DejaVu Serif", FALSE, TRUE, 10, LEFT, 20, y,
        "Chú thích: Đối với người sinh ra tại nước ngoài, ghi rõ tên thành phố, tên nước."); y += 5;
  text (cr, "DejaVu Serif", FALSE, TRUE, 10, LEFT, 20, y,
        "Trường hợp cha, mẹ lựa chọn quê quán theo quê quán của cha hoặc mẹ thì ghi rõ.");

  cairo_destroy (cr);

  /* cairo writes an A8 surface as an 8-bit gray PNG (the alpha as the level):
   * a third of the RGB file's size. */
  {
    int w = cairo_image_surface_get_width (surface);
    int h = cairo_image_surface_get_height (surface);
    cairo_surface_t *gray = cairo_image_surface_create (CAIRO_FORMAT_A8, w, h);
    const guint8 *src = cairo_image_surface_get_data (surface);
    guint8 *dst;

    cairo_surface_flush (surface);
    cairo_surface_flush (gray);
    dst = cairo_image_surface_get_data (gray);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          guint32 v = ((const guint32 *) (src + (gsize) y * cairo_image_surface_get_stride (surface)))[x];
          dst[(gsize) y * cairo_image_surface_get_stride (gray) + x] =
            (((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587 + (v & 0xff) * 114) / 1000;
        }
    cairo_surface_mark_dirty (gray);
    cairo_surface_destroy (surface);
    surface = gray;
  }
  status = cairo_surface_write_to_png (surface, argv[1]);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("%s: %s\n", argv[1], cairo_status_to_string (status));
      return 1;
    }
  return 0;
}
