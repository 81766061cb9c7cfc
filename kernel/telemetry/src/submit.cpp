#include "ax/telemetry/submit.hpp"

#include "ax/dynlib/system_library.hpp"

// libcurl is loaded when a submission runs, not with the plugin: its ~30 dependent libraries would
// otherwise cost every `ax telemetry` report tens of milliseconds of loading.
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace ax::telemetry {

Step next_step(const RetryPolicy& policy, int attempt, const HttpResult& result, std::mt19937& random) {
  if (result.status >= 200 && result.status < 300) return {Verdict::sent, 0};
  bool retryable = result.status == 0 || result.status == 429 || result.status == 502 || result.status == 503 ||
                   result.status == 504;
  if (!retryable) return {Verdict::drop, 0};
  if (attempt >= policy.max_attempts) return {Verdict::keep, 0};
  if (result.retry_after) {
    if (*result.retry_after > policy.max_retry_after_seconds) return {Verdict::keep, *result.retry_after};
    return {Verdict::retry, std::max(0.0, *result.retry_after)};
  }
  double backoff =
      std::min(policy.max_backoff_seconds, policy.initial_seconds * std::pow(policy.multiplier, attempt - 1));
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return {Verdict::retry, std::min(policy.max_backoff_seconds, backoff * jitter(random))};
}

namespace {
std::string describe(const HttpResult& r) {
  return r.status == 0 ? "network error: " + r.error : "HTTP " + std::to_string(r.status);
}
}  // namespace

SubmitSummary submit_queued(Store& store, const std::string& endpoint, const RetryPolicy& policy, const Poster& post,
                            const std::function<void(double)>& sleep) {
  SubmitSummary summary;
  std::mt19937 random{std::random_device{}()};
  std::string base = endpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto queued = store.queued();
  for (std::size_t i = 0; i < queued.size(); ++i) {
    const auto& item = queued[i];
    std::string url = base + "/v1/" + item.payload.signal;
    for (int attempt = 1;; ++attempt) {
      HttpResult result = post(url, item.payload.body);
      Step step = next_step(policy, attempt, result, random);
      if (step.verdict == Verdict::sent) {
        store.dequeue(item.key);
        ++summary.sent;
        break;
      }
      if (step.verdict == Verdict::drop) {
        store.dequeue(item.key);
        store.bump_counter("submit.dropped");
        ++summary.dropped;
        summary.problem = "the endpoint rejected a batch (" + describe(result) + "); it was dropped, not retried";
        break;
      }
      if (step.verdict == Verdict::keep) {
        summary.queued = queued.size() - i;
        summary.problem =
            result.retry_after && *result.retry_after > policy.max_retry_after_seconds
                ? "the endpoint asked to wait " + std::to_string(static_cast<long>(*result.retry_after)) + " s"
                : describe(result) + " after " + std::to_string(attempt) + " attempts";
        return summary;
      }
      sleep(step.wait_seconds);
    }
  }
  return summary;
}

namespace {

struct Curl {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_setopt) setopt = nullptr;
  decltype(&curl_easy_perform) perform = nullptr;
  decltype(&curl_easy_getinfo) getinfo = nullptr;
  decltype(&curl_easy_cleanup) cleanup = nullptr;
  decltype(&curl_easy_strerror) strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;
  bool ready = false;
};

// Loaded once, kept for the life of the process.
const Curl& curl() {
  static const Curl library = [] {
    Curl c;
    const dynlib::SystemLibrary library("libcurl.so.4");
    if (!library.loaded()) return c;
    auto bind = [&](auto& function, const char* name) { return library.bind(function, name); };
    c.ready = bind(c.global_init, "curl_global_init") && bind(c.easy_init, "curl_easy_init") &&
              bind(c.setopt, "curl_easy_setopt") && bind(c.perform, "curl_easy_perform") &&
              bind(c.getinfo, "curl_easy_getinfo") && bind(c.cleanup, "curl_easy_cleanup") &&
              bind(c.strerror, "curl_easy_strerror") && bind(c.slist_append, "curl_slist_append") &&
              bind(c.slist_free_all, "curl_slist_free_all") && c.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return c;
  }();
  return library;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

}  // namespace

HttpResult curl_post(const std::string& url, const std::string& body, long timeout_seconds) {
  HttpResult result;
  const Curl& c = curl();
  if (!c.ready) {
    result.error = "libcurl (libcurl.so.4) could not be loaded";
    return result;
  }
  std::unique_ptr<CURL, decltype(c.cleanup)> handle(c.easy_init(), c.cleanup);
  if (!handle) {
    result.error = "libcurl failed to initialise";
    return result;
  }
  std::unique_ptr<curl_slist, decltype(c.slist_free_all)> headers(
      c.slist_append(nullptr, "Content-Type: application/json"), c.slist_free_all);
  CURL* h = handle.get();
  c.setopt(h, CURLOPT_URL, url.c_str());
  c.setopt(h, CURLOPT_HTTPHEADER, headers.get());
  c.setopt(h, CURLOPT_POSTFIELDS, body.data());
  c.setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  c.setopt(h, CURLOPT_TIMEOUT, timeout_seconds);
  c.setopt(h, CURLOPT_CONNECTTIMEOUT, std::min<long>(timeout_seconds, 5));
  c.setopt(h, CURLOPT_NOSIGNAL, 1L);
  c.setopt(h, CURLOPT_WRITEFUNCTION, &discard);
  c.setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  c.setopt(h, CURLOPT_USERAGENT, "ax-telemetry");
  CURLcode rc = c.perform(h);
  if (rc != CURLE_OK) {
    result.error = c.strerror(rc);
    return result;
  }
  c.getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
  curl_off_t retry_after = -1;
  if (c.getinfo(h, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after >= 0 &&
      (result.status == 429 || result.status == 503))
    result.retry_after = static_cast<double>(retry_after);
  return result;
}

}  // namespace ax::telemetry
