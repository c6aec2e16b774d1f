/* Writes the example issue's photos (Examples/images/*.jpg): synthetic scenes, so the repository
   holds no one's pictures. Build and run: cc Scripts/make-example-photos.c -ljpeg -lm -o /tmp/p && /tmp/p Examples/images */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <jpeglib.h>

static void scene(unsigned char *rgb, int w, int h, int seed) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double fy = (double)y / h, fx = (double)x / w;
            double r = 90 + 120 * fy, g = 130 + 80 * fy, b = 200 - 90 * fy;          /* sky to floor */
            if (fy > 0.55) { r = 150 + 40 * sin(fx * 9 + seed); g = 110; b = 80; }      /* stage */
            double cx = 0.5 + 0.3 * sin(seed), cy = 0.45;                              /* a banner */
            if (fabs(fx - cx) < 0.28 && fabs(fy - 0.2) < 0.06) { r = 200; g = 30; b = 30; }
            for (int k = 0; k < 7; k++) {                                              /* people */
                double px = 0.1 + k * 0.13, py = 0.62 + 0.05 * ((k + seed) % 3);
                double d = hypot((fx - px) * w / h, fy - py);
                if (d < 0.045) { r = 240; g = 200; b = 170; }
                if (fabs(fx - px) < 0.04 && fy > py + 0.04 && fy < py + 0.2) { r = 30 + 20 * k; g = 40; b = 70; }
            }
            (void)cy;
            unsigned char *p = rgb + 3 * ((size_t)y * w + x);
            p[0] = (unsigned char)fmin(255, r); p[1] = (unsigned char)fmin(255, g); p[2] = (unsigned char)fmin(255, b);
        }
}

static void write_jpeg(const char *path, int w, int h, int seed, int quality) {
    unsigned char *rgb = malloc((size_t)w * h * 3);
    scene(rgb, w, h, seed);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(1); }
    struct jpeg_compress_struct c; struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = w; c.image_height = h; c.input_components = 3; c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = rgb + (size_t)c.next_scanline * w * 3;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    fclose(f);
    free(rgb);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    char path[4096];
    snprintf(path, sizeof path, "%s/meeting.jpg", dir); write_jpeg(path, 1600, 1000, 1, 80);
    snprintf(path, sizeof path, "%s/workshop.jpg", dir); write_jpeg(path, 1200, 900, 2, 80);
    snprintf(path, sizeof path, "%s/small.jpg", dir); write_jpeg(path, 240, 160, 3, 80);
    snprintf(path, sizeof path, "%s/ceremony.jpg", dir); write_jpeg(path, 1600, 1200, 4, 85);
    snprintf(path, sizeof path, "%s/training.jpg", dir); write_jpeg(path, 1400, 1050, 5, 85);
    return 0;
}
