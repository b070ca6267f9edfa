#include "sextant/http/curl_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

namespace sextant::http {

namespace {

using plugin::HttpRequest;
using plugin::HttpResponse;

// libcurl's global state, set up once for the process.
void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Received {
  CURL* handle = nullptr;
  HttpResponse response;
  std::int64_t cap = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Received*>(user);
  std::size_t n = size * count;
  if (static_cast<std::int64_t>(r->response.body.size() + n) > r->cap) {
    r->too_large = true;
    return 0;  // aborts the transfer
  }
  if (r->response.body.empty()) {  // room for the announced length at once, not by doublings
    curl_off_t announced = -1;
    curl_easy_getinfo(r->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
    if (announced > 0) r->response.body.reserve(static_cast<std::size_t>(std::min<curl_off_t>(announced, r->cap)));
  }
  r->response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Received*>(user);
  std::size_t n = size * count;
  std::string line(data, n);
  if (line.rfind("HTTP/", 0) == 0) r->response.headers.clear();  // a new response (after 100 or a redirect)
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    auto value = line.substr(colon + 1);
    auto first = value.find_first_not_of(" \t");
    auto last = value.find_last_not_of(" \t\r\n");
    r->response.headers.push_back(
        {line.substr(0, colon), first == std::string::npos ? "" : value.substr(first, last - first + 1)});
  }
  return n;
}

TransportFailure failure_of(CURLcode code, const char* detail, const HttpOptions& o) {
  std::string text = detail && *detail ? detail : curl_easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return {text, true, false, false};
    case CURLE_OPERATION_TIMEDOUT:
      return {"timed out (" + text + ")", true, true, false};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return {"TLS verification failed: " + text + (o.ca_file.empty() ? "" : " (CA file " + o.ca_file + ")"), false,
              false, false};
    case CURLE_SSL_CONNECT_ERROR:
      return {"TLS handshake failed: " + text, true, false, false};
    case CURLE_PARTIAL_FILE:
      return {"the answer was cut short (" + text + ")", true, true, false};
    case CURLE_GOT_NOTHING:
      return {"the server closed the connection without answering", true, true, false};
    default:
      return {text, true, true, false};
  }
}

// One exchange under way: its handle, the headers it sends, what it has received so far.
struct Transfer {
  std::uint64_t id = 0;
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  Received received;
  char error[CURL_ERROR_SIZE] = {};
};

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(HttpOptions options) : options_(std::move(options)) {
    global_init();
    share_ = curl_share_init();
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    // Every exchange runs in this one multi handle, so its connection cache keeps the
    // connections alive from one page to the next (HTTP/1.1 keep-alive, or one HTTP/2
    // connection): room for every connection the window opens, and a few more.
    multi_ = curl_multi_init();
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(std::max(1, options_.parallel) * 2 + 4));
  }
  ~CurlTransport() override {
    for (auto& [id, t] : running_) end_transfer(*t);
    for (CURL* h : idle_) curl_easy_cleanup(h);
    curl_multi_cleanup(multi_);
    curl_share_cleanup(share_);
  }
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  std::uint64_t start(const HttpRequest& request) override {
    auto t = std::make_unique<Transfer>();
    t->id = ++last_id_;
    t->handle = take_handle();
    t->received.handle = t->handle;
    t->received.cap = options_.max_response_bytes;
    setup(t->handle, request, t->headers, t->received, t->error);
    curl_easy_setopt(t->handle, CURLOPT_PRIVATE, t.get());
    curl_multi_add_handle(multi_, t->handle);
    const auto id = running_.emplace(t->id, std::move(t)).first->first;
    step(false);  // sent now, not when an answer is next waited for: the server works meanwhile
    return id;
  }

  Exchange finish(std::uint64_t id) override {
    if (ended_.contains(id)) step(false);  // the others move on while this answer is read
    while (!ended_.contains(id)) {
      if (!running_.contains(id)) return Exchange{{}, TransportFailure{"no such exchange", false, false, false}, {}};
      step(true);
    }
    auto node = ended_.extract(id);
    std::erase(unannounced_, id);
    return std::move(node.mapped());
  }

  std::optional<std::uint64_t> wait_any() override {
    while (unannounced_.empty()) {
      if (running_.empty()) return std::nullopt;
      step(true);
    }
    auto id = unannounced_.front();
    unannounced_.pop_front();
    return id;
  }

  std::optional<std::uint64_t> ended_any() override {
    if (unannounced_.empty()) step(false);
    if (unannounced_.empty()) return std::nullopt;
    auto id = unannounced_.front();
    unannounced_.pop_front();
    return id;
  }

  void cancel(std::uint64_t id) override {
    if (auto node = running_.extract(id)) end_transfer(*node.mapped());
    ended_.erase(id);
    std::erase(unannounced_, id);
  }

 private:
  // Moves the transfers on, waiting up to a second for the network if none ended and `wait`,
  // and collects those that ended.
  void step(bool wait) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    int left = 0;
    bool any = false;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      auto node = running_.extract(t->id);
      ended_.emplace(t->id, conclude(*t, msg->data.result));
      unannounced_.push_back(t->id);
      end_transfer(*t);
      any = true;
    }
    if (wait && !any && running) curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
  }

  Exchange conclude(Transfer& t, CURLcode code) {
    Exchange x;
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(t.handle, CURLINFO_RESPONSE_CODE, &status);
      curl_off_t retry_after = 0;
      curl_easy_getinfo(t.handle, CURLINFO_RETRY_AFTER, &retry_after);
      if (retry_after > 0) x.retry_after = std::chrono::seconds{retry_after};
      t.received.response.status = static_cast<int>(status);
      x.response = std::move(t.received.response);
    } else if (t.received.too_large) {
      x.failure = TransportFailure{"the answer is larger than " + std::to_string(options_.max_response_bytes >> 20) +
                                       " MiB (http.max_response_mb)",
                                   false, true, true};
    } else {
      x.failure = failure_of(code, t.error, options_);
    }
    return x;
  }

  void end_transfer(Transfer& t) {
    curl_multi_remove_handle(multi_, t.handle);
    curl_slist_free_all(t.headers);
    give_back(t.handle);
  }

  CURL* take_handle() {
    if (idle_.empty()) return curl_easy_init();
    CURL* h = idle_.back();
    idle_.pop_back();
    curl_easy_reset(h);
    return h;
  }
  void give_back(CURL* h) { idle_.push_back(h); }

  void setup(CURL* h, const HttpRequest& r, curl_slist*& headers, Received& received, char* error) {
    curl_easy_setopt(h, CURLOPT_SHARE, share_);
    curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl was built with
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_response_bytes));
    // Only HTTP(S), whatever a URL from a server says (no file://, gopher://, smb://...).
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    // A redirect is an answer, not followed: the Authorization header (set by the plugins as a
    // plain header) would otherwise travel to wherever the Location points.
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &received);
    if (r.method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, r.body.c_str());
    }
    for (const auto& header : r.headers) headers = curl_slist_append(headers, (header.name + ": " + header.value).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  }

  HttpOptions options_;
  CURLSH* share_ = nullptr;
  CURLM* multi_ = nullptr;
  std::vector<CURL*> idle_;
  std::uint64_t last_id_ = 0;
  std::map<std::uint64_t, std::unique_ptr<Transfer>> running_;
  std::map<std::uint64_t, Exchange> ended_;
  std::deque<std::uint64_t> unannounced_;  // ended, not yet named by wait_any()
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const HttpOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace sextant::http
