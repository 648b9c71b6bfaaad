// A machine: a table (from its definition), the current state and the user's context. Its size
// is the context's plus one state index; dispatching an event compares the state only against
// the states that have rows for that event type, and runs constexpr.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "check.hpp"

namespace wirecraft::fsm {

// What process() did with an event.
enum class outcome : std::uint8_t {
    moved,       // a row fired and changed (or re-entered) the state
    stayed,      // a row without a destination fired: handled in place
    rejected,    // the state has rows for the event, but no guard held
    unexpected,  // the state has no row for the event (the table's `unexpected` handler ran)
};
constexpr std::string_view to_string(outcome o) {
    switch (o) {
        case outcome::moved: return "moved";
        case outcome::stayed: return "stayed";
        case outcome::rejected: return "rejected";
        case outcome::unexpected: return "unexpected";
    }
    return "?";
}

struct no_context {};

namespace detail {
// Guards and actions take what they need: (context, event), (context), (event) or ().
template <class F, class C, class E>
constexpr decltype(auto) call(const F& f, C& context, const E& e) {
    if constexpr (std::is_invocable_v<const F&, C&, const E&>) return f(context, e);
    else if constexpr (std::is_invocable_v<const F&, C&>) return f(context);
    else if constexpr (std::is_invocable_v<const F&, const E&>) return f(e);
    else {
        static_assert(std::is_invocable_v<const F&>, "fsm: a guard or action takes (context&, const event&), (context&), (const event&) or ()");
        return f();
    }
}
template <std::size_t Count>
using state_index_for = std::conditional_t<Count <= std::numeric_limits<std::uint8_t>::max(), std::uint8_t, std::uint16_t>;
}  // namespace detail

template <class Definition, class Context = no_context>
class machine;

template <class Definition, class Context>
class machine {
    using table_type = decltype(Definition::table());
    using A = detail::analysis<table_type>;
    static_assert(check_table<table_type>());
    static_assert(A::unhandled_rows <= 1, "fsm: a table has at most one `unhandled / action = state` row");
    static constexpr table_type table_ = Definition::table();

public:
    using definition = Definition;
    using context_type = Context;
    using state_index = detail::state_index_for<A::state_count>;
    static constexpr std::size_t state_count = A::state_count;

    constexpr machine() requires std::is_default_constructible_v<Context> : context_{}, state_(A::initial) {}
    constexpr explicit machine(Context context) : context_(std::move(context)), state_(A::initial) {}

    // Runs the first row for (current state, E) whose guard holds: exit actions of the state
    // left, the row's action, then entry actions of the state entered.
    template <class E>
    constexpr outcome process(const E& e) {
        outcome out = outcome::unexpected;
        dispatch(e, out, std::make_index_sequence<A::state_count>{});
        if (out == outcome::unexpected) on_unexpected(e, std::make_index_sequence<A::item_count>{});
        if constexpr (A::unhandled_item != detail::none) {
            if ((out == outcome::unexpected || out == outcome::rejected) && !A::is_terminal_state(state_)) on_unhandled(e);
        }
        return out;
    }

    constexpr std::size_t state() const { return state_; }
    constexpr std::string_view state_name() const { return A::states.names[state_]; }
    template <fixed_string Name>
    constexpr bool is(state_t<Name>) const {
        static_assert(A::index_of(Name.view()) != detail::none, "fsm: is(): the table has no such state");
        return state_ == A::index_of(Name.view());
    }
    constexpr bool is_terminal() const { return A::is_terminal_state(state_); }
    constexpr Context& context() { return context_; }
    constexpr const Context& context() const { return context_; }

    // A machine that continues in `state` with `context`, no entry action run: for a state kept
    // elsewhere and rebuilt, as a SYN cookie rebuilds SYN-RECEIVED.
    template <fixed_string Name>
    static constexpr machine resume_in(state_t<Name> state, Context context) {
        machine m(std::move(context));
        m.state_ = static_cast<state_index>(index_of(state));
        return m;
    }

    static constexpr std::string_view state_name(std::size_t index) { return A::states.names[index]; }
    template <fixed_string Name>
    static constexpr std::size_t index_of(state_t<Name>) {
        static_assert(A::index_of(Name.view()) != detail::none, "fsm: index_of(): the table has no such state");
        return A::index_of(Name.view());
    }

private:
    template <class E, std::size_t... S>
    constexpr void dispatch(const E& e, outcome& out, std::index_sequence<S...>) {
        (void)(in_state<E, S>(e, out) || ...);
    }
    template <class E, std::size_t S>
    constexpr bool in_state(const E& e, outcome& out) {
        if constexpr (A::template row_count_for<S, E> == 0) {
            return false;  // compiled away: this state has no row for E
        } else {
            if (state_ != S) return false;
            out = outcome::rejected;
            try_rows<E, S>(e, out, std::make_index_sequence<A::template row_count_for<S, E>>{});
            return true;
        }
    }
    template <class E, std::size_t S, std::size_t... K>
    constexpr void try_rows(const E& e, outcome& out, std::index_sequence<K...>) {
        (void)(try_row<E, S, A::template rows_for<S, E>[K]>(e, out) || ...);
    }
    template <class E, std::size_t S, std::size_t I>
    constexpr bool try_row(const E& e, outcome& out) {
        using R = typename A::template item_type<I>;
        const auto& r = detail::item_at<I>(table_.items);
        if constexpr (R::guarded) {
            const Context& view = context_;
            if (!detail::call(r.guard_fn, view, e)) return false;
        }
        if constexpr (R::moves) {
            constexpr std::size_t D = A::index_of(R::destination::name);
            run_pseudo<exit_event, S>();
            if constexpr (R::has_action) detail::call(r.action_fn, context_, e);
            state_ = static_cast<state_index>(D);
            run_pseudo<entry_event, D>();
            out = outcome::moved;
        } else {
            if constexpr (R::has_action) detail::call(r.action_fn, context_, e);
            out = outcome::stayed;
        }
        return true;
    }
    // Every entry (or exit) row of state S, in table order.
    template <class Pseudo, std::size_t S>
    constexpr void run_pseudo() {
        run_pseudo_rows<Pseudo, S>(std::make_index_sequence<A::template row_count_for<S, Pseudo>>{});
    }
    template <class Pseudo, std::size_t S, std::size_t... K>
    constexpr void run_pseudo_rows(std::index_sequence<K...>) {
        (run_one_pseudo<Pseudo, A::template rows_for<S, Pseudo>[K]>(), ...);
    }
    template <class Pseudo, std::size_t I>
    constexpr void run_one_pseudo() {
        using R = typename A::template item_type<I>;
        const auto& r = detail::item_at<I>(table_.items);
        if constexpr (R::guarded) {
            const Context& view = context_;
            if (!detail::call(r.guard_fn, view, Pseudo{})) return;
        }
        if constexpr (R::has_action) detail::call(r.action_fn, context_, Pseudo{});
    }
    template <class E, std::size_t... I>
    constexpr void on_unexpected(const E& e, std::index_sequence<I...>) {
        (void)(unexpected_one<E, I>(e) || ...);
    }
    template <class E, std::size_t I>
    constexpr bool unexpected_one(const E& e) {
        using R = typename A::template item_type<I>;
        if constexpr (!detail::is_unexpected<R>::value) {
            return false;
        } else {
            const auto& f = detail::item_at<I>(table_.items).action_fn;
            const std::string_view name = state_name();
            if constexpr (std::is_invocable_v<decltype(f), Context&, std::string_view, const E&>) f(context_, name, e);
            else if constexpr (std::is_invocable_v<decltype(f), Context&, std::string_view>) f(context_, name);
            else if constexpr (std::is_invocable_v<decltype(f), Context&>) f(context_);
            else f();
            return true;
        }
    }

    // The table's `unhandled / action = destination`: the current state's exit actions, the
    // action with (context, state name, event), then the destination and its entry actions.
    template <class E>
    constexpr void on_unhandled(const E& e) {
        using R = typename A::template item_type<A::unhandled_item>;
        constexpr std::size_t D = A::index_of(R::destination::name);
        const auto& f = detail::item_at<A::unhandled_item>(table_.items).action_fn;
        const std::string_view name = state_name();
        run_exit_of_current(std::make_index_sequence<A::state_count>{});
        if constexpr (std::is_invocable_v<decltype(f), Context&, std::string_view, const E&>) f(context_, name, e);
        else if constexpr (std::is_invocable_v<decltype(f), Context&, std::string_view>) f(context_, name);
        else if constexpr (std::is_invocable_v<decltype(f), Context&>) f(context_);
        else f();
        state_ = static_cast<state_index>(D);
        run_pseudo<entry_event, D>();
    }
    template <std::size_t... S>
    constexpr void run_exit_of_current(std::index_sequence<S...>) {
        (void)((state_ == S && (run_pseudo<exit_event, S>(), true)) || ...);
    }

    [[no_unique_address]] Context context_;
    state_index state_;
};

namespace testing {
// A machine already in `state` (no entry action runs): for tests of one state's rows.
template <class Machine, fixed_string Name>
constexpr Machine start_in(state_t<Name> state, typename Machine::context_type context = {}) {
    return Machine::resume_in(state, std::move(context));
}
}  // namespace testing

}  // namespace wirecraft::fsm
