#include "jpeg_decode.h"
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <jpeglib.h>

/* libjpeg reports fatal errors through a callback that must not return: jump back out. */
struct failure { struct jpeg_error_mgr manager; jmp_buf back; };

static void fail(j_common_ptr info) { longjmp(((struct failure *)info->err)->back, 1); }
static void quiet(j_common_ptr info) { (void)info; }

int bulletin_jpeg_decode(const uint8_t *data, size_t length, uint8_t *out, int width, int height, int stride) {
    struct jpeg_decompress_struct info;
    struct failure err;
    JSAMPLE *row = NULL;
    info.err = jpeg_std_error(&err.manager);
    err.manager.error_exit = fail;
    err.manager.output_message = quiet;
    if (setjmp(err.back)) {
        jpeg_destroy_decompress(&info);
        free(row);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)length);
    jpeg_read_header(&info, TRUE);
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    if ((int)info.output_width != width || (int)info.output_height != height || info.output_components != 3) {
        jpeg_destroy_decompress(&info);
        return -1;
    }
    row = malloc((size_t)width * 3);
    if (!row) { jpeg_destroy_decompress(&info); return -1; }
    while (info.output_scanline < info.output_height) {
        int y = (int)info.output_scanline;
        JSAMPROW rows[1] = { row };
        jpeg_read_scanlines(&info, rows, 1);
        uint32_t *dst = (uint32_t *)(out + (size_t)y * (size_t)stride);
        for (int x = 0; x < width; x++) {
            dst[x] = 0xFF000000u | ((uint32_t)row[3 * x] << 16) | ((uint32_t)row[3 * x + 1] << 8) | (uint32_t)row[3 * x + 2];
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    free(row);
    return 0;
}
