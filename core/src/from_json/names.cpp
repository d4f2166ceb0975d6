// Type names from JSON keys (D24): the real singular of the key's last word,
// in PascalCase. English plurals follow a few suffix rules with word lists for
// the exceptions; a word the rules do not recognise stays as it is.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "from_json/internal.hpp"
#include "util/chars.hpp"

namespace hedl::detail::fj {

namespace {

struct Pair {
  const char *plural;
  const char *singular;
};

// Whole words (or word endings, see kIrregularSuffix) with irregular plurals.
constexpr Pair kIrregular[] = {
    {"people", "person"},
    {"persons", "person"},
    {"children", "child"},
    {"men", "man"},
    {"women", "woman"},
    {"mice", "mouse"},
    {"geese", "goose"},
    {"feet", "foot"},
    {"teeth", "tooth"},
    {"oxen", "ox"},
    {"dice", "die"},
    {"data", "datum"},
    {"criteria", "criterion"},
    {"phenomena", "phenomenon"},
    {"bacteria", "bacterium"},
    {"curricula", "curriculum"},
    {"memoranda", "memorandum"},
    {"strata", "stratum"},
    {"errata", "erratum"},
    {"millennia", "millennium"},
    {"spectra", "spectrum"},
    {"quanta", "quantum"},
    {"addenda", "addendum"},
    {"corpora", "corpus"},
    {"genera", "genus"},
    {"cacti", "cactus"},
    {"fungi", "fungus"},
    {"nuclei", "nucleus"},
    {"radii", "radius"},
    {"alumni", "alumnus"},
    {"stimuli", "stimulus"},
    {"syllabi", "syllabus"},
    {"foci", "focus"},
    {"octopi", "octopus"},
    {"formulae", "formula"},
    {"antennae", "antenna"},
    {"larvae", "larva"},
    {"vertebrae", "vertebra"},
    {"indices", "index"},
    {"matrices", "matrix"},
    {"vertices", "vertex"},
    {"appendices", "appendix"},
    {"vortices", "vortex"},
    {"apices", "apex"},
    {"codices", "codex"},
    {"axes", "axis"},
    {"analyses", "analysis"},
    {"crises", "crisis"},
    {"diagnoses", "diagnosis"},
    {"prognoses", "prognosis"},
    {"oases", "oasis"},
    {"theses", "thesis"},
    {"hypotheses", "hypothesis"},
    {"parentheses", "parenthesis"},
    {"syntheses", "synthesis"},
    {"emphases", "emphasis"},
    {"ellipses", "ellipsis"},
    {"leaves", "leaf"},
    {"knives", "knife"},
    {"lives", "life"},
    {"wives", "wife"},
    {"halves", "half"},
    {"shelves", "shelf"},
    {"wolves", "wolf"},
    {"thieves", "thief"},
    {"selves", "self"},
    {"elves", "elf"},
    {"calves", "calf"},
    {"loaves", "loaf"},
    {"scarves", "scarf"},
    {"hooves", "hoof"},
    {"quizzes", "quiz"},
    {"menus", "menu"},
    {"gurus", "guru"},
    {"emus", "emu"},
    {"haikus", "haiku"},
    {"tutus", "tutu"},
};

// Endings that keep their irregular plural inside compounds ("firemen", "subindices").
constexpr Pair kIrregularSuffix[] = {
    {"women", "woman"},   {"smen", "sman"},     {"rmen", "rman"},       {"hmen", "hman"}, {"kmen", "kman"},
    {"lmen", "lman"},     {"emen", "eman"},     {"ymen", "yman"},       {"amen", "aman"}, {"children", "child"},
    {"people", "person"}, {"indices", "index"}, {"vertices", "vertex"},
};

// Words whose plural is the same as the singular, or that are already singular.
constexpr const char *kUncountable[] = {
    "equipment", "information", "rice",      "money",    "species",  "series",   "news",      "fish",
    "sheep",     "deer",        "moose",     "aircraft", "metadata", "feedback", "software",  "hardware",
    "firmware",  "staff",       "personnel", "luggage",  "baggage",  "traffic",  "furniture", "advice",
    "evidence",  "knowledge",   "music",     "weather",  "chassis",  "corps",    "offspring", "swine",
    "bison",     "salmon",      "trout",     "police",   "media",    "semen",    "hymen",     "amen",
    "specimen",  "regimen",     "stamen",    "kudos",    "chaos",    "ethos",    "pathos",    "cosmos",
};

// Singular words ending in "-us", "-as", "-is", "-os": their plural adds "es".
constexpr const char *kEsNouns[] = {
    "bus",        "status",    "virus",   "bonus",    "campus",    "census",  "focus",   "genus",  "nexus",
    "prospectus", "apparatus", "octopus", "syllabus", "consensus", "surplus", "plus",    "minus",  "thesaurus",
    "walrus",     "chorus",    "circus",  "citrus",   "fetus",     "hiatus",  "impetus", "lotus",  "sinus",
    "stylus",     "terminus",  "uterus",  "cactus",   "alias",     "atlas",   "bias",    "canvas", "gas",
    "iris",       "lens",      "corpus",  "radius",   "bonus",     "abacus",  "cirrus",  "exodus", "fungus",
};

// Singular words ending in "-che" ("caches" -> "cache", not "cach").
constexpr const char *kCheNouns[] = {"cache",  "niche",  "ache",      "headache", "cliche", "avalanche", "tranche",
                                     "quiche", "psyche", "moustache", "mustache", "creche", "microniche"};

// Singular words ending in "-ie" ("movies" -> "movie", not "movy").
constexpr const char *kIeNouns[] = {
    "movie",    "cookie",  "pie",    "tie",    "lie",     "calorie", "zombie", "rookie", "selfie", "smoothie",
    "brownie",  "prairie", "hoodie", "newbie", "freebie", "genie",   "goalie", "hippie", "auntie", "sortie",
    "lingerie", "techie",  "foodie", "bookie", "birdie",  "budgie",  "oldie",  "walkie", "talkie", "specie",
};

// Singular words ending in "-oe" ("shoes" -> "shoe", but "heroes" -> "hero").
constexpr const char *kOeNouns[] = {"shoe", "toe", "canoe", "oboe", "foe",       "hoe",    "floe",
                                    "sloe", "woe", "roe",   "aloe", "horseshoe", "tiptoe", "mistletoe"};

bool ends_with(std::string_view w, std::string_view suffix) {
  return w.size() >= suffix.size() && w.substr(w.size() - suffix.size()) == suffix;
}

template <std::size_t N>
bool in_list(std::string_view w, const char *const (&list)[N]) {
  for (const char *x : list)
    if (w == x) return true;
  return false;
}

// True when `w` minus its last `cut` bytes is one of `list`. Whole words only:
// "parties" must not match "tie".
template <std::size_t N>
bool stem_in(std::string_view w, std::size_t cut, const char *const (&list)[N]) {
  return w.size() > cut && in_list(w.substr(0, w.size() - cut), list);
}

std::string drop(std::string_view w, std::size_t n) { return std::string(w.substr(0, w.size() - n)); }

}  // namespace

std::string singular_word(std::string_view w) {
  if (w.size() < 3) return std::string(w);
  for (const Pair &p : kIrregular)
    if (w == p.plural) return p.singular;
  if (in_list(w, kUncountable)) return std::string(w);
  for (const Pair &p : kIrregularSuffix)
    if (ends_with(w, p.plural) && w.size() > std::strlen(p.plural)) return drop(w, std::strlen(p.plural)) + p.singular;
  if (in_list(w, kEsNouns)) return std::string(w);  // "status", "bus": already singular
  if (ends_with(w, "es") && in_list(w.substr(0, w.size() - 2), kEsNouns)) return drop(w, 2);  // statuses, aliases
  if (ends_with(w, "ies")) return stem_in(w, 1, kIeNouns) ? drop(w, 1) : drop(w, 3) + "y";
  if (ends_with(w, "ches")) return stem_in(w, 1, kCheNouns) ? drop(w, 1) : drop(w, 2);
  if (ends_with(w, "shes") || ends_with(w, "sses") || ends_with(w, "xes") || ends_with(w, "zzes")) {
    return ends_with(w, "zzes") ? drop(w, 3) : drop(w, 2);
  }
  if (ends_with(w, "oes")) return stem_in(w, 1, kOeNouns) ? drop(w, 1) : drop(w, 2);
  if (ends_with(w, "ss") || ends_with(w, "us") || ends_with(w, "is")) return std::string(w);
  if (ends_with(w, "s")) return drop(w, 1);
  return std::string(w);
}

std::string type_name_for_key(std::string_view key) {
  // Words are the '_'-separated parts; only the last one is made singular.
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < key.size()) {
    std::size_t j = key.find('_', i);
    if (j == std::string_view::npos) j = key.size();
    if (j > i) words.push_back(key.substr(i, j - i));
    i = j + 1;
  }
  std::string out;
  for (std::size_t k = 0; k < words.size(); ++k) {
    std::string w = k + 1 == words.size() ? singular_word(words[k]) : std::string(words[k]);
    if (w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
    out += w;
  }
  if (out.empty() || !is_upper(out[0])) {  // "_" or "_2024" has no letter to start with
    std::string prefixed = "Item";
    prefixed += out;
    return prefixed;
  }
  return out;
}

std::string suggest_key(std::string_view key) {
  std::string out;
  bool prev_lower_or_digit = false;
  for (unsigned char c : key) {
    if (c >= 'A' && c <= 'Z') {
      if (prev_lower_or_digit) out += '_';  // camelCase -> camel_case
      out += static_cast<char>(c - 'A' + 'a');
      prev_lower_or_digit = false;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
      prev_lower_or_digit = true;
    } else {
      if (!out.empty() && out.back() != '_') out += '_';
      prev_lower_or_digit = false;
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) return "field";
  if (out[0] >= '0' && out[0] <= '9') {
    std::string prefixed(1, '_');
    prefixed += out;
    return prefixed;
  }
  return out;
}

}  // namespace hedl::detail::fj
