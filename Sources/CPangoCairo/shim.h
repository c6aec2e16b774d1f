#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <harfbuzz/hb.h>
#include <harfbuzz/hb-subset.h>
#include <zlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The address Cairo files a font face's storage under (cairo_font_face_set_user_data): one
   key for the process, handed out by a function so Swift sees no mutable global. */
static inline cairo_user_data_key_t *bulletin_face_storage_key(void) {
    static cairo_user_data_key_t key;
    return &key;
}

