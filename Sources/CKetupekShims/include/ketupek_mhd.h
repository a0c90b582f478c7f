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

/// Receives each libmicrohttpd error-log line, already formatted (no trailing newline).
typedef void (*ketupek_mhd_log_callback)(void *cls, const char *message);

/// Everything MHD_start_daemon (variadic) needs, as plain fields.
struct ketupek_mhd_options {
    unsigned int flags;                 ///< MHD_FLAG raw values, combined; MHD_USE_IPv6 is added for IPv6 hosts
    const char *host;                   ///< numeric IPv4 or IPv6 address to bind
    uint16_t port;                      ///< 0 = any free port
    unsigned int thread_pool_size;      ///< <= 1: the single internal polling thread
    unsigned int connection_limit;
    unsigned int connection_timeout;    ///< seconds
    size_t connection_memory_limit;     ///< bytes per connection (also bounds the header size)
    MHD_AccessHandlerCallback handler;
    void *handler_cls;
    MHD_RequestCompletedCallback completed;
    void *completed_cls;
    ketupek_mhd_log_callback log;       ///< one process-wide function; lines are dropped while NULL
    void *log_cls;
};

/// Starts a daemon; NULL when the host is not a numeric address or MHD refuses (the port is taken, …).
/// The URL is handed to the access handler still percent-encoded (a no-op unescape callback), so the
/// router can tell `%2F` from `/`; query arguments likewise arrive raw.
struct MHD_Daemon *ketupek_mhd_start_daemon(const struct ketupek_mhd_options *options);

/// The port the daemon's listening socket is bound to (getsockname), 0 on failure.
uint16_t ketupek_mhd_bound_port(struct MHD_Daemon *daemon);

/// Writes the client's numeric address into buffer (NUL-terminated); returns 0 on success.
int ketupek_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t length);

#endif
