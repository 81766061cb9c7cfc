#include "report.hpp"

#include <algorithm>
#include <map>

#include <ax/sdk/json.hpp>
#include <ax/sdk/text.hpp>

namespace ax::lint {
namespace fs = std::filesystem;

namespace {

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "warning";
}

// A byte column (1-based) of `line` as a column of Unicode code points, SARIF's columnKind.
std::uint32_t code_point_column(std::string_view line, std::uint32_t byte_column) {
  std::uint32_t column = 1;
  for (std::size_t i = 0; i + 1 < byte_column && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
  if (byte_column > line.size() + 1) column += byte_column - static_cast<std::uint32_t>(line.size()) - 1;
  return column;
}

std::string shown_path(const Report& report, const std::string& path) {
  if (report.shown_from.empty()) return path;
  fs::path relative = (report.root / path).lexically_relative(report.shown_from);
  std::string text = relative.string();
  return text.empty() ? path : text;
}

}  // namespace

std::string uri_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

FindingCounts count_findings(const std::vector<FileFindings>& files) {
  FindingCounts counts;
  for (const auto& file : files)
    for (const auto& finding : file.findings) {
      if (finding.severity == Severity::error) ++counts.error;
      if (finding.severity == Severity::warning) ++counts.warning;
      if (finding.severity == Severity::info) ++counts.info;
    }
  return counts;
}

void write_text(std::ostream& out, const Report& report) {
  for (const auto& file : report.files) {
    const std::string path = sdk::printable(shown_path(report, file.path));
    for (const auto& finding : file.findings) {
      out << path << ':' << finding.span.start_line << ':' << finding.span.start_column << ": "
          << to_string(finding.severity) << ": " << finding.message << " [" << finding.rule << "]\n";
      // The line as gcc shows it: number, bar, text; a caret under the column (tabs kept to align).
      std::string number = std::to_string(finding.span.start_line);
      std::string gutter(std::max<std::size_t>(number.size(), 4), ' ');
      out << std::string(gutter.size() - number.size(), ' ') << number << " | " << finding.line_text << '\n';
      std::string caret;
      for (std::size_t i = 0; i + 1 < finding.span.start_column && i < finding.line_text.size(); ++i)
        caret += finding.line_text[i] == '\t' ? '\t' : ' ';
      std::size_t width =
          finding.span.end_line == finding.span.start_line && finding.span.end_column > finding.span.start_column
              ? finding.span.end_column - finding.span.start_column
              : 1;
      width = std::min(width, finding.line_text.size() + 1 - std::min(finding.line_text.size(), caret.size()));
      caret += '^';
      if (width > 1) caret += std::string(width - 1, '~');
      out << gutter << " | " << caret << '\n';
      if (!finding.fix.empty()) out << gutter << " = fix: " << finding.fix << '\n';
    }
  }
  FindingCounts counts = count_findings(report.files);
  if (counts.total() > 0) {
    out << counts.total() << (counts.total() == 1 ? " finding" : " findings") << " (" << counts.error
        << (counts.error == 1 ? " error, " : " errors, ") << counts.warning
        << (counts.warning == 1 ? " warning, " : " warnings, ") << counts.info << " info) in " << report.files.size()
        << (report.files.size() == 1 ? " file" : " files") << '\n';
  }
}

void write_json(std::ostream& out, const Report& report) {
  sdk::JsonWriter json(out);
  json.begin_object();
  json.key("findings").begin_array();
  for (const auto& file : report.files)
    for (const auto& finding : file.findings) {
      json.begin_object()
          .field("path", file.path)
          .field("language", file.language)
          .field("line", finding.span.start_line)
          .field("column", finding.span.start_column)
          .field("end_line", finding.span.end_line)
          .field("end_column", finding.span.end_column)
          .field("severity", to_string(finding.severity))
          .field("rule", finding.rule)
          .field("message", finding.message);
      if (!finding.fix.empty()) json.field("fix", finding.fix);
      json.field("source_line", finding.line_text).end_object();
    }
  json.end_array();
  json.key("rule_problems").begin_array();
  for (const auto& problem : report.problems)
    json.begin_object()
        .field("file", problem.file)
        .field("line", problem.line)
        .field("message", problem.message)
        .end_object();
  json.end_array();
  FindingCounts counts = count_findings(report.files);
  json.key("summary")
      .begin_object()
      .field("files", report.considered)
      .field("linted", report.linted)
      .field("from_cache", report.cached)
      .field("errors", counts.error)
      .field("warnings", counts.warning)
      .field("info", counts.info)
      .end_object();
  json.end_object();
  out << '\n';
}

void write_sarif(std::ostream& out, const Report& report, const std::string& version) {
  // SARIF names a rule once per run; a rule id defined for several languages is one reportingDescriptor.
  std::vector<const Rule*> descriptors;
  std::map<std::string, std::size_t> rule_index;
  for (const auto& rule : report.rules) {
    if (rule_index.count(rule.id)) continue;
    rule_index[rule.id] = descriptors.size();
    descriptors.push_back(&rule);
  }
  sdk::JsonWriter json(out);
  json.begin_object()
      .field("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
      .field("version", "2.1.0")
      .key("runs")
      .begin_array()
      .begin_object();
  json.key("tool").begin_object().key("driver").begin_object();
  json.field("name", "ax").field("version", version).field("semanticVersion", version);
  json.key("rules").begin_array();
  for (const Rule* rule : descriptors) {
    json.begin_object().field("id", rule->id).field("name", rule->id);
    json.key("shortDescription").begin_object().field("text", rule->message).end_object();
    if (!rule->fix.empty()) json.key("help").begin_object().field("text", rule->fix).end_object();
    json.key("defaultConfiguration").begin_object().field("level", sarif_level(rule->severity)).end_object();
    json.end_object();
  }
  json.end_array().end_object().end_object();  // rules, driver, tool
  std::string root_uri = "file://" + uri_path(report.root.string());
  if (root_uri.back() != '/') root_uri += '/';
  json.key("originalUriBaseIds")
      .begin_object()
      .key("%SRCROOT%")
      .begin_object()
      .field("uri", root_uri)
      .end_object()
      .end_object();
  json.field("columnKind", "unicodeCodePoints");
  json.key("results").begin_array();
  for (const auto& file : report.files)
    for (const auto& finding : file.findings) {
      json.begin_object().field("ruleId", finding.rule);
      if (auto it = rule_index.find(finding.rule); it != rule_index.end()) json.field("ruleIndex", it->second);
      json.field("level", sarif_level(finding.severity));
      json.key("message").begin_object().field("text", finding.message).end_object();
      json.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
      json.key("artifactLocation")
          .begin_object()
          .field("uri", uri_path(file.path))
          .field("uriBaseId", "%SRCROOT%")
          .end_object();
      json.key("region").begin_object().field("startLine", finding.span.start_line);
      json.field("startColumn", code_point_column(finding.line_text, finding.span.start_column));
      if (finding.span.end_line == finding.span.start_line) {
        json.field("endColumn", code_point_column(finding.line_text, finding.span.end_column));
      } else if (finding.span.end_line > finding.span.start_line) {
        json.field("endLine", finding.span.end_line);
      }
      json.key("snippet").begin_object().field("text", finding.line_text).end_object();
      json.end_object();                           // region
      json.end_object().end_object().end_array();  // physicalLocation, location, locations
      json.end_object();
    }
  json.end_array();
  json.end_object().end_array().end_object();  // run, runs, log
  out << '\n';
}

void write_rule_list(std::ostream& out, const std::vector<Rule>& rules, bool json_output) {
  if (json_output) {
    sdk::JsonWriter json(out);
    json.begin_array();
    for (const auto& rule : rules) {
      json.begin_object()
          .field("id", rule.id)
          .field("language", rule.language)
          .field("severity", to_string(rule.severity))
          .field("message", rule.message)
          .field("builtin", rule.builtin)
          .field("file", rule.file)
          .field("line", rule.line);
      if (!rule.fix.empty()) json.field("fix", rule.fix);
      json.end_object();
    }
    json.end_array();
    out << '\n';
    return;
  }
  std::size_t id_width = 4, language_width = 8;
  for (const auto& rule : rules) {
    id_width = std::max(id_width, rule.id.size());
    language_width = std::max(language_width, rule.language.size());
  }
  auto pad = [](std::string_view text, std::size_t width) {
    return std::string(text) + std::string(width > text.size() ? width - text.size() : 0, ' ');
  };
  out << pad("RULE", id_width) << "  " << pad("LANGUAGE", language_width) << "  SEVERITY  SOURCE    MESSAGE\n";
  for (const auto& rule : rules)
    out << pad(rule.id, id_width) << "  " << pad(rule.language, language_width) << "  "
        << pad(to_string(rule.severity), 8) << "  " << (rule.builtin ? "built-in" : "user    ") << "  " << rule.message
        << '\n';
}

}  // namespace ax::lint
