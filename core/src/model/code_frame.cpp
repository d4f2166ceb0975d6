// code_frame (hedl/error.hpp): where an error is, as plain text.
#include <cstring>
#include <string>
#include <string_view>

#include "hedl/error.hpp"

namespace hedl {

namespace {

constexpr std::size_t kMaxShown = 120;  // code points of a long line shown around the column
constexpr std::size_t kBefore = 60;     // of them before the column

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/// The byte offsets of the code points of `s` that start one (UTF-8 lead or
/// ASCII bytes; invalid bytes count as one each), plus s.size() at the end.
void code_point_starts(std::string_view s, std::string &scratch, std::size_t *&starts, std::size_t &n) {
  n = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!continuation(static_cast<unsigned char>(s[i]))) ++n;
  scratch.assign((n + 1) * sizeof(std::size_t), '\0');
  starts = reinterpret_cast<std::size_t *>(scratch.data());
  std::size_t k = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!continuation(static_cast<unsigned char>(s[i]))) starts[k++] = i;
  starts[n] = s.size();
}

/// Appends the bytes of `s`, control characters as '?' (tabs kept).
void append_shown(std::string &out, std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t') || u == 0x7F ? '?' : c;
  }
}

struct Window {
  std::string_view text;  // the part of the line shown
  bool cut_left = false, cut_right = false;
  std::size_t caret = 0;  // code points of `text` before the caret
};

Window window_of(std::string_view line, std::uint32_t column, std::string &scratch) {
  std::size_t *starts = nullptr, n = 0;
  code_point_starts(line, scratch, starts, n);
  std::size_t col = column ? std::min<std::size_t>(column - 1, n) : 0;  // the caret may sit just past the end
  Window w;
  std::size_t first = 0, last = n;
  if (n > kMaxShown) {
    first = col > kBefore ? col - kBefore : 0;
    if (first + kMaxShown > n) first = n - kMaxShown;
    last = first + kMaxShown;
  }
  w.text = line.substr(starts[first], starts[last] - starts[first]);
  w.cut_left = first > 0;
  w.cut_right = last < n;
  w.caret = col - first;
  return w;
}

}  // namespace

std::string code_frame(std::string_view text, std::uint32_t line, std::uint32_t column, std::uint32_t first_line) {
  if (line < first_line) return {};
  // Numbers are counted from the text's first line: `line` within the text.
  const std::uint32_t offset = first_line - 1;
  line -= offset;
  // The start of line `line - 1` (context), `line` and `line + 1`.
  std::string_view lines[3];
  bool have[3] = {false, false, false};
  std::size_t pos = 0;
  std::uint32_t at = 1;
  const std::uint32_t want_first = line > 1 ? line - 1 : 1;
  while (at < want_first) {
    const void *nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
    if (!nl) return {};
    pos = static_cast<std::size_t>(static_cast<const char *>(nl) - text.data()) + 1;
    ++at;
  }
  for (; at <= line + 1; ++at) {
    if (pos > text.size() || (pos == text.size() && at > line)) break;
    const void *nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
    std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - text.data()) : text.size();
    std::string_view l = text.substr(pos, end - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    std::size_t slot = at + 1 - line;  // 0: before, 1: the line, 2: after
    lines[slot] = l;
    have[slot] = true;
    if (!nl) {
      pos = text.size() + 1;
      continue;
    }
    pos = end + 1;
  }
  if (!have[1]) return {};
  const std::string widest = std::to_string(offset + (have[2] ? line + 1 : line));
  std::string out, scratch;
  auto gutter = [&](std::uint32_t n, bool mark) {
    std::string num = n ? std::to_string(n) : std::string();
    out += mark ? "> " : "  ";
    out.append(widest.size() - num.size(), ' ');
    out += num;
    out += " |";
  };
  for (std::size_t slot = 0; slot < 3; ++slot) {
    if (!have[slot]) continue;
    const std::uint32_t n = offset + line + static_cast<std::uint32_t>(slot) - 1;
    Window w = window_of(lines[slot], slot == 1 ? column : 1, scratch);
    gutter(n, slot == 1);
    if (!w.text.empty() || w.cut_left) out += ' ';
    if (w.cut_left) out += "...";
    append_shown(out, w.text);
    if (w.cut_right) out += "...";
    out += '\n';
    if (slot != 1 || column == 0) continue;
    gutter(0, false);
    out += ' ';
    if (w.cut_left) out += "   ";
    // Padding as wide as the text before the column: tabs stay tabs.
    std::size_t cps = 0;
    for (std::size_t i = 0; i < w.text.size() && cps < w.caret; ++i) {
      if (continuation(static_cast<unsigned char>(w.text[i]))) continue;
      out += w.text[i] == '\t' ? '\t' : ' ';
      ++cps;
    }
    out.append(w.caret - cps, ' ');  // a caret just past the end of the line
    out += "^\n";
  }
  return out;
}

std::string Error::code_frame(std::string_view text) const { return hedl::code_frame(text, line, column); }

}  // namespace hedl
