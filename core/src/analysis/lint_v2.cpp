// Lint rules for HEDL 1.1+ and 2.0 documents (docs/format.md, "HEDL 2.0,
// beside 1.0"): directive spelling and order, row spelling upstream 2.0
// rejects, large inline blocks, plain child rows under several child types,
// and %C counts that differ from the rows.
#include <string>

#include "hedl/lint.hpp"
#include "hedl/stats.hpp"
#include "model/document_data.hpp"

namespace hedl::detail {

namespace {

void add(std::vector<Diagnostic> &out, std::string_view rule, Severity severity, std::string message,
         std::string suggestion, std::uint32_t line, std::uint32_t column) {
  out.push_back(Diagnostic{std::string(rule), severity, std::move(message), std::move(suggestion), line ? line : 1,
                           column ? column : 1});
}

const char *long_name(DirectiveKind k) {
  switch (k) {
    case DirectiveKind::Version: return "%VERSION -> %V";
    case DirectiveKind::Struct: return "%STRUCT -> %S";
    case DirectiveKind::Nest: return "%NEST -> %N";
    case DirectiveKind::Alias: return "%ALIAS -> %A";
    case DirectiveKind::Count: return "%COUNT -> %C";
    default: return "";
  }
}

// The body lines: `space-after-pipe` and `inline-children-over-5`.
void scan_body(const Document &doc, bool pipe, bool inline_over, std::vector<Diagnostic> &out) {
  std::string_view s = doc.source();
  std::size_t pos = 0;
  std::uint32_t line = 0;
  bool body = false;
  while (pos < s.size()) {
    std::size_t nl = s.find('\n', pos);
    std::string_view l = s.substr(pos, nl == std::string_view::npos ? s.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? s.size() : nl + 1;
    ++line;
    if (!body) {
      body = l.substr(0, 3) == "---";
      continue;
    }
    std::size_t i = l.find_first_not_of(' ');
    if (i == std::string_view::npos) continue;
    if (pipe && l[i] == '|' && i + 1 < l.size() && (l[i + 1] == ' ' || l[i + 1] == '\t'))
      add(out, "space-after-pipe", Severity::Warning, "space right after '|' in a v2.0 row",
          "write |a,b: upstream 2.0 parsers reject '| a'", line, static_cast<std::uint32_t>(i + 2));
    if (inline_over && l[i] == '@') {
      std::size_t h = l.find('#', i);
      std::size_t c = h == std::string_view::npos ? h : l.find(':', h);
      if (c == std::string_view::npos || c + 1 >= l.size() || l[c + 1] != '|') continue;
      std::uint64_t n = 0;
      for (std::size_t k = h + 1; k < c && k < h + 12; ++k)
        if (l[k] >= '0' && l[k] <= '9') n = n * 10 + static_cast<unsigned>(l[k] - '0');
      if (n > 5)
        add(out, "inline-children-over-5", Severity::Warning,
            "inline child block with " + std::to_string(n) + " children",
            "write it expanded: the declaration alone on its line, one row per line", line,
            static_cast<std::uint32_t>(i + 1));
    }
  }
}

}  // namespace

void lint_v2(const Document &doc, const LintConfig &config, std::vector<Diagnostic> &out) {
  bool v2 = doc.version_major() >= 2;
  bool ext = v2 || doc.version_minor() > 0;
  if (!ext) return;
  if (v2 && config.enabled("verbose-directive"))
    for (const Directive &d : doc.directives())
      if (d.verbose)
        add(out, "verbose-directive", Severity::Warning, "long directive name in a v2.0 document",
            std::string("use the compact form (") + long_name(d.kind) + ")", d.line, 1);
  if (config.enabled("directive-order")) {
    DirectiveKind last = DirectiveKind::Version;
    for (const Directive &d : doc.directives()) {
      if (d.kind < last) {
        add(out, "directive-order", Severity::Hint, "directive out of the canonical order",
            "order the header %V, %NULL, %QUOTE, %MODE, %A, %S, %N, %C, %PROMPT, %X- (hedl format does)", d.line, 1);
        break;
      }
      last = d.kind;
    }
  }
  bool pipe = v2 && config.enabled("space-after-pipe"), over = config.enabled("inline-children-over-5");
  if (pipe || over) scan_body(doc, pipe, over, out);
  if (config.enabled("ambiguous-child-row"))
    for (std::uint32_t line : DocumentAccess::data(doc).plain_multi_child_lines)
      add(out, "ambiguous-child-row", Severity::Warning,
          "plain child row under a parent with several child types: its type is guessed from its column count",
          "write it in a @Type#N: block", line, 1);
  if (config.enabled("count-mismatch") && !doc.counts().empty()) {
    std::vector<TypeCount> counts = count_entities(doc);
    for (const CountDirective &c : doc.counts()) {
      if (!c.field.empty()) continue;  // per-value counts are not checked
      std::uint64_t rows = 0;
      for (const TypeCount &t : counts)
        if (t.type == c.type) rows = t.count;
      if (rows != c.entries[0].count)
        add(out, "count-mismatch", Severity::Warning,
            "%C says " + std::string(c.type) + ".total=" + std::to_string(c.entries[0].count) +
                " but the document has " + std::to_string(rows) + " " + std::string(c.type) + " rows",
            "fix the count or the rows (the file may be truncated)", c.line, 1);
    }
  }
}

}  // namespace hedl::detail
