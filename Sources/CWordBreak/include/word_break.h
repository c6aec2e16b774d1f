#ifndef BULLETIN_WORD_BREAK_H
#define BULLETIN_WORD_BREAK_H
#include <stdint.h>

/* Word starts of UTF-16 `text` by ICU's dictionary word break iterator for Chinese: writes up to
   `capacity` offsets (in UTF-16 units, 0 and `length` included) to `starts` and returns how many
   there are, or -1 when ICU cannot break the text. */
int32_t bulletin_word_starts(const uint16_t *text, int32_t length, int32_t *starts, int32_t capacity);

/* Whether `c` stands upright in vertical text (Unicode's Vertical_Orientation U or Tu): Pango
   starts a new item where this changes, and shaping straight through HarfBuzz splits text the same way. */
int bulletin_is_upright(uint32_t c);

#endif
