// SDK 1.5: writes on the caller's thread alone, for a caller that promised to use one thread.
#pragma once

namespace ax::sdk {

// An optional interface of a SearchIndex or a Repository (found by dynamic_cast): every change, the
// work it needs (analysing text) and every commit run on the calling thread, with no threads of the
// object's own (ax index --threads 1). What is written is the same either way.
class CallerThreadWrites {
 public:
  virtual ~CallerThreadWrites() = default;
  // From now on; called before the first change, or between changes.
  virtual void write_on_caller_thread() = 0;
};

}  // namespace ax::sdk
