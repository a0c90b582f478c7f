#include "ketupek_mhd.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

uint64_t ketupek_mhd_size_unknown(void) { return MHD_SIZE_UNKNOWN; }
ssize_t ketupek_mhd_end_of_stream(void) { return MHD_CONTENT_READER_END_OF_STREAM; }
ssize_t ketupek_mhd_end_with_error(void) { return MHD_CONTENT_READER_END_WITH_ERROR; }

/// The one Swift log function (the same for every daemon); MHD hands each call the daemon's own cls.
static ketupek_mhd_log_callback ketupek_log_function = NULL;

static void ketupek_mhd_log_trampoline(void *cls, const char *format, va_list arguments) {
    char line[1024];
    vsnprintf(line, sizeof line, format, arguments);
    size_t length = strlen(line);
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
    ketupek_mhd_log_callback callback = __atomic_load_n(&ketupek_log_function, __ATOMIC_ACQUIRE);
    if (callback != NULL) callback(cls, line);
}

/// Leaves the URL and query arguments as they came on the wire; the Swift side decodes them.
static size_t ketupek_mhd_unescape_nothing(void *cls, struct MHD_Connection *connection, char *text) {
    (void) cls;
    (void) connection;
    return strlen(text);
}

struct MHD_Daemon *ketupek_mhd_start_daemon(const struct ketupek_mhd_options *options) {
    struct sockaddr_in address4;
    struct sockaddr_in6 address6;
    const struct sockaddr *address;
    unsigned int flags = options->flags;
    memset(&address4, 0, sizeof address4);
    memset(&address6, 0, sizeof address6);
    if (inet_pton(AF_INET, options->host, &address4.sin_addr) == 1) {
        address4.sin_family = AF_INET;
        address4.sin_port = htons(options->port);
        address = (const struct sockaddr *) &address4;
    } else if (inet_pton(AF_INET6, options->host, &address6.sin6_addr) == 1) {
        address6.sin6_family = AF_INET6;
        address6.sin6_port = htons(options->port);
        address = (const struct sockaddr *) &address6;
        flags |= MHD_USE_IPv6;
    } else {
        return NULL;
    }
    if (options->log != NULL) __atomic_store_n(&ketupek_log_function, options->log, __ATOMIC_RELEASE);
    unsigned int pool = options->thread_pool_size > 1 ? options->thread_pool_size : 0;
    return MHD_start_daemon(
        flags, options->port, NULL, NULL, options->handler, options->handler_cls,
        MHD_OPTION_EXTERNAL_LOGGER, ketupek_mhd_log_trampoline, options->log_cls,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_UNESCAPE_CALLBACK, ketupek_mhd_unescape_nothing, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, options->completed, options->completed_cls,
        MHD_OPTION_CONNECTION_LIMIT, options->connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, options->connection_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, options->connection_memory_limit,
        pool > 0 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, pool,
        MHD_OPTION_END);
}

uint16_t ketupek_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_LISTEN_FD);
    if (info == NULL) return 0;
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(info->listen_fd, (struct sockaddr *) &address, &length) != 0) return 0;
    if (address.ss_family == AF_INET) return ntohs(((struct sockaddr_in *) &address)->sin_port);
    if (address.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *) &address)->sin6_port);
    return 0;
}

int ketupek_mhd_client_address(struct MHD_Connection *connection, char *buffer, size_t length) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL || length == 0) return -1;
    const struct sockaddr *address = info->client_addr;
    socklen_t size = address->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    return getnameinfo(address, size, buffer, (socklen_t) length, NULL, 0, NI_NUMERICHOST) == 0 ? 0 : -1;
}
