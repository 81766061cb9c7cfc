#include <catch2/catch.hpp>

#include <functional>

#include "language_detector.hpp"

using ax::kernel::LanguageDetector;
using ax::kernel::shebang_interpreter;
using ax::sdk::Confidence;

namespace {
// A language known only by its detection data; content checks can be scripted.
class FakeLanguage final : public ax::sdk::LanguagePlugin {
 public:
  FakeLanguage(ax::sdk::LanguageInfo info, std::function<Confidence(std::string_view)> check = nullptr)
      : info_(std::move(info)), check_(std::move(check)) {}
  const ax::sdk::LanguageInfo& info() const override { return info_; }
  Confidence check_content(std::string_view, std::string_view head) const override {
    return check_ ? check_(head) : Confidence::maybe;
  }
  std::unique_ptr<ax::sdk::SourceParser> make_parser() const override { return nullptr; }

 private:
  ax::sdk::LanguageInfo info_;
  std::function<Confidence(std::string_view)> check_;
};
}  // namespace

TEST_CASE("detector: extension, file name, shebang, ambiguity") {
  FakeLanguage c({"c", "C", {".c", ".h"}, {}, {}}, [](std::string_view head) {
    return head.find("class ") != std::string_view::npos ? Confidence::no : Confidence::likely;
  });
  FakeLanguage cpp({"cpp", "C++", {".cpp", ".h"}, {}, {}}, [](std::string_view head) {
    return head.find("class ") != std::string_view::npos ? Confidence::certain : Confidence::maybe;
  });
  FakeLanguage python({"python", "Python", {".py"}, {"SConstruct"}, {"python3", "python"}});
  FakeLanguage make({"make", "Make", {".mk"}, {"Makefile"}, {}});
  LanguageDetector detector({&c, &cpp, &python, &make});

  CHECK(detector.detect("src/main.c", "") == "c");
  CHECK(detector.detect("src/MAIN.CPP", "") == "cpp");
  CHECK(detector.detect("include/util.h", "int add(int, int);") == "c");
  CHECK(detector.detect("include/shape.h", "class Shape {};") == "cpp");
  CHECK(detector.detect("SConstruct", "") == "python");
  CHECK(detector.detect("sub/Makefile", "") == "make");
  CHECK(detector.detect("bin/tool", "#!/usr/bin/env python3\nprint(1)\n") == "python");
  CHECK(detector.detect("bin/tool", "#!/usr/bin/python3.11\n") == "python");
  CHECK(detector.detect("bin/tool", "\xEF\xBB\xBF#!/usr/bin/env python3\r\nprint(1)\r\n") == "python");
  CHECK(detector.detect("bin/tool", "#!/bin/sh\n") == std::nullopt);
  CHECK(detector.detect("README", "plain words") == std::nullopt);
  CHECK(detector.detect("notes.txt", "") == std::nullopt);
  CHECK(detector.detect("archive.tar.gz", "") == std::nullopt);
}

TEST_CASE("detector: a sole claimant can veto by content") {
  FakeLanguage ts({"typescript", "TypeScript", {".ts"}, {}, {}}, [](std::string_view head) {
    return head.find("<TS") != std::string_view::npos ? Confidence::no : Confidence::maybe;
  });
  LanguageDetector detector({&ts});
  CHECK(detector.detect("app.ts", "export const x = 1;") == "typescript");
  CHECK(detector.detect("app_de.ts", "<?xml version=\"1.0\"?>\n<!DOCTYPE TS>\n<TS version=\"2.1\">") == std::nullopt);
}

TEST_CASE("shebang interpreters") {
  CHECK(shebang_interpreter("#!/usr/bin/env python3\n") == "python3");
  CHECK(shebang_interpreter("#!/usr/bin/env -S node --harmony\n") == "node");
  CHECK(shebang_interpreter("#! /bin/bash -e\n") == "bash");
  CHECK(shebang_interpreter("#!/usr/bin/env FOO=1 elixir\n") == "elixir");
  CHECK(shebang_interpreter("\xEF\xBB\xBF#!/usr/bin/env node\r\n") == "node");
  CHECK(shebang_interpreter("\xEF\xBB\xBFimport os\n") == std::nullopt);
  CHECK(shebang_interpreter("no shebang") == std::nullopt);
  CHECK(shebang_interpreter("#!") == std::nullopt);
}

TEST_CASE("shebang interpreters through launchers") {
  CHECK(shebang_interpreter("#!/usr/bin/env -S uv run --script\n") == "uv");
  CHECK(shebang_interpreter("#!/usr/bin/tcc -run\n") == "tcc");
  CHECK(shebang_interpreter("#!/usr/bin/env rust-script\n") == "rust-script");
  CHECK(shebang_interpreter("#!/usr/bin/env -S npx tsx\n") == "tsx");
  CHECK(shebang_interpreter("#!/usr/bin/env -S poetry run python -u\n") == "python");
  CHECK(shebang_interpreter("#!/usr/bin/env -u HOME -S node\n") == "node");
  CHECK(shebang_interpreter("#!/bin/sh\nexec scala \"$0\" \"$@\"\n!#\nobject Main\n") == "scala");
  CHECK(shebang_interpreter("#!/bin/sh\n\"exec\" \"python3\" \"$0\" \"$@\"\nimport sys\n") == "python3");
  CHECK(shebang_interpreter("#!/bin/sh\n''''exec python3 -u -- \"$0\" ${1+\"$@\"} # '''\n") == "python3");
  CHECK(shebang_interpreter("#!/bin/sh\nexec /usr/bin/env elixir \"$0\"\n") == "elixir");
  CHECK(shebang_interpreter("#! /usr/bin/env nix-shell\n#! nix-shell -i python3 -p python3\n") == "python3");
  // A shell script that runs something else with its own path is still a shell script.
  CHECK(shebang_interpreter("#!/bin/sh\necho \"$0\"\nexec \"$0\".real\n") == "sh");
  CHECK(shebang_interpreter("#!/bin/bash\nset -e\n") == "bash");
}

TEST_CASE("detector: the shebang decides when an extension's claimants decline") {
  FakeLanguage scala({"scala", "Scala", {".sc"}, {}, {"scala"}}, [](std::string_view head) {
    return head.find("SynthDef") != std::string_view::npos ? Confidence::no : Confidence::likely;
  });
  FakeLanguage python({"python", "Python", {".py"}, {}, {"python3"}});
  LanguageDetector detector({&scala, &python});
  CHECK(detector.detect("synth.sc", "SynthDef(\\sine, {}).add;\n") == std::nullopt);
  CHECK(detector.detect("build.sc", "import mill._\n") == "scala");
  CHECK(detector.detect("tool.sc", "#!/usr/bin/env python3\nSynthDef = 1\n") == "python");
  CHECK(detector.detect("bin/run", "#!/bin/sh\nexec scala \"$0\" \"$@\"\n!#\nprintln(1)\n") == "scala");
}

TEST_CASE("shebang: a shell script that runs a jar or another program stays a shell script") {
  CHECK(shebang_interpreter("#!/bin/sh\nexec java -jar \"$(dirname \"$0\")/server.jar\" \"$@\"\n") == "sh");
  CHECK(shebang_interpreter("#!/bin/sh\nexec python3 tool.py \"$0\"\n") == "sh");
  CHECK(shebang_interpreter("#!/usr/bin/env -S npx\n") == "npx");
}
