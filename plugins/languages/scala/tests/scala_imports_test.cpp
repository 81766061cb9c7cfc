#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "scala_language.hpp"

using namespace ax::lang::testing;

namespace {

// What the Scala plugin records: `package com.acme.shop` is a namespace symbol, the types of a
// file-level package keep their plain names, the members of a package body are qualified.
const MemoryRepository& repository() {
  static const MemoryRepository repo(
      {
          {"shop/src/main/scala/com/acme/shop/Cart.scala", ""},
          {"shop/src/main/scala/com/acme/shop/Item.scala", ""},
          {"shop/src/main/scala/com/acme/util/Clock.scala", ""},
          {"app/Main.scala", ""},
          {"other/Cart.scala", ""},
      },
      {
          {"scala", "com.acme.shop", "shop/src/main/scala/com/acme/shop/Cart.scala"},
          {"scala", "Cart", "shop/src/main/scala/com/acme/shop/Cart.scala"},
          {"scala", "Cart.empty", "shop/src/main/scala/com/acme/shop/Cart.scala"},
          {"scala", "com.acme.shop", "shop/src/main/scala/com/acme/shop/Item.scala"},
          {"scala", "Item", "shop/src/main/scala/com/acme/shop/Item.scala"},
          {"scala", "com.acme", "shop/src/main/scala/com/acme/util/Clock.scala"},
          {"scala", "com.acme.util", "shop/src/main/scala/com/acme/util/Clock.scala"},
          {"scala", "com.acme.util.Clock", "shop/src/main/scala/com/acme/util/Clock.scala"},
          {"scala", "legacy", "other/Cart.scala"},
          {"scala", "Cart", "other/Cart.scala"},
      });
  return repo;
}

std::string resolve(std::string_view specifier) {
  return resolve_import(ax::lang::ScalaLanguage(), repository(), "app/Main.scala", specifier);
}

}  // namespace

TEST_CASE("scala imports: a type is the file declaring its package and defining it") {
  CHECK(resolve("com.acme.shop.Cart") == "exact shop/src/main/scala/com/acme/shop/Cart.scala");
  CHECK(resolve("com.acme.shop.Cart.empty") == "exact shop/src/main/scala/com/acme/shop/Cart.scala");
  CHECK(resolve("com.acme.util.Clock") == "exact shop/src/main/scala/com/acme/util/Clock.scala");
  CHECK(resolve("_root_.com.acme.shop.Item") == "exact shop/src/main/scala/com/acme/shop/Item.scala");
  CHECK(resolve("legacy.Cart") == "exact other/Cart.scala");
}

TEST_CASE("scala imports: selectors, renames and wildcards") {
  CHECK(resolve("com.acme.shop.{Item, Cart => Basket}") == "exact shop/src/main/scala/com/acme/shop/Item.scala");
  CHECK(resolve("com.acme.shop.{Cart => Basket}") == "exact shop/src/main/scala/com/acme/shop/Cart.scala");
  CHECK(resolve("com.acme.shop.Cart as Basket") == "exact shop/src/main/scala/com/acme/shop/Cart.scala");
  CHECK(resolve("com.acme.shop._") == "exact shop/src/main/scala/com/acme/shop");
  CHECK(resolve("com.acme.shop.*") == "exact shop/src/main/scala/com/acme/shop");
  CHECK(resolve("com.acme.shop.Cart._") == "exact shop/src/main/scala/com/acme/shop/Cart.scala");
  CHECK(resolve("com.acme.shop.given") == "exact shop/src/main/scala/com/acme/shop");
}

TEST_CASE("scala imports: the standard library and dependencies are external, missing names unresolved") {
  CHECK(resolve("scala.collection.mutable") == "external");
  CHECK(resolve("java.util.UUID") == "external");
  CHECK(resolve("akka.actor._") == "external");
  CHECK(resolve("com.acme.shop.Missing") == "unresolved");
  CHECK(resolve("com.acme.missing.Thing") == "unresolved");
  CHECK(resolve("") == "unresolved");
  CHECK(resolve("a..b") == "unresolved");
}
