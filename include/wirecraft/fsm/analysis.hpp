// What a table says, worked out at compile time: its states (numbered in order of first
// mention), its events, its initial state, and the checks a machine must pass.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "table.hpp"

namespace wirecraft::fsm::detail {

template <class T>
struct is_row : std::false_type {};
template <class S, class E, class G, class A, class D>
struct is_row<row<S, E, G, A, D>> : std::true_type {};
template <class T>
struct is_terminal : std::false_type {};
template <class S>
struct is_terminal<terminal_t<S>> : std::true_type {};
template <class T>
struct is_unexpected : std::false_type {};
template <class A>
struct is_unexpected<unexpected_row<A>> : std::true_type {};
template <class T>
struct is_unhandled : std::false_type {};
template <class A, class D>
struct is_unhandled<unhandled_row<A, D>> : std::true_type {};

// One object per type, so types compare as addresses in constant expressions.
template <class T>
struct type_tag {
    static constexpr char tag = 0;
};
template <class T>
constexpr const void* type_id() {
    return &type_tag<T>::tag;
}

inline constexpr std::size_t none = static_cast<std::size_t>(-1);

// What one table item contributes, without its callables.
struct item_info {
    bool is_row = false;
    bool marks_initial = false;
    bool guarded = false;
    bool has_action = false;
    bool moves = false;
    bool is_entry = false;
    bool is_exit = false;
    bool is_terminal = false;
    bool is_unhandled = false;       // `unhandled / action = destination`
    std::string_view source{};       // rows: the source; terminal markers: the state
    std::string_view destination{};  // rows that move, and the unhandled row
    const void* event = nullptr;
    std::string_view event_name{};
    std::string_view guard_name{};
    std::string_view action_name{};
};
template <class Item>
constexpr item_info info_of() {
    item_info i;
    if constexpr (is_row<Item>::value) {
        i.is_row = true;
        i.marks_initial = Item::marks_initial;
        i.guarded = Item::guarded;
        i.has_action = Item::has_action;
        i.moves = Item::moves;
        i.is_entry = Item::is_entry;
        i.is_exit = Item::is_exit;
        i.source = Item::source::name;
        if constexpr (Item::moves) i.destination = Item::destination::name;
        i.event = type_id<typename Item::event>();
        i.event_name = event_name<typename Item::event>();
        i.guard_name = callable_name<typename Item::guard_type>();
        i.action_name = callable_name<typename Item::action_type>();
    } else if constexpr (is_terminal<Item>::value) {
        i.is_terminal = true;
        i.source = Item::state::name;
    } else if constexpr (is_unhandled<Item>::value) {
        i.is_unhandled = true;
        i.moves = true;
        i.destination = Item::destination::name;
        i.action_name = callable_name<decltype(Item::action_fn)>();
    }
    return i;
}

template <class Table>
struct analysis;

template <class... Items>
struct analysis<table_t<Items...>> {
    static constexpr std::size_t item_count = sizeof...(Items);
    static constexpr std::array<item_info, item_count> items = {info_of<Items>()...};
    template <std::size_t I>
    using item_type = item_type_at<I, item_list<Items...>>;

    // States, numbered in the order the table first names them.
    struct name_list {
        std::array<std::string_view, 2 * item_count + 1> names{};
        std::size_t count = 0;
        constexpr std::size_t find(std::string_view n) const {
            for (std::size_t i = 0; i < count; ++i)
                if (names[i] == n) return i;
            return none;
        }
        constexpr void add(std::string_view n) {
            if (!n.empty() && find(n) == none) names[count++] = n;
        }
    };
    static constexpr name_list states = [] {
        name_list l;
        for (const auto& i : items) {
            l.add(i.source);
            l.add(i.destination);
        }
        return l;
    }();
    static constexpr std::size_t state_count = states.count;
    static constexpr std::size_t index_of(std::string_view name) { return states.find(name); }
    // Each item's source as a state index (none for items without one), computed once.
    static constexpr std::array<std::size_t, item_count + 1> source_index = [] {
        std::array<std::size_t, item_count + 1> out{};
        for (std::size_t k = 0; k < item_count; ++k) out[k] = items[k].source.empty() ? none : index_of(items[k].source);
        out[item_count] = none;
        return out;
    }();
    // The rows (item indices, in table order) for state S and event type E: a machine's
    // dispatch instantiates only these, so its cost grows with the rows, not states x items.
    template <class E>
    static constexpr std::array<std::size_t, state_count + 1> row_counts = [] {  // per state, in one pass
        std::array<std::size_t, state_count + 1> n{};
        for (std::size_t k = 0; k < item_count; ++k)
            if (items[k].is_row && items[k].event == type_id<E>()) ++n[source_index[k]];
        return n;
    }();
    template <std::size_t S, class E>
    static constexpr std::size_t row_count_for = row_counts<E>[S];
    template <std::size_t S, class E>
    static constexpr std::array<std::size_t, row_count_for<S, E>> rows_for = [] {
        std::array<std::size_t, row_count_for<S, E>> out{};
        std::size_t n = 0;
        for (std::size_t k = 0; k < item_count; ++k)
            if (items[k].is_row && source_index[k] == S && items[k].event == type_id<E>()) out[n++] = k;
        return out;
    }();
    static constexpr std::size_t unhandled_rows = [] {
        std::size_t n = 0;
        for (const auto& i : items) n += i.is_unhandled;
        return n;
    }();
    static constexpr std::size_t unhandled_item = [] {
        for (std::size_t k = 0; k < item_count; ++k)
            if (items[k].is_unhandled) return k;
        return none;
    }();
    template <class State>
    static constexpr std::size_t index_of_state = states.find(State::name);

    // Events (not entry and exit), in order of first mention: item indices of their first row.
    struct event_list {
        std::array<std::size_t, item_count + 1> first_item{};
        std::size_t count = 0;
    };
    static constexpr event_list events = [] {
        event_list l;
        for (std::size_t i = 0; i < item_count; ++i) {
            if (!items[i].is_row || items[i].is_entry || items[i].is_exit) continue;
            bool seen = false;
            for (std::size_t k = 0; k < l.count; ++k) seen = seen || items[l.first_item[k]].event == items[i].event;
            if (!seen) l.first_item[l.count++] = i;
        }
        return l;
    }();

    static constexpr bool is_terminal_state(std::size_t s) {
        for (const auto& i : items)
            if (i.is_terminal && index_of(i.source) == s) return true;
        return false;
    }

    // ---- the checks; each names the first offender (an item or state index), or `none` ----
    static constexpr std::size_t initial = [] {
        for (const auto& i : items)
            if (i.marks_initial) return index_of(i.source);
        return none;
    }();
    // A second initial mark that names another state.
    static constexpr std::size_t second_initial = [] {
        std::string_view first{};
        for (std::size_t k = 0; k < item_count; ++k) {
            if (!items[k].marks_initial) continue;
            if (first.empty()) first = items[k].source;
            else if (items[k].source != first) return index_of(items[k].source);
        }
        return none;
    }();
    static constexpr std::array<bool, state_count + 1> reachable = [] {
        std::array<bool, state_count + 1> seen{};
        if (initial == none) return seen;
        seen[initial] = true;
        for (const auto& i : items)  // the unhandled row leaves from every state
            if (i.is_unhandled) seen[index_of(i.destination)] = true;
        for (bool grew = true; grew;) {  // at most state_count rounds
            grew = false;
            for (const auto& i : items) {
                if (!i.is_row || !i.moves || !seen[index_of(i.source)]) continue;
                const std::size_t d = index_of(i.destination);
                if (!seen[d]) seen[d] = grew = true;
            }
        }
        return seen;
    }();
    static constexpr std::size_t unreachable = [] {
        if (initial == none) return none;
        for (std::size_t s = 0; s < state_count; ++s)
            if (!reachable[s]) return s;
        return none;
    }();
    // Two unguarded rows for one state and event: the second can never fire. Its item index.
    static constexpr std::size_t ambiguous = [] {
        for (std::size_t b = 0; b < item_count; ++b) {
            const auto& r = items[b];
            if (!r.is_row || r.guarded || r.is_entry || r.is_exit) continue;
            for (std::size_t a = 0; a < b; ++a) {
                const auto& q = items[a];
                if (q.is_row && !q.guarded && q.source == r.source && q.event == r.event) return b;
            }
        }
        return none;
    }();
    // A state that is not terminal and has no row leading to another state.
    static constexpr std::size_t dead_end = [] {
        for (std::size_t s = 0; s < state_count; ++s) {
            if (is_terminal_state(s)) continue;
            bool way_out = false;
            for (const auto& i : items)
                way_out = way_out || (i.is_row && i.moves && index_of(i.source) == s && index_of(i.destination) != s);
            if (!way_out) return s;
        }
        return none;
    }();
    // Completeness (optional): the first (state, event) with no row, as state * events + event.
    static constexpr std::size_t unhandled = [] {
        for (std::size_t s = 0; s < state_count; ++s)
            for (std::size_t e = 0; e < events.count; ++e) {
                bool handled = false;
                for (const auto& i : items)
                    handled = handled || (i.is_row && index_of(i.source) == s && i.event == items[events.first_item[e]].event);
                if (!handled) return s * events.count + e;
            }
        return none;
    }();
};

}  // namespace wirecraft::fsm::detail
