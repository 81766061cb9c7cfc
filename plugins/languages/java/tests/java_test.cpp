#include <algorithm>
#include <ax/lang/testing.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "java_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ParseResult;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

// Every parent precedes its children, and qualified names follow the parent chain.
void check_tree_consistency(const ParseResult& result) {
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    if (s.parent >= 0) CHECK(s.qualified_name == result.symbols[s.parent].qualified_name + "." + s.name);
  }
}

}  // namespace

TEST_CASE("java: language info") {
  ax::lang::JavaLanguage java;
  CHECK(java.info().id == "java");
  CHECK(java.info().display_name == "Java");
  CHECK(java.info().extensions == std::vector<std::string>{".java", ".jav", ".jsh"});
  CHECK(java.info().interpreters == std::vector<std::string>{"java"});
}

TEST_CASE("java: whole-file outline of a small class") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(package com.acme.shop;

import java.util.List;

/** A shopping cart. */
public class Cart {
    public static final int MAX_ITEMS = 50;
    private final List<Item> items;
    private static int created;

    public Cart(List<Item> items) {
        this.items = items;
    }

    public int total() {
        return items.stream().mapToInt(Item::price).sum();
    }

    static class Item {
        int price;
        int price() { return price; }
    }

    interface Discount {
        int apply(int total);
    }

    enum Currency { EUR, USD }
}
)",
                      "com/acme/shop/Cart.java");
  CHECK(outline(result) ==
        std::vector<std::string>{"namespace com.acme.shop@1", "class Cart@6", "constant Cart.MAX_ITEMS@7",
                                 "field Cart.items@8", "field Cart.created@9", "constructor Cart.Cart@11",
                                 "method Cart.total@15", "class Cart.Item@19", "field Cart.Item.price@20",
                                 "method Cart.Item.price@21", "interface Cart.Discount@24",
                                 "method Cart.Discount.apply@25", "enum Cart.Currency@28",
                                 "enum_member Cart.Currency.EUR@28", "enum_member Cart.Currency.USD@28"});
  CHECK(symbol(result, "Cart").doc == "A shopping cart.");
  CHECK(symbol(result, "Cart").signature == "public class Cart");
  CHECK(symbol(result, "Cart").span.end_line == 29);
  CHECK(symbol(result, "Cart.MAX_ITEMS").signature == "public static final int MAX_ITEMS = 50");
  CHECK(symbol(result, "Cart.Cart").signature == "public Cart(List<Item> items)");
  CHECK(symbol(result, "Cart.Discount.apply").signature == "int apply(int total)");
  CHECK(import_list(result) == std::vector<std::string>{"java.util.List@3"});
  CHECK_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);
}

TEST_CASE("java: records, annotation types, enums with bodies and field kinds") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(class Kinds {
    record Point(int x, int y) {
        Point {
            if (x < 0) throw new IllegalArgumentException();
        }
        static final Point ORIGIN = new Point(0, 0);
    }
    @interface Audit {
        String value() default "";
        int LEVEL = 2;
    }
    enum Op {
        ADD("+") {
            int apply(int a, int b) { return a + b; }
        };
        private final String symbol;
        Op(String symbol) { this.symbol = symbol; }
        abstract int apply(int a, int b);
    }
    interface Limits {
        int MAX = 9;
    }
    final int finalOnly = 1;
    static int staticOnly;
    static final String BOTH = "x";
    final static long REVERSED = 2L;
}
)",
                      "Kinds.java");
  CHECK(outline(result) == std::vector<std::string>{"class Kinds@1",
                                                    "struct Kinds.Point@2",
                                                    "field Kinds.Point.x@2",
                                                    "field Kinds.Point.y@2",
                                                    "constructor Kinds.Point.Point@3",
                                                    "constant Kinds.Point.ORIGIN@6",
                                                    "interface Kinds.Audit@8",
                                                    "method Kinds.Audit.value@9",
                                                    "constant Kinds.Audit.LEVEL@10",
                                                    "enum Kinds.Op@12",
                                                    "enum_member Kinds.Op.ADD@13",
                                                    "method Kinds.Op.ADD.apply@14",
                                                    "field Kinds.Op.symbol@16",
                                                    "constructor Kinds.Op.Op@17",
                                                    "method Kinds.Op.apply@18",
                                                    "interface Kinds.Limits@20",
                                                    "constant Kinds.Limits.MAX@21",
                                                    "field Kinds.finalOnly@23",
                                                    "field Kinds.staticOnly@24",
                                                    "constant Kinds.BOTH@25",
                                                    "constant Kinds.REVERSED@26"});
  CHECK(symbol(result, "Kinds.Point").signature == "record Point(int x, int y)");
  CHECK(symbol(result, "Kinds.Point.Point").signature == "Point");
  CHECK(symbol(result, "Kinds.Audit").signature == "@interface Audit");
  CHECK(symbol(result, "Kinds.Audit.value").signature == "String value() default \"\"");
  CHECK(symbol(result, "Kinds.Op.ADD").signature == "ADD(\"+\")");
  CHECK(symbol(result, "Kinds.Op.apply").signature == "abstract int apply(int a, int b)");
  check_tree_consistency(result);
}

TEST_CASE("java: javadoc and annotations") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(class Docs {
    /**
     * Documented over
     * two lines.
     */
    @Override
    @SuppressWarnings("unchecked")
    public String annotated() { return ""; }

    /* A plain block comment is not Javadoc. */
    void plainBlock() {}

    // Nor is a line comment.
    void plainLine() {}

    /** Separated by a blank line. */

    void separated() {}

    /** Survives a line comment. */
    // NOSONAR
    void withNote() {}

    @Deprecated public static final int OLD = 1;
}
)",
                      "Docs.java");
  const auto& annotated = symbol(result, "Docs.annotated");
  CHECK(annotated.doc == "Documented over\ntwo lines.");
  CHECK(annotated.signature == "public String annotated()");
  CHECK(annotated.span.start_line == 6);  // the annotations are part of the declaration
  CHECK(symbol(result, "Docs.plainBlock").doc.empty());
  CHECK(symbol(result, "Docs.plainLine").doc.empty());
  CHECK(symbol(result, "Docs.separated").doc.empty());
  CHECK(symbol(result, "Docs.withNote").doc == "Survives a line comment.");
  CHECK(symbol(result, "Docs.OLD").kind == SymbolKind::constant);
  CHECK(symbol(result, "Docs.OLD").signature == "public static final int OLD = 1");
}

TEST_CASE("java: imports of every form") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(package p;
import java.util.List;
import static java.util.Objects.requireNonNull;
import java.io.*;
import static org.junit.Assert.*;
import java.util.Map.Entry;
class A {}
)",
                      "p/A.java");
  CHECK(import_list(result) == std::vector<std::string>{"java.util.List@2", "java.util.Objects.requireNonNull@3",
                                                        "java.io.*@4", "org.junit.Assert.*@5",
                                                        "java.util.Map.Entry@6"});
}

TEST_CASE("java: invocations, object creation and type references") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(class Refs<T extends Comparable<T>> {
    java.util.List<Item> run(Map<String, T> map) throws IOException {
        helper();
        map.get("k").trim();
        Object o = new Item();
        var list = new java.util.ArrayList<Item>();
        Runnable r = () -> log(o);
        return (List<Item>) list;
    }
}
)",
                      "Refs.java");
  CHECK(references_of(result, ReferenceKind::call) ==
        std::vector<std::string>{"helper@3:9", "get@4:13", "trim@4:22", "Item@5:24", "ArrayList@6:34", "log@7:28"});
  // The T that <T …> declares, the java/util qualifiers and `var` are not type uses.
  CHECK(references_of(result, ReferenceKind::reference) ==
        std::vector<std::string>{"Comparable@1:22", "T@1:33", "List@2:15", "Item@2:20", "Map@2:30", "String@2:34",
                                 "T@2:42", "IOException@2:57", "Object@5:9", "Item@6:44", "Runnable@7:9", "List@8:17",
                                 "Item@8:22"});
  const auto& creation = reference_at(result, "Item", 5);
  CHECK(creation.kind == ReferenceKind::call);
  REQUIRE(creation.enclosing >= 0);
  CHECK(result.symbols[creation.enclosing].qualified_name == "Refs.run");
}

TEST_CASE("java: local and anonymous classes are not symbols") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(class Outer {
    private final Runnable task = new Runnable() {
        @Override public void run() { tick(); }
    };
    void work() {
        class Local { void inside() {} }
        new Thread() {
            public void run() { new Local().inside(); }
        }.start();
        Runnable r = () -> {};
    }
    Outer() {
        record Pair(int a, int b) {}
    }
}
)",
                      "Outer.java");
  CHECK(outline(result) == std::vector<std::string>{"class Outer@1", "field Outer.task@2", "method Outer.work@5",
                                                    "constructor Outer.Outer@12"});
  CHECK(result.symbols[reference_at(result, "tick", 3).enclosing].qualified_name == "Outer.task");
  CHECK(result.symbols[reference_at(result, "inside", 8).enclosing].qualified_name == "Outer.work");
}

TEST_CASE("java: fields declared together keep their order") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(class Multi {
    private int zeta = 1, alpha, mid = zeta;
    static final String B = "a", A = B;
}
)",
                      "Multi.java");
  CHECK(outline(result) == std::vector<std::string>{"class Multi@1", "field Multi.zeta@2", "field Multi.alpha@2",
                                                    "field Multi.mid@2", "constant Multi.B@3", "constant Multi.A@3"});
  CHECK(symbol(result, "Multi.alpha").parent == 0);
  CHECK(symbol(result, "Multi.alpha").signature == "private int zeta = 1, alpha, mid = zeta");
}

TEST_CASE("java: basic fixture") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, read_fixture("Basic.java"), "org/example/library/LendingService.java");
  REQUIRE_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);

  CHECK(result.symbols.size() == 63);
  CHECK(count_kind(result, SymbolKind::class_) == 5);
  CHECK(count_kind(result, SymbolKind::interface) == 1);
  CHECK(count_kind(result, SymbolKind::enum_) == 1);
  CHECK(count_kind(result, SymbolKind::enum_member) == 3);
  CHECK(count_kind(result, SymbolKind::constructor) == 6);
  CHECK(count_kind(result, SymbolKind::method) == 28);
  CHECK(count_kind(result, SymbolKind::constant) == 4);
  CHECK(count_kind(result, SymbolKind::field) == 14);

  const auto& package = symbol(result, "org.example.library");
  CHECK(package.kind == SymbolKind::namespace_);
  CHECK(package.doc.empty());  // the licence header is a plain block comment

  const auto& service = symbol(result, "LendingService");
  CHECK(service.span.start_line == 20);
  CHECK(service.span.end_line == 317);
  CHECK(service.doc ==
        "Keeps track of which member has borrowed which book, and\n"
        "computes late fees when books come back.");

  const auto& lend = symbol(result, "LendingService.lend");
  CHECK(lend.span.start_line == 72);
  CHECK(lend.span.end_line == 87);
  CHECK(lend.signature == "public Loan lend(String isbn, String memberId) throws LendingException");
  CHECK(lend.doc ==
        "Lends a book to a member.\n\n@return the new loan\n"
        "@throws LendingException when the book is out or the member has too many loans");

  CHECK(count_symbols(result, "LendingService.LendingService") == 2);  // overloaded constructors
  CHECK(symbol(result, "LendingService.LOAN_PERIOD").kind == SymbolKind::constant);
  CHECK(symbol(result, "LendingService.MAX_LOANS").signature == "static final int MAX_LOANS = 5");
  CHECK(symbol(result, "LendingService.instances").kind == SymbolKind::field);
  CHECK(symbol(result, "LendingService.Book.toString").span.start_line == 173);
  CHECK(symbol(result, "LendingService.Book.toString").signature == "public String toString()");
  CHECK(symbol(result, "LendingService.Loan.close").signature == "void close(Instant when)");
  CHECK(symbol(result, "LendingService.LendingException.serialVersionUID").kind == SymbolKind::constant);
  CHECK(symbol(result, "LendingService.Outcome.LOST").span.start_line == 251);
  CHECK(symbol(result, "LendingService.OverdueListener.finished").signature == "default void finished()");
  CHECK(symbol(result, "LendingService.search").span.start_line == 306);

  CHECK(result.imports.size() == 9);
  CHECK(has_import(result, "java.time.Clock"));
  CHECK(has_import(result, "java.util.Optional"));
  CHECK(reference_at(result, "LendingException", 73).kind == ReferenceKind::call);
  CHECK(reference_at(result, "LendingException", 72).kind == ReferenceKind::reference);
  CHECK(has_reference(result, "feeFor", ReferenceKind::call));
  CHECK(result.symbols[reference_at(result, "feeFor", 96).enclosing].qualified_name == "LendingService.giveBack");
}

TEST_CASE("java: advanced fixture") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, read_fixture("Advanced.java"), "org/example/rules/RuleEngine.java");
  REQUIRE_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);

  CHECK(result.symbols.size() == 67);
  CHECK(count_kind(result, SymbolKind::struct_) == 3);
  CHECK(count_kind(result, SymbolKind::interface) == 4);
  CHECK(count_kind(result, SymbolKind::class_) == 4);
  CHECK(count_kind(result, SymbolKind::constructor) == 4);

  const auto& engine = symbol(result, "RuleEngine");
  CHECK(engine.span.start_line == 21);  // starts at @SuppressWarnings
  CHECK(engine.signature ==
        "public final class RuleEngine<F extends Comparable<F>> implements Iterable<RuleEngine.Rule<F>>");
  CHECK(engine.doc.find("A small rule engine") == 0);

  // Annotation type with elements and defaults.
  CHECK(symbol(result, "RuleEngine.RuleFactory").kind == SymbolKind::interface);
  CHECK(symbol(result, "RuleEngine.RuleFactory").signature == "public @interface RuleFactory");
  CHECK(symbol(result, "RuleEngine.RuleFactory.priority").signature == "int priority() default Priority.NORMAL");
  CHECK(symbol(result, "RuleEngine.RuleFactory.value").doc == "Name of the produced rule.");

  // Sealed interface and records.
  CHECK(symbol(result, "RuleEngine.Decision").signature ==
        "public sealed interface Decision permits Accept, Reject, Defer");
  CHECK(symbol(result, "RuleEngine.Reject.severity").kind == SymbolKind::field);
  CHECK(count_symbols(result, "RuleEngine.Reject.Reject") == 2);  // compact and explicit constructors
  CHECK(symbol(result, "RuleEngine.Reject.MAX_SEVERITY").kind == SymbolKind::constant);
  CHECK(symbol(result, "RuleEngine.Defer.retryAfterMillis").span.start_line == 69);

  // Enum constants with bodies.
  CHECK(symbol(result, "RuleEngine.Strategy.MAJORITY").doc == "Reject when most rules reject.");
  CHECK(symbol(result, "RuleEngine.Strategy.MAJORITY.merge").span.start_line == 111);
  CHECK(symbol(result, "RuleEngine.Strategy.merge").signature == "abstract Decision merge(List<Decision> decisions)");

  // Overloads, varargs, generic static methods.
  CHECK(count_symbols(result, "RuleEngine.evaluateAll") == 2);
  CHECK(symbol(result, "RuleEngine.evaluateAll").signature == "public final Map<F, Decision> evaluateAll(F... facts)");
  CHECK(symbol(result, "RuleEngine.builder").signature ==
        "public static <F extends Comparable<F>> Builder<F> builder()");
  CHECK(count_symbols(result, "RuleEngine.Builder.rule") == 2);
  CHECK(symbol(result, "RuleEngine.Rule.both").kind == SymbolKind::method);
  CHECK(symbol(result, "RuleEngine.StandardRules.nonEmpty").span.start_line == 300);
  CHECK(symbol(result, "RuleEngine.StandardRules.nonEmpty").signature == "Rule<String> nonEmpty()");

  // Fields declared together, constants and the static initialiser.
  CHECK(symbol(result, "RuleEngine.evaluations").kind == SymbolKind::field);
  CHECK(symbol(result, "RuleEngine.cacheHits").span.start_line == 131);
  CHECK(symbol(result, "RuleEngine.BY_PRIORITY").kind == SymbolKind::constant);
  CHECK(symbol(result, "RuleEngine.lastBuilt").kind == SymbolKind::field);

  // The anonymous Rule in Builder.rule and the local Formatter in Stats.toString are locals.
  CHECK(count_symbols(result, "RuleEngine.Builder.rule.apply") == 0);
  CHECK(count_symbols(result, "RuleEngine.Stats.toString.Formatter") == 0);
  CHECK(count_symbols(result, "RuleEngine.Stats.toString.Formatter.format") == 0);

  CHECK(import_list(result) ==
        std::vector<std::string>{"java.util.Objects.requireNonNull@3", "java.util.stream.Collectors.*@4",
                                 "java.lang.annotation.ElementType@6", "java.lang.annotation.Retention@7",
                                 "java.lang.annotation.RetentionPolicy@8", "java.lang.annotation.Target@9",
                                 "java.util.*@10", "java.util.concurrent.ConcurrentHashMap@11",
                                 "java.util.function.Function@12", "java.util.function.Predicate@13"});
  CHECK(reference_at(result, "ConcurrentHashMap", 129).kind == ReferenceKind::call);
  CHECK(reference_at(result, "Formatter", 273).kind == ReferenceKind::reference);
  CHECK(result.symbols[reference_at(result, "format", 270).enclosing].qualified_name == "RuleEngine.Stats.toString");
  CHECK(has_reference(result, "groupingBy", ReferenceKind::call));
}

TEST_CASE("java: syntax errors give partial results") {
  ax::lang::JavaLanguage java;
  auto result = parse(java, R"(package broken;

public class Good {
    public void fine() {}
}

class Bad {
    void oops( {
        int x = ;
    }
}

interface After {
    void stillHere();
}
)",
                      "Broken.java");
  CHECK(result.had_syntax_errors);
  CHECK(symbol(result, "After").span.start_line == 13);
  CHECK(symbol(result, "After.stillHere").kind == SymbolKind::method);
  CHECK(count_symbols(result, "Good") == 1);
  CHECK(count_symbols(result, "Good.fine") == 1);
}

TEST_CASE("java: empty and garbage input") {
  ax::lang::JavaLanguage java;
  auto empty = parse(java, "", "Empty.java");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK_FALSE(empty.had_syntax_errors);

  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 2654435761u + 3) % 256));
  garbage += "class { @interface <<< import static ;; /** unterminated";
  auto result = parse(java, garbage, "Garbage.java");
  CHECK(result.had_syntax_errors);
  for (const auto& s : result.symbols) CHECK_FALSE(s.name.empty());
}
