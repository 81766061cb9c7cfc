#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <ax/lang/testing.hpp>

#include "scala_language.hpp"

extern "C" const TSLanguage* tree_sitter_scala();

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

// Every parent precedes its children, and qualified names follow the parent chain.
void check_tree_consistency(const ParseResult& result) {
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    if (s.parent >= 0) CHECK(s.qualified_name == result.symbols[s.parent].qualified_name + "." + s.name);
    CHECK(s.span.start_line <= s.span.end_line);
  }
}

// Whether tree-sitter-scala alone, without the plugin's reparse, finds a syntax error in `source`.
bool grammar_alone_has_errors(std::string_view source) {
  std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), &ts_parser_delete);
  ts_parser_set_language(parser.get(), tree_sitter_scala());
  std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(
      ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())),
      &ts_tree_delete);
  return ts_node_has_error(ts_tree_root_node(tree.get()));
}

}  // namespace

TEST_CASE("scala: language info") {
  ax::lang::ScalaLanguage scala;
  CHECK(scala.info().id == "scala");
  CHECK(scala.info().display_name == "Scala");
  CHECK(scala.info().extensions == std::vector<std::string>{".scala", ".sc", ".sbt", ".kojo"});
  CHECK(scala.info().interpreters == std::vector<std::string>{"scala", "scala-cli", "amm"});
}

TEST_CASE("scala: whole-file outline of Scala 2 classes, objects and traits") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(package com.acme.shop

import scala.collection.mutable

/** A shopping cart. */
case class Cart(items: List[Item], owner: String) extends Serializable {
  val size: Int = items.length
  var touched = false
  def total: Long = items.map(_.price).sum
  type Key = String
}

object Cart {
  final val MaxItems = 50
  var created = 0
  def empty(owner: String): Cart = new Cart(Nil, owner)
}

trait Pricing {
  def price(item: Item): Long
  val currency: String
}
)",
                      "Cart.scala");
  CHECK(outline(result) == std::vector<std::string>{"namespace com.acme.shop@1", "class Cart@6", "field Cart.items@6",
                                                    "field Cart.owner@6", "field Cart.size@7", "field Cart.touched@8",
                                                    "method Cart.total@9", "type Cart.Key@10", "module Cart@13",
                                                    "constant Cart.MaxItems@14", "variable Cart.created@15",
                                                    "method Cart.empty@16", "trait Pricing@19",
                                                    "method Pricing.price@20", "field Pricing.currency@21"});
  CHECK(symbol(result, "Cart").doc == "A shopping cart.");
  CHECK(symbol(result, "Cart").signature == "case class Cart(items: List[Item], owner: String) extends Serializable");
  CHECK(symbol(result, "Cart").span.end_line == 11);
  CHECK(symbol(result, "Cart.total").signature == "def total: Long");
  CHECK(symbol(result, "Cart.MaxItems").signature == "final val MaxItems = 50");
  CHECK(symbol(result, "Pricing.price").signature == "def price(item: Item): Long");
  CHECK(import_list(result) == std::vector<std::string>{"scala.collection.mutable@3"});
  CHECK_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);
}

TEST_CASE("scala: Scala 3 enums, givens, extensions and indentation syntax") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(enum Color(val rgb: Int):
  case Red extends Color(0xff0000)
  case Green, Blue extends Color(0)

  def hex: String = rgb.toHexString

opaque type Meters = Double

given Ordering[Color] = Ordering.by(_.rgb)

given colorShow: Show[Color] with
  def show(c: Color): String = c.toString

extension (m: Meters)
  def toFeet: Double = m * 3.28
  def +(other: Meters): Meters = m + other

object Palette:
  val Default: Color = Color.Red
  def all: List[Color] = Color.values.toList

val answer = 42
var counter = 0
def main(args: Array[String]): Unit = println(answer)
)",
                      "colors.scala");
  CHECK(outline(result) ==
        std::vector<std::string>{
            "enum Color@1", "field Color.rgb@1", "enum_member Color.Red@2", "enum_member Color.Green@3",
            "enum_member Color.Blue@3", "method Color.hex@5", "type Meters@7", "constant given_Ordering_Color@9",
            "constant colorShow@11", "method colorShow.show@12", "extension Meters@14", "method Meters.toFeet@15",
            "method Meters.+@16", "module Palette@18", "constant Palette.Default@19", "method Palette.all@20",
            "constant answer@22", "variable counter@23", "function main@24"});
  // Indentation-based bodies end at their last line, not where the next definition starts.
  CHECK(symbol(result, "Color").span.end_line == 5);
  CHECK(symbol(result, "colorShow").span.end_line == 12);
  CHECK(symbol_of_kind(result, "Meters", SymbolKind::extension).span.end_line == 16);
  CHECK(symbol_of_kind(result, "Meters", SymbolKind::type).span.end_line == 7);
  CHECK(symbol(result, "Palette").span.end_line == 20);
  CHECK(symbol(result, "colorShow").signature == "given colorShow: Show[Color]");
  CHECK(symbol(result, "given_Ordering_Color").signature == "given Ordering[Color]");
  CHECK(symbol(result, "Meters.toFeet").signature == "def toFeet: Double");
  CHECK(symbol(result, "Color").signature == "enum Color(val rgb: Int)");
  CHECK(symbol(result, "Color.Red").signature == "Red extends Color(0xff0000)");
  CHECK_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);
}

TEST_CASE("scala: val and var kinds follow their container") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(object Settings {
  val Timeout = 30
  var retries = 3
  lazy val (host, port) = ("localhost", 8080)
  implicit val ordering: Ordering[Int] = Ordering.Int
}

class Connection(val url: String, var open: Boolean, timeout: Int) {
  val created, updated = System.nanoTime()
  var attempts = 0
  given Ordering[Connection] = Ordering.by(_.url)
}

trait Named {
  val name: String
  var alias: String
}
)",
                      "Settings.scala");
  CHECK(outline(result) ==
        std::vector<std::string>{"module Settings@1", "constant Settings.Timeout@2", "variable Settings.retries@3",
                                 "constant Settings.host@4", "constant Settings.port@4", "constant Settings.ordering@5",
                                 "class Connection@8", "field Connection.url@8", "field Connection.open@8",
                                 "field Connection.created@9", "field Connection.updated@9",
                                 "field Connection.attempts@10", "constant Connection.given_Ordering_Connection@11",
                                 "trait Named@14", "field Named.name@15", "field Named.alias@16"});
  // A plain constructor parameter (`timeout`) is not a field of a non-case class.
  CHECK_FALSE(has_symbol_named(result, "timeout"));
  CHECK(symbol(result, "Settings.port").signature == "lazy val (host, port) = (\"localhost\", 8080)");
  CHECK(symbol(result, "Connection.updated").parent == symbol(result, "Connection.created").parent);
  check_tree_consistency(result);
}

TEST_CASE("scala: definitions local to methods and initialisers are not symbols") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(class Service {
  def handle(request: String): String = {
    val trimmed = request.trim
    def helper(s: String) = s.reverse
    class Local { def inner = 1 }
    val listener = new Listener {
      def onEvent(e: String): Unit = println(e)
    }
    helper(trimmed)
  }

  val routes = Map("a" -> 1).map { case (k, v) =>
    val doubled = v * 2
    k -> doubled
  }

  "handling" should "work" in {
    val fixture = new Service
    def check() = fixture.handle("x")
  }
}

given ops: Ops with
  def run(): Unit = ()
  val name = "ops"
)",
                      "Service.scala");
  CHECK(outline(result) == std::vector<std::string>{"class Service@1", "method Service.handle@2",
                                                    "field Service.routes@12", "constant ops@23", "method ops.run@24",
                                                    "constant ops.name@25"});
  // References inside dropped locals are attributed to the member around them.
  CHECK(enclosing_name(result, reference_at(result, "helper", 9)) == "Service.handle");
  CHECK(enclosing_name(result, reference_at(result, "println", 7)) == "Service.handle");
  check_tree_consistency(result);
}

TEST_CASE("scala: anonymous givens and extensions are named after their types") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(object Instances:
  given Show[List[Int]] = ListShow
  given math.Ordering[Version] = VersionOrdering
  given (using ec: ExecutionContext): Runner = Runner(ec)
  given intShow: Show[Int] = IntShow

extension [A](xs: List[A])
  def second: A = xs(1)

extension (s: String) def shout: String = s.toUpperCase
)",
                      "instances.scala");
  CHECK(outline(result) == std::vector<std::string>{"module Instances@1", "constant Instances.given_Show_List_Int@2",
                                                    "constant Instances.given_Ordering_Version@3",
                                                    "constant Instances.given_Runner@4", "constant Instances.intShow@5",
                                                    "extension List@7", "method List.second@8", "extension String@10",
                                                    "method String.shout@10"});
  CHECK(symbol(result, "List").signature == "extension [A](xs: List[A])");
  CHECK(symbol(result, "Instances.given_Runner").signature == "given (using ec: ExecutionContext): Runner");
}

TEST_CASE("scala: only Scaladoc documents a definition") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(object Docs {
  /** Adds two numbers.
    *
    * @param a the first
    * @param b the second
    */
  def add(a: Int, b: Int): Int = a + b

  // Just a line comment.
  def plain(): Unit = ()

  /* A block comment, not Scaladoc. */
  def block(): Unit = ()

  /** Kept across a line comment. */
  // scalastyle:off
  @deprecated("use add", "2.0")
  @inline def old(a: Int): Int = a

  /** Far away. */

  def detached(): Unit = ()
}

enum Level:
  /** The lowest level. */
  case Low
  /** The highest level. */
  case High
)",
                      "Docs.scala");
  CHECK(symbol(result, "Docs.add").doc == "Adds two numbers.\n\n@param a the first\n@param b the second");
  CHECK(symbol(result, "Docs.plain").doc.empty());
  CHECK(symbol(result, "Docs.block").doc.empty());
  CHECK(symbol(result, "Docs.old").doc == "Kept across a line comment.");
  CHECK(symbol(result, "Docs.detached").doc.empty());
  CHECK(symbol(result, "Level.Low").doc == "The lowest level.");
  CHECK(symbol(result, "Level.High").doc == "The highest level.");
  // Annotations are left out of the signature; the definition's span still starts at them.
  CHECK(symbol(result, "Docs.old").signature == "def old(a: Int): Int");
  CHECK(symbol(result, "Docs.old").span.start_line == 17);
}

TEST_CASE("scala: signatures stop at the body") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(@SerialVersionUID(1L)
sealed abstract class Shape[T <: Number](val sides: Int) extends Product with Serializable {
  @throws[Exception]
  protected def area(scale: T)(implicit ctx: Context): Double =
    sides * 2.0
  private[shapes] var cache: Map[String, Double] = Map.empty
}
object Shape extends ShapeCompanion:
  def unit: Shape[Integer] = ???
)",
                      "Shape.scala");
  CHECK(symbol(result, "Shape").signature ==
        "sealed abstract class Shape[T <: Number](val sides: Int) extends Product with Serializable");
  CHECK(symbol(result, "Shape").span.start_line == 1);
  CHECK(symbol(result, "Shape.area").signature == "protected def area(scale: T)(implicit ctx: Context): Double");
  CHECK(symbol(result, "Shape.area").span.start_line == 3);
  CHECK(symbol(result, "Shape.area").span.end_line == 5);
  CHECK(symbol(result, "Shape.cache").signature == "private[shapes] var cache: Map[String, Double] = Map.empty");
  CHECK(symbol(result, "Shape.sides").signature == "val sides: Int");
  CHECK(result.symbols.back().qualified_name == "Shape.unit");
  CHECK(result.symbols.back().signature == "def unit: Shape[Integer]");
}

TEST_CASE("scala: imports as written after the keyword, one per clause") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(import scala.util.Try
import scala.collection.{mutable, immutable => im}
import java.util.{
  List as JList,
  Map,
}
import cats.effect.*, cats.syntax.all.given
import Predef._

object Main {
  import Helpers.format
}
)",
                      "imports.scala");
  CHECK(import_list(result) == std::vector<std::string>{"scala.util.Try@1",
                                                        "scala.collection.{mutable, immutable => im}@2",
                                                        "java.util.{List as JList, Map}@3", "cats.effect.*@7",
                                                        "cats.syntax.all.given@7", "Predef._@8", "Helpers.format@11"});
}

TEST_CASE("scala: calls and type references") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(class Registry(store: Store[User]) extends Base with Logging {
  type Index = Map[String, User]
  def find(id: String): Option[User] = store.lookup[User](id).map(decorate)
  def all: Seq[User] = store.values.filter(_.active) map normalize
  def fresh(): Registry = new Registry(Store.empty)
  def copy(): Registry = new Registry(store) { override def toString = "copy" }
}
)",
                      "Registry.scala");
  CHECK(references_of(result, ReferenceKind::call) == std::vector<std::string>{"lookup@3:46", "map@3:63", "filter@4:37",
                                                                               "map@4:54", "Registry@5:31",
                                                                               "Registry@6:30"});
  CHECK(references_of(result, ReferenceKind::reference) ==
        std::vector<std::string>{"Store@1:23", "User@1:29", "Base@1:44", "Logging@1:54", "Map@2:16", "String@2:20",
                                 "User@2:28", "String@3:16", "Option@3:25", "User@3:32", "User@3:53", "Seq@4:12",
                                 "User@4:16", "Registry@5:16", "Registry@6:15"});
  CHECK(enclosing_name(result, reference_at(result, "filter", 4)) == "Registry.all");
  CHECK(enclosing_name(result, reference_at(result, "Base", 1)) == "Registry");
  // `Store.empty` without arguments is a field access, not a call; `a map f` calls `map`.
  CHECK_FALSE(has_reference(result, "empty", ReferenceKind::call));
  // The name a type alias declares is not a reference to it.
  CHECK_FALSE(has_reference(result, "Index", ReferenceKind::reference));
}

TEST_CASE("scala: packages with bodies qualify their members; auxiliary constructors") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(package com.acme {
  package util {
    class Clock(zone: String) {
      def this() = this("UTC")
      def now(): Long = System.currentTimeMillis()
    }
  }
  package object shared {
    val Version = "1.0"
    def banner(): String = s"v$Version"
  }
}
)",
                      "Clock.scala");
  CHECK(outline(result) ==
        std::vector<std::string>{"namespace com.acme@1", "namespace com.acme.util@2", "class com.acme.util.Clock@3",
                                 "constructor com.acme.util.Clock.this@4", "method com.acme.util.Clock.now@5",
                                 "namespace com.acme.shared@8", "constant com.acme.shared.Version@9",
                                 "function com.acme.shared.banner@10"});
  CHECK(symbol(result, "com.acme.util.Clock.this").signature == "def this()");
  // `this("UTC")` delegates to the primary constructor; it is not a call of something named `this`.
  CHECK_FALSE(has_reference(result, "this", ReferenceKind::call));
}

TEST_CASE("scala: basic fixture symbols") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, read_fixture("basic.scala"), "basic.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 111);
  CHECK(count_kind(result, SymbolKind::class_) == 14);
  CHECK(count_kind(result, SymbolKind::module) == 6);
  CHECK(count_kind(result, SymbolKind::trait) == 3);
  CHECK(count_kind(result, SymbolKind::method) == 49);
  CHECK(count_kind(result, SymbolKind::function) == 1);
  CHECK(count_kind(result, SymbolKind::constant) == 8);
  CHECK(count_kind(result, SymbolKind::field) == 26);
  CHECK(count_kind(result, SymbolKind::variable) == 1);
  CHECK(count_kind(result, SymbolKind::namespace_) == 2);
  CHECK(count_kind(result, SymbolKind::type) == 1);

  const auto& service = symbol(result, "InventoryService");
  CHECK(service.kind == SymbolKind::class_);
  CHECK(service.span.start_line == 131);
  CHECK(service.span.end_line == 189);
  CHECK(service.doc == "Reserves, ships and restocks products.");
  const auto& reserve = symbol(result, "InventoryService.reserve");
  CHECK(reserve.kind == SymbolKind::method);
  CHECK(reserve.span.start_line == 138);
  CHECK(reserve.span.end_line == 163);
  CHECK(reserve.signature == "def reserve(order: Order): Either[InventoryError, Order]");
  CHECK(reserve.doc == "Reserves every line of an order, or nothing.");
  CHECK(symbol(result, "InventoryService.open").kind == SymbolKind::field);
  CHECK(symbol(result, "InventoryError.StoreClosed").kind == SymbolKind::module);
  CHECK(symbol(result, "InventoryError.StoreClosed.message").kind == SymbolKind::constant);
  CHECK(symbol(result, "InventoryError.InsufficientStock.available").kind == SymbolKind::field);
  CHECK(symbol(result, "Pricing.TaxRate").kind == SymbolKind::constant);
  CHECK(symbol(result, "Pricing.Quote.total").span.start_line == 211);
  CHECK(symbol(result, "util").kind == SymbolKind::namespace_);
  CHECK(symbol(result, "util.catalogueOf").kind == SymbolKind::function);
  CHECK(symbol(result, "util.Catalogue").kind == SymbolKind::type);
  CHECK(symbol(result, "InventoryApp.runs").kind == SymbolKind::variable);
  CHECK(symbol(result, "Formatting.money").doc == "`1250` as `12.50`.");
  CHECK(symbol(result, "Product").doc ==
        "A product as the catalogue describes it.\n\n@param sku   the product's identity\n@param name  the display "
        "name\n@param price the unit price in cents");
  // Class and companion object share a name, each once.
  CHECK(count_symbols(result, "StockLevel") == 2);
  // Locals of `main` and of `reserve` are not symbols.
  CHECK_FALSE(has_symbol_named(result, "repository"));
  CHECK(count_symbols(result, "ShortageLogger.shortages") == 1);
  CHECK_FALSE(has_symbol_named(result, "missing"));
  CHECK_FALSE(has_symbol_named(result, "level"));
  check_tree_consistency(result);
}

TEST_CASE("scala: basic fixture imports and references") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, read_fixture("basic.scala"), "basic.scala");
  CHECK(import_list(result) ==
        std::vector<std::string>{"scala.collection.mutable@3", "scala.concurrent.{ExecutionContext, Future}@4",
                                 "scala.util.{Failure, Success, Try}@5", "java.time.{Instant, Duration => JDuration}@6",
                                 "InventoryError._@132"});
  const auto& notify = reference_at(result, "notifyReserved", 157);
  CHECK(notify.kind == ReferenceKind::call);
  CHECK(notify.column == 17);
  CHECK(enclosing_name(result, notify) == "InventoryService.reserve");
  CHECK(reference_at(result, "InMemoryStockRepository", 279).kind == ReferenceKind::call);
  CHECK(reference_at(result, "StockRepository", 98).kind == ReferenceKind::reference);
  CHECK(enclosing_name(result, reference_at(result, "quantity", 268)) == "Formatting.line");
  CHECK(has_reference(result, "IllegalArgumentException", ReferenceKind::call));
  CHECK(has_reference(result, "ExecutionContext", ReferenceKind::reference));
}

TEST_CASE("scala: advanced fixture Scala 3 constructs") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, read_fixture("advanced.scala"), "advanced.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(symbol(result, "JobId").kind == SymbolKind::type);
  CHECK(symbol(result, "JobId").signature == "opaque type JobId = String");
  CHECK(count_symbols(result, "JobId") == 2);  // the opaque type and its companion object

  const auto& priority = symbol(result, "Priority");
  CHECK(priority.kind == SymbolKind::enum_);
  CHECK(priority.span.start_line == 24);
  CHECK(priority.span.end_line == 30);
  CHECK(priority.signature == "enum Priority(val weight: Int) derives CanEqual");
  CHECK(symbol(result, "Priority.High").kind == SymbolKind::enum_member);
  CHECK(symbol(result, "Priority.High").span.start_line == 27);
  CHECK(symbol(result, "Priority.preempts").kind == SymbolKind::method);
  CHECK(symbol(result, "Priority.given_Ordering_Priority").kind == SymbolKind::constant);
  CHECK(symbol(result, "JobState.Failed").signature == "Failed(reason: String, retryable: Boolean)");
  CHECK(symbol(result, "JobState.Running").span.start_line == 37);

  CHECK(symbol(result, "Show.given_Show_Int").span.start_line == 52);
  CHECK(symbol(result, "Show.given_Show_Int.Int.show").kind == SymbolKind::method);
  CHECK(symbol(result, "Show.listShow").signature == "given listShow[A](using inner: Show[A]): Show[List[A]]");
  CHECK(symbol(result, "Monad.optionMonad.flatMap").kind == SymbolKind::method);
  CHECK(symbol(result, "Monad.given_Monad_List.pure").span.start_line == 92);
  CHECK(symbol(result, "Show.derived").doc == "Derives `Show` for any product type.");

  CHECK(symbol(result, "Types.Elem").span.end_line == 100);
  CHECK(symbol(result, "Types.StringMap").signature == "type StringMap = [V] =>> Map[String, V]");
  CHECK(symbol(result, "Types.sizeOf").signature == "transparent inline def sizeOf[T <: Tuple]: Int");
  CHECK(symbol(result, "Job.%").signature == "def %(p: Priority): Job");
  CHECK(symbol(result, "Job.%").span.start_line == 121);

  CHECK(symbol(result, "List").kind == SymbolKind::extension);
  CHECK(symbol(result, "List.ids").span.start_line == 200);
  CHECK(symbol(result, "Stage.repeated").doc == "Runs the stage `n` times in a row.");

  CHECK(symbol(result, "codec").kind == SymbolKind::namespace_);
  CHECK(symbol(result, "codec.Decoder.given_Decoder_String").span.start_line == 250);
  CHECK(symbol(result, "DefaultPriority").kind == SymbolKind::constant);
  CHECK(symbol(result, "verbose").kind == SymbolKind::variable);
  const auto& entry = symbol(result, "runPipeline");
  CHECK(entry.kind == SymbolKind::function);
  CHECK(entry.span.start_line == 292);
  CHECK(entry.span.end_line == 304);
  CHECK(entry.doc == "Entry point: schedules a few jobs and drains the queue.");
  check_tree_consistency(result);
}

TEST_CASE("scala: advanced fixture overloads, constructors and members only") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, read_fixture("advanced.scala"), "advanced.scala");
  CHECK(count_symbols(result, "Scheduler.submit") == 2);
  CHECK(count_symbols(result, "Histogram.record") == 2);
  CHECK(symbol(result, "Histogram.this").kind == SymbolKind::constructor);
  CHECK(symbol(result, "Scheduler.startedAt").kind == SymbolKind::field);
  CHECK(symbol(result, "Scheduler.updatedAt").span.start_line == 128);
  CHECK(symbol(result, "Scheduler.defaultCapacity").kind == SymbolKind::constant);
  CHECK(symbol(result, "Scheduler.listeners").kind == SymbolKind::variable);
  CHECK(symbol(result, "Scheduler.Listener").kind == SymbolKind::type);
  CHECK(symbol(result, "Syntax.RichJob.job").kind == SymbolKind::field);
  CHECK(symbol(result, "Histogram.HistogramShow").kind == SymbolKind::module);
  CHECK(symbol(result, "Metrics.Key").signature == "type Key <: String");
  // Anonymous class members inside initialisers and method bodies, and locals, are left out.
  CHECK_FALSE(has_symbol_named(result, "self"));
  CHECK_FALSE(has_symbol_named(result, "scheduler"));
  CHECK_FALSE(has_symbol_named(result, "index"));
  CHECK(count_symbols(result, "Stages.identity.name") == 0);
  CHECK(count_symbols(result, "Stages.lift.run") == 0);
  CHECK(count_symbols(result, "Stage.andThen.run") == 0);
  CHECK(import_list(result) ==
        std::vector<std::string>{"scala.annotation.{tailrec, targetName}@3",
                                 "scala.compiletime.{constValue, erasedValue}@4", "scala.deriving.Mirror@5",
                                 "cats.effect.*@6", "cats.syntax.all.given@6",
                                 "com.example.pipeline.codec.{Decoder as Dec, Encoder}@7", "Show.given@298"});
  CHECK(enclosing_name(result, reference_at(result, "drainAll", 297)) == "runPipeline");
  // `new Histogram(…)` calls the class; the return type names it.
  const auto calls = references_of(result, ReferenceKind::call);
  CHECK(std::find(calls.begin(), calls.end(), "Histogram@282:30") != calls.end());
  const auto types = references_of(result, ReferenceKind::reference);
  CHECK(std::find(types.begin(), types.end(), "Histogram@282:14") != types.end());
}

TEST_CASE("scala: syntax errors give partial results") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(object Good {
  def fine(x: Int): Int = x + 1
}

class Broken {
  def oops(: Int = {{
}

trait AfterTheError {
  def stillHere(): Unit
}
)",
                      "Broken.scala");
  CHECK(result.had_syntax_errors);
  CHECK(symbol(result, "Good").kind == SymbolKind::module);
  CHECK(symbol(result, "Good.fine").kind == SymbolKind::method);
  CHECK(symbol(result, "Good.fine").span.start_line == 2);
  CHECK(symbol(result, "AfterTheError").kind == SymbolKind::trait);
  CHECK(symbol(result, "AfterTheError.stillHere").span.start_line == 10);
  check_tree_consistency(result);
}

TEST_CASE("scala: empty and comment-only files have no symbols") {
  ax::lang::ScalaLanguage scala;
  auto empty = parse(scala, "", "Empty.scala");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK(empty.references.empty());
  CHECK_FALSE(empty.had_syntax_errors);
  auto comments = parse(scala, "// nothing here\n/** not attached */\n", "Comments.scala");
  CHECK(comments.symbols.empty());
  CHECK_FALSE(comments.had_syntax_errors);
}

TEST_CASE("scala: garbage and binary input do not crash") {
  ax::lang::ScalaLanguage scala;
  std::string binary;
  for (int i = 0; i < 2048; ++i) binary.push_back(static_cast<char>((i * 37 + 11) % 256));
  auto result = parse(scala, binary, "blob.scala");
  CHECK(result.had_syntax_errors);
  check_tree_consistency(result);
  auto noise = parse(scala, "}}} ))) def def class object ]] => <- @@@ \"unterminated", "noise.scala");
  CHECK(noise.had_syntax_errors);
  check_tree_consistency(noise);
  std::string deep(5000, '(');
  auto nested = parse(scala, "val x = " + deep, "deep.scala");
  CHECK(nested.had_syntax_errors);
}

TEST_CASE("scala: scripts (.sc) hold top-level statements and definitions") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(//> using scala 3.3
import java.nio.file.{Files, Paths}

val root = Paths.get(".")
def sizeOf(name: String): Long = Files.size(root.resolve(name))
println(sizeOf("build.sbt"))
)",
                      "tool.sc");
  CHECK(outline(result) == std::vector<std::string>{"constant root@4", "function sizeOf@5"});
  CHECK(import_list(result) == std::vector<std::string>{"java.nio.file.{Files, Paths}@2"});
  CHECK(enclosing_name(result, reference_at(result, "sizeOf", 6)) == "");
  CHECK(enclosing_name(result, reference_at(result, "size", 5)) == "sizeOf");
  auto shebang = parse(scala, "#!/usr/bin/env scala\nval greeting = \"hi\"\n", "hello.sc");
  CHECK(outline(shebang) == std::vector<std::string>{"constant greeting@2"});
  CHECK_FALSE(shebang.had_syntax_errors);
}

TEST_CASE("scala: comments an indented body takes in document the next definition") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala, R"(object First:
  def one = 1

/** Documents Second. */
object Second:
  def two = 2
  // a trailing remark

/** Documents three. */
def three = 3
)",
                      "indented.scala");
  CHECK(outline(result) == std::vector<std::string>{"module First@1", "method First.one@2", "module Second@5",
                                                    "method Second.two@6", "function three@10"});
  CHECK(symbol(result, "First").span.end_line == 2);
  CHECK(symbol(result, "Second").span.end_line == 6);
  CHECK(symbol(result, "Second").doc == "Documents Second.");
  CHECK(symbol(result, "three").doc == "Documents three.");
  CHECK(symbol(result, "First.one").doc.empty());
}

// Scala 2 that tree-sitter-scala cannot read (Unicode arrows, existential types, the unit value in
// a pattern) is parsed again rewritten, offsets and lines kept; what is extracted still reads the
// file as written.
TEST_CASE("scala: Scala 2 arrows, existential types and unit patterns parse") {
  ax::lang::ScalaLanguage scala;
  auto result = parse(scala,
                      "import java.util.concurrent.TimeUnit.{ MILLISECONDS \u21D2 MILLIS }\n"
                      "object Views {\n"
                      "  type Coll = TraversableView[_, C] forSome { type C <: Traversable[_] }\n"
                      "  val inc = (x: Int) \u21D2 x + 1\n"
                      "  def isUnit(t: Tree) = t match {\n"
                      "    case Literal(Constant(())) => true\n"
                      "  }\n"
                      "  def forSome(x: Int) = x\n"
                      "}\n",
                      "views.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"module Views@2", "type Views.Coll@3", "constant Views.inc@4",
                                                    "method Views.isUnit@5", "method Views.forSome@8"});
  CHECK(symbol(result, "Views.Coll").signature ==
        "type Coll = TraversableView[_, C] forSome { type C <: Traversable[_] }");
  CHECK(symbol(result, "Views.inc").signature == "val inc = (x: Int) \u21D2 x + 1");
  CHECK(symbol(result, "Views.isUnit").span.end_line == 7);
}

TEST_CASE("scala: a procedure declaration before a comment or a trailing blank is separated from the next member") {
  ax::lang::ScalaLanguage scala;
  const std::string source =
      "trait Buffer[A] {\n"
      "  def update(n: Int, elem: A)\n"
      "\n"
      "  /** Clears the buffer. */\n"
      "  def clear()\n"
      "  /* plain comment */\n"
      "  def length: Int\n"
      "  protected def add(elem: A) \n"
      "  def size: Int\n"
      "  def remove(n: Int)\n"
      "  protected def entries: Iterator[A]\n"
      "  // TODO: def merge\n"
      "  def reset\n"
      "  @deprecated(\"use size\", \"2.10.0\") def count(x: Int)\n"
      "  def capacity: Int\n"
      "}\n";
  CHECK(grammar_alone_has_errors(source));
  auto result = parse(scala, source, "Buffer.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"trait Buffer@1", "method Buffer.update@2", "method Buffer.clear@5",
                                                    "method Buffer.length@7", "method Buffer.add@8",
                                                    "method Buffer.size@9", "method Buffer.remove@10",
                                                    "method Buffer.entries@11", "method Buffer.reset@13",
                                                    "method Buffer.count@14", "method Buffer.capacity@15"});
  CHECK(symbol(result, "Buffer.entries").signature == "protected def entries: Iterator[A]");
  // The doc comment parsed as `;/*` still documents `clear`; spans and signatures are the source's.
  CHECK(symbol(result, "Buffer.clear").doc == "Clears the buffer.");
  CHECK(symbol(result, "Buffer.update").signature == "def update(n: Int, elem: A)");
  CHECK(symbol(result, "Buffer.update").span.end_column == 30);
}

TEST_CASE("scala: a member left of the indentation its braces opened with does not close them") {
  ax::lang::ScalaLanguage scala;
  const std::string source =
      "object Durations {\n"
      "  def twice(x: Long) = x * 2\n"
      "\n"
      "  /** Halves. */\n"
      " def half(x: Long) = x / 2\n"
      "  def check(x: Long) = x match {\n"
      "    case 0 => true\n"
      "    case _ => false\n"
      "  }\n"
      "}\n"
      "final class Later { def x = 1 }\n";
  CHECK(grammar_alone_has_errors(source));
  auto result = parse(scala, source, "Durations.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"module Durations@1", "method Durations.twice@2",
                                                    "method Durations.half@5", "method Durations.check@6",
                                                    "class Later@11", "method Later.x@11"});
  CHECK(symbol(result, "Durations").signature == "object Durations");
  CHECK(symbol(result, "Durations.half").doc == "Halves.");
  CHECK(symbol(result, "Durations").span.end_line == 10);
}

TEST_CASE("scala: a parent named through a super-qualifier parses") {
  ax::lang::ScalaLanguage scala;
  const std::string source =
      "trait ViewLike extends Base {\n"
      "  abstract class AbstractTransformed[+B] extends Iterable[B] with super[Base].Transformed[B]\n"
      "  def force: Int\n"
      "}\n";
  CHECK(grammar_alone_has_errors(source));
  auto result = parse(scala, source, "ViewLike.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"trait ViewLike@1", "class ViewLike.AbstractTransformed@2",
                                                    "method ViewLike.force@3"});
  CHECK(symbol(result, "ViewLike.AbstractTransformed").signature ==
        "abstract class AbstractTransformed[+B] extends Iterable[B] with super[Base].Transformed[B]");
}

TEST_CASE("scala: XML literals parse as strings of the same extent") {
  ax::lang::ScalaLanguage scala;
  const std::string source =
      "object Page {\n"
      "  def title(name: String) = <h1 class=\"t\">{name}</h1>\n"
      "  val body =\n"
      "    <div id=\"main\">\n"
      "      <p>It's {if (wide) \"a\" else <b>b</b>}</p>\n"
      "      <!-- a comment -->\n"
      "      <br/>\n"
      "    </div>\n"
      "  def items(xs: List[String]) = <ul>{xs.map(x => <li>{x}</li>)}</ul><hr/>\n"
      "  def less(a: Int, b: Int) = a < b\n"
      "}\n";
  CHECK(grammar_alone_has_errors(source));
  auto result = parse(scala, source, "Page.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"module Page@1", "method Page.title@2", "constant Page.body@3",
                                                    "method Page.items@9", "method Page.less@10"});
  CHECK(symbol(result, "Page.body").span.end_line == 8);
  CHECK(symbol(result, "Page.title").signature == "def title(name: String)");
}

TEST_CASE("scala: a function literal's one typed parameter without parentheses parses") {
  ax::lang::ScalaLanguage scala;
  const std::string source =
      "trait Printer { self: Base =>\n"
      "  def printAll(argss: List[List[Tree]]) =\n"
      "    argss foreach {x: List[Tree] => if (x.nonEmpty) printRow(x)}\n"
      "  val withContext = { implicit ctx: Context => run() }\n"
      "  def after: Int\n"
      "}\n";
  CHECK(grammar_alone_has_errors(source));
  auto result = parse(scala, source, "Printer.scala");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"trait Printer@1", "method Printer.printAll@2",
                                                    "field Printer.withContext@4", "method Printer.after@5"});
  // The self type keeps its type: only function literals lose theirs to the reparse.
  CHECK(has_reference(result, "Base", ReferenceKind::reference));
  CHECK(reference_at(result, "printRow", 3).kind == ReferenceKind::call);
}
