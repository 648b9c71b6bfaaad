// Machines: the order rows fire in, guards, entry and exit actions, the unexpected-event
// handler, size, constexpr evaluation and the testing helper. The expected traces follow the
// rules stated in table.hpp and machine.hpp (UML run-to-completion order: exit, action, entry).
#include <catch2/catch.hpp>

#include <string>
#include <wirecraft/fsm/machine.hpp>

namespace fsm = wirecraft::fsm;
using namespace fsm::literals;

namespace {
struct coin {
    int cents = 0;
};
struct push {};
struct kick {
    static constexpr std::string_view name = "kick!";
};
struct repair {};

struct trace {
    std::string log;
    int coins = 0;
};

// A turnstile with a repair shop: guarded rows in order, in-place rows, entry and exit
// actions, an unexpected handler, and every callable signature the machine accepts.
struct turnstile {
    static constexpr auto table() {
        using namespace fsm;
        constexpr auto enough = guard<"enough">([](const trace&, const coin& c) { return c.cents >= 50; });
        constexpr auto too_much = [](const coin& c) { return c.cents > 100; };
        return make_table(
            *"locked"_s + event<coin>[too_much] / [](trace& t) { t.log += "refund;"; },
             "locked"_s + event<coin>[enough] / action<"count">([](trace& t, const coin& c) { t.coins += c.cents; t.log += "count;"; }) = "unlocked"_s,
             "locked"_s + event<coin> / [](trace& t) { t.log += "alarm;"; },
             "locked"_s + event<kick> = "broken"_s,
             "locked"_s + on_leave / [](trace& t) { t.log += "exit locked;"; },
             "unlocked"_s + on_enter / [](trace& t) { t.log += "enter unlocked;"; },
             "unlocked"_s + on_leave / [](trace& t) { t.log += "exit unlocked;"; },
             "unlocked"_s + event<push> = "locked"_s,
             "unlocked"_s + event<coin> / [](trace& t, const coin& c) { t.coins += c.cents; },  // in place: no exit or entry
             "unlocked"_s + event<kick> [([] { return false; })] = "broken"_s,              // never fires
             "broken"_s + event<repair> = "locked"_s,
             "broken"_s + event<kick> = "broken"_s,  // a self-transition leaves and re-enters
             "broken"_s + on_enter / [](trace& t, const fsm::entry_event&) { t.log += "enter broken;"; },
             "broken"_s + on_leave / [] {},
             unexpected / [](trace& t, std::string_view state, const auto&) { t.log += "unexpected in " + std::string(state) + ";"; });
    }
};
using turnstile_machine = fsm::machine<turnstile, trace>;

// A machine that can run in constant evaluation, with a terminal state.
struct counter_data {
    int value = 0;
};
struct add {
    int amount = 0;
};
struct finish {};
struct counter {
    static constexpr auto table() {
        using namespace fsm;
        return make_table(
            *"counting"_s + event<add>[([](const counter_data& d, const add& a) { return d.value + a.amount <= 10; })] /
                 [](counter_data& d, const add& a) { d.value += a.amount; },
             "counting"_s + event<add> = "full"_s,
             "counting"_s + event<finish> = "done"_s,
             "full"_s + event<finish> = "done"_s,
             terminal("done"_s));
    }
};
constexpr int count_to(int a, int b, int c) {
    fsm::machine<counter, counter_data> m;
    m.process(add{a});
    m.process(add{b});
    m.process(add{c});
    return m.is("full"_s) ? -m.context().value : m.context().value;
}
}  // namespace

TEST_CASE("rows for one state and event are tried in order; the first whose guard holds fires", "[machine_test]") {
    turnstile_machine m;
    CHECK(m.state_name() == "locked");
    CHECK(m.process(coin{200}) == fsm::outcome::stayed);  // too_much, before enough
    CHECK(m.process(coin{10}) == fsm::outcome::stayed);   // neither guard: the unguarded alarm row
    CHECK(m.is("locked"_s));
    CHECK(m.process(coin{50}) == fsm::outcome::moved);
    CHECK(m.is("unlocked"_s));
    CHECK(m.context().log == "refund;alarm;exit locked;count;enter unlocked;");
    CHECK(m.context().coins == 50);
}

TEST_CASE("in-place rows run no exit or entry action; self-transitions run both", "[machine_test]") {
    turnstile_machine m;
    m.process(coin{50});
    m.context().log.clear();
    CHECK(m.process(coin{20}) == fsm::outcome::stayed);
    CHECK(m.context().coins == 70);
    CHECK(m.context().log.empty());
    CHECK(m.process(push{}) == fsm::outcome::moved);
    CHECK(m.process(kick{}) == fsm::outcome::moved);
    CHECK(m.process(kick{}) == fsm::outcome::moved);
    CHECK(m.is("broken"_s));
    CHECK(m.context().log == "exit unlocked;exit locked;enter broken;enter broken;");
}

TEST_CASE("rows whose guards all fail reject; states without rows call the unexpected handler", "[machine_test]") {
    turnstile_machine m;
    m.process(coin{50});
    m.context().log.clear();
    CHECK(m.process(kick{}) == fsm::outcome::rejected);  // unlocked has a kick row, its guard is false
    CHECK(m.context().log.empty());
    CHECK(m.is("unlocked"_s));
    CHECK(m.process(repair{}) == fsm::outcome::unexpected);
    CHECK(m.context().log == "unexpected in unlocked;");
    CHECK(m.is("unlocked"_s));
    CHECK(fsm::to_string(fsm::outcome::unexpected) == "unexpected");
}

TEST_CASE("states are numbered in the order the table names them", "[machine_test]") {
    STATIC_REQUIRE(turnstile_machine::state_count == 3);
    STATIC_REQUIRE(turnstile_machine::index_of("locked"_s) == 0);
    STATIC_REQUIRE(turnstile_machine::index_of("unlocked"_s) == 1);
    STATIC_REQUIRE(turnstile_machine::index_of("broken"_s) == 2);
    CHECK(turnstile_machine::state_name(2) == "broken");
    CHECK(fsm::event_name<coin>() == "coin");
    CHECK(fsm::event_name<kick>() == "kick!");
}

TEST_CASE("a machine is its context plus one state index", "[machine_test]") {
    struct with_byte {
        trace t;
        std::uint8_t s;
    };
    STATIC_REQUIRE(sizeof(fsm::machine<turnstile>) == 1);  // no context: [[no_unique_address]]
    // At most: with a non-trivial context, the index may even live in the context's tail padding.
    STATIC_REQUIRE(sizeof(turnstile_machine) <= sizeof(with_byte));
    STATIC_REQUIRE(sizeof(fsm::machine<counter, counter_data>) == 2 * sizeof(int));
    STATIC_REQUIRE(std::is_same_v<turnstile_machine::state_index, std::uint8_t>);
}

TEST_CASE("machines run in constant evaluation", "[machine_test]") {
    STATIC_REQUIRE(count_to(3, 4, 2) == 9);
    STATIC_REQUIRE(count_to(3, 4, 5) == -7);  // the third add would pass 10: full
    constexpr bool done = [] {
        fsm::machine<counter, counter_data> m;
        m.process(finish{});
        return m.is("done"_s) && m.is_terminal() && m.process(add{1}) == fsm::outcome::unexpected;
    }();
    STATIC_REQUIRE(done);
}

TEST_CASE("the testing helper starts a machine in any state, without entry actions", "[machine_test]") {
    auto m = fsm::testing::start_in<turnstile_machine>("broken"_s, trace{"", 5});
    CHECK(m.is("broken"_s));
    CHECK(m.context().log.empty());
    CHECK(m.context().coins == 5);
    CHECK(m.process(repair{}) == fsm::outcome::moved);
    CHECK(m.context().log == "");  // broken's exit action does nothing; locked has no entry action
    CHECK(m.is("locked"_s));
    constexpr bool full = fsm::testing::start_in<fsm::machine<counter, counter_data>>("full"_s).process(finish{}) == fsm::outcome::moved;
    STATIC_REQUIRE(full);
}

namespace {
// A watcher whose `unhandled` row ends it: what the rows do not allow is a violation.
struct violation {
    std::string log;
};
struct watcher {
    static constexpr auto table() {
        using namespace fsm;
        return make_table(
            *"idle"_s + event<coin>[([](const coin& c) { return c.cents > 0; })] = "paid"_s,
             "idle"_s + on_leave / [](violation& v) { v.log += "exit idle;"; },
             "paid"_s + event<push> = "idle"_s,
             "failed"_s + on_enter / [](violation& v) { v.log += "enter failed;"; },
             terminal("failed"_s),
             unhandled / action<"record">([](violation& v, std::string_view state, const auto&) {
                 v.log += "unhandled in ";
                 v.log += state;
                 v.log += ';';
             }) = "failed"_s);
    }
};
using watcher_machine = fsm::machine<watcher, violation>;
}  // namespace

TEST_CASE("the unhandled row takes unexpected and rejected events to its state", "[machine_test]") {
    SECTION("no row for the event: unexpected, then moved") {
        watcher_machine m;
        CHECK(m.process(push{}) == fsm::outcome::unexpected);
        CHECK(m.is("failed"_s));
        // exit of the state left, the action with the state's name, entry of the destination
        CHECK(m.context().log == "exit idle;unhandled in idle;enter failed;");
    }
    SECTION("rows whose guards fail: rejected, then moved") {
        watcher_machine m;
        CHECK(m.process(coin{0}) == fsm::outcome::rejected);
        CHECK(m.is("failed"_s));
    }
    SECTION("the rows still fire; terminal states are left alone") {
        watcher_machine m;
        CHECK(m.process(coin{5}) == fsm::outcome::moved);
        CHECK(m.process(push{}) == fsm::outcome::moved);
        CHECK(m.process(coin{5}) == fsm::outcome::moved);
        CHECK(m.process(coin{5}) == fsm::outcome::unexpected);  // "paid" has no coin row
        CHECK(m.context().log == "exit idle;exit idle;unhandled in paid;enter failed;");
        CHECK(m.process(push{}) == fsm::outcome::unexpected);  // failed is terminal: nothing runs
        CHECK(m.context().log == "exit idle;exit idle;unhandled in paid;enter failed;");
    }
}
