#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <ax/lang/testing.hpp>

#include "python_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

const ax::sdk::Reference* reference_pointer(const ax::sdk::ParseResult& result, std::string_view name,
                                            std::uint32_t line) {
  for (const auto& r : result.references)
    if (r.name == name && r.line == line) return &r;
  return nullptr;
}

std::string enclosing_name(const ax::sdk::ParseResult& result, const ax::sdk::Reference& reference) {
  return reference.enclosing < 0 ? std::string()
                                 : result.symbols[static_cast<std::size_t>(reference.enclosing)].qualified_name;
}

const ax::sdk::Symbol& symbol_at(const ax::sdk::ParseResult& result, std::string_view qualified_name,
                                 std::uint32_t line) {
  for (const auto& s : result.symbols)
    if (s.qualified_name == qualified_name && s.span.start_line == line) return s;
  throw std::runtime_error("no symbol " + std::string(qualified_name) + " at line " + std::to_string(line));
}

}  // namespace

TEST_CASE("python: language info") {
  ax::lang::PythonLanguage python;
  const auto& info = python.info();
  CHECK(info.id == "python");
  for (const char* extension : {".py", ".pyi", ".pyw", ".gyp", ".pyde", ".spec", ".cgi"})
    CHECK(std::find(info.extensions.begin(), info.extensions.end(), extension) != info.extensions.end());
  CHECK(info.file_names == std::vector<std::string>{"SConstruct", "SConscript", "wscript", "DEPS", ".gclient"});
  CHECK(info.interpreters == std::vector<std::string>{"python", "python3", "python2", "py", "pypy", "pypy3", "uv"});
}

TEST_CASE("python: classes, methods, docstrings, constants") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, R"(import os
from .util import helper

MAX_SIZE = 10
counter = 0

class Shape:
    """A shape."""

    def area(self):
        return helper(self)


def main():
    s = Shape()
    print(s.area())
)",
                      "shapes.py");
  CHECK(outline(result) == std::vector<std::string>{"constant MAX_SIZE@4", "variable counter@5", "class Shape@7",
                                                    "method Shape.area@10", "function main@14"});
  CHECK(symbol(result, "Shape").doc == "A shape.");
  CHECK(symbol(result, "Shape.area").signature == "def area(self)");
  CHECK(has_import(result, "os"));
  CHECK(has_import(result, ".util.helper"));
  CHECK(has_reference(result, "helper", ReferenceKind::call));
  CHECK(has_reference(result, "area", ReferenceKind::call));
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("python: whole-file outline with decorators, properties and class attributes") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, R"(from dataclasses import dataclass

@dataclass
class Point:
    ORIGIN_NAME = "origin"
    x: float
    y: float = 0.0

    def __init__(self, x, y=0.0):
        self.x = x
        self.y = y

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    @norm.setter
    def norm(self, value):
        raise AttributeError("read-only")

    @staticmethod
    async def load(path):
        def parse(text):
            return text
        return parse(path)

    class Meta:
        ordering = ("x",)
)",
                      "point.py");
  CHECK(outline(result) == std::vector<std::string>{
                               "class Point@4",
                               "constant Point.ORIGIN_NAME@5",
                               "field Point.x@6",
                               "field Point.y@7",
                               "constructor Point.__init__@9",
                               "property Point.norm@14",
                               "setter Point.norm@18",
                               "method Point.load@22",
                               "function Point.load.parse@23",
                               "class Point.Meta@27",
                               "field Point.Meta.ordering@28",
                           });
  CHECK(symbol(result, "Point.load").signature == "async def load(path)");
  // Decorators are not part of the span, but are references.
  CHECK(symbol(result, "Point").span.start_line == 4);
  const auto* dataclass = reference_pointer(result, "dataclass", 3);
  REQUIRE(dataclass != nullptr);
  CHECK(dataclass->kind == ReferenceKind::call);
  CHECK(reference_pointer(result, "setter", 17) == nullptr);
  // The nested helper is a definition inside load(); the call after it belongs to load.
  const auto* parse_call = reference_pointer(result, "parse", 25);
  REQUIRE(parse_call != nullptr);
  CHECK(enclosing_name(result, *parse_call) == "Point.load");
  CHECK(symbol(result, "Point.load.parse").parent >= 0);
}

TEST_CASE("python: basic fixture symbols, lines, signatures and docs") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, read_fixture("basic.py"), "expenses.py");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 47);
  CHECK(count_kind(result, SymbolKind::class_) == 4);
  CHECK(count_kind(result, SymbolKind::constructor) == 3);
  CHECK(count_kind(result, SymbolKind::property) == 3);
  CHECK(count_kind(result, SymbolKind::function) == 15);

  CHECK(symbol(result, "DEFAULT_FILE").kind == SymbolKind::constant);
  CHECK(symbol(result, "date_format").kind == SymbolKind::variable);
  const auto& commands = symbol(result, "COMMANDS");
  CHECK(commands.kind == SymbolKind::constant);
  CHECK(commands.span.start_line == 235);
  CHECK(commands.span.end_line == 239);
  CHECK(commands.signature == "COMMANDS = {…}");

  const auto& expense = symbol(result, "Expense");
  CHECK(expense.span.start_line == 29);
  CHECK(expense.span.end_line == 68);
  CHECK(expense.doc == "One expense: when, how much, for what.");
  CHECK(symbol(result, "ExpenseError").signature == "class ExpenseError(Exception)");
  const auto& fields = symbol(result, "Expense.FIELDS");
  CHECK(fields.kind == SymbolKind::constant);
  CHECK(fields.doc == "Column order of the CSV file.");
  CHECK(symbol(result, "Expense.separator").kind == SymbolKind::field);
  const auto& init = symbol(result, "Expense.__init__");
  CHECK(init.kind == SymbolKind::constructor);
  CHECK(init.signature == "def __init__(self, date, amount, category, description=\"\")");
  const auto& month = symbol(result, "Expense.month");
  CHECK(month.kind == SymbolKind::property);
  CHECK(month.span.start_line == 46);
  CHECK(month.doc == "The month of the expense as YYYY-MM.");
  const auto& from_row = symbol(result, "Expense.from_row");
  CHECK(from_row.kind == SymbolKind::method);
  CHECK(from_row.span.start_line == 59);
  CHECK(from_row.doc == "Parses a CSV row; raises ExpenseError on malformed input.");

  CHECK(symbol(result, "Ledger.dirty").kind == SymbolKind::property);
  CHECK(symbol(result, "Ledger.load").span.end_line == 104);
  CHECK(symbol(result, "Report.width").kind == SymbolKind::field);
  CHECK(symbol(result, "Report.print").kind == SymbolKind::method);
  CHECK(symbol(result, "format_amount_line").parent == -1);
  CHECK(symbol(result, "main").doc == "Entry point; returns the process exit status.");
  // `exit_code = main()` in the __main__ block is a script local, not a module variable.
  CHECK(count_symbols(result, "exit_code") == 0);
}

TEST_CASE("python: imports: plain, aliased, relative, parenthesized and local") {
  ax::lang::PythonLanguage python;
  auto basic = parse(python, read_fixture("basic.py"), "expenses.py");
  // `from M import a, b` is one import per name ("M.a", "M.b"): a name may be a submodule.
  CHECK(import_list(basic) ==
        std::vector<std::string>{"argparse@7", "csv@8", "datetime@9", "os.path@10", "sys@11",
                                 "collections.defaultdict@12", "decimal.Decimal@13", "decimal.InvalidOperation@13",
                                 ".categories.DEFAULT_CATEGORIES@15", ".categories.normalize_category@15",
                                 "..settings@16", "json@285"});
  auto advanced = parse(python, read_fixture("advanced.py"), "scheduler.py");
  CHECK(import_list(advanced) == std::vector<std::string>{"asyncio@10",
                                                          "contextlib@11",
                                                          "functools@12",
                                                          "logging.handlers@13",
                                                          "typing@14",
                                                          "abc.ABC@15",
                                                          "abc.abstractmethod@15",
                                                          "dataclasses.dataclass@16",
                                                          "dataclasses.field@16",
                                                          "enum.Enum@17",
                                                          "enum.IntFlag@17",
                                                          "enum.auto@17",
                                                          "typing.Any@18",
                                                          "typing.Awaitable@18",
                                                          "typing.Callable@18",
                                                          "typing.ClassVar@18",
                                                          "typing.Generic@18",
                                                          "typing.Protocol@18",
                                                          "typing.TypeAlias@18",
                                                          "typing.TypeVar@18",
                                                          "typing.overload@18",
                                                          ".hooks@30",
                                                          ".retry.RetryPolicy@31",
                                                          ".retry.backoff@31",
                                                          "..core.clock.Clock@32",
                                                          "..core.clock.SystemClock@32"});
}

TEST_CASE("python: calls, decorators and annotations as references") {
  ax::lang::PythonLanguage python;
  auto basic = parse(python, read_fixture("basic.py"), "expenses.py");
  const auto* from_row = reference_pointer(basic, "from_row", 101);
  REQUIRE(from_row != nullptr);
  CHECK(from_row->kind == ReferenceKind::call);
  CHECK(from_row->column == 51);
  CHECK(enclosing_name(basic, *from_row) == "Ledger.load");
  const auto* exit_call = reference_pointer(basic, "exit", 309);
  REQUIRE(exit_call != nullptr);
  CHECK(exit_call->enclosing == -1);
  CHECK(reference_pointer(basic, "Exception", 25) != nullptr);

  auto advanced = parse(python, read_fixture("advanced.py"), "scheduler.py");
  const auto* wraps = reference_pointer(advanced, "wraps", 102);
  REQUIRE(wraps != nullptr);
  CHECK(wraps->kind == ReferenceKind::call);
  CHECK(enclosing_name(advanced, *wraps) == "timed");
  const auto* context_type = reference_pointer(advanced, "Context", 237);
  REQUIRE(context_type != nullptr);
  CHECK(context_type->kind == ReferenceKind::reference);
  CHECK(enclosing_name(advanced, *context_type) == "Scheduler.__init__");
  // Union members and generic arguments in annotations.
  CHECK(reference_pointer(advanced, "Runnable", 162) != nullptr);
  CHECK(reference_pointer(advanced, "X", 300) != nullptr);
  // A `type` statement's own name is a definition, not a use.
  CHECK(reference_pointer(advanced, "Payload", 41) == nullptr);
  CHECK(reference_pointer(advanced, "Any", 41) != nullptr);
}

TEST_CASE("python: advanced fixture: enums, protocols, dataclasses, generics, async") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, read_fixture("advanced.py"), "scheduler.py");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 84);  // with the three functions nested in decorator factories

  // Type aliases in their three spellings, and type variables.
  for (const char* alias : {"T", "R", "JobId", "Handler", "Payload", "Pair"})
    CHECK(symbol(result, alias).kind == SymbolKind::type);
  CHECK(symbol(result, "Pair").signature == "type Pair[K, V] = tuple[K, V]");
  CHECK(symbol(result, "DEFAULT_TIMEOUT").kind == SymbolKind::constant);
  CHECK(symbol(result, "registry").kind == SymbolKind::variable);
  CHECK(symbol(result, "first").signature == "first, second = \"alpha\", \"beta\"");
  CHECK(symbol(result, "second").kind == SymbolKind::variable);
  CHECK(symbol(result, "identity").kind == SymbolKind::function);

  const auto& priority = symbol(result, "Priority");
  CHECK(priority.kind == SymbolKind::enum_);
  CHECK(priority.doc == "How soon a job should run.");
  CHECK(symbol(result, "Priority.HIGH").kind == SymbolKind::enum_member);
  CHECK(symbol(result, "Priority.weight").kind == SymbolKind::property);
  CHECK(symbol(result, "Capability.GPU").kind == SymbolKind::enum_member);
  CHECK(symbol(result, "Runnable").kind == SymbolKind::interface);
  CHECK(symbol(result, "Runnable.run").signature == "async def run(self, context: Context) -> None");
  CHECK(symbol(result, "Sink").kind == SymbolKind::interface);

  // Decorator factories: the nested decorate/wrapper functions are definitions (as ctags lists
  // them), nested under the function defining them; the variables of a function are its locals.
  const auto& retry = symbol(result, "retry");
  CHECK(retry.signature == "def retry(times: int = 3, *, on: tuple[type[BaseException], ...] = (Exception,))");
  CHECK(symbol(result, "retry.decorate").kind == SymbolKind::function);
  CHECK(symbol(result, "timed.wrapper").kind == SymbolKind::function);

  CHECK(symbol(result, "Typed.__set_name__").kind == SymbolKind::method);
  CHECK(symbol(result, "PluginMeta.__new__").kind == SymbolKind::method);
  CHECK(symbol(result, "Plugin").signature == "class Plugin(ABC, metaclass=PluginMeta)");
  CHECK(symbol(result, "Plugin.on_job").doc == "Called before each job runs.");

  // Dataclass fields, a ClassVar constant, a nested dataclass, cached_property.
  const auto& job = symbol(result, "Job");
  CHECK(job.span.start_line == 157);
  CHECK(symbol(result, "Job.priority").kind == SymbolKind::field);
  CHECK(symbol(result, "Job.tags").signature == "tags: list[str] = field(default_factory=list, compare=False)");
  CHECK(symbol(result, "Job.RETRIES").kind == SymbolKind::constant);
  CHECK(symbol(result, "Job.Result").kind == SymbolKind::class_);
  CHECK(symbol(result, "Job.Result.elapsed").span.start_line == 172);
  CHECK(symbol(result, "Job.label").kind == SymbolKind::property);

  CHECK(symbol(result, "Queue").signature == "class Queue[J: Job]");
  CHECK(symbol_at(result, "Queue.closed", 203).kind == SymbolKind::property);
  CHECK(symbol_at(result, "Queue.closed", 207).kind == SymbolKind::setter);

  // Classes nested two levels deep.
  CHECK(symbol(result, "Scheduler.Stats.Snapshot.failed").kind == SymbolKind::field);
  CHECK(symbol(result, "Scheduler.Stats.__init__").kind == SymbolKind::constructor);
  CHECK(symbol(result, "Scheduler.Stats.snapshot").signature == "def snapshot(self) -> Scheduler.Stats.Snapshot");
  // Overloads are separate symbols.
  CHECK(count_symbols(result, "Scheduler.submit") == 3);
  const auto& run_one = symbol(result, "Scheduler.run_one");
  CHECK(run_one.span.start_line == 260);
  CHECK(run_one.signature == "async def run_one(self, job: Job) -> Job.Result");
  CHECK(symbol(result, "Scheduler.events").doc == "An async generator of (job, result) pairs as jobs finish.");
  CHECK(symbol(result, "Scheduler.session").kind == SymbolKind::method);
  CHECK(symbol(result, "first_of").signature ==
        "def first_of[X](items: list[X], default: X | None = None) -> X | None");
  CHECK(symbol(result, "main").signature == "async def main() -> int");
  // Definitions in the __main__ block are not module symbols.
  CHECK(count_symbols(result, "report") == 0);
  CHECK(count_symbols(result, "status") == 0);
}

TEST_CASE("python: multi-line signatures are joined without comments") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, R"(def connect(
    host: str,  # name or address
    port: int = 5432,
) -> "Connection":
    pass
)",
                      "db.py");
  CHECK(symbol(result, "connect").signature == "def connect(host: str, port: int = 5432,) -> \"Connection\"");
}

TEST_CASE("python: syntax errors give partial results") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, R"(class Good:
    def ok(self):
        return 1

def broken(:
    pass

LIMIT = 3
)",
                      "broken.py");
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "Good") == 1);
  CHECK(count_symbols(result, "Good.ok") == 1);
  CHECK(count_symbols(result, "LIMIT") == 1);
}

TEST_CASE("python: empty and binary input") {
  ax::lang::PythonLanguage python;
  auto empty = parse(python, "", "empty.py");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK_FALSE(empty.had_syntax_errors);

  auto docstring_only = parse(python, "\"\"\"Nothing here.\"\"\"\n# comment\n", "doc.py");
  CHECK(docstring_only.symbols.empty());

  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 40503u + 7u) % 251u);
  garbage += "\ndef (((\nclass :\n    \x01\x02";
  auto binary = parse(python, garbage, "binary.py");
  CHECK(binary.had_syntax_errors);
  for (const auto& s : binary.symbols) CHECK_FALSE(s.name.empty());
}

TEST_CASE("python: names assigned in module-level try, if and with blocks are module names") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, R"(try:
    import chardet
except ImportError:
    chardet = None
if TYPE_CHECKING:
    LIMIT = 3
else:
    alias = int
with open(path) as handle:
    text = handle.read()

def load():
    cache = {}
    return cache

@wrap
def decorated():
    result = 1
    return result
)",
                      "compat.py");
  // The assignments in function bodies are locals, decorated or not.
  CHECK(outline(result) == std::vector<std::string>{"variable chardet@4", "constant LIMIT@6", "variable alias@8",
                                                    "variable text@10", "function load@12", "function decorated@17"});
}

TEST_CASE("python: the __main__ block holds no module symbols") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, R"(import sys

def run(argv):
    return len(argv)

if '__main__' == __name__:
    class Options:
        verbose = False

    def cli():
        return run(sys.argv)

    code = cli()

if sys.platform == "win32":
    def run_windows():
        return run([])
)",
                      "tool.py");
  CHECK(outline(result) == std::vector<std::string>{"function run@3", "function run_windows@16"});
  const auto* cli_call = reference_pointer(result, "cli", 13);
  REQUIRE(cli_call != nullptr);
  CHECK(cli_call->enclosing == -1);
  const auto* run_call = reference_pointer(result, "run", 17);
  REQUIRE(run_call != nullptr);
  CHECK(enclosing_name(result, *run_call) == "run_windows");
}
