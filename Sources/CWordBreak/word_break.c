#include "word_break.h"
#include <unicode/ubrk.h>
#include <unicode/uchar.h>

int32_t bulletin_word_starts(const uint16_t *text, int32_t length, int32_t *starts, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", (const UChar *)text, length, &status);
    if (U_FAILURE(status) || bi == NULL) return -1;
    int32_t count = 0;
    for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
        if (count < capacity) starts[count] = p;
        count++;
    }
    ubrk_close(bi);
    return count;
}

int bulletin_is_upright(uint32_t c) {
    int32_t vo = u_getIntPropertyValue((UChar32)c, UCHAR_VERTICAL_ORIENTATION);
    return vo == U_VO_UPRIGHT || vo == U_VO_TRANSFORMED_UPRIGHT;
}
