#include "python_tags_walk.hpp"

#include <initializer_list>

namespace ax::lang {
namespace {

using Node = PythonTagWalker::Node;
using Field = PythonTagWalker::Field;
using sdk::ReferenceKind;
using sdk::SymbolKind;

// The numbers of the patterns of queries/tags.scm, in the order they are written there.
enum Pattern : std::uint16_t {
  enum_class,
  protocol_class,
  generic_protocol_class,
  plain_class,
  property,
  setter,
  getter,
  constructor,
  function,
  enum_member,
  class_constant,
  class_field,
  type_alias,
  generic_type_alias,
  annotated_type_alias,
  type_variable,
  lambda_function,
  module_constant,
  module_variable,
  block_constant,
  nested_block_constant,
  block_variable,
  nested_block_variable,
  unpacked_variable,
  import_name,
  import_aliased_name,
  import_from,
  import_from_wildcard,
  call_of_identifier,
  call_of_attribute,
  decorator_identifier,
  decorator_attribute,
  base_class,
  generic_base_class,
  type_identifier,
  type_attribute,
  type_generic,
  union_left,
  union_right,
  union_left_left,
  union_left_right,
};

bool identifier_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool identifier_char(char c) { return identifier_start(c) || (c >= '0' && c <= '9'); }

// `^([A-Za-z_][A-Za-z0-9_]*\.)?(one|of|names)$`: a name, bare or behind one module alias.
bool is_maybe_qualified(std::string_view text, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (text == name) return true;
    if (text.size() < name.size() + 2 || !text.ends_with(name) || text[text.size() - name.size() - 1] != '.') continue;
    const std::string_view module = text.substr(0, text.size() - name.size() - 1);
    if (!identifier_start(module.front())) continue;
    bool valid = true;
    for (char c : module) valid = valid && identifier_char(c);
    if (valid) return true;
  }
  return false;
}

bool is_enum_base(std::string_view text) {
  return is_maybe_qualified(text, {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"});
}
bool is_protocol_base(std::string_view text) { return is_maybe_qualified(text, {"Protocol"}); }

// `^[A-Z][A-Z0-9_]*$`
bool is_upper_case(std::string_view text) {
  if (text.empty() || text.front() < 'A' || text.front() > 'Z') return false;
  for (char c : text)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

PythonTagWalker::PythonTagWalker(const TSLanguage* language)
    : kinds_(language,
             {
                 {"module", Node::module},
                 {"class_definition", Node::class_definition},
                 {"decorated_definition", Node::decorated_definition},
                 {"decorator", Node::decorator},
                 {"function_definition", Node::function_definition},
                 {"block", Node::block},
                 {"expression_statement", Node::expression_statement},
                 {"assignment", Node::assignment},
                 {"string", Node::string},
                 {"identifier", Node::identifier},
                 {"attribute", Node::attribute},
                 {"argument_list", Node::argument_list},
                 {"subscript", Node::subscript},
                 {"type_alias_statement", Node::type_alias_statement},
                 {"type", Node::type},
                 {"generic_type", Node::generic_type},
                 {"call", Node::call},
                 {"lambda", Node::lambda},
                 {"pattern_list", Node::pattern_list},
                 {"tuple_pattern", Node::tuple_pattern},
                 {"import_statement", Node::import_statement},
                 {"import_from_statement", Node::import_from_statement},
                 {"aliased_import", Node::aliased_import},
                 {"dotted_name", Node::dotted_name},
                 {"relative_import", Node::relative_import},
                 {"wildcard_import", Node::wildcard_import},
                 {"binary_operator", Node::binary_operator},
             }),
      fields_{0,
              field_id(language, "name"),
              field_id(language, "body"),
              field_id(language, "superclasses"),
              field_id(language, "definition"),
              field_id(language, "left"),
              field_id(language, "right"),
              field_id(language, "type"),
              field_id(language, "function"),
              field_id(language, "attribute"),
              field_id(language, "value"),
              field_id(language, "module_name")} {}

// One walk: the walker's tables, the file and the matches found so far.
class PythonTagWalker::Walk {
 public:
  Walk(const PythonTagWalker& walker, std::string_view source, TagMatches& matches)
      : w_(walker), source_(source), matches_(matches) {}

  void visit(TSNode node) {
    switch (w_.kinds_(node)) {
      case Node::class_definition:
        class_definition(node);
        break;
      case Node::decorated_definition:
        decorated_definition(node);
        break;
      case Node::function_definition:
        each(node, Field::name, Node::identifier, [&](TSNode name) {
          each(node, Field::body, Node::block,
               [&](TSNode body) { define(node, name, SymbolKind::function, function, doc_of(body)); });
        });
        break;
      case Node::type_alias_statement:
        each(node, Field::left, Node::type, [&](TSNode type) {
          each(type, Field::any, Node::identifier,
               [&](TSNode name) { define(node, name, SymbolKind::type, type_alias); });
          each(type, Field::any, Node::generic_type, [&](TSNode generic) {
            each(generic, Field::any, Node::identifier,
                 [&](TSNode name) { define(node, name, SymbolKind::type, generic_type_alias); });
          });
        });
        break;
      case Node::module:
        module(node);
        break;
      case Node::import_statement:
        each(node, Field::name, [&](TSNode name) {
          if (w_.kinds_.is(name, Node::dotted_name)) import(name, "import");
          if (w_.kinds_.is(name, Node::aliased_import))
            each(name, Field::name, Node::dotted_name, [&](TSNode dotted) { import(dotted, "import"); });
        });
        break;
      case Node::import_from_statement:
        import_from(node);
        break;
      case Node::call:
        each(node, Field::function, [&](TSNode function) {
          if (w_.kinds_.is(function, Node::identifier)) reference(function, ReferenceKind::call, call_of_identifier);
          if (w_.kinds_.is(function, Node::attribute))
            each(function, Field::attribute, Node::identifier,
                 [&](TSNode name) { reference(name, ReferenceKind::call, call_of_attribute); });
        });
        break;
      case Node::decorator:
        each(node, Field::any, [&](TSNode applied) {
          if (w_.kinds_.is(applied, Node::identifier)) reference(applied, ReferenceKind::call, decorator_identifier);
          if (w_.kinds_.is(applied, Node::attribute))
            each(applied, Field::attribute, Node::identifier, [&](TSNode name) {
              const std::string_view accessor = text(name);
              if (accessor != "setter" && accessor != "getter" && accessor != "deleter")
                reference(name, ReferenceKind::call, decorator_attribute);
            });
        });
        break;
      case Node::type:
        type_uses(node);
        break;
      default:
        break;
    }
  }

 private:
  std::string_view text(TSNode node) const { return node_text(node, source_); }
  TSFieldId field_of(Field field) const { return w_.fields_[static_cast<std::size_t>(field)]; }

  void define(TSNode definition, TSNode name, SymbolKind kind, Pattern pattern, TSNode doc = {}) {
    matches_.definitions.push_back({definition, name, kind, pattern, doc});
  }
  void reference(TSNode name, ReferenceKind kind, Pattern pattern) {
    matches_.references.push_back({name, kind, pattern});
  }
  void import(TSNode specifier, std::string_view kind, TSNode member = {}) {
    matches_.imports.push_back({specifier, kind, member});
  }

  // Calls visit(child) for each child of `node` in `field` (any child for Field::any).
  template <typename Visit>
  void each(TSNode node, Field field, Visit&& visit) {
    const TSFieldId id = field_of(field);
    if (field != Field::any && id == 0) return;  // a field the grammar lacks holds nothing
    children_.for_each_child(node, [&](TSNode child, TSFieldId child_field) {
      if (field == Field::any || child_field == id) visit(child);
    });
  }
  // The same, for the children of one kind.
  template <typename Visit>
  void each(TSNode node, Field field, Node kind, Visit&& visit) {
    each(node, field, [&](TSNode child) {
      if (w_.kinds_.is(child, kind)) visit(child);
    });
  }

  // `body: (block . (expression_statement (string) @doc)?)`: the string of a first statement
  // (comments count: a comment first means no docstring); a null node when there is none.
  TSNode doc_of(TSNode body) {
    const TSNode first = ts_node_named_child(body, 0);
    TSNode doc{};
    if (w_.kinds_.is(first, Node::expression_statement))
      each(first, Field::any, Node::string, [&](TSNode string) {
        if (ts_node_is_null(doc)) doc = string;
      });
    return doc;
  }

  void class_definition(TSNode node) {
    // Bases as they are written, `Enum`, `enum.Enum`, and generic ones, `Protocol[T]`.
    bool enum_base = false, protocol_base = false, generic_protocol_base = false;
    each(node, Field::superclasses, Node::argument_list, [&](TSNode bases) {
      each(bases, Field::any, [&](TSNode base) {
        const Node kind = w_.kinds_(base);
        if (kind == Node::identifier || kind == Node::attribute) {
          enum_base = enum_base || is_enum_base(text(base));
          protocol_base = protocol_base || is_protocol_base(text(base));
          if (kind == Node::identifier) reference(base, ReferenceKind::reference, base_class);
          if (kind == Node::attribute)
            each(base, Field::attribute, Node::identifier,
                 [&](TSNode name) { reference(name, ReferenceKind::reference, base_class); });
        }
        if (kind == Node::subscript)
          each(base, Field::value, [&](TSNode value) {
            const Node value_kind = w_.kinds_(value);
            if (value_kind != Node::identifier && value_kind != Node::attribute) return;
            generic_protocol_base = generic_protocol_base || is_protocol_base(text(value));
            if (value_kind == Node::identifier) reference(value, ReferenceKind::reference, generic_base_class);
            if (value_kind == Node::attribute)
              each(value, Field::attribute, Node::identifier,
                   [&](TSNode name) { reference(name, ReferenceKind::reference, generic_base_class); });
          });
      });
    });
    each(node, Field::name, Node::identifier, [&](TSNode name) {
      each(node, Field::body, Node::block, [&](TSNode body) {
        const TSNode doc = doc_of(body);
        if (enum_base) define(node, name, SymbolKind::enum_, enum_class, doc);
        if (protocol_base) define(node, name, SymbolKind::interface, protocol_class, doc);
        if (generic_protocol_base) define(node, name, SymbolKind::interface, generic_protocol_class, doc);
        define(node, name, SymbolKind::class_, plain_class, doc);
      });
    });
    each(node, Field::body, Node::block, [&](TSNode body) {
      // `def __init__` directly in the body.
      each(body, Field::any, Node::function_definition, [&](TSNode method) {
        each(method, Field::name, Node::identifier, [&](TSNode name) {
          if (text(name) != "__init__") return;
          each(method, Field::body, Node::block, [&](TSNode method_body) {
            define(method, name, SymbolKind::constructor, constructor, doc_of(method_body));
          });
        });
      });
      // Class attributes.
      assignments_in(body, [&](TSNode assignment, TSNode name) {
        if (enum_base) define(assignment, name, SymbolKind::enum_member, enum_member);
        if (is_upper_case(text(name))) define(assignment, name, SymbolKind::constant, class_constant);
        define(assignment, name, SymbolKind::field, class_field);
      });
    });
  }

  // Calls found(assignment, name) for `name = …` statements directly in `block`.
  template <typename Found>
  void assignments_in(TSNode block, Found&& found) {
    each(block, Field::any, Node::expression_statement, [&](TSNode statement) {
      each(statement, Field::any, Node::assignment, [&](TSNode assignment) {
        each(assignment, Field::left, Node::identifier, [&](TSNode name) { found(assignment, name); });
      });
    });
  }

  void decorated_definition(TSNode node) {
    bool property_decorator = false, setter_decorator = false, getter_decorator = false;
    each(node, Field::any, Node::decorator, [&](TSNode decorator) {
      each(decorator, Field::any, [&](TSNode applied) {
        const Node kind = w_.kinds_(applied);
        if (kind != Node::identifier && kind != Node::attribute) return;
        const std::string_view name = text(applied);
        property_decorator = property_decorator || name == "property" || name == "cached_property" ||
                             name == "functools.cached_property" || name == "abc.abstractproperty";
        if (kind == Node::attribute)
          each(applied, Field::attribute, Node::identifier, [&](TSNode accessor) {
            setter_decorator = setter_decorator || text(accessor) == "setter";
            getter_decorator = getter_decorator || text(accessor) == "getter";
          });
      });
    });
    if (!property_decorator && !setter_decorator && !getter_decorator) return;
    each(node, Field::definition, Node::function_definition, [&](TSNode function) {
      each(function, Field::name, Node::identifier, [&](TSNode name) {
        each(function, Field::body, Node::block, [&](TSNode body) {
          const TSNode doc = doc_of(body);
          if (property_decorator) define(function, name, SymbolKind::property, property, doc);
          if (setter_decorator) define(function, name, SymbolKind::setter, setter, doc);
          if (getter_decorator) define(function, name, SymbolKind::getter, getter, doc);
        });
      });
    });
  }

  // Any named node but an error: the query's `(_)`.
  static bool wildcard(TSNode node) { return ts_node_is_named(node) && !ts_node_is_error(node); }

  void module(TSNode node) {
    each(node, Field::any, Node::expression_statement, [&](TSNode statement) { module_statement(statement); });
    // Blocks one or two levels under a module-level statement.
    auto block_names = [&](TSNode block, Pattern constant, Pattern variable) {
      assignments_in(block, [&](TSNode assignment, TSNode name) {
        if (is_upper_case(text(name))) define(assignment, name, SymbolKind::constant, constant);
        define(assignment, name, SymbolKind::variable, variable);
      });
    };
    each(node, Field::any, [&](TSNode outer) {
      if (!wildcard(outer)) return;
      each(outer, Field::any, [&](TSNode inner) {
        if (w_.kinds_.is(inner, Node::block)) block_names(inner, block_constant, block_variable);
        if (!wildcard(inner)) return;
        each(inner, Field::any, Node::block,
             [&](TSNode block) { block_names(block, nested_block_constant, nested_block_variable); });
      });
    });
  }

  void module_statement(TSNode statement) {
    each(statement, Field::any, Node::assignment, [&](TSNode assignment) {
      each(assignment, Field::left, Node::identifier, [&](TSNode name) {
        each(assignment, Field::type, Node::type, [&](TSNode annotation) {
          if (is_maybe_qualified(text(annotation), {"TypeAlias"}))
            define(assignment, name, SymbolKind::type, annotated_type_alias);
        });
        each(assignment, Field::right, [&](TSNode value) {
          if (w_.kinds_.is(value, Node::lambda)) define(assignment, name, SymbolKind::function, lambda_function);
          if (!w_.kinds_.is(value, Node::call)) return;
          each(value, Field::function, [&](TSNode factory) {
            const Node kind = w_.kinds_(factory);
            if ((kind == Node::identifier || kind == Node::attribute) &&
                is_maybe_qualified(text(factory), {"TypeVar", "ParamSpec", "TypeVarTuple", "NewType"}))
              define(assignment, name, SymbolKind::type, type_variable);
          });
        });
        if (is_upper_case(text(name))) define(assignment, name, SymbolKind::constant, module_constant);
        define(assignment, name, SymbolKind::variable, module_variable);
      });
      // `a, b = …`: each name is its own definition.
      each(assignment, Field::left, [&](TSNode targets) {
        if (!w_.kinds_.is(targets, Node::pattern_list) && !w_.kinds_.is(targets, Node::tuple_pattern)) return;
        each(targets, Field::any, Node::identifier,
             [&](TSNode name) { define(name, name, SymbolKind::variable, unpacked_variable); });
      });
    });
  }

  // `from m import a, b as c` imports m.a and m.b; `from m import *` imports m.
  void import_from(TSNode node) {
    each(node, Field::module_name, [&](TSNode module) {
      if (!w_.kinds_.is(module, Node::dotted_name) && !w_.kinds_.is(module, Node::relative_import)) return;
      each(node, Field::name, [&](TSNode name) {
        if (w_.kinds_.is(name, Node::dotted_name)) import(module, "from", name);
        if (w_.kinds_.is(name, Node::aliased_import))
          each(name, Field::name, Node::dotted_name, [&](TSNode member) { import(module, "from", member); });
      });
      each(node, Field::any, Node::wildcard_import, [&](TSNode) { import(module, "from"); });
    });
  }

  // Annotations: names, module attributes, generics and unions written with `|`.
  void type_uses(TSNode type) {
    auto use = [&](Pattern pattern) {
      return [this, pattern](TSNode name) { reference(name, ReferenceKind::reference, pattern); };
    };
    each(type, Field::any, [&](TSNode child) {
      switch (w_.kinds_(child)) {
        case Node::identifier:
          use(type_identifier)(child);
          break;
        case Node::attribute:
          each(child, Field::attribute, Node::identifier, use(type_attribute));
          break;
        case Node::generic_type:
          each(child, Field::any, Node::identifier, use(type_generic));
          break;
        case Node::binary_operator:
          each(child, Field::left, Node::identifier, use(union_left));
          each(child, Field::right, Node::identifier, use(union_right));
          each(child, Field::left, Node::binary_operator, [&](TSNode left) {
            each(left, Field::left, Node::identifier, use(union_left_left));
            each(left, Field::right, Node::identifier, use(union_left_right));
          });
          break;
        default:
          break;
      }
    });
  }

  const PythonTagWalker& w_;
  std::string_view source_;
  TagMatches& matches_;
  ChildCursors children_;
};

void PythonTagWalker::walk(TSNode root, std::string_view source, TagMatches& matches) const {
  Walk walk(*this, source, matches);
  walk_preorder(root, [&](TSNode node, TSNode, const TSTreeCursor&) { walk.visit(node); });
}

}  // namespace ax::lang
