#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <ax/lang/testing.hpp>

#include "typescript_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ParseResult;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

// "kind name@line" of the top-level symbols only.
std::vector<std::string> top_level(const ParseResult& result) {
  std::vector<std::string> lines;
  for (const auto& s : result.symbols)
    if (s.parent < 0)
      lines.push_back(std::string(ax::sdk::to_string(s.kind)) + " " + s.qualified_name + "@" +
                      std::to_string(s.span.start_line));
  return lines;
}

// "kind name@line" of the members of the symbol `qualified_name`.
std::vector<std::string> members(const ParseResult& result, std::string_view qualified_name) {
  std::vector<std::string> lines;
  for (const auto& s : result.symbols)
    if (s.parent >= 0 && result.symbols[s.parent].qualified_name == qualified_name)
      lines.push_back(std::string(ax::sdk::to_string(s.kind)) + " " + s.name + "@" + std::to_string(s.span.start_line));
  return lines;
}

std::vector<std::string> imports(const ParseResult& result) {
  std::vector<std::string> lines;
  for (const auto& i : result.imports) lines.push_back(i.specifier + "@" + std::to_string(i.line));
  return lines;
}

// "name@line" of the type references, in order.
std::vector<std::string> type_references(const ParseResult& result) {
  std::vector<std::string> lines;
  for (const auto& r : result.references)
    if (r.kind == ReferenceKind::reference) lines.push_back(r.name + "@" + std::to_string(r.line));
  return lines;
}

// Qualified name of the symbol enclosing the reference `name` on `line` ("-" at top level).
std::string enclosing(const ParseResult& result, std::string_view name, std::uint32_t line) {
  for (const auto& r : result.references)
    if (r.name == name && r.line == line) return r.enclosing < 0 ? "-" : result.symbols[r.enclosing].qualified_name;
  throw std::runtime_error("no reference " + std::string(name) + " on line " + std::to_string(line));
}

}  // namespace

TEST_CASE("typescript: language info") {
  ax::lang::TypeScriptLanguage typescript;
  const auto& info = typescript.info();
  CHECK(info.id == "typescript");
  CHECK(info.display_name == "TypeScript");
  CHECK(info.extensions == std::vector<std::string>{".ts", ".mts", ".cts", ".tsx"});
  CHECK(std::find(info.interpreters.begin(), info.interpreters.end(), "ts-node") != info.interpreters.end());
}

TEST_CASE("typescript: Qt Linguist translations sharing .ts are vetoed") {
  using ax::sdk::Confidence;
  ax::lang::TypeScriptLanguage typescript;
  CHECK(typescript.check_content("app_de.ts",
                                 "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n<TS version=\"2.1\">") ==
        Confidence::no);
  CHECK(typescript.check_content("app_ja.ts", "<!DOCTYPE TS><TS version=\"2.0\" language=\"ja_JP\">") ==
        Confidence::no);
  CHECK(typescript.check_content("app_pt.ts", "\n<TS version=\"2.1\" language=\"pt_BR\">\n<context>") ==
        Confidence::no);
  CHECK(typescript.check_content("app_es.ts", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<!DOCTYPE TS>") ==
        Confidence::no);
  // TypeScript, including files that start with a type assertion or a JSX-like generic, is kept.
  CHECK(typescript.check_content("app.ts", "export const x = 1;\n") == Confidence::maybe);
  CHECK(typescript.check_content("cast.ts", "<TSNode>root.child;\n") == Confidence::maybe);
  CHECK(typescript.check_content("view.tsx", "<App />;\n") == Confidence::maybe);
  CHECK(typescript.check_content("empty.ts", "") == Confidence::maybe);
  CHECK(typescript.check_content("tool", "#!/usr/bin/env ts-node\n<TS>") == Confidence::maybe);
}

TEST_CASE("typescript: interfaces, type aliases, enums, functions and bindings") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(import type { Clock } from "./clock";

/** A user of the system. */
export interface User extends Entity<string> {
  readonly id: string;
  name?: string;
  greet(other: User): string;
}

export type Id = string | number;
type Props = {
  /** Shown on top. */
  title: string;
  onClose(): void;
  nested: { inner: number };
};

export enum Role { Admin, Editor = "editor", "Read Only" = 3 }

export const DEFAULT_ROLE = Role.Editor;
let sessions = 0;

export function login(user: User, clock: Clock): Id {
  return user.id;
}

export const logout = async (user: User): Promise<void> => {};
)",
                      "users.ts");
  CHECK(outline(result) ==
        std::vector<std::string>{
            "interface User@4", "field User.id@5", "field User.name@6", "method User.greet@7", "type Id@10",
            "type Props@11", "field Props.title@13", "method Props.onClose@14", "field Props.nested@15", "enum Role@18",
            "enum_member Role.Admin@18", "enum_member Role.Editor@18", "enum_member Role.Read Only@18",
            "constant DEFAULT_ROLE@20", "variable sessions@21", "function login@23", "function logout@27"});
  CHECK(symbol(result, "User").doc == "A user of the system.");
  CHECK(symbol(result, "User").signature == "interface User extends Entity<string>");
  CHECK(symbol(result, "User.greet").signature == "greet(other: User): string");
  CHECK(symbol(result, "Id").signature == "type Id = string | number");
  CHECK(symbol(result, "Props.title").doc == "Shown on top.");
  CHECK(symbol(result, "Role.Editor").signature == "Editor = \"editor\"");
  CHECK(symbol(result, "login").signature == "function login(user: User, clock: Clock): Id");
  CHECK(symbol(result, "login").span.end_line == 25);
  CHECK(symbol(result, "logout").signature == "const logout = async (user: User): Promise<void> =>");
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("typescript: class members, parameter properties, abstract and static readonly members") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(export abstract class Repository<T extends { id: string }> implements Store<T> {
  static readonly PAGE_SIZE = 50;
  protected readonly items = new Map<string, T>();
  #hits = 0;
  abstract readonly table: string;
  onChange?: (item: T) => void;
  handle = (item: T): void => this.save(item);

  constructor(
    protected readonly db: Database,
    /** Used in log lines. */
    public name?: string,
    plain = 1,
  ) {}

  get size(): number { return this.items.size; }
  set size(_: number) {}

  abstract validate(item: T): boolean;
  protected abstract migrate(): Promise<void>;

  async save(item: T): Promise<void> {
    this.items.set(item.id, item);
  }
}
)",
                      "repository.ts");
  CHECK(outline(result) ==
        std::vector<std::string>{"class Repository@1", "constant Repository.PAGE_SIZE@2", "field Repository.items@3",
                                 "field Repository.#hits@4", "field Repository.table@5", "field Repository.onChange@6",
                                 "method Repository.handle@7", "constructor Repository.constructor@9",
                                 "field Repository.db@10", "field Repository.name@12", "getter Repository.size@16",
                                 "setter Repository.size@17", "method Repository.validate@19",
                                 "method Repository.migrate@20", "method Repository.save@22"});
  CHECK(symbol(result, "Repository").signature ==
        "abstract class Repository<T extends { id: string }> implements Store<T>");
  CHECK(symbol(result, "Repository.constructor").signature ==
        "constructor(protected readonly db: Database, public name?: string, plain = 1)");
  CHECK(symbol(result, "Repository.db").parent == 0);
  CHECK(symbol(result, "Repository.db").signature == "protected readonly db: Database");
  CHECK(symbol(result, "Repository.name").doc == "Used in log lines.");
  CHECK(symbol(result, "Repository.migrate").signature == "protected abstract migrate(): Promise<void>");
  CHECK(symbol(result, "Repository.handle").signature == "handle = (item: T): void =>");
  CHECK(symbol(result, "Repository.PAGE_SIZE").signature == "static readonly PAGE_SIZE = 50");
}

TEST_CASE("typescript: construct signatures, destructured module bindings, nested functions") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(interface ErrorCtor {
  new (message: string): Error;
}
const { isArray, keys: getKeys } = Object;
export function pipeFromArray(fns: Fn[]): Fn {
  const { local } = options;
  return function piped(input: unknown) { return input; };
}
)",
                      "util.ts");
  CHECK(outline(result) == std::vector<std::string>{
                               "interface ErrorCtor@1",
                               "method ErrorCtor.new@2",
                               "constant isArray@4",
                               "constant getKeys@4",
                               "function pipeFromArray@5",
                               "function pipeFromArray.piped@7",
                           });
}

TEST_CASE("typescript: overloads fold into one symbol") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(/** Parses input. */
export function parse(input: string): Ast;
export function parse(input: Buffer, encoding: string): Ast;
export function parse(input: string | Buffer, encoding = "utf8"): Ast {
  return build(tokenize(input, encoding));
}

export class Codec {
  constructor(name: string);
  constructor(name: string, level: number);
  constructor(readonly name: string, private level = 1) {}

  encode(value: string): Uint8Array;
  encode(value: number): Uint8Array;
  encode(value: unknown): Uint8Array {
    return serialize(value, this.level);
  }

  decode(bytes: Uint8Array): string {
    return deserialize(bytes);
  }
}

declare function overloaded(a: string): void;
declare function overloaded(a: number): void;
)",
                      "codec.ts");
  CHECK(outline(result) == std::vector<std::string>{"function parse@2", "class Codec@8",
                                                    "constructor Codec.constructor@9", "field Codec.name@11",
                                                    "field Codec.level@11", "method Codec.encode@13",
                                                    "method Codec.decode@19", "function overloaded@24"});
  const auto& parse_fn = symbol(result, "parse");
  CHECK(parse_fn.span.start_line == 2);
  CHECK(parse_fn.span.end_line == 6);
  CHECK(parse_fn.doc == "Parses input.");
  CHECK(parse_fn.signature == "function parse(input: string): Ast");
  CHECK(symbol(result, "Codec.constructor").span.end_line == 11);
  CHECK(symbol(result, "Codec.encode").span.end_line == 17);
  CHECK(symbol(result, "overloaded").span.end_line == 25);
  // Calls in the implementation belong to the folded symbol.
  CHECK(enclosing(result, "build", 5) == "parse");
  CHECK(enclosing(result, "serialize", 16) == "Codec.encode");
  CHECK(enclosing(result, "deserialize", 20) == "Codec.decode");
}

TEST_CASE("typescript: namespaces, ambient modules and global declarations") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(export namespace Geometry {
  export const EPSILON = 1e-9;
  let created = 0;
  export interface Point { x: number; y: number }
  export namespace Shapes {
    export function circle(r: number) { return r; }
    export const square = (side: number) => side * side;
  }
}

namespace Outer.Inner {
  export class Thing {}
}

module Legacy {
  export var flag = true;
}

declare module "express" {
  interface Request { user?: string }
}

declare global {
  interface Window { appVersion: string }
  const BUILD_ID: string;
}

declare const VERSION: string;
declare let mutableGlobal: number;
export declare function ambient(x: number): void;
)",
                      "geometry.ts");
  CHECK(outline(result) == std::vector<std::string>{"namespace Geometry@1",
                                                    "constant Geometry.EPSILON@2",
                                                    "variable Geometry.created@3",
                                                    "interface Geometry.Point@4",
                                                    "field Geometry.Point.x@4",
                                                    "field Geometry.Point.y@4",
                                                    "namespace Geometry.Shapes@5",
                                                    "function Geometry.Shapes.circle@6",
                                                    "function Geometry.Shapes.square@7",
                                                    "namespace Outer.Inner@11",
                                                    "class Outer.Inner.Thing@12",
                                                    "namespace Legacy@15",
                                                    "variable Legacy.flag@16",
                                                    "module express@19",
                                                    "interface express.Request@20",
                                                    "field express.Request.user@20",
                                                    "interface Window@24",
                                                    "field Window.appVersion@24",
                                                    "constant BUILD_ID@25",
                                                    "constant VERSION@28",
                                                    "variable mutableGlobal@29",
                                                    "function ambient@30"});
  CHECK(symbol(result, "Geometry.Shapes").signature == "namespace Shapes");
  CHECK(symbol(result, "express").signature == "module \"express\"");
  CHECK(symbol(result, "ambient").signature == "function ambient(x: number): void");
}

TEST_CASE("typescript: declaration files") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(/// <reference types="node" />
export declare class Cache<V> {
  private constructor();
  static create<V>(): Cache<V>;
  get size(): number;
  set limit(value: number);
  get(key: string): V | undefined;
}
export interface Entry {
  get expired(): boolean;
}
declare namespace cache {
  function clear(): void;
  const version: string;
}
export default Cache;
)",
                      "cache.d.ts");
  CHECK(outline(result) == std::vector<std::string>{"class Cache@2", "constructor Cache.constructor@3",
                                                    "method Cache.create@4", "getter Cache.size@5",
                                                    "setter Cache.limit@6", "method Cache.get@7", "interface Entry@9",
                                                    "getter Entry.expired@10", "namespace cache@12",
                                                    "function cache.clear@13", "constant cache.version@14"});
  CHECK(symbol(result, "Cache.size").signature == "get size(): number");
  CHECK(symbol(result, "Cache.create").signature == "static create<V>(): Cache<V>");
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("typescript: type references exclude the names declarations introduce") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(interface Box<T> extends Container<T> {
  value: T;
  map<U>(fn: (value: T) => U): Box<U>;
}
type Pair<K extends Key = DefaultKey> = [K, Value];
type Lookup = Registry["entries"];
type Flags = { [P in keyof Options]?: boolean };
type Unwrap<X> = X extends Promise<infer R> ? R : never;
class Store extends Base<Item> implements Persistent, ns.Closeable {
  private cache: Map<Id, Entry[]> = new Map();
  isItem(x: unknown): x is Item { return x instanceof Item; }
  load = <V,>(raw: string) => JSON.parse(raw) as V;
}
)",
                      "types.ts");
  CHECK(type_references(result) ==
        std::vector<std::string>{"Container@1", "T@1",        "T@2",       "T@3",          "U@3",
                                 "Box@3",       "U@3",        "Key@5",     "DefaultKey@5", "K@5",
                                 "Value@5",     "Registry@6", "Options@7", "X@8",          "Promise@8",
                                 "R@8",         "Base@9",     "Item@9",    "Persistent@9", "Closeable@9",
                                 "Map@10",      "Id@10",      "Entry@10",  "Item@11",      "V@12"});
  CHECK(enclosing(result, "Entry", 10) == "Store.cache");
  CHECK(enclosing(result, "Container", 1) == "Box");
  CHECK(has_reference(result, "Map", ReferenceKind::call));  // new Map()
  CHECK(has_reference(result, "parse", ReferenceKind::call));
}

TEST_CASE("typescript: imports") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(import express from "express";
import type { Request } from "express-serve-static-core";
import { type Options, defaults } from './options';
import "reflect-metadata";
import fs = require("fs");
export * as util from "./util";
export { default as Button, type ButtonProps } from "./button";
const lazy = () => import("./lazy");
const legacy = require("./legacy");
type Mod = typeof import("./types");
)",
                      "imports.mts");
  CHECK(imports(result) == std::vector<std::string>{"express@1", "express-serve-static-core@2", "./options@3",
                                                    "reflect-metadata@4", "fs@5", "./util@6", "./button@7", "./lazy@8",
                                                    "./legacy@9", "./types@10"});
  CHECK(outline(result) == std::vector<std::string>{"function lazy@8", "type Mod@10"});
}

TEST_CASE("typescript: JSDoc attaches across export, decorators and lint comments") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(/** Service doc. */
@Injectable({ scope: "request" })
export class Service {
  /** Cached value. */
  @Input() value = 0;

  /**
   * Loads everything.
   * @returns nothing
   */
  @Get("/all")
  @Cache(60)
  async load(): Promise<void> {}

  // Not documentation.
  reset(): void {}
}

/** Options of the service. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Options = Record<string, any>;

/** Detached by a blank line. */

export const detached = 1;
)",
                      "service.ts");
  CHECK(symbol(result, "Service").doc == "Service doc.");
  CHECK(symbol(result, "Service.value").doc == "Cached value.");
  CHECK(symbol(result, "Service.value").signature == "value = 0");
  CHECK(symbol(result, "Service.load").doc == "Loads everything.\n@returns nothing");
  CHECK(symbol(result, "Service.load").signature == "async load(): Promise<void>");
  CHECK(symbol(result, "Service.reset").doc.empty());
  CHECK(symbol(result, "Options").doc == "Options of the service.");
  CHECK(symbol(result, "detached").doc.empty());
  CHECK(enclosing(result, "Injectable", 2) == "-");
  CHECK(enclosing(result, "Input", 5) == "Service.value");
  CHECK(enclosing(result, "Cache", 12) == "Service");
}

TEST_CASE("typescript: .tsx files use the TSX grammar") {
  ax::lang::TypeScriptLanguage typescript;
  const char* source = R"(export const Greeting = ({ name }: { name: string }) => <Text bold>Hello {name}</Text>;
const value = <number>input;
)";
  auto tsx =
      parse(typescript, R"(export const Greeting = ({ name }: { name: string }) => <Text bold>Hello {name}</Text>;
)",
            "greeting.tsx");
  CHECK_FALSE(tsx.had_syntax_errors);
  CHECK(outline(tsx) == std::vector<std::string>{"function Greeting@1"});
  CHECK(has_reference(tsx, "Text", ReferenceKind::call));
  // In a .ts file `<number>input` is a type assertion and JSX is an error.
  auto ts = parse(typescript, source, "greeting.ts");
  CHECK(ts.had_syntax_errors);
  auto assertion = parse(typescript, "const value = <number>input;\n", "cast.ts");
  CHECK_FALSE(assertion.had_syntax_errors);
  CHECK(outline(assertion) == std::vector<std::string>{"constant value@1"});
  // Extensions are matched case-insensitively.
  CHECK_FALSE(parse(typescript, "const v = <div />;\n", "View.TSX").had_syntax_errors);
}

TEST_CASE("typescript: basic fixture") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, read_fixture("basic.ts"), "basic.ts");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 88);
  CHECK(count_kind(result, SymbolKind::interface) == 3);
  CHECK(count_kind(result, SymbolKind::type) == 4);
  CHECK(count_kind(result, SymbolKind::enum_) == 2);
  CHECK(count_kind(result, SymbolKind::enum_member) == 8);
  CHECK(count_kind(result, SymbolKind::class_) == 4);
  CHECK(count_kind(result, SymbolKind::namespace_) == 1);

  CHECK(top_level(result) == std::vector<std::string>{"constant LOAN_PERIOD_DAYS@10",
                                                      "constant FINE_PER_DAY_CENTS@11",
                                                      "variable loansCreated@12",
                                                      "variable debugLoans@13",
                                                      "type BookId@16",
                                                      "type MemberId@17",
                                                      "enum CopyStatus@20",
                                                      "enum Genre@28",
                                                      "interface Book@36",
                                                      "interface Member@46",
                                                      "interface Loan@55",
                                                      "type LoanSummary@64",
                                                      "type Predicate@66",
                                                      "function addDays@71",
                                                      "function daysBetween@78",
                                                      "function isOverdue@83",
                                                      "function normalizeTitle@85",
                                                      "class NotFoundError@92",
                                                      "class Catalogue@105",
                                                      "class LoanDesk@170",
                                                      "namespace Receipt@236",
                                                      "function createMember@251",
                                                      "function seedCatalogue@265",
                                                      "class WaitingList@280"});
  CHECK(members(result, "CopyStatus") == std::vector<std::string>{"enum_member Available@21", "enum_member OnLoan@22",
                                                                  "enum_member Repair@24", "enum_member Lost@25"});
  CHECK(symbol(result, "CopyStatus.Repair").doc == "Sent to the bindery for repairs.");
  CHECK(members(result, "Catalogue") ==
        std::vector<std::string>{"field books@106", "field copies@107", "constant MAX_COPIES@108",
                                 "constructor constructor@110", "field logger@110", "getter size@113", "method add@117",
                                 "method get@126", "method search@133", "method availableCopies@144",
                                 "method setStatus@148", "method byGenre@156"});
  CHECK(members(result, "Receipt") == std::vector<std::string>{"constant WIDTH@237", "variable printed@238",
                                                               "function line@240", "function forLoan@245"});
  CHECK(symbol(result, "Book.isbn").doc == "International Standard Book Number, when known.");
  CHECK(symbol(result, "Member.isActive").kind == SymbolKind::method);
  CHECK(symbol(result, "NotFoundError.kind").signature == "public readonly kind: \"book\" | \"member\" | \"loan\"");
  CHECK(symbol(result, "LoanDesk.lend").doc ==
        "Lends one available copy of a book.\n@throws NotFoundError when the book or member is unknown");
  CHECK(symbol(result, "LoanDesk.lend").span.start_line == 187);
  CHECK(symbol(result, "LoanDesk.lend").span.end_line == 206);
  CHECK(symbol(result, "Catalogue.search").signature == "search(text: string, filter?: Predicate<Book>): Book[]");
  CHECK(symbol(result, "WaitingList").signature == "class WaitingList implements Iterable<MemberId>");
  CHECK(symbol(result, "WaitingList.[Symbol.iterator]").kind == SymbolKind::method);

  CHECK(imports(result) ==
        std::vector<std::string>{"node:crypto@4", "./logger@5", "./clock@6", "./money@7", "./catalogue-events@316"});
  CHECK(enclosing(result, "Predicate", 133) == "Catalogue.search");
  CHECK(enclosing(result, "NotFoundError", 128) == "Catalogue.get");
  CHECK(enclosing(result, "addDays", 200) == "LoanDesk.lend");
  CHECK(enclosing(result, "line", 247) == "Receipt.forLoan");
  CHECK(enclosing(result, "Clock", 176) == "LoanDesk.clock");
}

TEST_CASE("typescript: advanced fixture (generics, overloads, decorators, abstract classes, ambient code)") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, read_fixture("advanced.ts"), "advanced.ts");
  CHECK_FALSE(result.had_syntax_errors);
  // With Timed.value, the function a decorator assigns to descriptor.value, and the object of
  // handlers (with its four methods) that Account.apply builds.
  CHECK(result.symbols.size() == 84);

  CHECK(top_level(result) ==
        std::vector<std::string>{
            "type PartialBy@15",      "type DeepReadonly@17",         "type EventMap@23",
            "type Handler@25",        "interface AccountEvents@28",   "enum Currency@35",
            "interface Envelope@42",  "interface EventStore@51",      "function assertDefined@61",
            "function isEnvelope@65", "function parseAmount@73",      "constant registry@86",
            "function Injectable@89", "function Inject@96",           "function Timed@103",
            "function resolve@117",   "class Aggregate@129",          "class Account@169",
            "type Constructor@227",   "function Timestamped@230",     "class BalanceProjection@241",
            "namespace Http@265",     "interface Window@288",         "variable __TEST__@291",
            "module node:events@294", "function structuredClone@300", "constant DEFAULT_CONFIG@302"});
  CHECK(members(result, "Account") ==
        std::vector<std::string>{"field balance@170", "field owner@171", "field currency@172", "field open@173",
                                 "constructor constructor@175", "getter funds@182", "setter funds@186",
                                 "method deposit@190", "method withdraw@199", "method describe@205",
                                 "method apply@209"});
  CHECK(members(result, "Aggregate") ==
        std::vector<std::string>{"field #version@130", "field pending@131", "constant SNAPSHOT_EVERY@132",
                                 "constructor constructor@134", "field id@134", "getter version@136",
                                 "method apply@141", "method describe@143", "method record@145", "method load@151",
                                 "method save@159"});

  const auto& parse_amount = symbol(result, "parseAmount");
  CHECK(parse_amount.span.end_line == 81);
  CHECK(parse_amount.doc ==
        "Parses an amount of money.\nAccepts a number of cents or a decimal string such as \"12.50\".");
  CHECK(symbol(result, "Account.deposit").span.end_line == 197);
  CHECK(symbol(result, "Account.constructor").span.end_line == 180);
  CHECK(symbol(result, "assertDefined").signature ==
        "function assertDefined<T>(value: T | null | undefined, message?: string): asserts value is T");
  CHECK(symbol(result, "Aggregate").signature == "abstract class Aggregate<E extends EventMap>");
  CHECK(symbol(result, "Aggregate.apply").doc == "Applies one event to the state; must not have side effects.");
  CHECK(symbol(result, "Currency").signature == "const enum Currency");
  CHECK(symbol(result, "Http.Status.NotFound").kind == SymbolKind::constant);
  CHECK(symbol(result, "Http.json").kind == SymbolKind::function);
  CHECK(symbol(result, "Http.Route").kind == SymbolKind::type);
  CHECK(symbol(result, "node:events.EventEmitter.onceTyped").kind == SymbolKind::method);
  CHECK(symbol(result, "BalanceProjection.store").signature == "declare readonly store: EventStore");
  CHECK(symbol(result, "BalanceProjection.balanceOf").kind == SymbolKind::method);
  CHECK(count_symbols(result, "touch") == 0);  // member of the anonymous mixin class

  CHECK(imports(result) == std::vector<std::string>{"reflect-metadata@5", "node:http@6", "node:events@7",
                                                    "node:assert@8", "@js-temporal/polyfill@9"});
  CHECK(enclosing(result, "Timed", 192) == "Account");
  CHECK(enclosing(result, "Injectable", 240) == "-");
  CHECK(enclosing(result, "parseAmount", 194) == "Account.deposit");
  CHECK(enclosing(result, "AccountEvents", 169) == "Account");
  CHECK(enclosing(result, "BalanceProjection", 278) == "Http.balanceRoute");
  CHECK(enclosing(result, "Item", 18) == "DeepReadonly");
}

TEST_CASE("typescript: TSX fixture") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, read_fixture("components.tsx"), "components.tsx");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(top_level(result) ==
        std::vector<std::string>{"interface Column@9", "type SortDirection@17", "type TableProps@19",
                                 "constant DEFAULT_EMPTY_TEXT@27", "function compareValues@29", "function DataTable@37",
                                 "interface HeaderCellProps@75", "function HeaderCell@82", "function EmptyState@91",
                                 "function SearchBox@94", "class TableErrorBoundary@100", "function Toolbar@112"});
  CHECK(members(result, "TableProps") ==
        std::vector<std::string>{"field rows@20", "field columns@21", "field onRowClick@23", "field emptyText@24"});
  CHECK(symbol(result, "TableProps.onRowClick").doc == "Called with the row the user clicked.");
  CHECK(members(result, "TableErrorBoundary") ==
        std::vector<std::string>{"field state@101", "method getDerivedStateFromError@103", "method render@107"});
  CHECK(symbol(result, "DataTable").signature ==
        "function DataTable<Row extends { id: string }>({ rows, columns, onRowClick, emptyText }: TableProps<Row>)");
  CHECK(count_symbols(result, "toggle") == 0);
  CHECK(enclosing(result, "HeaderCell", 58) == "DataTable");
  CHECK(enclosing(result, "EmptyState", 52) == "DataTable");
  CHECK(enclosing(result, "Icon", 86) == "HeaderCell");
  CHECK(enclosing(result, "SearchBox", 115) == "Toolbar");
  CHECK(enclosing(result, "Component", 100) == "TableErrorBoundary");
  CHECK(imports(result) == std::vector<std::string>{"react@4", "clsx@5", "./icon@6"});
}

TEST_CASE("typescript: syntax errors give partial results") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(interface Ok { a: string }

function broken(x: number {
  return x;
}

export class Fine {
  m(): void {}
}
)",
                      "broken.ts");
  CHECK(result.had_syntax_errors);
  CHECK(symbol(result, "Ok").span.start_line == 1);
  CHECK(symbol(result, "Fine.m").kind == SymbolKind::method);
  CHECK(symbol(result, "Fine").span.start_line == 7);
}

TEST_CASE("typescript: empty files") {
  ax::lang::TypeScriptLanguage typescript;
  for (const char* path : {"empty.ts", "empty.tsx", "empty.d.ts"}) {
    for (const char* source : {"", "\n  \n", "/** nothing documented */\n"}) {
      auto result = parse(typescript, source, path);
      CHECK(result.symbols.empty());
      CHECK(result.imports.empty());
      CHECK(result.references.empty());
      CHECK_FALSE(result.had_syntax_errors);
    }
  }
}

TEST_CASE("typescript: garbage and binary input do not crash") {
  ax::lang::TypeScriptLanguage typescript;
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 2654435761u) >> 24));
  for (const char* path : {"garbage.ts", "garbage.tsx"}) {
    for (const std::string& source :
         {binary, std::string("\0interface\0{", 12), std::string(3000, '<'), std::string(800, '[') + "type",
          std::string("class A { constructor(private readonly ) } function f(): ;"),
          std::string("namespace { declare module \"x\" { export = ; } }"), std::string("enum { , , = }")}) {
      auto result = parse(typescript, source, path);
      CHECK(result.had_syntax_errors);
      for (const auto& s : result.symbols) {
        CHECK_FALSE(s.name.empty());
        CHECK(s.parent < static_cast<int32_t>(result.symbols.size()));
      }
      for (const auto& r : result.references) CHECK(r.enclosing < static_cast<int32_t>(result.symbols.size()));
    }
  }
}

TEST_CASE("typescript: import kinds, type-only imports and re-exports included") {
  ax::lang::TypeScriptLanguage typescript;
  CHECK(ax::lang::testing::imports_with_kinds(typescript, R"(import express from "express";
import type { Request } from "express-serve-static-core";
import { type Options, defaults } from './options';
import "reflect-metadata";
import fs = require("fs");
export * as util from "./util";
export type { Shape } from "./shape";
export { default as Button, type ButtonProps } from "./button";
const lazy = () => import("./lazy");
const legacy = require("./legacy");
import type Default from "./default"; import "./default";
)",
                                              "kinds.ts") ==
        std::vector<std::string>{"import express@1", "type express-serve-static-core@2", "import ./options@3",
                                 "import reflect-metadata@4", "require fs@5", "export ./util@6", "type ./shape@7",
                                 "export ./button@8", "dynamic ./lazy@9", "require ./legacy@10", "type ./default@11",
                                 "import ./default@11"});
}

TEST_CASE("typescript: generic call signatures on lines of their own, without semicolons") {
  ax::lang::TypeScriptLanguage typescript;
  auto result = parse(typescript, R"(const DEFAULT_NAME = "<unnamed action>"
export interface IActionFactory {
    // nameless actions
    <T extends Function | undefined | null>(fn: T): T
    // named actions
    <T>(name: string, fn: T): T
    bound: Annotation
}
export interface IProduce {
	<Curried>(
		recipe: Curried
	): Curried
	<Base>(base: Base): Base
}
export const catchTags: {
  <
    E,
    Cases extends Record<string, unknown>
  >(
    cases: Cases
  ): <A>(self: Effect<A, E>) => Effect<
    | A
    | E
  >
  <
    A,
    E
  >(self: Effect<A, E>): Effect<A, E>
} = dual(2, (self, cases) => self)
function createActionFactory(autoAction: boolean): IActionFactory {
    return action
}
)",
                      "action.ts");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"constant DEFAULT_NAME@1", "interface IActionFactory@2",
                                                    "field IActionFactory.bound@7", "interface IProduce@9",
                                                    "constant catchTags@15", "function createActionFactory@30"});
}
