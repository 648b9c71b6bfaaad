// The DSL's vocabulary: what each piece of a row builds, and event names.
#include <catch2/catch.hpp>

#include <wirecraft/fsm/table.hpp>

namespace fsm = wirecraft::fsm;
using namespace fsm::literals;

namespace {
struct go {};
namespace nested {
struct tick {};
template <class T>
struct wrapped {};
}  // namespace nested
struct named_event {
    static constexpr std::string_view name = "SYN";
};
constexpr auto yes = [] { return true; };
constexpr auto noop = [] {};
}  // namespace

TEST_CASE("a row records its parts", "[table_test]") {
    using namespace fsm;
    using full = decltype(*"a"_s + event<go>[yes] / noop = "b"_s);
    STATIC_REQUIRE(full::marks_initial);
    STATIC_REQUIRE(full::guarded);
    STATIC_REQUIRE(full::has_action);
    STATIC_REQUIRE(full::moves);
    STATIC_REQUIRE(std::is_same_v<full::source, state_t<"a">>);
    STATIC_REQUIRE(std::is_same_v<full::destination, state_t<"b">>);
    STATIC_REQUIRE(std::is_same_v<full::event, go>);

    using in_place = decltype("a"_s + event<go> / noop);
    STATIC_REQUIRE(!in_place::marks_initial);
    STATIC_REQUIRE(!in_place::guarded);
    STATIC_REQUIRE(!in_place::moves);

    using entry = decltype("a"_s + on_enter / noop);
    STATIC_REQUIRE(entry::is_entry);
    STATIC_REQUIRE(!entry::is_exit);
    using exit = decltype("a"_s + on_leave / noop);
    STATIC_REQUIRE(exit::is_exit);

    // Callables carry no state here, so rows are empty objects.
    STATIC_REQUIRE(std::is_empty_v<full>);
    STATIC_REQUIRE("listen"_s.name == "listen");
}

TEST_CASE("named guards and actions keep their names and still call through", "[table_test]") {
    constexpr auto g = fsm::guard<"acceptable ack">([](int x) { return x > 1; });
    STATIC_REQUIRE(decltype(g)::name == "acceptable ack");
    STATIC_REQUIRE(g(2));
    STATIC_REQUIRE(!g(1));
    STATIC_REQUIRE(!std::is_invocable_v<decltype(g), const char*>);  // the machine relies on this to pick a signature
    STATIC_REQUIRE(fsm::detail::callable_name<decltype(g)>() == "acceptable ack");
    STATIC_REQUIRE(fsm::detail::callable_name<decltype(yes)>().empty());
}

TEST_CASE("event names: the declared name, else the type's name without namespaces", "[table_test]") {
    CHECK(fsm::event_name<named_event>() == "SYN");
    CHECK(fsm::event_name<go>() == "go");
    CHECK(fsm::event_name<nested::tick>() == "tick");
    CHECK(fsm::event_name<nested::wrapped<nested::tick>>().substr(0, 8) == "wrapped<");
}

TEST_CASE("row groups splice into the table where they are listed", "[table_test]") {
    using namespace fsm;
    // A group made for a given state, as a table shares rows among states; groups nest.
    auto shared = [](auto s) { return rows(s + event<go>[yes] = "z"_s, rows(s + event<nested::tick>)); };
    constexpr auto t = make_table(*"a"_s + event<go> = "b"_s, shared("b"_s), "z"_s + event<go> = "a"_s, shared("a"_s));
    using table = std::remove_const_t<decltype(t)>;
    using expected = table_t<decltype(*"a"_s + event<go> = "b"_s), decltype("b"_s + event<go>[yes] = "z"_s),
                             decltype("b"_s + event<nested::tick>), decltype("z"_s + event<go> = "a"_s),
                             decltype("a"_s + event<go>[yes] = "z"_s), decltype("a"_s + event<nested::tick>)>;
    STATIC_REQUIRE(std::is_same_v<table, expected>);
    STATIC_REQUIRE(decltype(t.items)::size == 6);
}
