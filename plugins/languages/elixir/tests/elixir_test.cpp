#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <ax/lang/testing.hpp>

#include "elixir_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ParseResult;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

std::string enclosing_name(const ParseResult& result, const ax::sdk::Reference& reference) {
  return reference.enclosing < 0 ? "" : result.symbols[reference.enclosing].qualified_name;
}

bool has_symbol_named(const ParseResult& result, std::string_view name) {
  return std::any_of(result.symbols.begin(), result.symbols.end(), [&](const auto& s) { return s.name == name; });
}

// Every parent precedes its children; qualified names follow the parent chain, except that a
// protocol implementation is named absolutely.
void check_tree_consistency(const ParseResult& result) {
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    if (s.kind == SymbolKind::impl) {
      CHECK(s.qualified_name == s.name);
    } else if (s.parent >= 0) {
      CHECK(s.qualified_name == result.symbols[s.parent].qualified_name + "." + s.name);
    }
    CHECK(s.span.start_line <= s.span.end_line);
  }
}

}  // namespace

TEST_CASE("elixir: language info") {
  ax::lang::ElixirLanguage elixir;
  CHECK(elixir.info().id == "elixir");
  CHECK(elixir.info().display_name == "Elixir");
  CHECK(elixir.info().extensions == std::vector<std::string>{".ex", ".exs"});
  CHECK(elixir.info().file_names == std::vector<std::string>{"mix.lock"});
  CHECK(elixir.info().interpreters == std::vector<std::string>{"elixir"});
}

TEST_CASE("elixir: whole-file outline of a module") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule MyApp.Accounts do
  @moduledoc "User accounts."

  alias MyApp.Repo
  @max_users 100

  defmodule User do
    defstruct [:name, age: 0]
    @type t :: %__MODULE__{name: String.t(), age: integer()}
  end

  @doc "Lists users."
  @spec list(integer()) :: [User.t()]
  def list(limit \\ 10) when is_integer(limit) do
    Repo.all(User, limit: limit)
  end

  defp format(user), do: user.name

  defmacro debug(message) do
    quote do: IO.inspect(unquote(message))
  end
end
)",
                      "lib/my_app/accounts.ex");
  CHECK(outline(result) == std::vector<std::string>{"module MyApp.Accounts@1", "constant MyApp.Accounts.max_users@5",
                                                    "module MyApp.Accounts.User@7", "struct MyApp.Accounts.User.User@8",
                                                    "type MyApp.Accounts.User.t@9", "function MyApp.Accounts.list@14",
                                                    "function MyApp.Accounts.format@18",
                                                    "macro MyApp.Accounts.debug@20"});
  CHECK(symbol(result, "MyApp.Accounts").doc == "User accounts.");
  CHECK(symbol(result, "MyApp.Accounts").signature == "defmodule MyApp.Accounts");
  CHECK(symbol(result, "MyApp.Accounts").span.end_line == 23);
  CHECK(symbol(result, "MyApp.Accounts.list").doc == "Lists users.");
  CHECK(symbol(result, "MyApp.Accounts.list").span.end_line == 16);
  CHECK(symbol(result, "MyApp.Accounts.format").signature == "defp format(user)");
  CHECK(symbol(result, "MyApp.Accounts.max_users").signature == "@max_users 100");
  CHECK(symbol(result, "MyApp.Accounts.User.t").signature ==
        "@type t :: %__MODULE__{name: String.t(), age: integer()}");
  CHECK(import_list(result) == std::vector<std::string>{"MyApp.Repo@4"});
  CHECK_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);
}

TEST_CASE("elixir: every form of function head") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Heads do
  def zero, do: 0
  def one do
    1
  end
  def guarded(x) when x > 0, do: x
  def bare when true, do: :bare
  def defaults(a, b \\ 2), do: a + b
  defp private_one(x), do: x
  defdelegate fetch(map, key), to: Map
  defguard is_even(n) when rem(n, 2) == 0
  defguardp is_odd(n) when rem(n, 2) == 1
  defmacrop hidden(ast), do: ast
  def unquote(:dynamic)(), do: :skipped
end
)",
                      "heads.ex");
  CHECK(outline(result) == std::vector<std::string>{"module Heads@1", "function Heads.zero@2", "function Heads.one@3",
                                                    "function Heads.guarded@6", "function Heads.bare@7",
                                                    "function Heads.defaults@8", "function Heads.private_one@9",
                                                    "function Heads.fetch@10", "macro Heads.is_even@11",
                                                    "macro Heads.is_odd@12", "macro Heads.hidden@13"});
  CHECK(symbol(result, "Heads.zero").signature == "def zero");
  CHECK(symbol(result, "Heads.one").signature == "def one");
  CHECK(symbol(result, "Heads.guarded").signature == "def guarded(x) when x > 0");
  CHECK(symbol(result, "Heads.defaults").signature == "def defaults(a, b \\\\ 2)");
  // `defp` is a function like `def`; its signature says it is private.
  CHECK(symbol(result, "Heads.private_one").signature == "defp private_one(x)");
  CHECK(symbol(result, "Heads.fetch").signature == "defdelegate fetch(map, key), to: Map");
  CHECK(symbol(result, "Heads.is_odd").signature == "defguardp is_odd(n) when rem(n, 2) == 1");
  // A head is not a call of the function it defines; a guard calls what it uses.
  CHECK(references_of(result, ReferenceKind::call) == std::vector<std::string>{"rem@11:28", "rem@12:28"});
}

TEST_CASE("elixir: operator definitions and ExUnit tests") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Ops do
  def a <~> b, do: a + b
  defmacro left ~>> right when is_integer(left) do
    quote do: unquote(left) + unquote(right)
  end
  def left when right, do: left
end

defmodule OpsTest do
  use ExUnit.Case
  test "adds two numbers" do
    assert Ops.<~>(1, 1) == 2
  end
  describe "group" do
    test "inner test", %{x: x} do
      assert x
    end
  end
  test("not a definition")
end
)",
                      "ops.ex");
  CHECK(outline(result) == std::vector<std::string>{"module Ops@1", "function Ops.<~>@2", "macro Ops.~>>@3",
                                                    "function Ops.left@6", "module OpsTest@9",
                                                    "function OpsTest.adds two numbers@11",
                                                    "function OpsTest.inner test@15"});
  CHECK(symbol(result, "Ops.~>>").signature == "defmacro left ~>> right when is_integer(left)");
  check_tree_consistency(result);
}

TEST_CASE("elixir: unary operators, callbacks and records") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Store do
  require Record
  Record.defrecord(:user, name: nil)
  defrecordp :entry, [:key]

  @doc "Fetches a key."
  @callback fetch(key :: term) :: {:ok, term} when key: atom
  @callback fetch(key :: term, default :: term) :: term
  @callback version :: String.t()
  @macrocallback expand(term) :: Macro.t()

  def not value, do: !value
  defmacro !value when is_boolean(value), do: value
  defmacro left :: right, do: {left, right}
end
)",
                      "store.ex");
  CHECK(outline(result) == std::vector<std::string>{"module Store@1", "macro Store.user@3", "macro Store.entry@4",
                                                    "function Store.fetch@7", "function Store.fetch@8",
                                                    "function Store.version@9", "macro Store.expand@10",
                                                    "function Store.not@12", "macro Store.!@13", "macro Store.::@14"});
  CHECK(symbol(result, "Store.version").signature == "@callback version :: String.t()");
  CHECK(result.symbols[3].doc == "Fetches a key.");
  CHECK(result.symbols[4].doc.empty());  // the @doc was the first callback's
  check_tree_consistency(result);
}

TEST_CASE("elixir: a module defined in a function body is a module of the enclosing one") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule SupervisorTest do
  use ExUnit.Case

  test "starts children" do
    defmodule Child do
      @type t :: pid
      def start_link(arg), do: {:ok, arg}
    end

    defprotocol Sized do
      def size(term)
    end

    defimpl Sized do
      def size(_), do: 1
    end

    assert Child.start_link(1)
  end

  defmacro __using__(_) do
    quote do
      defmodule Template do
      end
    end
  end
end
)",
                      "supervisor_test.exs");
  CHECK(outline(result) ==
        std::vector<std::string>{"module SupervisorTest@1", "function SupervisorTest.starts children@4",
                                 "module SupervisorTest.Child@5", "type SupervisorTest.Child.t@6",
                                 "function SupervisorTest.Child.start_link@7", "interface SupervisorTest.Sized@10",
                                 "function SupervisorTest.Sized.size@11", "impl Sized.SupervisorTest@14",
                                 "function Sized.SupervisorTest.size@15", "macro SupervisorTest.__using__@21"});
  CHECK(symbol(result, "SupervisorTest.Child").span.end_line == 8);
  check_tree_consistency(result);
}

TEST_CASE("elixir: clauses of one function are one symbol") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Fib do
  @doc "The nth Fibonacci number."
  def fib(0), do: 0
  def fib(1), do: 1

  def fib(n) when n > 1 do
    fib(n - 1) + fib(n - 2)
  end

  def fib(n, memo), do: Map.get(memo, n)

  def size([]), do: 0
  @max 3
  def size([_ | rest]), do: 1 + size(rest)
end
)",
                      "fib.ex");
  CHECK(outline(result) == std::vector<std::string>{"module Fib@1", "function Fib.fib@3", "function Fib.fib@10",
                                                    "function Fib.size@12", "constant Fib.max@13",
                                                    "function Fib.size@14"});
  const auto& fib = symbol(result, "Fib.fib");
  CHECK(fib.span.start_line == 3);
  CHECK(fib.span.end_line == 8);
  CHECK(fib.doc == "The nth Fibonacci number.");
  CHECK(fib.signature == "def fib(0)");
  // Recursive calls in a later clause are attributed to the merged function.
  CHECK(enclosing_name(result, reference_at(result, "fib", 7)) == "Fib.fib");
  CHECK(result.symbols[static_cast<std::size_t>(reference_at(result, "fib", 7).enclosing)].span.start_line == 3);
  CHECK(count_symbols(result, "Fib.size") == 2);  // not consecutive: an attribute stands between
  check_tree_consistency(result);
}

TEST_CASE("elixir: documentation from @moduledoc, @doc and @typedoc") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Docs do
  # Comments are not documentation.
  @moduledoc """
  Shows how documentation attaches.

  Second paragraph.
  """

  @typedoc "A color name."
  @type color :: :red | :green

  @doc """
  Heredoc with
    indented example
  """
  @spec heredoc() :: :ok
  @impl true
  def heredoc, do: :ok

  @doc false
  def hidden, do: :hidden

  @doc since: "1.2.0"
  @doc ~S"""
  Sigil doc with \n kept.
  """
  def sigil, do: :ok

  # Just a comment.
  def commented, do: :ok

  @doc "Only for the first."
  def first, do: 1
  def second, do: 2
end

defmodule Hidden do
  @moduledoc false
end
)",
                      "docs.ex");
  CHECK(symbol(result, "Docs").doc == "Shows how documentation attaches.\n\nSecond paragraph.");
  CHECK(symbol(result, "Docs.color").doc == "A color name.");
  CHECK(symbol(result, "Docs.heredoc").doc == "Heredoc with\n  indented example");
  CHECK(symbol(result, "Docs.hidden").doc.empty());
  CHECK(symbol(result, "Docs.sigil").doc == "Sigil doc with \\n kept.");
  CHECK(symbol(result, "Docs.commented").doc.empty());
  CHECK(symbol(result, "Docs.first").doc == "Only for the first.");
  CHECK(symbol(result, "Docs.second").doc.empty());
  CHECK(symbol(result, "Hidden").doc.empty());
  // Documentation attributes are not constants.
  CHECK(outline(result) == std::vector<std::string>{"module Docs@1", "type Docs.color@10", "function Docs.heredoc@18",
                                                    "function Docs.hidden@21", "function Docs.sigil@27",
                                                    "function Docs.commented@30", "function Docs.first@33",
                                                    "function Docs.second@34", "module Hidden@37"});
}

TEST_CASE("elixir: a @spec joins the signature of the function it specifies") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Specs do
  @spec add(integer(), integer()) :: integer()
  def add(a, b), do: a + b

  @spec wrap(value) :: {:ok, value} when value: term()
  @doc "Wraps."
  def wrap(value), do: {:ok, value}

  @spec other() :: :ok
  def unrelated, do: :ok

  def no_spec(x), do: x
end
)",
                      "specs.ex");
  CHECK(symbol(result, "Specs.add").signature == "def add(a, b) # @spec add(integer(), integer()) :: integer()");
  CHECK(symbol(result, "Specs.wrap").signature ==
        "def wrap(value) # @spec wrap(value) :: {:ok, value} when value: term()");
  CHECK(symbol(result, "Specs.wrap").doc == "Wraps.");
  CHECK(symbol(result, "Specs.unrelated").signature == "def unrelated");
  CHECK(symbol(result, "Specs.no_spec").signature == "def no_spec(x)");
  // Nothing in a typespec is a call.
  CHECK(references_of(result, ReferenceKind::call).empty());
}

TEST_CASE("elixir: protocols and implementations") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defprotocol Size do
  @fallback_to_any true
  def size(data)
end

defimpl Size, for: BitString do
  def size(string), do: byte_size(string)
end

defimpl Size, for: [List, Tuple] do
  def size(collection), do: Enum.count(collection)
end

defmodule Shop.Cart do
  defstruct items: []

  defimpl Size do
    def size(cart), do: length(cart.items)
  end
end
)",
                      "size.ex");
  CHECK(outline(result) == std::vector<std::string>{"interface Size@1", "function Size.size@3", "impl Size.BitString@6",
                                                    "function Size.BitString.size@7", "impl Size.{List, Tuple}@10",
                                                    "function Size.{List, Tuple}.size@11", "module Shop.Cart@14",
                                                    "struct Shop.Cart.Cart@15", "impl Size.Shop.Cart@17",
                                                    "function Size.Shop.Cart.size@18"});
  CHECK(symbol(result, "Size.BitString").signature == "defimpl Size, for: BitString");
  // An implementation inside a module implements the protocol for that module, named absolutely.
  CHECK(symbol(result, "Size.Shop.Cart").parent == 6);
  check_tree_consistency(result);
}

TEST_CASE("elixir: structs and exceptions are named after their module") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Geometry.Point do
  @enforce_keys [:x, :y]
  defstruct [:x, :y]
end

defmodule Geometry.InvalidShape do
  defexception message: "invalid shape"
end

defstruct [:stray]
)",
                      "geometry.ex");
  CHECK(outline(result) == std::vector<std::string>{"module Geometry.Point@1", "struct Geometry.Point.Point@3",
                                                    "module Geometry.InvalidShape@6",
                                                    "struct Geometry.InvalidShape.InvalidShape@7"});
  CHECK(symbol(result, "Geometry.Point.Point").signature == "defstruct [:x, :y]");
}

TEST_CASE("elixir: alias, import, require and use are imports") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Web.Controller do
  use Web, :controller
  alias Web.{Router, Endpoint}
  alias Web.Accounts.User, as: Account
  alias __MODULE__.Helpers
  import Ecto.Query, only: [from: 2]
  import :lists, only: [reverse: 1]
  require Logger

  def index(conn) do
    alias Web.Views.{
      Page,
      Layout
    }
    conn
  end
end
)",
                      "controller.ex");
  CHECK(import_list(result) == std::vector<std::string>{"Web@2", "Web.Router@3", "Web.Endpoint@3",
                                                        "Web.Accounts.User@4", "Web.Controller.Helpers@5",
                                                        "Ecto.Query@6", ":lists@7", "Logger@8", "Web.Views.Page@11",
                                                        "Web.Views.Layout@11"});
  // What a directive names is imported, not referenced.
  CHECK(references_of(result, ReferenceKind::reference).empty());
}

TEST_CASE("elixir: local, remote, piped and captured calls") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Calls do
  @default Keyword.new()

  def run(list, opts) do
    list
    |> Enum.map(&transform/1)
    |> Enum.filter(&Kernel.is_integer/1)
    |> finish(opts.mode)
    :lists.reverse(list)
    if valid?(list), do: log("ok")
  end

  defp transform(x), do: x * 2
end
)",
                      "calls.ex");
  CHECK(references_of(result, ReferenceKind::call) ==
        std::vector<std::string>{"new@2:20", "map@6:13", "transform@6:18", "filter@7:13", "is_integer@7:28",
                                 "finish@8:8", "reverse@9:12", "valid?@10:8", "log@10:26"});
  CHECK(references_of(result, ReferenceKind::reference) ==
        std::vector<std::string>{"Keyword@2:12", "Enum@6:8", "Enum@7:8", "Kernel@7:21"});
  CHECK(enclosing_name(result, reference_at(result, "transform", 6)) == "Calls.run");
  CHECK(enclosing_name(result, reference_at(result, "new", 2)) == "Calls.default");
  // `opts.mode` reads a field; `if` is a special form.
  CHECK_FALSE(has_reference(result, "mode", ReferenceKind::call));
  CHECK_FALSE(has_reference(result, "if", ReferenceKind::call));
}

TEST_CASE("elixir: definitions injected by quote and local to functions are not symbols") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Plugin do
  defmacro __using__(opts) do
    quote do
      @plugin_opts unquote(opts)
      def plugin_opts, do: @plugin_opts
      defmodule Generated do
      end
    end
  end

  def build do
    helper = fn x -> x end
    helper.(1)
  end
end
)",
                      "plugin.ex");
  CHECK(outline(result) ==
        std::vector<std::string>{"module Plugin@1", "macro Plugin.__using__@2", "function Plugin.build@11"});
  CHECK_FALSE(has_symbol_named(result, "helper"));
}

TEST_CASE("elixir: basic fixture symbols") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, read_fixture("basic.ex"), "basic.ex");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 58);
  CHECK(count_kind(result, SymbolKind::module) == 8);
  CHECK(count_kind(result, SymbolKind::function) == 33);  // one is the `@callback today()`
  CHECK(count_kind(result, SymbolKind::struct_) == 3);
  CHECK(count_kind(result, SymbolKind::type) == 6);
  CHECK(count_kind(result, SymbolKind::constant) == 5);
  CHECK(count_kind(result, SymbolKind::interface) == 1);
  CHECK(count_kind(result, SymbolKind::impl) == 2);

  const auto& lend = symbol(result, "Library.Catalog.lend");
  CHECK(lend.kind == SymbolKind::function);
  CHECK(lend.span.start_line == 123);
  CHECK(lend.span.end_line == 132);
  CHECK(lend.doc == "Lends an available copy of a book to a member.");
  CHECK(lend.signature ==
        "def lend(isbn, %Member{} = member) # @spec lend(isbn(), Member.t()) :: {:ok, Copy.t()} | error()");
  CHECK(symbol(result, "Library.Catalog.start_link").doc ==
        "Starts the catalog with an optional list of books.\n\nEach book gets a single copy.");
  CHECK(symbol(result, "Library.Catalog.reset!").doc.empty());
  CHECK(symbol(result, "Library.Catalog.isbn").doc == "An ISBN-13, digits only.");
  CHECK(symbol(result, "Library.Catalog.Book.t").span.end_line == 34);
  CHECK(symbol(result, "Library.Catalog.Book.Book").span.start_line == 26);
  CHECK(symbol(result, "Library.Catalog.Copy").doc.empty());
  CHECK(symbol(result, "Library.Catalog.fine_for").span.start_line == 196);
  CHECK(symbol(result, "Library.Catalog.fine_for").span.end_line == 203);
  CHECK(symbol(result, "Library.Catalog.Book.label").span.end_line == 50);
  CHECK(symbol(result, "Library.Clock.System").kind == SymbolKind::module);
  CHECK(symbol(result, "Library.Clock.System.today").span.start_line == 228);
  CHECK(symbol(result, "Library.Describable.Library.Catalog.Book").kind == SymbolKind::impl);
  CHECK(symbol(result, "Library.Describable.describe").doc == "A one-line description.");
  CHECK(symbol(result, "Library.Reminders.handle_info").span.start_line == 304);
  CHECK(symbol(result, "Library.Reminders.handle_info").span.end_line == 312);
  CHECK(count_symbols(result, "Library.Reminders.start_link") == 1);
  // `@callback`, `@behaviour`, `@impl` and `@enforce_keys` are not constants.
  CHECK_FALSE(has_symbol_named(result, "callback"));
  CHECK_FALSE(has_symbol_named(result, "enforce_keys"));
  CHECK(symbol(result, "Library.Reports.header").kind == SymbolKind::constant);
  check_tree_consistency(result);
}

TEST_CASE("elixir: basic fixture imports and references") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, read_fixture("basic.ex"), "basic.ex");
  CHECK(import_list(result) == std::vector<std::string>{"Library.Catalog.Book@9", "Library.Catalog.Copy@9",
                                                        "Library.Catalog.Member@9", "Library.Clock@10", "Logger@11",
                                                        "Agent@76", "Library.Catalog@252", "GenServer@278"});
  const auto& take = reference_at(result, "take_copy", 126);
  CHECK(take.kind == ReferenceKind::call);
  CHECK(take.column == 25);
  CHECK(enclosing_name(result, take) == "Library.Catalog.lend");
  CHECK(enclosing_name(result, reference_at(result, "can_borrow?", 125)) == "Library.Catalog.lend");
  CHECK(reference_at(result, "Clock", 143).kind == ReferenceKind::reference);
  CHECK(enclosing_name(result, reference_at(result, "schedule_check", 305)) == "Library.Reminders.handle_info");
  CHECK(has_reference(result, "puts", ReferenceKind::call));  // `&IO.puts/1`
  CHECK(has_reference(result, "Library.Clock.System", ReferenceKind::reference));
  // Function heads are not calls.
  CHECK_THROWS(reference_at(result, "lend", 123));
}

TEST_CASE("elixir: advanced fixture guards, behaviours and protocols") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, read_fixture("advanced.ex"), "advanced.ex");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(symbol(result, "Pipeline.Guards.is_pos_integer").kind == SymbolKind::macro);
  CHECK(symbol(result, "Pipeline.Guards.is_pos_integer").doc == "A positive integer.");
  CHECK(symbol(result, "Pipeline.Guards.is_timeout").signature ==
        "defguardp is_timeout(value) when value == :infinity or is_pos_integer(value)");
  CHECK(symbol(result, "Pipeline.Guards.timeout?").span.end_line == 14);
  CHECK(symbol(result, "Pipeline.StageError.StageError").kind == SymbolKind::struct_);
  CHECK(symbol(result, "Pipeline.Stage.__using__").kind == SymbolKind::macro);
  CHECK(symbol(result, "Pipeline.Stage.__using__").span.end_line == 67);
  CHECK(symbol(result, "Pipeline.Stage.stage").doc ==
        "Defines a stage from a single function body.\n\n## Example\n\n    stage :upcase, input do\n      "
        "{:ok, String.upcase(input)}\n    end");
  CHECK(symbol(result, "Pipeline.Stage.result").kind == SymbolKind::type);
  // Definitions inside `quote` are the using module's, not this one's.
  CHECK_FALSE(has_symbol_named(result, "name"));
  CHECK_FALSE(has_symbol_named(result, "stage_name"));
  CHECK(symbol(result, "Pipeline.Payload").kind == SymbolKind::interface);
  CHECK(symbol(result, "Pipeline.Payload.size").signature == "def size(payload) # @spec size(t) :: non_neg_integer()");
  CHECK_FALSE(has_symbol_named(result, "fallback_to_any"));
  CHECK(symbol(result, "Pipeline.Payload.BitString.summary").span.start_line == 106);
  CHECK(symbol(result, "Pipeline.Payload.BitString.summary").span.end_line == 107);
  CHECK(symbol(result, "Pipeline.Payload.{List, Map}").kind == SymbolKind::impl);
  CHECK(symbol(result, "Pipeline.Payload.Any.summary").kind == SymbolKind::function);
  CHECK(symbol(result, "String.Chars.Pipeline.Runner").span.start_line == 239);
  CHECK(symbol(result, "String.Chars.Pipeline.Runner.to_string").kind == SymbolKind::function);
  check_tree_consistency(result);
}

TEST_CASE("elixir: advanced fixture pipeline module") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, read_fixture("advanced.ex"), "advanced.ex");
  const auto& pipeline = symbol(result, "Pipeline");
  CHECK(pipeline.span.start_line == 120);
  CHECK(pipeline.span.end_line == 243);
  CHECK(pipeline.doc == "Runs a list of stages over an input, with retries, timeouts and telemetry.");
  CHECK(symbol(result, "Pipeline.default_opts").kind == SymbolKind::constant);
  CHECK(symbol(result, "Pipeline.option").signature == "@type option ::");
  CHECK(symbol(result, "Pipeline.option").span.end_line == 139);
  CHECK(symbol(result, "Pipeline.stage").doc == "A stage module or a function of the input.");
  CHECK(symbol(result, "Pipeline.Pipeline").signature == "defstruct stages: [], opts: @default_opts");
  CHECK(count_symbols(result, "Pipeline.run") == 1);
  CHECK(symbol(result, "Pipeline.run").span.start_line == 157);
  CHECK(symbol(result, "Pipeline.run").span.end_line == 166);
  CHECK(symbol(result, "Pipeline.run_many").signature ==
        "def run_many(pipeline, inputs, concurrency \\\\ System.schedulers_online()) # @spec run_many(t(), "
        "Enumerable.t(), pos_integer()) :: [{:ok, term()} | {:error, term()}]");
  CHECK(symbol(result, "Pipeline.payload_size").signature ==
        "defdelegate payload_size(payload), to: Payload, as: :size");
  CHECK(symbol(result, "Pipeline.on_error").span.end_line == 212);
  CHECK(symbol(result, "Pipeline.Runner.State.State").span.start_line == 228);
  CHECK(symbol(result, "Pipeline.Runner.sequence").doc ==
        "Runs stages one after the other, without the pipeline's options.");
  CHECK(symbol(result, "Pipeline.Stages.Count.run").span.end_line == 263);
  CHECK(symbol(result, "Pipeline.Stages.parse_pairs").doc ==
        "Parses `key=value` lines into a map.\n\n    iex> Pipeline.Stages.parse_pairs(\"a=1\\nb=2\")\n    "
        "{:ok, %{\"a\" => \"1\", \"b\" => \"2\"}}");
  CHECK(symbol(result, "PipelineTest.sample").kind == SymbolKind::constant);
  CHECK_FALSE(has_symbol_named(result, "pipeline"));
  CHECK(import_list(result) == std::vector<std::string>{"Pipeline.Guards@55", "Pipeline.Stage@83",
                                                        "Pipeline.Guards@125", "Pipeline.Payload@126",
                                                        "Pipeline.StageError@126", "Pipeline.Runner.State@127",
                                                        "Logger@128", "Pipeline.Stage@248", "Pipeline.Stage@259",
                                                        "ExUnit.Case@287", "Pipeline.Stages.Count@289"});
  CHECK(enclosing_name(result, reference_at(result, "attempt", 200)) == "Pipeline.attempt");
  CHECK(enclosing_name(result, reference_at(result, "execute", 219)) == "Pipeline.emit");
  CHECK(reference_at(result, "step", 164).kind == ReferenceKind::call);  // `&step/2`
}

TEST_CASE("elixir: syntax errors give partial results") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule Good do
  def fine(x), do: x + 1
end

defmodule Broken do
  def oops(x do
    x +
  end

defmodule AfterTheError do
  def still_here, do: :ok
end
)",
                      "broken.ex");
  CHECK(result.had_syntax_errors);
  CHECK(symbol(result, "Good").kind == SymbolKind::module);
  CHECK(symbol(result, "Good.fine").span.start_line == 2);
  CHECK(symbol(result, "AfterTheError").span.start_line == 10);
  CHECK(symbol(result, "AfterTheError.still_here").span.start_line == 11);
  check_tree_consistency(result);
}

TEST_CASE("elixir: empty and comment-only files have no symbols") {
  ax::lang::ElixirLanguage elixir;
  auto empty = parse(elixir, "", "empty.ex");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK(empty.references.empty());
  CHECK_FALSE(empty.had_syntax_errors);
  auto comments = parse(elixir, "# nothing here\n# at all\n", "comments.exs");
  CHECK(comments.symbols.empty());
  CHECK_FALSE(comments.had_syntax_errors);
}

TEST_CASE("elixir: garbage and binary input do not crash") {
  ax::lang::ElixirLanguage elixir;
  std::string binary;
  for (int i = 0; i < 2048; ++i) binary.push_back(static_cast<char>((i * 53 + 7) % 256));
  auto result = parse(elixir, binary, "blob.ex");
  CHECK(result.had_syntax_errors);
  check_tree_consistency(result);
  auto noise = parse(elixir, "end end do def defmodule ))) @ @@ %{ \"\"\" unterminated", "noise.ex");
  CHECK(noise.had_syntax_errors);
  check_tree_consistency(noise);
  auto deep = parse(elixir, "x = " + std::string(5000, '['), "deep.exs");
  CHECK(deep.had_syntax_errors);
}

TEST_CASE("elixir: scripts hold top-level calls and modules") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(#!/usr/bin/env elixir
Mix.install([:jason])

defmodule Script do
  def main(args), do: Enum.each(args, &IO.puts/1)
end

Script.main(System.argv())
)",
                      "script.exs");
  CHECK(outline(result) == std::vector<std::string>{"module Script@4", "function Script.main@5"});
  CHECK(enclosing_name(result, reference_at(result, "install", 2)) == "");
  CHECK(enclosing_name(result, reference_at(result, "main", 8)) == "");
  CHECK(reference_at(result, "main", 8).kind == ReferenceKind::call);
}

TEST_CASE("elixir: nested modules are qualified by nesting; module references") {
  ax::lang::ElixirLanguage elixir;
  auto result = parse(elixir, R"(defmodule MyApp do
  defmodule Web.Router do
    def routes, do: [MyApp.Web.PageController]
  end

  defmodule Admin do
    defmodule Panel do
      def user(%MyApp.User{} = user), do: %Panel.View{user: user}
    end
  end
end
)",
                      "my_app.ex");
  CHECK(outline(result) == std::vector<std::string>{"module MyApp@1", "module MyApp.Web.Router@2",
                                                    "function MyApp.Web.Router.routes@3", "module MyApp.Admin@6",
                                                    "module MyApp.Admin.Panel@7", "function MyApp.Admin.Panel.user@8"});
  CHECK(symbol(result, "MyApp.Web.Router").name == "Web.Router");
  // Module names in code are references; the names modules are defined under are not.
  CHECK(references_of(result, ReferenceKind::reference) ==
        std::vector<std::string>{"MyApp.Web.PageController@3:22", "MyApp.User@8:17", "Panel.View@8:44"});
  CHECK(enclosing_name(result, reference_at(result, "Panel.View", 8)) == "MyApp.Admin.Panel.user");
  check_tree_consistency(result);
}
