#include "parley_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libcurl's ABI, as curl/curl.h declares it (stable since libcurl 7.x).
typedef void CURL;
struct curl_slist;
typedef int CURLcode;
enum {
    CURLE_OK = 0,
    CURL_GLOBAL_DEFAULT = 3,
    CURLOPT_WRITEDATA = 10001,
    CURLOPT_URL = 10002,
    CURLOPT_ERRORBUFFER = 10010,
    CURLOPT_POSTFIELDS = 10015,
    CURLOPT_HTTPHEADER = 10023,
    CURLOPT_WRITEFUNCTION = 20011,
    CURLOPT_POST = 47,
    CURLOPT_NOSIGNAL = 99,
    CURLOPT_TIMEOUT_MS = 155,
    CURLOPT_CONNECTTIMEOUT_MS = 156,
    CURLOPT_PROTOCOLS = 181,
    CURLOPT_POSTFIELDSIZE_LARGE = 30120,
    CURLPROTO_HTTP = 1,
    CURLPROTO_HTTPS = 2,
    CURLINFO_RESPONSE_CODE = 0x200000 + 2,
    CURL_ERROR_SIZE = 256,
};

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char failure[256];
} curl;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(curl.failure, sizeof curl.failure, "libcurl could not be loaded (%s); install Debian's libcurl4", dlerror());
        return;
    }
#define SYMBOL(field, name) *(void **)(&curl.field) = dlsym(library, name)
    SYMBOL(global_init, "curl_global_init");
    SYMBOL(easy_init, "curl_easy_init");
    SYMBOL(easy_setopt, "curl_easy_setopt");
    SYMBOL(easy_perform, "curl_easy_perform");
    SYMBOL(easy_getinfo, "curl_easy_getinfo");
    SYMBOL(easy_cleanup, "curl_easy_cleanup");
    SYMBOL(easy_strerror, "curl_easy_strerror");
    SYMBOL(slist_append, "curl_slist_append");
    SYMBOL(slist_free_all, "curl_slist_free_all");
#undef SYMBOL
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo
        || !curl.easy_cleanup || !curl.easy_strerror || !curl.slist_append || !curl.slist_free_all) {
        snprintf(curl.failure, sizeof curl.failure, "the libcurl found lacks an entry point Parley needs");
        curl.easy_init = NULL;
        return;
    }
    // Not thread-safe in older libcurl: done once, here.
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(curl.failure, sizeof curl.failure, "libcurl could not be initialised");
        curl.easy_init = NULL;
    }
}

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
    size_t maximum;
    int overflowed;
} buffer;

static size_t receive(char *data, size_t size, size_t count, void *context) {
    buffer *b = context;
    size_t n = size * count;
    if (b->length + n > b->maximum) { b->overflowed = 1; return 0; }   // 0 aborts the transfer
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + n + 1) capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (!grown) { b->overflowed = 1; return 0; }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, data, n);
    b->length += n;
    b->data[b->length] = 0;
    return n;
}

int parley_http_post(const char *url, const char *const *headers, int headerCount, const void *body,
                     size_t bodyLength, long timeoutMilliseconds, size_t maximumBytes, parley_http_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&loaded, load);
    if (!curl.easy_init) {
        snprintf(result->error, sizeof result->error, "%s", curl.failure);
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(result->error, sizeof result->error, "libcurl could not make a request handle");
        return -1;
    }
    struct curl_slist *list = NULL;
    for (int i = 0; i < headerCount; i++) list = curl.slist_append(list, headers[i]);
    char message[CURL_ERROR_SIZE] = {0};
    buffer answer = {.maximum = maximumBytes};
    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_POST, 1L);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDS, body);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (long long)bodyLength);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeoutMilliseconds);
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, message);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, receive);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
    CURLcode code = curl.easy_perform(handle);
    int outcome = 0;
    if (code != CURLE_OK) {
        if (answer.overflowed)
            snprintf(result->error, sizeof result->error, "the answer is larger than %zu bytes", maximumBytes);
        else
            snprintf(result->error, sizeof result->error, "%s", message[0] ? message : curl.easy_strerror(code));
        free(answer.data);
        outcome = -1;
    } else {
        curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result->status);
        result->body = answer.data;
        result->length = answer.length;
    }
    curl.easy_cleanup(handle);
    curl.slist_free_all(list);
    return outcome;
}

void parley_http_free(parley_http_result *result) {
    free(result->body);
    result->body = NULL;
    result->length = 0;
}
