/* test-ui-look.c: every screen of the kiosk's real window, at the two screens
 * public kiosks use (1280×800 landscape, 1080×1920 portrait), in Vietnamese
 * and English, with normal and large text (and high contrast once): a PNG of
 * each, and no clipped text, no target under 48 px.
 *
 * The PNGs go to $G_TEST_BUILDDIR/screenshots/<case>/<nn>-<screen>.png (in
 * the build tree: _build/tests/screenshots/ with the README's test command).
 *
 * What fails a screen (look_check()):
 *  - the window is larger than the screen asked for: its content needs more
 *    room than the screen has, so what is past the edge is cut off;
 *  - a shown label that neither ellipsizes nor wraps has less width than its
 *    minimum, or any shown label less height than it needs for its width;
 *  - a shown label reaches past the window's edge (outside a scrolled view);
 *  - a shown touch target (button, toggle, check button, spin button, switch,
 *    drop-down, activatable list row, flow box child) is smaller than 48×48;
 *  - a screen but the first has no Home, or no Back (justified exemptions:
 *    the receipt, where the dossier is already in the outbox, and clerk mode,
 *    which has its own "Leave clerk mode").
 * /motcua/ui-look/checker shows that the first four are caught. There are no
 * other exemptions: the screens were fixed to pass (see the README's Design).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-helpers.h"

#define MIN_TARGET 48

typedef struct {
  const char *name;        /* the test case: the screenshots' folder */
  int         width;
  int         height;
  gboolean    english;
  gboolean    large;
  gboolean    contrast;
} Look;

typedef struct {
  const Look *look;
  GtkWidget  *window;
  char       *dir;         /* owned: where the PNGs go */
  guint       n_shots;
  GString    *problems;    /* owned */
} LookRun;

/* The checks ------------------------------------------------------------------ */

static gboolean
in_scrolled_view (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW) != NULL
         || gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT) != NULL;
}

static char *
describe (GtkWidget *widget)
{
  const char *name = gtk_widget_get_name (widget);
  GtkWidget *named = widget;

  /* The widget's own name, else the nearest named ancestor's. */
  while (named != NULL && g_strcmp0 (gtk_widget_get_name (named), G_OBJECT_TYPE_NAME (named)) == 0)
    named = gtk_widget_get_parent (named);
  if (GTK_IS_LABEL (widget))
    return g_strdup_printf ("label “%s” (in %s)", gtk_label_get_text (GTK_LABEL (widget)),
                            named != NULL ? gtk_widget_get_name (named) : "?");
  if (named == widget)
    return g_strdup_printf ("%s “%s”", G_OBJECT_TYPE_NAME (widget), name);
  return g_strdup_printf ("%s (in %s)", G_OBJECT_TYPE_NAME (widget),
                          named != NULL ? gtk_widget_get_name (named) : "?");
}

/* gtk_widget_get_width () is the content box; gtk_widget_measure () the
 * margin box: what lies between, on each axis. */
static void
box_extents (GtkWidget *widget,
             int       *border_x,
             int       *border_y,
             int       *margin_x,
             int       *margin_y)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GtkBorder margin, border, padding;

  gtk_style_context_get_margin (style, &margin);
  gtk_style_context_get_border (style, &border);
  gtk_style_context_get_padding (style, &padding);
  *border_x = border.left + border.right + padding.left + padding.right;
  *border_y = border.top + border.bottom + padding.top + padding.bottom;
  *margin_x = margin.left + margin.right
              + gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget);
  *margin_y = margin.top + margin.bottom
              + gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget);
}

static gboolean
is_target (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget))
           && gtk_widget_get_sensitive (widget);
  return GTK_IS_BUTTON (widget)
         || GTK_IS_CHECK_BUTTON (widget)
         || GTK_IS_SPIN_BUTTON (widget)
         || GTK_IS_SWITCH (widget)
         || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_FLOW_BOX_CHILD (widget);
}

static void
check_widget (GtkWidget *widget,
              GtkWidget *window,
              GString   *problems)
{
  int width, height, border_x, border_y, margin_x, margin_y;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (!gtk_widget_is_drawable (widget))
    return;
  box_extents (widget, &border_x, &border_y, &margin_x, &margin_y);
  /* The border box: what a finger can touch. */
  width = gtk_widget_get_width (widget) + border_x;
  height = gtk_widget_get_height (widget) + border_y;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      GtkLabel *label = GTK_LABEL (widget);
      gboolean ellipsizes = gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE;
      gboolean wraps = gtk_label_get_wrap (label);
      int min_width = 0, min_height = 0;
      graphene_rect_t bounds;

      /* Measured as the margin box, for a margin box's width. */
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width + margin_x, &min_height, NULL, NULL, NULL);
      min_width -= margin_x;
      min_height -= margin_y;
      if (!ellipsizes && !wraps && width < min_width)
        {
          g_autofree char *what = describe (widget);
          g_string_append_printf (problems, "  %s: %d px wide, needs %d\n", what, width, min_width);
        }
      else if (height < min_height && !ellipsizes)
        {
          g_autofree char *what = describe (widget);
          g_string_append_printf (problems, "  %s: %d px high, needs %d\n", what, height, min_height);
        }

      if (!in_scrolled_view (widget)
          && gtk_widget_compute_bounds (widget, window, &bounds)
          && (bounds.origin.x < -0.5 || bounds.origin.y < -0.5
              || bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5
              || bounds.origin.y + bounds.size.height > gtk_widget_get_height (window) + 0.5))
        {
          g_autofree char *what = describe (widget);
          g_string_append_printf (problems, "  %s: past the window's edge\n", what);
        }
    }

  if (is_target (widget) && (width < MIN_TARGET || height < MIN_TARGET))
    {
      g_autofree char *what = describe (widget);
      g_string_append_printf (problems, "  %s: a %d×%d target, under %d×%d\n",
                              what, width, height, MIN_TARGET, MIN_TARGET);
    }

  /* A spin button's − and + are targets of their own, checked above; a drop
   * down's insides are one target. */
  if (GTK_IS_DROP_DOWN (widget))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (child, window, problems);
}

/* Appends to @problems what is wrong with @window as shown, on a screen of
 * @width × @height. */
static void
look_check (GtkWidget *window,
            int        width,
            int        height,
            GString   *problems)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  int surface_width = gdk_surface_get_width (surface);
  int surface_height = gdk_surface_get_height (surface);

  if (surface_width > width || surface_height > height)
    g_string_append_printf (problems, "  the window needs %d×%d, more than the %d×%d screen\n",
                            surface_width, surface_height, width, height);
  check_widget (window, window, problems);
}

/* Driving the window ----------------------------------------------------------- */

static gboolean
catalogue_cond (gpointer data)
{
  return mc_application_get_catalogue (data) != NULL;
}

typedef struct {
  GtkWidget *window;
  int        width;
  int        height;
} SizeWait;

static gboolean
size_cond (gpointer data)
{
  SizeWait *wait = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (wait->window));

  return surface != NULL
         && gdk_surface_get_width (surface) == wait->width
         && gdk_surface_get_height (surface) == wait->height;
}

static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

static gboolean
transitions_done_cond (gpointer data)
{
  return !transition_running (data);
}

/* Lets the window take its size for what is shown: the pages' own slides
 * and crossfades over, then a few frames. */
static void
settle_layout (GtkWidget *window)
{
  settle ();
  wait_for (transitions_done_cond, window, "the transitions");
  for (int i = 0; i < 3; i++)
    wait_for_frame (window);
  settle ();
}

static void
look_at (LookRun    *run,
         const char *screen)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);

  settle_layout (run->window);
  file = g_strdup_printf ("%02u-%s.png", ++run->n_shots, screen);
  path = g_build_filename (run->dir, file, NULL);
  save_widget_png (run->window, path);

  look_check (run->window, run->look->width, run->look->height, problems);

  /* A way home from every screen but the first, and a way back but from the
   * receipt (the dossier is in the outbox: nothing to go back to) and clerk
   * mode (its "Leave clerk mode"); the countdown covers everything. */
  if (!g_str_equal (screen, "welcome") && !g_str_equal (screen, "idle-countdown"))
    {
      const char *page = mc_window_get_page (MC_WINDOW (run->window));

      if (find_shown (run->window, "home") == NULL)
        g_string_append (problems, "  no Home button\n");
      if (find_shown (run->window, "back") == NULL
          && !g_str_equal (page, "receipt") && !g_str_equal (page, "clerk"))
        g_string_append (problems, "  no Back button\n");
    }
  if (problems->len > 0)
    {
      g_string_append_printf (run->problems, "%s, %s (%s):\n%s",
                              run->look->name, screen, path, problems->str);
      /* The next screen starts again from the screen's size. */
      gtk_widget_set_visible (run->window, FALSE);
      gtk_window_set_default_size (GTK_WINDOW (run->window), run->look->width, run->look->height);
      gtk_window_present (GTK_WINDOW (run->window));
      settle_layout (run->window);
    }
}

static gboolean
scan_ready_cond (gpointer data)
{
  GtkWidget *button = find_shown (data, "scan-page");

  return button != NULL && gtk_widget_is_sensitive (button);
}

/* The checklist item of "Giấy chứng sinh", 1.001193's one required document. */
#define BIRTH_CERT 4

static void
look_body (McApplication *app,
           GtkWidget     *window,
           gpointer       data)
{
  LookRun *run = data;
  const Look *look = run->look;
  SizeWait size = { window, look->width, look->height };

  run->window = window;
  wait_for (catalogue_cond, app, "the catalogue");
  /* A shown window keeps its size: shown again, it takes the screen's. */
  gtk_widget_set_visible (window, FALSE);
  gtk_widget_unrealize (window);
  /* As on the kiosk: no title bar, no frame. */
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), look->width, look->height);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_widget (window, "search-entry");
  for (int i = 0; i < 20 && !size_cond (&size); i++)
    wait_for_frame (window);

  if (look->english)
    click (window, "language-toggle");
  if (look->large)
    click (window, "large-text-toggle");
  if (look->contrast)
    click (window, "high-contrast-toggle");

  /* Finding a procedure */
  look_at (run, "welcome");
  type_into (window, "search-entry", "khai sinh");
  wait_for_widget (window, "result-1.001193");
  look_at (run, "search");
  type_into (window, "search-entry", "zzzzqqq");
  look_at (run, "search-nothing");
  type_into (window, "search-entry", "");
  click (window, "event-birth");
  look_at (run, "life-event");
  click (window, "back");
  click (window, "open-fields");
  look_at (run, "fields");
  click (window, "item-Hộ tịch");
  look_at (run, "field");
  click (window, "home");
  click (window, "open-lookup");
  look_at (run, "lookup");
  click (window, "home");

  /* The dossier */
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  look_at (run, "procedure");
  click (window, "start-dossier");
  /* The first field has the focus: the keyboard is up. */
  look_at (run, "form-keyboard");
  type_into (window, "field-full-name", "Nguyễn Văn Trường Giang");
  type_into (window, "field-id-number", "12345");
  type_into (window, "field-birth-date", "17/05/1990");
  click (window, "sex-male");
  type_into (window, "field-phone", "0912345678");
  click (window, "submit-dossier");
  look_at (run, "form-invalid");
  type_into (window, "field-id-number", "001090012345");
  click (window, "submit-dossier");
  /* The procedure's own questions (data/forms.json), a screen a group. */
  while (g_strcmp0 (mc_window_get_page (MC_WINDOW (window)), "form") == 0)
    {
      GtkWidget *group = gtk_stack_get_visible_child (GTK_STACK (find_widget (window, "pages")));

      look_at (run, gtk_widget_get_name (group));
      pass_form_step (window);
    }
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "documents");
  look_at (run, "documents");

  click_item (window, "doc-scan", BIRTH_CERT);
  wait_for (scan_ready_cond, window, "the scanner");
  look_at (run, "scan");
  click (window, "back");
  click_item (window, "doc-import", BIRTH_CERT);
  wait_for_widget (window, "import-file-" IMPORT_FILE);
  look_at (run, "import");
  click (window, "import-file-" IMPORT_FILE);
  wait_item_done (window, BIRTH_CERT);
  look_at (run, "documents-done");
  click (window, "documents-continue");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "review");
  look_at (run, "review");
  click (window, "review-submit");
  g_assert_cmpstr (mc_window_get_page (MC_WINDOW (window)), ==, "receipt");
  wait_for_widget (window, "receipt-local-number");
  look_at (run, "receipt");
  click (window, "receipt-home");

  /* Clerk mode: the first PIN, twice, then its pages. */
  mc_window_open_clerk (MC_WINDOW (window));
  wait_for_widget (window, "clerk-pin-1");
  look_at (run, "clerk-pin");
  enter_pin (window, "2580");
  enter_pin (window, "2580");
  g_assert_true (mc_window_is_clerk_open (MC_WINDOW (window)));
  look_at (run, "clerk-outbox");
  click (window, "clerk-tab-stats");
  look_at (run, "clerk-stats");
  click (window, "clerk-tab-export");
  look_at (run, "clerk-export");
  click (window, "clerk-tab-settings");
  look_at (run, "clerk-settings");
  click (window, "clerk-exit");

  /* The idle countdown, over the welcome screen with a search typed. */
  type_into (window, "search-entry", "khai sinh");
  mc_window_set_idle_timeouts (MC_WINDOW (window), 0, 60000);
  mc_window_idle_now (MC_WINDOW (window));
  look_at (run, "idle-countdown");
}

static void
test_look (gconstpointer data)
{
  const Look *look = data;
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-look-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmpdir, "kiosk", NULL);
  const char *build_dir = g_getenv ("G_TEST_BUILDDIR");
  LookRun run = { look, NULL, NULL, 0, g_string_new (NULL) };

  REQUIRE_DISPLAY ();

  run.dir = g_build_filename (build_dir != NULL ? build_dir : tmpdir, "screenshots", look->name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (run.dir, 0755), ==, 0);
  g_test_message ("Screenshots: %s", run.dir);

  run_application (data_dir, "http://127.0.0.1:9", look_body, &run);

  if (run.problems->len > 0)
    g_test_fail_printf ("What a citizen would not see whole:\n%s", run.problems->str);
  g_string_free (run.problems, TRUE);
  g_free (run.dir);
}

/* The checks can fail: a window too small for its text, a label given less
 * room than it needs and one past the window's edge, a small button. */
static gboolean
squeeze_cb (GtkOverlay    *overlay,
            GtkWidget     *widget,
            GdkRectangle  *allocation,
            gpointer       data)
{
  const char *name = gtk_widget_get_name (widget);

  if (g_strcmp0 (name, "squeezed") == 0)
    *allocation = (GdkRectangle) { 0, 0, 40, 10 };
  else
    *allocation = (GdkRectangle) { 380, 0, 200, 30 };
  return TRUE;
}

static void
test_checker (void)
{
  GtkWidget *window, *box, *overlay, *label, *button;
  g_autoptr(GString) problems = g_string_new (NULL);
  SizeWait size;

  REQUIRE_DISPLAY ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_window_set_child (GTK_WINDOW (window), box);
  overlay = gtk_overlay_new ();
  gtk_widget_set_size_request (overlay, 100, 100);
  g_signal_connect (overlay, "get-child-position", G_CALLBACK (squeeze_cb), NULL);
  gtk_box_append (GTK_BOX (box), overlay);
  label = gtk_label_new ("Một dòng chữ bị cắt");
  gtk_widget_set_name (label, "squeezed");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), label);
  label = gtk_label_new ("Ra ngoài mép");
  gtk_widget_set_name (label, "outside");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), label);
  button = gtk_button_new_with_label ("x");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_name (button, "tiny");
  gtk_box_append (GTK_BOX (box), button);
  gtk_window_present (GTK_WINDOW (window));
  size = (SizeWait) { window, 400, 300 };
  wait_for (size_cond, &size, "the window's size");
  settle_layout (window);

  look_check (window, 400, 300, problems);
  g_test_message ("%s", problems->str);
  g_assert_nonnull (strstr (problems->str, "“Một dòng chữ bị cắt” (in squeezed): 40 px wide"));
  g_assert_nonnull (strstr (problems->str, "“Ra ngoài mép” (in outside): past the window's edge"));
  g_assert_nonnull (strstr (problems->str, "GtkButton “tiny”: a "));

  /* Too much text for the screen: the window grows past it. */
  g_string_truncate (problems, 0);
  gtk_box_append (GTK_BOX (box),
                  gtk_label_new ("Thủ tục đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam có cha mẹ là công dân"));
  settle_layout (window);
  look_check (window, 400, 300, problems);
  g_assert_nonnull (strstr (problems->str, "more than the 400×300 screen"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The two switches are in the header of every screen, stay on through a
 * language switch and "Home", and the idle reset turns them off. */
static gboolean
welcome_plain_cond (gpointer data)
{
  return g_str_equal (mc_window_get_page (data), "welcome")
         && !gtk_widget_has_css_class (data, "large-text")
         && !gtk_widget_has_css_class (data, "high-contrast");
}

static void
switches_body (McApplication *app,
               GtkWidget     *window,
               gpointer       data)
{
  GtkWidget *large, *contrast;

  wait_for (catalogue_cond, app, "the catalogue");
  large = wait_for_widget (window, "large-text-toggle");
  contrast = wait_for_widget (window, "high-contrast-toggle");
  g_assert_false (gtk_widget_has_css_class (window, "large-text"));
  g_assert_false (gtk_widget_has_css_class (window, "high-contrast"));

  /* One tap each, from a procedure's page. */
  type_into (window, "search-entry", "khai sinh");
  click (window, "result-1.001193");
  g_assert_true (find_shown (window, "large-text-toggle") == large);
  click (window, "large-text-toggle");
  click (window, "high-contrast-toggle");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (large)));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (contrast)));
  g_assert_true (gtk_widget_has_css_class (window, "large-text"));
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));

  /* Kept through a language switch and "Home". */
  click (window, "language-toggle");
  g_assert_true (gtk_widget_has_css_class (window, "large-text"));
  click (window, "home");
  g_assert_true (gtk_widget_has_css_class (window, "large-text"));
  g_assert_true (gtk_widget_has_css_class (window, "high-contrast"));
  click (window, "language-toggle");

  /* Off again with a second tap. */
  click (window, "high-contrast-toggle");
  g_assert_false (gtk_widget_has_css_class (window, "high-contrast"));
  click (window, "high-contrast-toggle");

  /* The idle reset: the next citizen gets the ordinary screen. */
  type_into (window, "search-entry", "khai sinh");
  mc_window_set_idle_timeouts (MC_WINDOW (window), 0, 200);
  mc_window_idle_now (MC_WINDOW (window));
  wait_for (welcome_plain_cond, window, "the idle reset");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_shown (window, "large-text-toggle"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_shown (window, "high-contrast-toggle"))));
}

static void
test_switches (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("test-ui-look-XXXXXX", NULL);

  REQUIRE_DISPLAY ();
  run_application (tmpdir, "http://127.0.0.1:9", switches_body, NULL);
}

static const Look looks[] = {
  { "landscape-vi",       1280,  800, FALSE, FALSE, FALSE },
  { "landscape-vi-large", 1280,  800, FALSE, TRUE,  FALSE },
  { "landscape-en",       1280,  800, TRUE,  FALSE, FALSE },
  { "landscape-en-large", 1280,  800, TRUE,  TRUE,  FALSE },
  { "portrait-vi",        1080, 1920, FALSE, FALSE, FALSE },
  { "portrait-vi-large",  1080, 1920, FALSE, TRUE,  FALSE },
  { "portrait-en",        1080, 1920, TRUE,  FALSE, FALSE },
  { "portrait-en-large",  1080, 1920, TRUE,  TRUE,  FALSE },
  { "landscape-vi-contrast", 1280, 800, FALSE, FALSE, TRUE },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sane_dir = NULL;
  g_autofree char *dll = NULL, *conf = NULL;

  g_unsetenv ("MOTCUA_IDLE_TIMEOUT_MS");
  g_unsetenv ("MOTCUA_IDLE_COUNTDOWN_MS");

  ui_test_init (&argc, &argv);

  /* SANE's test backend: the scan screen as it is with a scanner. */
  sane_dir = g_dir_make_tmp ("test-ui-look-sane-XXXXXX", &error);
  g_assert_no_error (error);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  conf = g_build_filename (sane_dir, "test.conf", NULL);
  g_file_set_contents (dll, "test\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (conf, "number_of_devices 1\ntest-picture \"Grid\"\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);
  setup_import_dir ();

  ui_test_init_gtk ();

  g_test_add_func ("/motcua/ui-look/checker", test_checker);
  g_test_add_func ("/motcua/ui-look/switches", test_switches);
  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    {
      g_autofree char *path = g_strconcat ("/motcua/ui-look/", looks[i].name, NULL);

      g_test_add_data_func (path, &looks[i], test_look);
    }

  return g_test_run ();
}
