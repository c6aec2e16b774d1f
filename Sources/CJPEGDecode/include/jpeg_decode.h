#ifndef BULLETIN_JPEG_DECODE_H
#define BULLETIN_JPEG_DECODE_H
#include <stddef.h>
#include <stdint.h>

/* Decodes a JPEG into 32-bit xRGB pixels (Cairo's CAIRO_FORMAT_RGB24 on little-endian), rows
   `stride` bytes apart, into `out`, which holds height × stride bytes. Returns 0 on success, -1
   when the data is not a JPEG libjpeg can read or its size is not width × height. */
int bulletin_jpeg_decode(const uint8_t *data, size_t length, uint8_t *out, int width, int height, int stride);

#endif
