// The Catch2 (v2) main for hedl_core_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
