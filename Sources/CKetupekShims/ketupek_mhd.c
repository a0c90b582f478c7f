#include "ketupek_mhd.h"

uint64_t ketupek_mhd_size_unknown(void) { return MHD_SIZE_UNKNOWN; }
ssize_t ketupek_mhd_end_of_stream(void) { return MHD_CONTENT_READER_END_OF_STREAM; }
ssize_t ketupek_mhd_end_with_error(void) { return MHD_CONTENT_READER_END_WITH_ERROR; }
