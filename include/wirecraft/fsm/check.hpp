// The compile-time checks every machine passes (machine<> asserts them), and the optional
// completeness check. A failing check stops compilation in a function whose name says what
// is wrong and whose template arguments name the state and event, e.g.
//   in instantiation of 'state_is_not_reachable_from_the_initial_state<fixed_string<7>{"listen"}>()'
#pragma once
#include <cstddef>
#include <string_view>
#include <utility>

#include "analysis.hpp"

namespace wirecraft::fsm {

namespace detail {
template <std::size_t N>
constexpr fixed_string<N> to_fixed(std::string_view text) {
    char chars[N]{};
    for (std::size_t i = 0; i + 1 < N && i < text.size(); ++i) chars[i] = text[i];
    return fixed_string<N>(chars);
}
template <class A, std::size_t S>
inline constexpr auto state_name_of = to_fixed<A::states.names[S].size() + 1>(A::states.names[S]);
template <class A, std::size_t I>
inline constexpr auto source_of_item = to_fixed<A::items[I].source.size() + 1>(A::items[I].source);
template <class A, std::size_t I>
inline constexpr auto event_of_item = to_fixed<A::items[I].event_name.size() + 1>(A::items[I].event_name);
}  // namespace detail

// The failures. Each asserts on its (dependent) arguments, so it fires only when called. The
// names come twice: as fixed_string (g++ prints it as text) and spelled out as characters
// (clang prints a fixed_string as numbers, but characters as 'o', 'r', ...).
namespace diagnostics {
template <char... C>
struct spelled {};
template <fixed_string Name, std::size_t... I>
spelled<Name.chars[I]...> spell(std::index_sequence<I...>);
template <fixed_string Name>
using spelled_t = decltype(spell<Name>(std::make_index_sequence<Name.length>{}));
// False, but only known once the arguments are: a static_assert on it fires when called.
template <auto...>
inline constexpr bool never = false;

template <class Table>
constexpr bool no_initial_state() {
    static_assert(never<sizeof(Table)>, "fsm: the table has no initial state: mark one row's source with *, as in *\"closed\"_s + event<open> = \"listen\"_s");
    return false;
}
template <fixed_string First, fixed_string Second, class = spelled_t<First>, class = spelled_t<Second>>
constexpr bool two_initial_states() {
    static_assert(never<First, Second>, "fsm: two different states are marked initial (*): the template arguments name them");
    return false;
}
template <fixed_string State, class = spelled_t<State>>
constexpr bool state_is_not_reachable_from_the_initial_state() {
    static_assert(never<State>, "fsm: a state cannot be reached from the initial state: the template argument names it");
    return false;
}
template <fixed_string State, fixed_string Event, class = spelled_t<State>, class = spelled_t<Event>>
constexpr bool two_unguarded_rows_for_one_state_and_event() {
    static_assert(never<State, Event>, "fsm: two rows without a guard for one state and event: the second can never fire (template arguments: state, event)");
    return false;
}
template <fixed_string State, class = spelled_t<State>>
constexpr bool state_has_no_way_out() {
    static_assert(never<State>, "fsm: a state has no row leading to another state; mark it terminal(\"name\"_s) if it is meant to end the machine");
    return false;
}
template <fixed_string State, fixed_string Event, class = spelled_t<State>, class = spelled_t<Event>>
constexpr bool state_does_not_handle_event() {
    static_assert(never<State, Event>, "fsm: completeness: a state has no row for an event (template arguments: state, event)");
    return false;
}
}  // namespace diagnostics

template <class Table>
consteval bool check_table() {
    using A = detail::analysis<Table>;
    if constexpr (A::initial == detail::none) {
        return diagnostics::no_initial_state<Table>();
    } else if constexpr (A::second_initial != detail::none) {
        return diagnostics::two_initial_states<detail::state_name_of<A, A::initial>, detail::state_name_of<A, A::second_initial>>();
    } else if constexpr (A::unreachable != detail::none) {
        return diagnostics::state_is_not_reachable_from_the_initial_state<detail::state_name_of<A, A::unreachable>>();
    } else if constexpr (A::ambiguous != detail::none) {
        return diagnostics::two_unguarded_rows_for_one_state_and_event<detail::source_of_item<A, A::ambiguous>,
                                                                       detail::event_of_item<A, A::ambiguous>>();
    } else if constexpr (A::dead_end != detail::none) {
        return diagnostics::state_has_no_way_out<detail::state_name_of<A, A::dead_end>>();
    } else {
        return true;
    }
}

// The optional check: every state has a row for every event. static_assert(fsm::check_complete<def>());
template <class Definition>
consteval bool check_complete() {
    using A = detail::analysis<decltype(Definition::table())>;
    if constexpr (A::unhandled != detail::none) {
        constexpr std::size_t state = A::unhandled / A::events.count;
        constexpr std::size_t event = A::events.first_item[A::unhandled % A::events.count];
        return diagnostics::state_does_not_handle_event<detail::state_name_of<A, state>, detail::event_of_item<A, event>>();
    } else {
        return true;
    }
}

}  // namespace wirecraft::fsm
