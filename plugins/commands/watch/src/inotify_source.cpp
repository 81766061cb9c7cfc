// The inotify event source: one watch per directory the index walk would enter.
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

#include <ax/index/ignore_rules.hpp>
#include <ax/sdk/host.hpp>
#include <ax/watch/tree_watcher.hpp>

namespace ax::watch {
namespace fs = std::filesystem;

namespace {

// A file descriptor, closed with its owner.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

constexpr std::uint32_t kWatchMask = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE |
                                     IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;

std::string joined(const std::string& directory, std::string_view name) {
  return directory.empty() ? std::string(name) : directory + "/" + std::string(name);
}

class InotifySource final : public EventSource {
 public:
  InotifySource(fs::path root, const WatchOptions& options)
      : root_(std::move(root)),
        options_(options),
        inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)),
        wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (inotify_.get() < 0)
      throw sdk::UserError(std::string("cannot watch files: inotify_init1: ") + std::strerror(errno) +
                           (errno == EMFILE ? " (fs.inotify.max_user_instances reached)" : ""));
    if (wake_.get() < 0) throw sdk::UserError(std::string("cannot watch files: eventfd: ") + std::strerror(errno));
    index::IgnoreRules rules;
    rules.add_file(root_ / ".git" / "info" / "exclude", "", ".git/info/exclude");
    if (!add_directory("", rules) && !limit_reached_)
      throw sdk::UserError("cannot watch " + root_.string() + ": " + first_error_);
  }

  std::size_t watched_directories() const override { return directories_.size(); }

  void wake() override {
    const std::uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof one);
  }

  std::vector<SourceEvent> wait(std::chrono::milliseconds timeout, std::stop_token stop) override {
    std::vector<SourceEvent> events = std::exchange(pending_, {});
    if (!events.empty() || stop.stop_requested()) return events;
    std::stop_callback wake_on_stop(stop, [this] { wake(); });
    pollfd fds[2] = {{inotify_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
    const int ready =
        ::poll(fds, 2, static_cast<int>(std::min<std::chrono::milliseconds::rep>(timeout.count(), 1 << 30)));
    if (ready <= 0) return events;  // timeout, or a signal (Ctrl-C): the caller looks at its stop token
    if (fds[1].revents & POLLIN) {
      std::uint64_t count = 0;
      (void)!::read(wake_.get(), &count, sizeof count);
    }
    if (fds[0].revents & POLLIN) read_events();
    return std::exchange(pending_, {});
  }

 private:
  // Reads every queued event and turns it into SourceEvents (in pending_).
  void read_events() {
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
      const ssize_t length = ::read(inotify_.get(), buffer, sizeof buffer);
      if (length <= 0) return;  // EAGAIN: drained
      for (ssize_t offset = 0; offset < length;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
        offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        translate(*event);
      }
    }
  }

  void translate(const inotify_event& event) {
    if (event.mask & IN_Q_OVERFLOW) {
      pending_.push_back({SourceEvent::Type::overflow, {}, {}, false, {}});
      return;
    }
    const auto it = directories_.find(event.wd);
    if (it == directories_.end()) return;
    const std::string directory = it->second;
    if (event.mask & IN_IGNORED) {  // the watch is gone (its directory deleted, or removed by us)
      forget(event.wd);
      return;
    }
    if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
      if (directory.empty())
        pending_.push_back({SourceEvent::Type::root_gone,
                            {},
                            {},
                            true,
                            "the watched directory " + root_.string() + " was removed or moved"});
      return;  // any other directory: its parent reports the deletion or the move
    }
    if (event.len == 0) return;
    const std::string_view name(event.name);
    if (index::always_skipped_directory(name)) return;  // .git, .ax (ax's own writes): never looked at
    const std::string path = joined(directory, name);
    const bool is_directory = (event.mask & IN_ISDIR) != 0;
    index::ChangeKind kind;
    if (event.mask & (IN_CREATE | IN_MOVED_TO)) {
      kind = index::ChangeKind::created;
      if (is_directory) add_tree(path);
    } else if (event.mask & (IN_DELETE | IN_MOVED_FROM)) {
      kind = index::ChangeKind::removed;
      if (is_directory) remove_tree(path);
    } else if (event.mask & (IN_MODIFY | IN_CLOSE_WRITE)) {
      if (is_directory) return;
      kind = index::ChangeKind::modified;
    } else {
      return;
    }
    pending_.push_back({SourceEvent::Type::change, kind, path, is_directory, {}});
  }

  // Watches a directory that appeared, and the directories below it, with the ignore rules in force there.
  void add_tree(const std::string& path) {
    std::optional<index::IgnoreRules> rules = index::ignore_rules_at(root_, path, options_.follow_symlinks);
    if (!rules || rules->ignored(path, true)) return;
    add_directory(path, *rules);
  }

  // Stops watching `path` and every directory below it (moved away: their watches would follow it).
  void remove_tree(const std::string& path) {
    const auto unwatch = [this](std::map<std::string, int>::iterator it) {
      ::inotify_rm_watch(inotify_.get(), it->second);
      directories_.erase(it->second);
      return paths_.erase(it);
    };
    if (const auto it = paths_.find(path); it != paths_.end()) unwatch(it);
    const std::string prefix = path + "/";
    for (auto it = paths_.lower_bound(prefix); it != paths_.end() && it->first.starts_with(prefix);) it = unwatch(it);
  }

  void forget(int wd) {
    const auto it = directories_.find(wd);
    if (it == directories_.end()) return;
    if (const auto path = paths_.find(it->second); path != paths_.end() && path->second == wd) paths_.erase(path);
    directories_.erase(it);
  }

  // Watches `relative` (which the rules do not exclude) and, recursively, its subdirectories the walk
  // would enter; `rules` are those in force in its parent. False when `relative` could not be watched.
  bool add_directory(const std::string& relative, index::IgnoreRules& rules) {
    if (limit_reached_) return false;
    const fs::path directory = relative.empty() ? root_ : root_ / relative;
    if (options_.max_directories != 0 && directories_.size() >= options_.max_directories) {
      reach_limit("watch.max_directories (" + std::to_string(options_.max_directories) + ") reached");
      return false;
    }
    const int wd = ::inotify_add_watch(inotify_.get(), directory.c_str(), kWatchMask);
    if (wd < 0) {
      if (errno == ENOSPC)
        reach_limit("the inotify watch limit (sysctl fs.inotify.max_user_watches) is reached");
      else if (first_error_.empty())
        first_error_ = std::strerror(errno);
      return false;  // gone meanwhile, or unreadable: the index walk says what it makes of it
    }
    directories_[wd] = relative;
    paths_[relative] = wd;
    const std::string prefix = relative.empty() ? "" : relative + "/";
    const std::size_t added = rules.add_file(directory / ".gitignore", relative, prefix + ".gitignore") +
                              rules.add_file(directory / ".axignore", relative, prefix + ".axignore");
    std::error_code ec;
    for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
      struct stat st {};
      if (::lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;  // links are not watched
      const std::string name = it->path().filename().string();
      const std::string child = prefix + name;
      if (index::always_skipped_directory(name) || rules.ignored(child, true)) continue;
      add_directory(child, rules);
      if (limit_reached_) break;
    }
    rules.pop(added);
    return true;
  }

  void reach_limit(const std::string& why) {
    limit_reached_ = true;
    pending_.push_back({SourceEvent::Type::limit_reached,
                        {},
                        {},
                        false,
                        why + ": " + std::to_string(directories_.size()) +
                            " directories watched, and the whole tree scanned every " +
                            std::to_string(options_.poll_interval.count()) + " ms"});
  }

  fs::path root_;
  WatchOptions options_;
  FileDescriptor inotify_;
  FileDescriptor wake_;                               // written when a wait must end early (stop, a flush)
  std::unordered_map<int, std::string> directories_;  // watch descriptor -> repository-relative directory
  std::map<std::string, int> paths_;                  // the same, by path (sorted: a tree is a range)
  std::vector<SourceEvent> pending_;
  bool limit_reached_ = false;
  std::string first_error_;
};

}  // namespace

std::unique_ptr<EventSource> make_inotify_source(const fs::path& root, const WatchOptions& options) {
  return std::make_unique<InotifySource>(root, options);
}

}  // namespace ax::watch
