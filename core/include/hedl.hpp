// The whole C++ API of hedl.
#pragma once

#include "hedl/canonical.hpp"
#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/from_json.hpp"
#include "hedl/json.hpp"
#include "hedl/limits.hpp"
#include "hedl/lint.hpp"
#include "hedl/parse.hpp"
#include "hedl/stats.hpp"
#include "hedl/stream.hpp"
#include "hedl/validate.hpp"
#include "hedl/value.hpp"
