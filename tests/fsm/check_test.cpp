// The table checks, read from the analysis without instantiating a machine (a machine of a bad
// table does not compile: tests/compile_fail/fsm_*.cpp check those messages).
#include <catch2/catch.hpp>

#include <wirecraft/fsm/check.hpp>

namespace fsm = wirecraft::fsm;
using namespace fsm::literals;

namespace {
struct go {};
struct stop {};
struct pause {};

template <class Table>
using analysis_of = fsm::detail::analysis<Table>;
constexpr std::size_t none = fsm::detail::none;

struct good_definition {
    static constexpr auto table() {
        using namespace fsm;
        return make_table(*"idle"_s + event<go> = "running"_s,
                      "running"_s + event<pause> = "paused"_s,
                      "paused"_s + event<go> = "running"_s,
                      "running"_s + event<stop> = "stopped"_s,
                      "paused"_s + event<stop> = "stopped"_s,
                      terminal("stopped"_s));
    }
};
using good = analysis_of<decltype(good_definition::table())>;
}  // namespace

TEST_CASE("a well-formed table: states, events, initial state, and no offender", "[check_test]") {
    STATIC_REQUIRE(good::state_count == 4);
    CHECK(good::states.names[0] == "idle");
    CHECK(good::states.names[3] == "stopped");
    STATIC_REQUIRE(good::events.count == 3);  // go, pause, stop: entry and exit are not events
    STATIC_REQUIRE(good::initial == 0);
    STATIC_REQUIRE(good::unreachable == none);
    STATIC_REQUIRE(good::ambiguous == none);
    STATIC_REQUIRE(good::dead_end == none);  // "stopped" has no way out, but is terminal
    STATIC_REQUIRE(fsm::check_table<decltype(good_definition::table())>());
    // Completeness is optional: idle has no row for pause.
    STATIC_REQUIRE(good::unhandled == 0 * good::events.count + 1);
}

TEST_CASE("each check names its first offender", "[check_test]") {
    using namespace fsm;
    using unreachable = analysis_of<decltype(make_table(*"a"_s + event<go> = "b"_s, "b"_s + event<go> = "a"_s,
                                                       "c"_s + event<go> = "a"_s, "d"_s + event<go> = "c"_s))>;
    STATIC_REQUIRE(unreachable::unreachable == 2);  // "c": only "d" leads there, and nothing leads to "d"
    CHECK(unreachable::states.names[unreachable::unreachable] == "c");

    using ambiguous = analysis_of<decltype(make_table(*"a"_s + event<go>[([] { return true; })] = "b"_s, "a"_s + event<go> = "b"_s,
                                                     "b"_s + event<stop> = "a"_s, "a"_s + event<go> / [] {}))>;
    STATIC_REQUIRE(ambiguous::ambiguous == 3);  // the guarded first row is fine; the fourth repeats the second
    using guarded_only = analysis_of<decltype(make_table(*"a"_s + event<go>[([] { return true; })] = "b"_s,
                                                        "a"_s + event<go>[([] { return false; })] = "b"_s, "b"_s + event<stop> = "a"_s))>;
    STATIC_REQUIRE(guarded_only::ambiguous == none);

    using dead_end = analysis_of<decltype(make_table(*"a"_s + event<go> = "b"_s, "b"_s + event<go> = "b"_s, "b"_s + event<stop>))>;
    STATIC_REQUIRE(dead_end::dead_end == 1);  // a self-transition and an in-place row are no way out

    using no_initial = analysis_of<decltype(make_table("a"_s + event<go> = "b"_s, "b"_s + event<go> = "a"_s))>;
    STATIC_REQUIRE(no_initial::initial == none);
    using two_initial = analysis_of<decltype(make_table(*"a"_s + event<go> = "b"_s, *"b"_s + event<go> = "a"_s, *"a"_s + event<stop> = "b"_s))>;
    STATIC_REQUIRE(two_initial::second_initial == 1);
    using same_initial_twice = analysis_of<decltype(make_table(*"a"_s + event<go> = "b"_s, *"a"_s + event<stop> = "b"_s, "b"_s + event<go> = "a"_s))>;
    STATIC_REQUIRE(same_initial_twice::second_initial == none);
}

TEST_CASE("completeness: every state has a row for every event", "[check_test]") {
    using namespace fsm;
    struct complete {
        static constexpr auto table() {
            return make_table(*"a"_s + event<go> = "b"_s, "a"_s + event<stop>, "b"_s + event<go>, "b"_s + event<stop> = "a"_s);
        }
    };
    STATIC_REQUIRE(fsm::check_complete<complete>());
    using incomplete = analysis_of<decltype(make_table(*"a"_s + event<go> = "b"_s, "a"_s + event<stop>, "b"_s + event<stop> = "a"_s))>;
    STATIC_REQUIRE(incomplete::unhandled == 1 * incomplete::events.count + 0);  // "b" has no row for go
}
