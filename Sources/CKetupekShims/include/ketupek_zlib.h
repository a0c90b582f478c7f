#ifndef KETUPEK_ZLIB_H
#define KETUPEK_ZLIB_H
#include <zlib.h>

/// deflateInit2 (a macro) set up for the gzip wrapper (windowBits 15 + 16).
int ketupek_deflate_init_gzip(z_stream *stream, int level);
/// inflateInit2 set up to read gzip (windowBits 15 + 16).
int ketupek_inflate_init_gzip(z_stream *stream);

#endif
