#include "sextant/http/curl_transport.hpp"

#include <curl/curl.h>

#include "sextant/http/json_syntax.hpp"

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

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
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) r->response.headers.clear();  // a new response (after 100 or a redirect)
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    auto value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string_view::npos) value = {};
    else value = value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
    r->response.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
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

// One exchange: the request it sends (its own copy, for the I/O thread), its handle and headers once
// under way, what it has received so far.
struct Transfer {
  std::uint64_t id = 0;
  HttpRequest request;
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  Received received;
  char error[CURL_ERROR_SIZE] = {};
};

// The caller starts, finishes and cancels exchanges; one I/O thread ("sextant-http") owns the
// multi handle and every curl handle, moves the transfers on, and judges each answer's body
// (judge_json_body) as it ends. So the network and the JSON parse run beside the caller, who
// maps answers meanwhile, instead of in turn with it.
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
    io_ = std::thread([this] { run(); });
    pthread_setname_np(io_.native_handle(), "sextant-http");
  }
  ~CurlTransport() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    curl_multi_wakeup(multi_);
    io_.join();
    for (auto& [id, t] : running_) end_transfer(*t);
    for (CURL* h : idle_) curl_easy_cleanup(h);
    curl_multi_cleanup(multi_);
    curl_share_cleanup(share_);
  }
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  std::uint64_t start(HttpRequest request) override {
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    std::uint64_t id = 0;
    bool asleep = false;
    {
      std::lock_guard lock(mutex_);
      id = t->id = ++last_id_;
      under_way_.insert(id);
      to_start_.push_back(std::move(t));
      asleep = std::exchange(polling_, false);
    }
    // Sent now, not when an answer is next waited for: the server works meanwhile. A thread that
    // is awake takes it before it next sleeps; waking it costs a system call and an interrupt.
    if (asleep) curl_multi_wakeup(multi_);
    return id;
  }

  Exchange finish(std::uint64_t id) override {
    std::unique_lock lock(mutex_);
    ended_or_gone_.wait(lock, [&] { return ended_.contains(id) || !under_way_.contains(id); });
    auto node = ended_.extract(id);
    if (!node) return Exchange{{}, TransportFailure{"no such exchange", false, false, false}, {}, {}, {}};
    std::erase(unannounced_, id);
    return std::move(node.mapped());
  }

  std::optional<std::uint64_t> wait_any() override {
    std::unique_lock lock(mutex_);
    ended_or_gone_.wait(lock, [&] { return !unannounced_.empty() || under_way_.empty(); });
    return announce();
  }

  std::optional<std::uint64_t> ended_any() override {
    std::lock_guard lock(mutex_);
    return announce();
  }

  void cancel(std::uint64_t id) override {
    bool asleep = false;
    {
      std::lock_guard lock(mutex_);
      if (under_way_.erase(id)) to_cancel_.push_back(id);
      ended_.erase(id);
      std::erase(unannounced_, id);
      asleep = std::exchange(polling_, false);
    }
    if (asleep) curl_multi_wakeup(multi_);
  }

 private:
  // The next ended exchange no earlier call named; the mutex held.
  std::optional<std::uint64_t> announce() {
    if (unannounced_.empty()) return std::nullopt;
    auto id = unannounced_.front();
    unannounced_.pop_front();
    return id;
  }

  // The I/O thread: takes the exchanges started and cancelled, moves the transfers on, hands
  // over those that ended, and sleeps until the network or a caller has something for it.
  void run() {
    for (;;) {
      std::vector<std::unique_ptr<Transfer>> starting;
      std::vector<std::uint64_t> cancelled;
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        starting.swap(to_start_);
        cancelled.swap(to_cancel_);
        polling_ = false;
      }
      for (auto& t : starting) {
        const auto id = t->id;
        if (std::find(cancelled.begin(), cancelled.end(), id) != cancelled.end()) continue;  // never started
        t->handle = take_handle();
        t->received.handle = t->handle;
        t->received.cap = options_.max_response_bytes;
        setup(t->handle, t->request, t->headers, t->received, t->error);
        curl_easy_setopt(t->handle, CURLOPT_PRIVATE, t.get());
        curl_multi_add_handle(multi_, t->handle);
        running_.emplace(id, std::move(t));
      }
      for (auto id : cancelled)
        if (auto node = running_.extract(id)) end_transfer(*node.mapped());
      int running = 0;
      curl_multi_perform(multi_, &running);
      std::vector<std::pair<std::uint64_t, Exchange>> ended;
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        auto node = running_.extract(t->id);
        Exchange x = conclude(*t, msg->data.result);
        end_transfer(*t);  // its connection free for the next request before the parse
        judge_json_body(t->request, x);
        ended.emplace_back(t->id, std::move(x));
      }
      if (!ended.empty()) {
        {
          std::lock_guard lock(mutex_);
          for (auto& [id, x] : ended)
            if (under_way_.erase(id)) {  // else cancelled meanwhile
              ended_.emplace(id, std::move(x));
              unannounced_.push_back(id);
            }
        }
        ended_or_gone_.notify_all();
        continue;
      }
      {
        std::lock_guard lock(mutex_);
        if (stopping_ || !to_start_.empty() || !to_cancel_.empty()) continue;  // arrived meanwhile: no sleep
        polling_ = true;  // from here a start or a cancel wakes the thread
      }
      // Woken by the network, by curl's own timers, or by curl_multi_wakeup (a start, a cancel, the
      // end); a transport with nothing under way (a daemon between syncs) sleeps a minute at a time.
      curl_multi_poll(multi_, nullptr, 0, running_.empty() ? 60'000 : 1000, nullptr);
    }
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
  std::thread io_;
  // The I/O thread's alone.
  std::vector<CURL*> idle_;
  std::map<std::uint64_t, std::unique_ptr<Transfer>> running_;
  // Shared, under the mutex.
  std::mutex mutex_;
  std::condition_variable ended_or_gone_;
  bool stopping_ = false;
  bool polling_ = false;  // the I/O thread sleeps, or is about to: a start or a cancel wakes it
  std::uint64_t last_id_ = 0;
  std::set<std::uint64_t> under_way_;  // started, neither ended nor cancelled
  std::vector<std::unique_ptr<Transfer>> to_start_;
  std::vector<std::uint64_t> to_cancel_;
  std::map<std::uint64_t, Exchange> ended_;
  std::deque<std::uint64_t> unannounced_;  // ended, not yet named by wait_any() or ended_any()
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const HttpOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace sextant::http
