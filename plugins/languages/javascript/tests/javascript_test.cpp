#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <ax/lang/testing.hpp>

#include "javascript_language.hpp"

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

// "specifier@line" of every import, in order.
std::vector<std::string> imports(const ParseResult& result) {
  std::vector<std::string> lines;
  for (const auto& i : result.imports) lines.push_back(i.specifier + "@" + std::to_string(i.line));
  return lines;
}

// Qualified name of the symbol enclosing the reference `name` on `line` ("-" at top level); throws
// when there is no such reference so that the test names it.
std::string enclosing(const ParseResult& result, std::string_view name, std::uint32_t line) {
  for (const auto& r : result.references)
    if (r.name == name && r.line == line) return r.enclosing < 0 ? "-" : result.symbols[r.enclosing].qualified_name;
  throw std::runtime_error("no reference " + std::string(name) + " on line " + std::to_string(line));
}

}  // namespace

TEST_CASE("javascript: language info") {
  ax::lang::JavaScriptLanguage javascript;
  const auto& info = javascript.info();
  CHECK(info.id == "javascript");
  CHECK(info.display_name == "JavaScript");
  for (const char* extension : {".js", ".mjs", ".cjs", ".jsx", ".es6", ".frag", ".gs", ".jsm", ".pac"})
    CHECK(std::find(info.extensions.begin(), info.extensions.end(), extension) != info.extensions.end());
  CHECK(std::find(info.interpreters.begin(), info.interpreters.end(), "node") != info.interpreters.end());
}

TEST_CASE("javascript: module-level functions, classes, constants and variables") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(import { a } from "./a.js";

/** Largest batch. */
export const LIMIT = 10;
let counter = 0;
var legacy;
const util = require("./util");
const { x, y } = point;

/**
 * Sums its arguments.
 */
export function sum(...values) {
  const total = values.reduce((acc, v) => acc + v, 0);
  return total;
}

export const twice = (n) => n * 2;
const half = function (n) { return n / 2; };
function* ids() { yield 1; }

class Shape {
  area() { return 0; }
}
const Circle = class extends Shape {};
)",
                      "module.js");
  CHECK(outline(result) == std::vector<std::string>{"constant LIMIT@4", "variable counter@5", "variable legacy@6",
                                                    "constant x@8", "constant y@8", "function sum@13",
                                                    "function twice@18", "function half@19", "function ids@20",
                                                    "class Shape@22", "method Shape.area@23", "class Circle@25"});
  CHECK(symbol(result, "LIMIT").doc == "Largest batch.");
  CHECK(symbol(result, "LIMIT").signature == "const LIMIT = 10");
  CHECK(symbol(result, "sum").doc == "Sums its arguments.");
  CHECK(symbol(result, "sum").signature == "function sum(...values)");
  CHECK(symbol(result, "sum").span.start_line == 13);
  CHECK(symbol(result, "sum").span.end_line == 16);
  CHECK(symbol(result, "twice").signature == "const twice = (n) =>");
  CHECK(symbol(result, "ids").signature == "function* ids()");
  CHECK(symbol(result, "Shape.area").parent == 9);
  CHECK(symbol(result, "Circle").signature == "const Circle = class extends Shape");
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("javascript: class members: fields, accessors, static and private members") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(class Counter extends Base {
  static instances = 0;
  #count = 0;
  label;
  onClick = () => this.increment();
  handler = function () {};

  constructor(label) {
    super();
    this.label = label;
  }

  get count() { return this.#count; }
  set count(value) { this.#count = value; }
  static get zero() { return new Counter(""); }
  increment() { this.#count += 1; }
  async *[Symbol.asyncIterator]() {}
  #reset() {}
  get() { return this.#count; }
}
)",
                      "counter.js");
  CHECK(outline(result) ==
        std::vector<std::string>{"class Counter@1", "field Counter.instances@2", "field Counter.#count@3",
                                 "field Counter.label@4", "method Counter.onClick@5", "method Counter.handler@6",
                                 "constructor Counter.constructor@8", "getter Counter.count@13",
                                 "setter Counter.count@14", "getter Counter.zero@15", "method Counter.increment@16",
                                 "method Counter.[Symbol.asyncIterator]@17", "method Counter.#reset@18",
                                 "method Counter.get@19"});
  CHECK(symbol(result, "Counter").signature == "class Counter extends Base");
  CHECK(symbol(result, "Counter.onClick").signature == "onClick = () =>");
  CHECK(symbol(result, "Counter.zero").signature == "static get zero()");
  CHECK(symbol(result, "Counter.[Symbol.asyncIterator]").signature == "async *[Symbol.asyncIterator]()");
  for (const auto& s : result.symbols)
    if (s.qualified_name != "Counter") CHECK(s.parent == 0);
}

TEST_CASE("javascript: bindings local to functions, blocks and initialisers are not symbols, functions there nest") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(function outer() {
  const inner = () => 1;
  function helper() {}
  class Local { method() {} }
  return helper() + inner();
}

if (ready) {
  const blockScoped = 1;
}
for (let i = 0; i < 3; i++) {}

const api = {
  start() { function nested() {} },
  stop: () => {},
};

customElements.define("x-clock", class extends HTMLElement {
  connectedCallback() {}
});

class Widget {
  render = () => {
    function renderPart() {}
    return renderPart();
  };
}
)",
                      "locals.js");
  // The methods of an object literal bound at module level are its members; functions and classes
  // declared in a function body nest in it, as does a binding there whose value is a function
  // (inner); its other bindings (blockScoped) are locals.
  CHECK(outline(result) ==
        std::vector<std::string>{"function outer@1", "function outer.inner@2", "function outer.helper@3",
                                 "class outer.Local@4", "method outer.Local.method@4", "constant api@13",
                                 "method api.start@14", "function api.start.nested@14", "method api.stop@15",
                                 "class Widget@22", "method Widget.render@23", "function Widget.render.renderPart@24"});
  // Calls inside dropped locals belong to the nearest symbol that is kept.
  CHECK(enclosing(result, "renderPart", 25) == "Widget.render");
  CHECK(enclosing(result, "helper", 5) == "outer");
}

TEST_CASE("javascript: JSDoc comments document declarations, other comments do not") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(/** File overview, separated by a blank line. */

function undocumented() {}

// A line comment is not documentation.
function lineCommented() {}

/**
 * Exported and documented.
 * @param {string} name who to greet
 */
export function greet(name) {}

/** Documented despite the lint directive. */
// eslint-disable-next-line no-unused-vars
const spare = 1;

/* A plain block comment. */
class Plain {
  /** The current value. */
  value = 0;

  /**
   * Resets the value.
   */
  reset() {}
}

/** Two declarators: only the first is documented. */
let first = 1, second = 2;
)",
                      "docs.js");
  CHECK(symbol(result, "undocumented").doc.empty());
  CHECK(symbol(result, "lineCommented").doc.empty());
  CHECK(symbol(result, "greet").doc == "Exported and documented.\n@param {string} name who to greet");
  CHECK(symbol(result, "spare").doc == "Documented despite the lint directive.");
  CHECK(symbol(result, "Plain").doc.empty());
  CHECK(symbol(result, "Plain.value").doc == "The current value.");
  CHECK(symbol(result, "Plain.reset").doc == "Resets the value.");
  CHECK(symbol(result, "first").doc == "Two declarators: only the first is documented.");
  CHECK(symbol(result, "second").doc.empty());
  CHECK(symbol(result, "second").signature == "let second = 2");
}

TEST_CASE("javascript: signatures span multi-line headers on one line") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(export async function fetchAll(
  urls,
  { retries = 3, timeout = 1000 } = {},
) {
  return urls;
}

const config = {
  verbose: true,
};

class Repository
  extends Base {
  find(
    id, // primary key
    options,
  ) {}
}
)",
                      "sig.js");
  CHECK(symbol(result, "fetchAll").signature == "async function fetchAll(urls, { retries = 3, timeout = 1000 } = {})");
  CHECK(symbol(result, "config").signature == "const config =");
  CHECK(symbol(result, "Repository").signature == "class Repository extends Base");
  CHECK(symbol(result, "Repository.find").signature == "find(id, options)");
}

TEST_CASE("javascript: imports from ES modules, re-exports, require and dynamic import") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(import fs from "node:fs";
import { join } from 'path';
import "./side-effect.css";
import * as lodash from "lodash";
export { helper } from "./helper.js";
export * from "./all.js";
const express = require("express");
const { promisify } = require('util');

async function load() {
  const module = await import("./lazy.mjs");
  const template = require(`./templates/${name}`);
  return module;
}
)",
                      "imports.mjs");
  CHECK(imports(result) == std::vector<std::string>{"node:fs@1", "path@2", "./side-effect.css@3", "lodash@4",
                                                    "./helper.js@5", "./all.js@6", "express@7", "util@8",
                                                    "./lazy.mjs@11"});
  // A binding to require(...) is an import, not a constant.
  CHECK(outline(result) == std::vector<std::string>{"function load@10"});
}

TEST_CASE("javascript: references to calls, methods, constructors, decorators and JSX components") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(class View extends ui.Component {
  @observable items = [];

  render() {
    const list = this.items.map(format);
    return <Layout.Page><List items={list} /><span>{count()}</span></Layout.Page>;
  }
}

function main() {
  const view = new View();
  const date = new Intl.DateTimeFormat();
  view.render();
  start?.();
}
)",
                      "view.jsx");
  CHECK(has_reference(result, "Component", ReferenceKind::reference));
  CHECK(enclosing(result, "Component", 1) == "View");
  CHECK(enclosing(result, "observable", 2) == "View.items");
  CHECK(enclosing(result, "map", 5) == "View.render");
  CHECK(enclosing(result, "Page", 6) == "View.render");
  CHECK(enclosing(result, "List", 6) == "View.render");
  CHECK(enclosing(result, "count", 6) == "View.render");
  CHECK(enclosing(result, "View", 11) == "main");
  CHECK(enclosing(result, "DateTimeFormat", 12) == "main");
  CHECK(enclosing(result, "render", 13) == "main");
  for (const auto& r : result.references) {
    CHECK(r.name != "span");    // host elements are not references
    CHECK(r.name != "format");  // passed, not called
  }
  const auto& list =
      *std::find_if(result.references.begin(), result.references.end(), [](const auto& r) { return r.name == "List"; });
  CHECK(list.kind == ReferenceKind::call);
  CHECK(list.column == 26);
}

TEST_CASE("javascript: React components and default exports") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(import React, { memo, forwardRef } from "react";

export function Header({ title }) {
  return <h1>{title}</h1>;
}

export const Footer = () => <footer />;

export const Avatar = React.memo(function Avatar({ user }) {
  return <img src={user.photo} />;
});

const Field = forwardRef((props, ref) => <input ref={ref} {...props} />);

const Cached = memo(Header);

export default function () {
  return <Header title="home" />;
}
)",
                      "components.jsx");
  CHECK(outline(result) == std::vector<std::string>{"function Header@3", "function Footer@7", "function Avatar@9",
                                                    "function Field@13", "constant Cached@15", "function default@17"});
  CHECK(symbol(result, "default").signature == "export default function ()");
  CHECK(has_reference(result, "Header", ReferenceKind::call));
}

TEST_CASE("javascript: CommonJS exports") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(exports.parse = function parse(text) {
  return JSON.parse(text);
};
module.exports.format = (value) => String(value);
module.exports = { parse: exports.parse };
exports.name = "parser";
)",
                      "parser.cjs");
  // The object assigned to module.exports holds its keys; `exports.name = "parser"` assigns a value
  // to no declared member (only prototype members and object literals are definitions).
  CHECK(outline(result) == std::vector<std::string>{"function parse@1", "function format@4", "variable exports@5",
                                                    "property exports.parse@5"});
  CHECK(symbol(result, "format").signature == "module.exports.format = (value) =>");
}

TEST_CASE("javascript: object literals bound at module level and functions assigned to properties") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(const routes = {
  home: '/',
  'about-us': '/about',
  load: function () { const local = { hidden: 1 }; return local; },
  save() {},
};
let counter = { value: 0 };
app.handle = function handle(req, res) {};
Router.prototype.route = function (path) {};
module.exports = function () {};
function f() { const inner = { notAProperty: 1 }; return inner; }
)",
                      "routes.js");
  CHECK(outline(result) == std::vector<std::string>{
                               "constant routes@1",
                               "property routes.home@2",
                               "property routes.about-us@3",
                               "method routes.load@4",
                               "method routes.save@5",
                               "variable counter@7",
                               "property counter.value@7",
                               "function handle@8",
                               "function route@9",
                               "function f@11",
                           });
}

TEST_CASE("javascript: named function expressions, nested and shorthand object-literal keys") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(const ALPHA = 'abc';
const ALPHABET = { ALPHA, nested: { Blob: 1, deeper: { leaf() {} } } };
app.use = function use(fn) {
  function next() {}
  emitter.on('end', function handleEnd() {});
  const local = { hidden: 1, alsoHidden };
};
req.on('error', function onError(err) {});
module.exports = function query() {};
)",
                      "named.js");
  CHECK(outline(result) == std::vector<std::string>{
                               "constant ALPHA@1",
                               "constant ALPHABET@2",
                               "property ALPHABET.ALPHA@2",
                               "property ALPHABET.nested@2",
                               "property ALPHABET.nested.Blob@2",
                               "property ALPHABET.nested.deeper@2",
                               "method ALPHABET.nested.deeper.leaf@2",
                               "function use@3",  // one definition, not the property and the expression's name
                               "function use.next@4",
                               "function use.handleEnd@5",
                               "function onError@8",
                               "function query@9",
                           });
}

TEST_CASE("javascript: module.exports objects and classes, object-literal accessors, prototype members") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(module.exports = {
  get url() { return this.req.url; },
  set url(value) { this.req.url = value; },
  get(field) {},
  format,
};
module.exports.Application = class Application extends Emitter {
  listen() {}
};
WebSocket.prototype.addEventListener = addEventListener;
function setup() {
  duplex.options = { hidden: 1 };
  this.state = { alsoHidden: 1 };
}
)",
                      "exports.js");
  CHECK(outline(result) == std::vector<std::string>{
                               "variable exports@1",
                               "getter exports.url@2",
                               "setter exports.url@3",
                               "method exports.get@4",
                               "property exports.format@5",
                               "class Application@7",
                               "method Application.listen@8",
                               "property addEventListener@10",
                               "function setup@11",
                           });
}

TEST_CASE("javascript: the keys of an object literal bound in an arrow function are locals") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(test('adds', async () => {
  const todo = { id: 1, text: 'a', nested: { deep: 2 }, get size() { return 1; } };
  expect(add({ pages: [1] })).toBe(1);
});
Store.prototype.get = storeGet;
)",
                      "arrow-locals.js");
  CHECK(outline(result) == std::vector<std::string>{"property get@5"});
}

TEST_CASE("javascript: an object with methods built in a function body nests there with its keys") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(function Callbacks(options) {
  var list = [], self = {
    add: function () { return this; },
    size: 3,
    get count() { return list.length; },
  };
  var plain = { a: 1 };
  return self;
}
test('adds', () => {
  const todo = { done() {} };
  const fake = () => 1;
});
jQuery.extend({
  Deferred: function () {
    var promise = { then: function () {} };
    var pipe = function () {};
  },
});
)",
                      "callbacks.js");
  // An object literal without methods stays a local, and so do the bindings of a callback passed
  // as an argument; those of a function that is an object literal's key are definitions (the
  // object is no symbol: they have no parent).
  CHECK(outline(result) == std::vector<std::string>{"function Callbacks@1", "variable Callbacks.self@2",
                                                    "method Callbacks.self.add@3", "property Callbacks.self.size@4",
                                                    "getter Callbacks.self.count@5", "variable promise@16",
                                                    "method promise.then@16", "function pipe@17"});
}

TEST_CASE("javascript: module-level destructuring binds one definition per name") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(const { isArray, prototype: objectProto } = Array;
let [first, second] = pair;
var { a } = source;
const { readFile } = require('fs');
function f() { const { hidden } = options; }
)",
                      "destructure.js");
  CHECK(outline(result) == std::vector<std::string>{"constant isArray@1", "constant objectProto@1", "variable first@2",
                                                    "variable second@2", "variable a@3", "function f@5"});
}

TEST_CASE("javascript: basic fixture") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, read_fixture("basic.js"), "basic.js");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 53);                     // three keys of headerNames, written as strings
  CHECK(count_kind(result, SymbolKind::function) == 17);  // one nested in loadState
  CHECK(count_kind(result, SymbolKind::class_) == 2);
  CHECK(count_kind(result, SymbolKind::method) == 9);  // one in an object literal
  CHECK(count_kind(result, SymbolKind::constructor) == 2);
  CHECK(count_kind(result, SymbolKind::getter) == 3);
  CHECK(count_kind(result, SymbolKind::setter) == 1);
  CHECK(count_kind(result, SymbolKind::field) == 4);
  CHECK(count_kind(result, SymbolKind::constant) == 6);
  CHECK(count_kind(result, SymbolKind::variable) == 4);

  CHECK(top_level(result) == std::vector<std::string>{"constant MAX_ATTEMPTS@15",
                                                      "constant BASE_DELAY_MS@18",
                                                      "constant DEFAULT_STATE_FILE@20",
                                                      "variable activeQueues@22",
                                                      "variable verbose@23",
                                                      "function backoffDelay@30",
                                                      "function sleep@37",
                                                      "function isRetryable@40",
                                                      "function loadState@49",
                                                      "function saveState@64",
                                                      "class Job@73",
                                                      "class JobQueue@110",
                                                      "function batches@202",
                                                      "function summarize@214",
                                                      "function reportMetrics@221",
                                                      "function activeQueueCount@228",
                                                      "constant DEFAULT_OPTIONS@232",
                                                      "variable lastRun@237",
                                                      "function main@246",
                                                      "function runCli@272",
                                                      "function version@279",
                                                      "function enqueueAll@292",
                                                      "function drainAndClose@296",
                                                      "constant legacy@310",
                                                      "variable registry@318",
                                                      "function register@320",
                                                      "function lookup@327",
                                                      "constant headerNames@338"});

  const auto& backoff = symbol(result, "backoffDelay");
  CHECK(backoff.span.end_line == 34);
  CHECK(backoff.signature == "function backoffDelay(attempt)");
  CHECK(backoff.doc ==
        "Delay before the given attempt, with exponential backoff and a little jitter.\n"
        "@param {number} attempt 1-based attempt number\n@returns {number} milliseconds");
  CHECK(symbol(result, "isRetryable").doc.empty());
  CHECK(symbol(result, "Job.nextId").doc == "Identifiers are unique within a queue.");
  CHECK(symbol(result, "JobQueue").signature == "class JobQueue extends EventEmitter");
  CHECK(symbol(result, "JobQueue.#drain").kind == SymbolKind::method);
  CHECK(symbol(result, "JobQueue.#drain").span.start_line == 148);
  CHECK(symbol(result, "JobQueue.pending").signature == "*pending()");
  CHECK(symbol(result, "JobQueue.size").kind == SymbolKind::getter);
  CHECK(symbol(result, "JobQueue.fromEnvironment").signature == "static fromEnvironment(env = process.env)");
  CHECK(count_symbols(result, "JobQueue.paused") == 2);  // setter and getter
  CHECK(symbol(result, "batches").signature == "function* batches(items, size)");
  CHECK(symbol(result, "runCli").signature == "exports.runCli = function runCli()");
  CHECK(count_symbols(result, "emptyState") == 0);  // local to loadState

  CHECK(imports(result) == std::vector<std::string>{"fs@8", "path@9", "events@10", "./format.js@11", "./log.js@12",
                                                    "./metrics/reporter.js@223", "./format.js@240", "./errors.js@241",
                                                    "os@333"});
  CHECK(enclosing(result, "emptyState", 53) == "loadState");
  CHECK(enclosing(result, "#attempt", 154) == "JobQueue.#drain");
  CHECK(enclosing(result, "Job", 141) == "JobQueue.add");
  CHECK(enclosing(result, "backoffDelay", 175) == "JobQueue.#attempt");
  CHECK(enclosing(result, "register", 332) == "-");
  CHECK(enclosing(result, "EventEmitter", 110) == "JobQueue");
}

TEST_CASE("javascript: advanced fixture (JSX, class fields, generators, mixins)") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, read_fixture("advanced.jsx"), "advanced.jsx");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 48);                     // Card.propTypes = {…} and its two keys among them
  CHECK(count_kind(result, SymbolKind::function) == 18);  // two nested in functions (Column's onDrop)
  CHECK(count_kind(result, SymbolKind::class_) == 2);
  CHECK(count_kind(result, SymbolKind::method) == 10);  // two in object literals
  CHECK(count_kind(result, SymbolKind::constant) == 6);
  CHECK(count_kind(result, SymbolKind::field) == 5);
  CHECK(count_kind(result, SymbolKind::getter) == 2);

  CHECK(top_level(result) == std::vector<std::string>{"constant BoardContext@10",   "constant CARD_HEIGHT@12",
                                                      "constant HISTORY_LIMIT@13",  "constant Actions@16",
                                                      "class History@26",           "function boardReducer@61",
                                                      "function useBoard@89",       "function useDebouncedCallback@98",
                                                      "function BoardProvider@109", "function Card@117",
                                                      "variable propTypes@127",     "function LabelList@132",
                                                      "function SearchField@143",   "function Column@149",
                                                      "function startDrag@167",     "function Badge@171",
                                                      "function Notifying@176",     "class Board@187",
                                                      "function Spinner@244",       "function Toast@248",
                                                      "function boardEvents@257",   "constant AdminPanel@275",
                                                      "variable renderCount@277",   "function withRenderCount@279",
                                                      "constant selectors@288",     "function groupCards@293"});

  std::vector<std::string> board_members;
  for (const auto& s : result.symbols)
    if (s.parent >= 0 && result.symbols[s.parent].qualified_name == "Board")
      board_members.push_back(std::string(ax::sdk::to_string(s.kind)) + " " + s.name);
  CHECK(board_members == std::vector<std::string>{"field defaultProps", "field state", "field searchRef",
                                                  "method componentDidMount", "method componentDidUpdate",
                                                  "method reload", "method handleSearch", "getter visibleColumns",
                                                  "method render"});

  CHECK(symbol(result, "History.#past").kind == SymbolKind::field);
  CHECK(symbol(result, "History.[Symbol.iterator]").span.start_line == 51);
  CHECK(symbol(result, "Card").doc == "One card; memoised because boards re-render on every drag event.");
  CHECK(symbol(result, "SearchField").signature == "const SearchField = forwardRef((props, ref) =>");
  CHECK(symbol(result, "boardEvents").signature == "async function* boardEvents(boardId, signal)");
  CHECK(symbol(result, "Board").signature == "class Board extends Notifying(React.Component)");
  CHECK(symbol(result, "Board.reload").doc == "Reloads the board from the server.");
  CHECK(count_symbols(result, "notify") == 0);   // method of an anonymous mixin class
  CHECK(count_symbols(result, "Counted") == 0);  // local component inside withRenderCount

  CHECK(imports(result) == std::vector<std::string>{"react@5", "prop-types@6", "../services/api@7", "./board.css@8",
                                                    "./AdminPanel.jsx@275"});
  CHECK(enclosing(result, "LabelList", 122) == "Card");
  CHECK(enclosing(result, "Column", 235) == "Board.render");
  CHECK(enclosing(result, "Provider", 113) == "BoardProvider");
  CHECK(enclosing(result, "Notifying", 187) == "Board");
  CHECK(enclosing(result, "useReducer", 110) == "BoardProvider");
  CHECK(enclosing(result, "setState", 180) == "Notifying");
}

// A broken arrow function between a function and a class, and a function after them.
constexpr std::string_view kBrokenJavaScript = R"(export function good() {
  return 1;
}

const broken = (a, ;

class Fine {
  method() {
    return good();
  }
}

function alsoGood() {}
)";

TEST_CASE("javascript: syntax errors give partial results") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, kBrokenJavaScript, "broken.js");
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "good") == 1);
  CHECK(symbol(result, "good").span.start_line == 1);
  // The recovered class body has no class symbol: its method must not pose as a function.
  CHECK(count_symbols(result, "method") == 0);
  CHECK(has_reference(result, "good", ReferenceKind::call));
}

// The grammar's error recovery nests the declaration after the error inside the broken one; a
// function declared there is still a definition, so it is kept.
TEST_CASE("javascript: syntax errors give partial results: the declaration after the error") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, kBrokenJavaScript, "broken.js");
  CHECK(symbol(result, "alsoGood").span.start_line == 13);
}

TEST_CASE("javascript: empty and whitespace-only files") {
  ax::lang::JavaScriptLanguage javascript;
  for (const char* source : {"", "\n\n   \t\n", "// only a comment\n", "#!/usr/bin/env node\n"}) {
    auto result = parse(javascript, source, "empty.js");
    CHECK(result.symbols.empty());
    CHECK(result.imports.empty());
    CHECK(result.references.empty());
    CHECK_FALSE(result.had_syntax_errors);
  }
}

TEST_CASE("javascript: garbage and binary input do not crash") {
  ax::lang::JavaScriptLanguage javascript;
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919 + 13) % 256));
  for (const std::string& source :
       {binary, std::string("\0\0\0function\0(", 13), std::string(2000, '{'), std::string(500, '(') + "class",
        std::string("/** unterminated doc\nfunction f() {}"), std::string("<div><<<>>></div>"),
        std::string("class { get }} set (( constructor")}) {
    auto result = parse(javascript, source, "garbage.js");
    CHECK(result.had_syntax_errors);
    for (const auto& s : result.symbols) {
      CHECK_FALSE(s.name.empty());
      CHECK(s.span.start_line >= 1);
    }
  }
}

TEST_CASE("javascript: import kinds: static, re-export, require and dynamic import") {
  ax::lang::JavaScriptLanguage javascript;
  CHECK(ax::lang::testing::imports_with_kinds(javascript, R"(import fs from "node:fs";
import "./side-effect.css";
export { helper } from "./helper.js";
export * from "./all.js";
const express = require("express");
async function load() { return import("./lazy.mjs"); }
)",
                                              "kinds.mjs") ==
        std::vector<std::string>{"import node:fs@1", "import ./side-effect.css@2", "export ./helper.js@3",
                                 "export ./all.js@4", "require express@5", "dynamic ./lazy.mjs@6"});
}

TEST_CASE("javascript: a key written as a string is named by the string's value, escapes decoded") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(var letters = {
  'content-type': 1,
  '\xc0': 'A',
  "\u0100": 'A',
  '\u{1F600}': 'smile',
  '\uD83D\uDE00': 'smile',
  'a\'b': 2,
  '': 'no name',
  "plain"() {},
};
)",
                      "keys.js");
  CHECK(outline(result) == std::vector<std::string>{"variable letters@1", "property letters.content-type@2",
                                                    "property letters.\xc3\x80@3", "property letters.\xc4\x80@4",
                                                    "property letters.\xf0\x9f\x98\x80@5",
                                                    "property letters.\xf0\x9f\x98\x80@6", "property letters.a'b@7",
                                                    "method letters.plain@9"});
}

TEST_CASE("javascript: decoded_string_literal reads every JavaScript escape") {
  using ax::lang::decoded_string_literal;
  CHECK(decoded_string_literal(R"('\x41\u0042\u{43}')") == "ABC");
  CHECK(decoded_string_literal(R"("tab\there\nline")") == "tab\there\nline");
  CHECK(decoded_string_literal("'joined \\\nline'") == "joined line");  // a line continuation
  CHECK(decoded_string_literal(R"('\uD83D\uDE00')") == "\xf0\x9f\x98\x80");
  CHECK(decoded_string_literal(R"('\uD83D!')") == "\xef\xbf\xbd!");  // a lone surrogate
  CHECK(decoded_string_literal(R"('\q\'\\')") == "q'\\");
  CHECK(decoded_string_literal(R"('\x4')") == "x4");  // too short to be an escape: the letter stands
  CHECK(decoded_string_literal("unquoted\\x41") == "unquotedA");
}

TEST_CASE("javascript: a function assigned to a property in a function body is a definition nested there") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(define(["./core"], function (jQuery) {
  jQuery.Callbacks = function (options) {};
});

function usage(yargs) {
  const self = {};
  self.showHelp = function showHelpFn(level) {};
  self.reset = () => self;
  const local = function () {};
  return self;
}

class Emitter {
  constructor() {
    this.onData = function () {};
  }
}
)",
                      "factory.js");
  // The escaping functions are kept (a named one's own name nests in it), and so is a local binding
  // of a function (a helper); the arrow function set on self (a callback hook more often than a
  // method) and the binding of an object are not.
  CHECK(outline(result) ==
        std::vector<std::string>{"function Callbacks@2", "function usage@5", "function usage.showHelp@7",
                                 "function usage.showHelp.showHelpFn@7", "function usage.local@9", "class Emitter@13",
                                 "constructor Emitter.constructor@14", "function Emitter.constructor.onData@15"});
}

TEST_CASE("javascript: an object with methods set on an object in a function body nests there with its keys") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(function Widget() {
  this.handlers = {
    onClick: function () {},
    onKey() {},
    delay: 10,
  };
  self.api = { call: function () {} };
  this.state = { open: false };
}
app.routes = { home: function () {} };
describe('env', () => {
  process.env = { NODE_ENV: 'test' };
  helpers.fake = { run: function () {} };
});
)",
                      "handlers.js");
  // Like a binding holding methods (`var self = { add: function () {…} }`); an object without
  // methods (`this.state`) stays a local, and so does any object set in an anonymous callback;
  // at module level the object is the module's own.
  CHECK(outline(result) ==
        std::vector<std::string>{"function Widget@1", "variable Widget.handlers@2", "method Widget.handlers.onClick@3",
                                 "method Widget.handlers.onKey@4", "property Widget.handlers.delay@5",
                                 "variable Widget.api@7", "method Widget.api.call@7", "variable routes@10",
                                 "method routes.home@10"});
}

TEST_CASE("javascript: an object literal assigned to a prototype holds the members of its class") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(function Data() {}
Data.prototype = {
  cache: function (owner) {},
  get size() { return 0; },
  uid: 1,
};
module.exports = { Data };
)",
                      "data.js");
  CHECK(outline(result) == std::vector<std::string>{"function Data@1", "class Data@2", "method Data.cache@3",
                                                    "getter Data.size@4", "property Data.uid@5", "variable exports@7",
                                                    "property exports.Data@7"});
}

TEST_CASE("javascript: the body of a module wrapper (AMD factory, UMD factory, IIFE) is module scope") {
  ax::lang::JavaScriptLanguage javascript;
  auto result = parse(javascript, R"(define(["./core"], function (jQuery) {
var rquery = /\?/,
  access = function (elems, fn) {},
  wrapMap = { option: [1], _default: [0] },
  cache = {};
function Data() {}
Data.prototype = {
  get: function (owner) {},
};
jQuery.easing = { linear: function (p) {} };
jQuery.Event.prototype = { isSimulated: false };
});
(function (root, factory) {
  root.lib = factory();
})(this, function () {
  const VERSION = "1";
  const create = () => {};
});
!function () {
  var Tween = class {};
}();
(() => {
  var helper = function () {};
})();
(function () {
  var later = function () {};
}).call(this);
describe("suite", function () {
  var local = function () {};
  var settings = { retries: 2 };
});
function outer() {
  (function () {
    var inner = function () {};
  })();
}
)",
                      "wrappers.js");
  // Functions, classes, objects with keys and property assignments in a wrapper are the module's;
  // its other bindings (`rquery`, an empty cache) are private state. A callback's body (`describe`)
  // is no wrapper, nor is an IIFE inside a function: a function bound there is a local of the
  // callback (`local`, with no definition around it) or nested in the enclosing one (`outer.inner`).
  CHECK(outline(result) ==
        std::vector<std::string>{
            "function access@3", "variable wrapMap@4", "property wrapMap.option@4", "property wrapMap._default@4",
            "function Data@6", "class Data@7", "method Data.get@8", "variable easing@10", "method easing.linear@10",
            "class Event@11", "property Event.isSimulated@11", "function create@17", "class Tween@20",
            "function helper@23", "function later@26", "function outer@32", "function outer.inner@34"});
}
