#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "elixir_language.hpp"

using namespace ax::lang::testing;

namespace {

const MemoryRepository& repository() {
  static const MemoryRepository repo(
      {
          {"lib/my_app.ex", ""},
          {"lib/my_app/accounts/user.ex", ""},
          {"lib/my_app/http_client.ex", ""},
          {"lib/my_app/repo.ex", ""},
          {"apps/admin/lib/repo.ex", ""},
          {"apps/other/lib/repo.ex", ""},
          {"test/support/data_case.ex", ""},
      },
      {
          {"elixir", "MyApp", "lib/my_app.ex"},
          {"elixir", "MyApp.Accounts.User", "lib/my_app/accounts/user.ex"},
          {"elixir", "MyApp.Repo", "lib/my_app/repo.ex"},
          {"elixir", "Shared.Repo", "apps/admin/lib/repo.ex"},
          {"elixir", "Shared.Repo", "apps/other/lib/repo.ex"},
      });
  return repo;
}

std::string resolve(std::string_view from, std::string_view specifier) {
  return resolve_import(ax::lang::ElixirLanguage(), repository(), from, specifier);
}

}  // namespace

TEST_CASE("elixir imports: a module is the file defining it") {
  CHECK(resolve("lib/my_app.ex", "MyApp.Accounts.User") == "exact lib/my_app/accounts/user.ex");
  CHECK(resolve("lib/my_app.ex", "Elixir.MyApp.Repo") == "exact lib/my_app/repo.ex");
  // Defined in two files (two umbrella apps): the nearest, as a guess.
  CHECK(resolve("apps/other/lib/x.ex", "Shared.Repo") == "heuristic apps/other/lib/repo.ex");
}

TEST_CASE("elixir imports: Mix's file layout when no indexed file defines the module") {
  CHECK(resolve("lib/my_app.ex", "MyApp.HTTPClient") == "heuristic lib/my_app/http_client.ex");
  CHECK(resolve("test/x_test.exs", "DataCase") == "heuristic test/support/data_case.ex");
  CHECK(ax::lang::underscore("HTTPClient") == "http_client");
  CHECK(ax::lang::underscore("MyApp") == "my_app");
  CHECK(ax::lang::underscore("OAuth2Token") == "o_auth2_token");
  CHECK(ax::lang::underscore("V1") == "v1");
}

TEST_CASE("elixir imports: the standard library, dependencies and Erlang are external") {
  CHECK(resolve("lib/my_app.ex", "Logger") == "external");
  CHECK(resolve("lib/my_app.ex", "Ecto.Query") == "external");
  CHECK(resolve("lib/my_app.ex", ":lists") == "external");
  // Under the repository's own namespace, a missing module is unresolved.
  CHECK(resolve("lib/my_app.ex", "MyApp.Missing") == "unresolved");
  CHECK(resolve("lib/my_app.ex", "MyApp.Accounts.Missing") == "unresolved");
  CHECK(resolve("lib/my_app.ex", "__MODULE__.Helpers") == "unresolved");
  CHECK(resolve("lib/my_app.ex", "") == "unresolved");
  CHECK(resolve("lib/my_app.ex", "MyApp/../../Etc") == "unresolved");
}

TEST_CASE("elixir imports: each directive is a kind; multi-aliases and __MODULE__ expanded") {
  ax::lang::ElixirLanguage elixir;
  CHECK(imports_with_kinds(elixir,
                           "defmodule Web.Controller do\n"
                           "  use Web, :controller\n"
                           "  alias Web.{Router, Endpoint}\n"
                           "  alias __MODULE__.Helpers\n"
                           "  import Ecto.Query, only: [from: 2]\n"
                           "  require Logger\n"
                           "end\n",
                           "lib/web/controller.ex") ==
        std::vector<std::string>{"use Web@2", "alias Web.Router@3", "alias Web.Endpoint@3",
                                 "alias Web.Controller.Helpers@4", "import Ecto.Query@5", "require Logger@6"});
}

TEST_CASE("elixir imports: __MODULE__ is the innermost module open at the directive") {
  ax::lang::ElixirLanguage elixir;
  CHECK(imports_with_kinds(elixir,
                           "alias __MODULE__.Outside\n"
                           "defmodule A do\n"
                           "  defmodule B do\n"
                           "    alias __MODULE__.InB\n"
                           "  end\n"
                           "  alias __MODULE__.InA\n"
                           "end\n"
                           "defmodule C do\n"
                           "  require __MODULE__.InC\n"
                           "end\n",
                           "lib/a.ex") ==
        std::vector<std::string>{"alias __MODULE__.Outside@1", "alias A.B.InB@4", "alias A.InA@6", "require C.InC@9"});
}
