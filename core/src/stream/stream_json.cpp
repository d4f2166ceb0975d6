// StreamJsonWriter (hedl/stream.hpp): JSON text from stream events, with the
// rows and values written by the JSON writer itself (row_to_json,
// value_to_json), so the whole text is to_json()'s.
#include "hedl/json.hpp"
#include "hedl/stream.hpp"

namespace hedl {

StreamJsonWriter::StreamJsonWriter(Mode mode, std::string_view type, std::string_view separator)
    : mode_(mode), type_(type), separator_(separator) {}

void StreamJsonWriter::add(const StreamEvent &e, std::string &out) {
  if (mode_ == Mode::Rows) {
    if (e.kind != StreamEventKind::Row) return;
    if (type_.empty() ? e.row_depth != 0 : e.schema->type_name != type_) return;
    row_to_json(*e.row, *e.schema, {}, out);
    out += separator_;
    ++rows_;
    return;
  }
  auto sep = [&] {
    if (!first_.back()) out += ',';
    first_.back() = 0;
  };
  // Keys are key tokens: nothing to escape.
  auto key = [&] {
    sep();
    out += '"';
    out += e.key;
    out += "\":";
  };
  switch (e.kind) {
    case StreamEventKind::Header:
      out += '{';
      first_.assign(1, 1);
      break;
    case StreamEventKind::ObjectStart:
    case StreamEventKind::ListStart:
      key();
      out += e.kind == StreamEventKind::ObjectStart ? '{' : '[';
      first_ += '\1';
      break;
    case StreamEventKind::ObjectEnd:
    case StreamEventKind::ListEnd:
      out += e.kind == StreamEventKind::ObjectEnd ? '}' : ']';
      first_.pop_back();
      break;
    case StreamEventKind::Scalar:
      key();
      value_to_json(*e.value, out);
      break;
    case StreamEventKind::Row:
      if (e.row_depth) break;
      sep();
      row_to_json(*e.row, *e.schema, {}, out);
      ++rows_;
      break;
    case StreamEventKind::End: out += '}'; break;
  }
}

}  // namespace hedl
