#ifndef KETUPEK_MHD_H
#define KETUPEK_MHD_H
#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/// MHD_SIZE_UNKNOWN, a macro: the length of a response produced by a content reader.
uint64_t ketupek_mhd_size_unknown(void);
/// MHD_CONTENT_READER_END_OF_STREAM and MHD_CONTENT_READER_END_WITH_ERROR (macros).
ssize_t ketupek_mhd_end_of_stream(void);
ssize_t ketupek_mhd_end_with_error(void);

#endif
