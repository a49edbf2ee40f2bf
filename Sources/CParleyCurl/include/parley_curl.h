// libcurl, loaded when the first request is made rather than when the program starts.
//
// The parley executable would otherwise load libcurl and the thirty-odd libraries behind it at every
// start (as Foundation's URLSession does), which costs more than a whole analysis of a small domain.
// Only the language-model seats make HTTP requests, so the library is opened with dlopen on first
// use. The few entry points used are declared here by their stable C ABI, so building needs no
// libcurl headers; running a seat needs Debian's libcurl4.
#ifndef PARLEY_CURL_H
#define PARLEY_CURL_H

#include <stddef.h>

/// One HTTP exchange's outcome: the status (0 when no answer came), the body (malloc'd, `length`
/// bytes, NUL-terminated), and a message when the transfer failed.
typedef struct {
    long status;
    char *body;
    size_t length;
    char error[512];
} parley_http_result;

/// POSTs `body` to `url` (http or https only, no redirects) with `headerCount` header lines
/// ("Name: value"), waiting at most `timeoutMilliseconds` and keeping at most `maximumBytes` of the
/// answer. Returns 0 when an answer came (any status), -1 otherwise (libcurl missing, a transport
/// failure, a timeout, an answer too large), with `result->error` saying why.
/// Free the result with `parley_http_free`.
int parley_http_post(const char *url, const char *const *headers, int headerCount, const void *body,
                     size_t bodyLength, long timeoutMilliseconds, size_t maximumBytes, parley_http_result *result);

void parley_http_free(parley_http_result *result);

#endif
