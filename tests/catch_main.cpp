// Catch2's main(), alone in a TU compiled at -O0.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
