// `ax telemetry submit`: queued batches POSTed as OTLP/HTTP JSON, with the OTLP retry rules.
#pragma once
#include <functional>
#include <optional>
#include <ostream>
#include <random>
#include <string>

#include "ax/telemetry/store.hpp"

namespace ax::telemetry {

struct HttpResult {
  long status = 0;                    // 0: no response (network error, timeout)
  std::string error;                  // the network error when status == 0
  std::optional<double> retry_after;  // seconds, from a Retry-After header
};
using Poster = std::function<HttpResult(const std::string& url, const std::string& body)>;

// OTLP exporters' defaults: 5 attempts, backoff from 1 s times 1.5 up to 5 s, with jitter.
struct RetryPolicy {
  int max_attempts = 5;
  double initial_seconds = 1;
  double multiplier = 1.5;
  double max_backoff_seconds = 5;
  double max_retry_after_seconds = 60;  // a longer Retry-After leaves the batch queued for next time
};

enum class Verdict { sent, drop, retry, keep };
struct Step {
  Verdict verdict = Verdict::sent;
  double wait_seconds = 0;
};
// What to do after attempt number `attempt` (1-based) got `result`: 2xx sent; 429/502/503/504 and
// network errors retried (Retry-After honoured, else exponential backoff with jitter) until the
// attempts run out, then kept queued; any other status dropped, never retried.
Step next_step(const RetryPolicy& policy, int attempt, const HttpResult& result, std::mt19937& random);

struct SubmitSummary {
  std::size_t sent = 0, dropped = 0, queued = 0;
  std::string problem;  // why batches stay queued or were dropped
};
// Sends every queued payload to <endpoint>/v1/<signal>, oldest first. Stops at the first payload
// that must stay queued (the server is down or asks to wait): the rest stay queued behind it.
SubmitSummary submit_queued(Store& store, const std::string& endpoint, const RetryPolicy& policy, const Poster& post,
                            const std::function<void(double)>& sleep);

// POST with libcurl: Content-Type application/json, `timeout_seconds` for the whole request.
HttpResult curl_post(const std::string& url, const std::string& body, long timeout_seconds);

}  // namespace ax::telemetry
