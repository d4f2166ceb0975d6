// hedl_bench: native throughput and memory benchmark.
//
//   hedl_bench DATA_DIR OUT_JSON [--filter SUBSTR] [--min-time SECONDS]
//   hedl_bench --mem-probe FILE        (internal: run by the benchmark itself)
//
// For every DATA_DIR/*.hedl (sorted) that has a .json twin it measures
//   parse         hedl-native  hedl::parse of the HEDL text               (MB/s on HEDL bytes)
//   parse_v2      hedl-native  hedl::parse of the same data as HEDL 2.0   (MB/s on its bytes; "time_ratio" =
//                              its time / the 1.0 parse time)
//   to_json       hedl-native  hedl::to_json of the parsed document       (MB/s on JSON output bytes)
//   canonicalize  hedl-native  hedl::canonicalize of the parsed document  (MB/s on canonical output bytes;
//                              default options, ditto on)
//   lint          hedl-native  hedl::lint of the parsed document          (MB/s on HEDL bytes; default config)
//   parse         simdjson     simdjson DOM parse of the JSON twin        (MB/s on JSON bytes)
//   from_json     hedl-native  hedl::from_json of the JSON twin           (MB/s on JSON input bytes; a thread
//                              keeps its simdjson parser between calls, so after the warm-up the
//                              runs reuse its buffers, as repeated calls on one thread do; HEDL 2.0)
//   from_json_v1  hedl-native  the same, writing HEDL 1.0
// and, as op "parse_peak_mem", the peak memory of one parse: a child process
// (`--mem-probe`) reads the file, then reports how much getrusage's ru_maxrss
// grew over hedl::parse ("peak_bytes", with "ratio" = peak_bytes / input bytes)
// and Document::memory_usage() ("memory_usage"). Its median_ms and mb_per_s are 0.
//
// Each op is warmed up once, then repeated until it has run for at least
// --min-time seconds and at least 5 times (at most 1000); the median counts.
// Results go to a table on stdout and to OUT_JSON as an array of
// {"dataset","op","impl","bytes","median_ms","mb_per_s"} (MB = 1e6 bytes).
// Exits non-zero if any dataset fails to parse, canonicalize or convert.

#include <sched.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hedl.hpp"
#include "hedl/canonical.hpp"
#include "simdjson.h"

extern char **environ;

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

constexpr int kMinRuns = 5;
constexpr int kMaxRuns = 1000;

struct Options {
  fs::path data_dir;
  fs::path out_json;
  std::string filter;
  double min_time = 0.5;
};

/// One line of the results (a timing, or a memory probe when peak_bytes is set).
struct Record {
  std::string dataset;
  std::string op;
  std::string impl;
  std::size_t bytes = 0;
  double median_ms = 0;
  double mb_per_s = 0;
  std::optional<std::size_t> peak_bytes;
  std::optional<std::size_t> memory_usage;
  /// parse_v2: the 2.0 parse time over the 1.0 parse time of the same data.
  std::optional<double> time_ratio;
};

/// Reads a whole file with a single allocation of its exact size (the memory
/// probe's baseline must not include transient buffers).
std::optional<std::string> read_file(const fs::path &path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) return std::nullopt;
  std::string text(size, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return text;
}

/// Pins the process to CPU 0 for steadier timings; failure (e.g. a
/// restricted cpuset) only costs some noise, so it is just reported.
void pin_to_cpu0() {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  if (sched_setaffinity(0, sizeof(set), &set) != 0) {
    std::fprintf(stderr, "note: could not pin to CPU 0 (%s); timings may be noisier\n", std::strerror(errno));
  }
}

/// The median of `samples` (non-empty); reorders them.
double median_of(std::vector<double> &samples) {
  auto mid = samples.begin() + static_cast<std::ptrdiff_t>(samples.size() / 2);
  std::nth_element(samples.begin(), mid, samples.end());
  double median = *mid;
  if (samples.size() % 2 == 0) {
    // Even count: average the two middle samples.
    median = (median + *std::max_element(samples.begin(), mid)) / 2;
  }
  return median;
}

/// Times `run` (which returns false on failure): one warm-up call, then
/// repeats per the module comment, calling `between` untimed after each call.
/// Returns the median in seconds, or nullopt if a call failed.
template <class Run, class Between>
std::optional<double> median_seconds(double min_time, Run &&run, Between &&between) {
  if (!run()) return std::nullopt;
  between();
  std::vector<double> samples;
  double total = 0;
  while (samples.size() < static_cast<std::size_t>(kMaxRuns) &&
         (total < min_time || samples.size() < static_cast<std::size_t>(kMinRuns))) {
    auto start = clock_type::now();
    bool ok = run();
    double s = std::chrono::duration<double>(clock_type::now() - start).count();
    if (!ok) return std::nullopt;
    between();
    samples.push_back(s);
    total += s;
  }
  return median_of(samples);
}

template <class Run>
std::optional<double> median_seconds(double min_time, Run &&run) {
  return median_seconds(min_time, std::forward<Run>(run), [] {});
}

/// median_seconds of `make` (which returns a Result<Document>). Each new
/// document lands in a spare slot and moves into `keep` between runs, so the
/// previous one is destroyed outside the timed region; `keep` ends with the
/// last one. A failure leaves its message in `error`.
template <class Make>
std::optional<double> median_seconds_of_documents(double min_time, Make &&make, std::optional<hedl::Document> &keep,
                                                  std::string &error) {
  std::optional<hedl::Document> fresh;
  return median_seconds(
      min_time,
      [&] {
        auto result = make();
        if (!result.ok()) {
          error = result.error().to_string();
          return false;
        }
        fresh.emplace(std::move(result).value());
        return true;
      },
      [&] {
        keep = std::move(fresh);
        fresh.reset();
      });
}

/// The median times of hedl::parse of `a` and of `b`, run in alternation (a,
/// b, a, b, ...) after one warm-up each, until both ran at least `min_time`
/// and kMinRuns times: drift (clock speed, the memory's state) then touches
/// both alike. As in median_seconds_of_documents, each run has the previous
/// run's document alive, destroyed outside the timing. nullopt with `error`
/// set when a parse fails.
std::optional<std::pair<double, double>> median_parse_pair(double min_time, const std::string &a, const std::string &b,
                                                           std::string &error) {
  std::optional<hedl::Document> keep;
  std::vector<double> samples[2];
  double total[2] = {0, 0};
  for (int round = 0;; ++round) {
    bool enough = round > 0 && samples[0].size() >= static_cast<std::size_t>(kMinRuns) && total[0] >= min_time &&
                  total[1] >= min_time;
    if (enough || samples[0].size() >= static_cast<std::size_t>(kMaxRuns)) break;
    for (int w = 0; w < 2; ++w) {
      auto start = clock_type::now();
      auto result = hedl::parse(w ? b : a);
      double s = std::chrono::duration<double>(clock_type::now() - start).count();
      if (!result.ok()) {
        error = result.error().to_string();
        return std::nullopt;
      }
      keep.reset();
      keep.emplace(std::move(result).value());
      if (round == 0) continue;  // the warm-up
      samples[w].push_back(s);
      total[w] += s;
    }
  }
  return std::pair<double, double>(median_of(samples[0]), median_of(samples[1]));
}

Record timing(std::string dataset, std::string op, std::string impl, std::size_t bytes, double seconds) {
  Record r;
  r.dataset = std::move(dataset);
  r.op = std::move(op);
  r.impl = std::move(impl);
  r.bytes = bytes;
  r.median_ms = seconds * 1e3;
  r.mb_per_s = seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0;
  return r;
}

// ---------------------------------------------------------------------------
// Peak memory.

std::size_t max_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

/// The child side: prints "peak_delta_bytes=N memory_usage=M" for one parse.
int mem_probe(const fs::path &file) {
  auto text = read_file(file);
  if (!text) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 2;
  }
  {
    // Warm-up: the first parse faults in the parser's code pages, which
    // ru_maxrss counts too; they are not the document's memory.
    static const char kWarmUp[] =
        "%VERSION: 1.0\n%ALIAS: %a: \"1\"\n%STRUCT: P: [id,v,t,r]\n%STRUCT: C: [id]\n%NEST: P > C\n---\n"
        "o:\n  k: \"s\"\n  b: \"\"\"\n  x\n  \"\"\"\nl: @P\n  |[1] p1,%a,[1.5, 2],@p1\n    |c1\n  |p2,^,^,@P:p1\n";
    auto warm = hedl::parse(kWarmUp);
    if (!warm.ok()) {
      std::fprintf(stderr, "warm-up document: %s\n", warm.error().to_string().c_str());
      return 1;
    }
  }
  std::size_t before = max_rss_bytes();
  auto result = hedl::parse(*text);
  std::size_t after = max_rss_bytes();
  if (!result.ok()) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), result.error().to_string().c_str());
    return 1;
  }
  std::printf("peak_delta_bytes=%zu memory_usage=%zu\n", after - before, result.value().memory_usage());
  return 0;
}

fs::path self_exe(const char *argv0) {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path(argv0) : p;
}

/// Runs `argv` and returns its stdout, or nullopt if it could not run or exited non-zero.
std::optional<std::string> run_capture(const std::vector<std::string> &argv) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<char *> args;
  for (const auto &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return std::nullopt;
  }
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

/// Measures the peak memory of parsing `hedl_path` in a child process.
///
/// Must run before this process has read any large file: on Linux a child's
/// ru_maxrss starts from its parent's high-water mark (execve folds the old
/// address space's peak into it), so a large parent would hide the child's
/// own growth. main() therefore runs every probe before any timing.
std::optional<Record> probe_memory(const fs::path &self, const fs::path &hedl_path) {
  std::error_code ec;
  const auto input_bytes = fs::file_size(hedl_path, ec);
  auto out = run_capture({self.string(), "--mem-probe", hedl_path.string()});
  std::size_t peak = 0, usage = 0;
  if (ec || !out || std::sscanf(out->c_str(), "peak_delta_bytes=%zu memory_usage=%zu", &peak, &usage) != 2) {
    return std::nullopt;
  }
  Record r;
  r.dataset = hedl_path.stem().string();
  r.op = "parse_peak_mem";
  r.impl = "hedl-native";
  r.bytes = input_bytes;
  r.peak_bytes = peak;
  r.memory_usage = usage;
  return r;
}

// ---------------------------------------------------------------------------
// Output.

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", c);
          out += esc;
        } else {
          out += c;
        }
    }
  }
  return out;
}

bool write_results(const fs::path &path, const std::vector<Record> &records) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out << "[\n";
  for (std::size_t i = 0; i < records.size(); i++) {
    const Record &r = records[i];
    char nums[160];
    std::snprintf(nums, sizeof nums, "\"bytes\": %zu, \"median_ms\": %.6g, \"mb_per_s\": %.6g", r.bytes, r.median_ms,
                  r.mb_per_s);
    out << "  {\"dataset\": \"" << json_escape(r.dataset) << "\", \"op\": \"" << json_escape(r.op) << "\", \"impl\": \""
        << json_escape(r.impl) << "\", " << nums;
    if (r.peak_bytes) {
      char extra[160];
      std::snprintf(extra, sizeof extra, ", \"peak_bytes\": %zu, \"ratio\": %.4g", *r.peak_bytes,
                    r.bytes ? static_cast<double>(*r.peak_bytes) / static_cast<double>(r.bytes) : 0.0);
      out << extra;
    }
    if (r.memory_usage) out << ", \"memory_usage\": " << *r.memory_usage;
    if (r.time_ratio) {
      char extra[64];
      std::snprintf(extra, sizeof extra, ", \"time_ratio\": %.4g", *r.time_ratio);
      out << extra;
    }
    out << (i + 1 < records.size() ? "},\n" : "}\n");
  }
  out << "]\n";
  return static_cast<bool>(out);
}

void print_header() {
  std::printf("%-20s %-16s %-12s %10s %12s %10s\n", "dataset", "op", "impl", "MB", "median ms", "MB/s");
}

void print_record(const Record &r) {
  if (r.peak_bytes) {
    std::printf("%-20s %-16s %-12s %10.3f   peak %.3f MB (%.2fx input)\n", r.dataset.c_str(), r.op.c_str(),
                r.impl.c_str(), static_cast<double>(r.bytes) / 1e6, static_cast<double>(*r.peak_bytes) / 1e6,
                r.bytes ? static_cast<double>(*r.peak_bytes) / static_cast<double>(r.bytes) : 0.0);
  } else {
    std::printf("%-20s %-16s %-12s %10.3f %12.4f %10.1f\n", r.dataset.c_str(), r.op.c_str(), r.impl.c_str(),
                static_cast<double>(r.bytes) / 1e6, r.median_ms, r.mb_per_s);
  }
  std::fflush(stdout);
}

// ---------------------------------------------------------------------------
// One dataset.

/// Benchmarks DATA_DIR/<name>.hedl and its JSON twin and appends the records,
/// `mem` (the dataset's memory probe) last. Returns false if something failed.
bool bench_dataset(const Options &opt, const fs::path &hedl_path, const std::optional<Record> &mem,
                   std::vector<Record> &records) {
  const std::string name = hedl_path.stem().string();
  fs::path json_path = hedl_path;
  json_path.replace_extension(".json");

  auto hedl_text = read_file(hedl_path);
  if (!hedl_text) {
    std::fprintf(stderr, "%s: cannot read\n", hedl_path.c_str());
    return false;
  }
  auto emit = [&](Record r) {
    print_record(r);
    records.push_back(std::move(r));
  };

  // (a) hedl::parse, and the same data as HEDL 2.0 (the canonical 2.0 form
  // of the document: no ditto, one space per level, `key:@Type`) as op
  // parse_v2, timed in alternation; time_ratio is 2.0's time over 1.0's.
  // The 1.0 document is kept for to_json.
  std::optional<hedl::Document> doc;
  std::string parse_error;
  {
    auto first = hedl::parse(*hedl_text);
    if (!first.ok()) {
      std::fprintf(stderr, "%s: parse failed: %s\n", hedl_path.c_str(), first.error().to_string().c_str());
      return false;
    }
    doc.emplace(std::move(first).value());
  }
  hedl::CanonicalOptions v2_options;
  v2_options.version = hedl::TargetVersion::V2_0;
  auto v2_text = hedl::canonicalize(*doc, v2_options);
  if (!v2_text.ok()) {
    std::fprintf(stderr, "%s: the 2.0 form failed: %s\n", hedl_path.c_str(), v2_text.error().to_string().c_str());
    return false;
  }
  doc.reset();
  auto times = median_parse_pair(opt.min_time, *hedl_text, v2_text.value(), parse_error);
  if (!times) {
    std::fprintf(stderr, "%s: parse failed: %s\n", hedl_path.c_str(), parse_error.c_str());
    return false;
  }
  auto parse_time = std::optional<double>(times->first);
  emit(timing(name, "parse", "hedl-native", hedl_text->size(), times->first));
  {
    Record r = timing(name, "parse_v2", "hedl-native", v2_text.value().size(), times->second);
    r.time_ratio = times->second / times->first;
    emit(r);
    std::printf("%-20s   parse 2.0 / 1.0 (same data): time %.3fx, bytes %.3fx\n", name.c_str(), *r.time_ratio,
                static_cast<double>(v2_text.value().size()) / static_cast<double>(hedl_text->size()));
  }
  v2_text = std::string();
  doc.emplace(hedl::parse(*hedl_text).value());
  bool ok = true;

  // (b) hedl::to_json, throughput on output bytes. The output buffer is reused
  // (cleared, capacity kept), as a caller serializing repeatedly would.
  std::string json_out;
  hedl::JsonOptions json_options;
  auto to_json_time = median_seconds(opt.min_time, [&] {
    json_out.clear();
    hedl::to_json(*doc, json_options, json_out);
    return true;
  });
  emit(timing(name, "to_json", "hedl-native", json_out.size(), *to_json_time));
  json_out = std::string();

  // (c) hedl::canonicalize, throughput on output bytes. Each call returns a
  // new string (the API allocates it); freeing the previous one is untimed.
  std::string canonical, canonical_fresh;
  std::string canonical_error;
  auto canonical_time = median_seconds(
      opt.min_time,
      [&] {
        auto result = hedl::canonicalize(*doc);
        if (!result.ok()) {
          canonical_error = result.error().to_string();
          return false;
        }
        canonical_fresh = std::move(result).value();
        return true;
      },
      [&] {
        canonical = std::move(canonical_fresh);
        canonical_fresh = std::string();
      });
  if (canonical_time) {
    emit(timing(name, "canonicalize", "hedl-native", canonical.size(), *canonical_time));
  } else {
    std::fprintf(stderr, "%s: canonicalize failed: %s\n", hedl_path.c_str(), canonical_error.c_str());
    ok = false;
  }
  canonical = std::string();

  // (d) hedl::lint with the default config, throughput on the document's
  // bytes. The findings are kept until the next run, outside the timing.
  std::vector<hedl::Diagnostic> findings, findings_fresh;
  auto lint_time = median_seconds(
      opt.min_time,
      [&] {
        findings_fresh = hedl::lint(*doc);
        return true;
      },
      [&] {
        findings = std::move(findings_fresh);
        findings_fresh.clear();
      });
  emit(timing(name, "lint", "hedl-native", hedl_text->size(), *lint_time));
  findings = {};
  doc.reset();

  // (d2) the push parser (hedl/stream.hpp) over the same text in 64 KiB
  // chunks, every row reported; its peak memory is in the record.
  {
    std::size_t peak = 0, rows = 0, id_bytes = 0, id_count = 0;
    auto stream_time = median_seconds(opt.min_time, [&] {
      rows = 0;
      hedl::StreamParser sp([&](const hedl::StreamEvent &e) { rows += e.kind == hedl::StreamEventKind::Row; });
      std::string_view t = *hedl_text;
      for (std::size_t at = 0; at < t.size(); at += 65536) {
        if (sp.feed(t.substr(at, std::min<std::size_t>(65536, t.size() - at)))) return false;
        peak = std::max(peak, sp.memory_usage());
      }
      if (sp.finish()) return false;
      id_bytes = sp.id_set_bytes();
      id_count = sp.id_count();
      return true;
    });
    if (stream_time) {
      emit(timing(name, "stream", "hedl-native", hedl_text->size(), *stream_time));
      std::printf("%-20s   stream: %zu rows, peak %.1f MB held, ID set %.1f bytes per ID (%zu IDs)\n", name.c_str(),
                  rows, static_cast<double>(peak) / 1e6,
                  id_count ? static_cast<double>(id_bytes) / static_cast<double>(id_count) : 0.0, id_count);
    } else {
      std::fprintf(stderr, "%s: stream failed\n", name.c_str());
      ok = false;
    }
  }

  // (e) simdjson DOM parse of the same data as JSON. The parser is reused
  // across runs, as simdjson intends.
  auto json_text = read_file(json_path);
  if (!json_text) {
    std::fprintf(stderr, "%s: cannot read\n", json_path.c_str());
    ok = false;
  } else {
    simdjson::padded_string padded(*json_text);
    simdjson::dom::parser parser;
    simdjson::error_code sj_error = simdjson::SUCCESS;
    auto sj_time = median_seconds(opt.min_time, [&] {
      sj_error = parser.parse(padded).error();
      return sj_error == simdjson::SUCCESS;
    });
    if (sj_time) {
      emit(timing(name, "parse", "simdjson", padded.size(), *sj_time));
      std::printf("%-20s   parse time hedl-native / simdjson (same data): %.2fx\n", name.c_str(),
                  *parse_time / *sj_time);
    } else {
      std::fprintf(stderr, "%s: simdjson parse failed: %s\n", json_path.c_str(), simdjson::error_message(sj_error));
      ok = false;
    }
  }

  // (f) hedl::from_json of the JSON twin, throughput on JSON input bytes.
  // As for parse, the previous document is destroyed outside the timing.
  if (json_text) {
    std::optional<hedl::Document> converted;
    std::string convert_error;
    auto from_json_time = median_seconds_of_documents(
        opt.min_time, [&] { return hedl::from_json(*json_text); }, converted, convert_error);
    if (from_json_time) {
      emit(timing(name, "from_json", "hedl-native", json_text->size(), *from_json_time));
    } else {
      std::fprintf(stderr, "%s: from_json failed: %s\n", json_path.c_str(), convert_error.c_str());
      ok = false;
    }
    // The same, writing HEDL 1.0 (with ditto) instead of the default 2.0.
    hedl::FromJsonOptions v1;
    v1.version = hedl::FromJsonOptions::Version::V1_0;
    converted.reset();
    auto from_json_v1_time = median_seconds_of_documents(
        opt.min_time, [&] { return hedl::from_json(*json_text, v1); }, converted, convert_error);
    if (from_json_v1_time) {
      emit(timing(name, "from_json_v1", "hedl-native", json_text->size(), *from_json_v1_time));
    } else {
      std::fprintf(stderr, "%s: from_json (1.0) failed: %s\n", json_path.c_str(), convert_error.c_str());
      ok = false;
    }
  }

  // Peak memory of one parse, measured earlier (see probe_memory).
  if (!mem) {
    std::fprintf(stderr, "%s: memory probe failed\n", hedl_path.c_str());
    return false;
  }
  emit(*mem);
  return ok;
}

int usage(const char *argv0) {
  std::fprintf(stderr,
               "usage: %s DATA_DIR OUT_JSON [--filter SUBSTR] [--min-time SECONDS]\n"
               "       %s --mem-probe FILE\n",
               argv0, argv0);
  return 2;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--mem-probe") return mem_probe(argv[2]);

  Options opt;
  std::vector<std::string_view> positional;
  for (int i = 1; i < argc; i++) {
    std::string_view arg = argv[i];
    if (arg == "--filter" && i + 1 < argc) {
      opt.filter = argv[++i];
    } else if (arg == "--min-time" && i + 1 < argc) {
      char *end = nullptr;
      opt.min_time = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(opt.min_time >= 0)) return usage(argv[0]);
    } else if (arg.starts_with("--")) {
      return usage(argv[0]);
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 2) return usage(argv[0]);
  opt.data_dir = positional[0];
  opt.out_json = positional[1];

  std::vector<fs::path> inputs;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(opt.data_dir, ec)) {
    const fs::path &p = entry.path();
    if (p.extension() != ".hedl") continue;
    if (!opt.filter.empty() && p.stem().string().find(opt.filter) == std::string::npos) continue;
    fs::path twin = p;
    twin.replace_extension(".json");
    if (!fs::exists(twin)) {
      std::fprintf(stderr, "note: %s has no .json twin, skipped\n", p.c_str());
      continue;
    }
    inputs.push_back(p);
  }
  if (ec) {
    std::fprintf(stderr, "%s: %s\n", opt.data_dir.c_str(), ec.message().c_str());
    return 2;
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "no datasets in %s\n", opt.data_dir.c_str());
    return 2;
  }
  std::sort(inputs.begin(), inputs.end());

  pin_to_cpu0();
  const fs::path self = self_exe(argv[0]);
  std::printf("simdjson %s (%s), min time %.2fs, %d..%d runs, median\n", SIMDJSON_VERSION,
              simdjson::get_active_implementation()->name().c_str(), opt.min_time, kMinRuns, kMaxRuns);
  print_header();

  // Memory probes first, while this process is still small (see probe_memory).
  std::vector<std::optional<Record>> probes;
  for (const auto &p : inputs) probes.push_back(probe_memory(self, p));

  std::vector<Record> records;
  bool all_ok = true;
  for (std::size_t i = 0; i < inputs.size(); i++) {
    all_ok = bench_dataset(opt, inputs[i], probes[i], records) && all_ok;
  }

  if (!write_results(opt.out_json, records)) {
    std::fprintf(stderr, "%s: cannot write\n", opt.out_json.c_str());
    return 2;
  }
  std::printf("wrote %s\n", opt.out_json.c_str());
  return all_ok ? 0 : 1;
}
