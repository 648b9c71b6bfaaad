// The vocabulary of the state-machine DSL, whose tables read like a protocol's state diagram:
//
//   using namespace wirecraft::fsm::literals;
//   struct door {
//       static constexpr auto table() {
//           using namespace wirecraft::fsm;
//           return make_table(
//               *"closed"_s + event<open_cmd>                        = "opened"_s,
//                "opened"_s + event<close_cmd> [guard<"nobody in">(empty)] / action<"lock">(lock) = "closed"_s,
//                "opened"_s + on_enter / ring_bell);
//       }
//   };
//   wirecraft::fsm::machine<door, door_data> m;   m.process(open_cmd{});
//
// A row is `source + event<E> [guard] / action = destination`; without `= destination` the
// event is handled in place (no exit or entry actions). Rows for one state and event are
// tried in order and the first whose guard holds fires. States are names; events are types.
// The table is checked when a machine is instantiated (see check.hpp) and can be printed as
// Graphviz DOT or PlantUML (export.hpp).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../schema/fixed_string.hpp"

namespace wirecraft::fsm {

// ---- names -----------------------------------------------------------------------------------

// An event type's name: its `static constexpr std::string_view name` if it has one, else the
// name the compiler gives the type (without namespaces).
template <class E>
constexpr std::string_view event_name() {
    if constexpr (requires { std::string_view{E::name}; }) {
        return E::name;
    } else {
        std::string_view f = __PRETTY_FUNCTION__;  // "... event_name() [with E = ns::type; ...]" or "[E = ns::type]"
        const std::size_t eq = f.find("E = ");
        if (eq == std::string_view::npos) return "event";
        f.remove_prefix(eq + 4);
        f = f.substr(0, f.find_first_of(";]"));
        std::size_t depth = 0, cut = 0;  // drop namespaces, not the ones inside template arguments
        for (std::size_t i = 0; i < f.size(); ++i) {
            if (f[i] == '<') ++depth;
            else if (f[i] == '>') --depth;
            else if (depth == 0 && f[i] == ':') cut = i + 1;
        }
        return f.substr(cut);
    }
}

// ---- states ----------------------------------------------------------------------------------

template <class State>
struct initial_state {};

template <fixed_string Name>
struct state_t {
    static constexpr std::string_view name = Name.view();
    // Marks the initial state: *"closed"_s + event<open> = "listen"_s.
    constexpr initial_state<state_t> operator*() const { return {}; }
};
template <fixed_string Name>
inline constexpr state_t<Name> state{};

inline namespace literals {
template <fixed_string Name>
constexpr state_t<Name> operator""_s() {
    return {};
}
}  // namespace literals

// A state that needs no way out (a machine that ends there is done): terminal("failed"_s).
template <class State>
struct terminal_t {
    using state = State;
};
template <fixed_string Name>
constexpr terminal_t<state_t<Name>> terminal(state_t<Name>) {
    return {};
}

// ---- events, guards, actions -------------------------------------------------------------------

struct no_guard {};
struct no_action {};
struct no_destination {};  // handled in place

// What follows the source state in a row: event<E> [guard] / action. ([] and / bind tighter
// than +, so these are built first and the state is added to them.)
template <class E, class Guard, class Action>
struct transition {
    using event = E;
    [[no_unique_address]] Guard guard_fn;
    [[no_unique_address]] Action action_fn;

    template <class G>
    constexpr transition<E, G, Action> operator[](G g) const {
        static_assert(std::is_same_v<Guard, no_guard>, "fsm: a row has one guard; combine conditions inside it");
        static_assert(std::is_same_v<Action, no_action>, "fsm: write the guard before the action: src + event<E> [guard] / action = dst");
        return {g, action_fn};
    }
};
template <class E, class G, class A, class F>
constexpr transition<E, G, F> operator/(transition<E, G, A> t, F f) {
    static_assert(std::is_same_v<A, no_action>, "fsm: a row has one action; call several inside it");
    return {t.guard_fn, f};
}

template <class E>
struct event_t : transition<E, no_guard, no_action> {
    using type = E;
};
template <class E>
inline constexpr event_t<E> event{};

// Pseudo-events: a state's entry and exit actions, `"listen"_s + on_enter / action`.
struct entry_event {
    static constexpr std::string_view name = "entry";
};
struct exit_event {
    static constexpr std::string_view name = "exit";
};
inline constexpr event_t<entry_event> on_enter{};
inline constexpr event_t<exit_event> on_leave{};

// A guard or action with a name for the exported diagrams: guard<"acceptable ack">(f).
template <fixed_string Name, class F>
struct named {
    static constexpr std::string_view name = Name.view();
    [[no_unique_address]] F function;
    template <class... A>
        requires std::is_invocable_v<const F&, A...>  // so that the machine can ask what it takes
    constexpr std::invoke_result_t<const F&, A...> operator()(A&&... args) const {
        return function(std::forward<A>(args)...);
    }
};
template <fixed_string Name, class F>
constexpr named<Name, F> guard(F f) {
    return {f};
}
template <fixed_string Name, class F>
constexpr named<Name, F> action(F f) {
    return {f};
}

namespace detail {
template <class F>
constexpr std::string_view callable_name() {
    if constexpr (requires { std::string_view{F::name}; }) return F::name;
    else return {};
}
template <class T>
struct is_initial : std::false_type {};
template <class S>
struct is_initial<initial_state<S>> : std::true_type {};
template <class T>
struct plain_state {
    using type = T;
};
template <class S>
struct plain_state<initial_state<S>> {
    using type = S;
};
}  // namespace detail

// ---- rows ------------------------------------------------------------------------------------

template <class Source, class Event, class Guard, class Action, class Destination>
struct row {
    using source = typename detail::plain_state<Source>::type;
    using event = Event;
    using guard_type = Guard;
    using action_type = Action;
    using destination = Destination;
    static constexpr bool marks_initial = detail::is_initial<Source>::value;
    static constexpr bool guarded = !std::is_same_v<Guard, no_guard>;
    static constexpr bool has_action = !std::is_same_v<Action, no_action>;
    static constexpr bool moves = !std::is_same_v<Destination, no_destination>;
    static constexpr bool is_entry = std::is_same_v<Event, entry_event>;
    static constexpr bool is_exit = std::is_same_v<Event, exit_event>;

    [[no_unique_address]] Guard guard_fn;
    [[no_unique_address]] Action action_fn;

    template <fixed_string Name>
    constexpr row<Source, Event, Guard, Action, state_t<Name>> operator=(state_t<Name>) const {
        static_assert(!moves, "fsm: a row has one destination");
        static_assert(!is_entry && !is_exit, "fsm: entry and exit actions stay in their state: no '= destination'");
        return {guard_fn, action_fn};
    }
};

template <class Source, class E, class G, class A>
constexpr row<Source, E, G, A, no_destination> operator+(Source, transition<E, G, A> t) requires(
    detail::is_initial<Source>::value || requires { Source::name; }) {
    return {t.guard_fn, t.action_fn};
}

// The handler for events the current state has no row for: `unexpected / action`, called
// with (context, state name, event).
struct unexpected_t {};
inline constexpr unexpected_t unexpected{};
template <class Action>
struct unexpected_row {
    [[no_unique_address]] Action action_fn;
};
template <class F>
constexpr unexpected_row<F> operator/(unexpected_t, F f) {
    return {f};
}

// Where every event no row takes goes: `unhandled / action = "failed"_s`. It covers both
// outcomes, unexpected (the state has no row for the event) and rejected (no guard held), in
// every state but the terminal ones, and calls the action with (context, state name, event)
// before the move. For machines that watch a protocol, where whatever the rows do not allow
// is a violation that ends it.
struct unhandled_t {};
inline constexpr unhandled_t unhandled{};
template <class Action, class Destination>
struct unhandled_row {
    using destination = Destination;
    [[no_unique_address]] Action action_fn;
};
template <class Action>
struct unhandled_action {  // `unhandled / action`, waiting for its `= destination`
    [[no_unique_address]] Action action_fn;
    template <fixed_string Name>
    constexpr unhandled_row<Action, state_t<Name>> operator=(state_t<Name>) const {
        return {action_fn};
    }
};
template <class F>
constexpr unhandled_action<F> operator/(unhandled_t, F f) {
    return {f};
}

// ---- the table -------------------------------------------------------------------------------

namespace detail {
// A table's items: one base per item, so that building it and reaching item I cost the compiler
// a constant per item. (std::tuple nests one level per element, with constraints at each: for a
// table of a hundred rows, most of its compile time.)
template <std::size_t I, class T>
struct item_slot {
    [[no_unique_address]] T value;
};
template <class Indices, class... Items>
struct item_list_base;
template <std::size_t... I, class... Items>
struct item_list_base<std::index_sequence<I...>, Items...> : item_slot<I, Items>... {};
template <class... Items>
struct item_list : item_list_base<std::index_sequence_for<Items...>, Items...> {
    static constexpr std::size_t size = sizeof...(Items);
};
template <std::size_t I, class T>
constexpr const T& item_at(const item_slot<I, T>& slot) {
    return slot.value;
}
template <std::size_t I, class T>
T item_type_of(const item_slot<I, T>*);
template <std::size_t I, class List>
using item_type_at = decltype(item_type_of<I>(static_cast<const List*>(nullptr)));
}  // namespace detail

template <class... Items>
struct table_t {
    detail::item_list<Items...> items;
};

// Rows that several states share, written once: a function returns rows(...) for the state it
// is given, and make_table splices the group in where it is listed (groups may nest).
template <class... Items>
struct row_group {
    detail::item_list<Items...> items;
};

namespace detail {
template <class... Items, std::size_t... I>
constexpr item_list<Items...> list_of(std::index_sequence<I...>, Items... items) {
    return item_list<Items...>{{item_slot<I, Items>{items}...}};
}
template <class... Items>
constexpr item_list<Items...> list_of(Items... items) {
    return list_of(std::index_sequence_for<Items...>{}, items...);
}
}  // namespace detail

template <class... Items>
constexpr row_group<Items...> rows(Items... items) {
    return {detail::list_of(items...)};
}

namespace detail {
template <class Item>
constexpr item_list<Item> flatten(Item item) {
    return list_of(item);
}
template <class Action>
constexpr item_list<> flatten(unhandled_action<Action>) {
    static_assert(sizeof(Action) == 0, "fsm: `unhandled / action` needs its destination: unhandled / action = \"failed\"_s");
    return {};
}
template <class... Items>
constexpr auto flatten(row_group<Items...> group);  // groups nest: declared before its use below

// The lists' items in one list, built in one step (no recursion over the items).
template <std::size_t... Sizes>
constexpr auto element_sources() {  // output index -> (which list, which item)
    constexpr std::size_t sizes[] = {Sizes..., 0};
    std::array<std::pair<std::size_t, std::size_t>, (Sizes + ... + 0)> out{};
    std::size_t n = 0;
    for (std::size_t t = 0; t < sizeof...(Sizes); ++t)
        for (std::size_t e = 0; e < sizes[t]; ++e) out[n++] = {t, e};
    return out;
}
template <class All, auto Sources, std::size_t... J>
constexpr auto gather(const All& all, std::index_sequence<J...>) {
    return list_of(item_at<Sources[J].second>(item_at<Sources[J].first>(all))...);
}
template <class... Lists>
constexpr auto concatenate(const Lists&... lists) {
    constexpr auto sources = element_sources<Lists::size...>();
    return gather<item_list<Lists...>, sources>(list_of(lists...), std::make_index_sequence<sources.size()>{});
}
template <class... Items, std::size_t... I>
constexpr auto flatten_group(const row_group<Items...>& group, std::index_sequence<I...>) {
    return concatenate(flatten(item_at<I>(group.items))...);
}
template <class... Items>
constexpr auto flatten(row_group<Items...> group) {
    return flatten_group(group, std::index_sequence_for<Items...>{});
}
template <class... Items>
constexpr table_t<Items...> table_of(item_list<Items...> items) {
    return {items};
}
}  // namespace detail

template <class... Items>
constexpr auto make_table(Items... items) {
    return detail::table_of(detail::concatenate(detail::flatten(items)...));
}

}  // namespace wirecraft::fsm
