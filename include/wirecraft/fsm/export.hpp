// A table as text for the docs: Graphviz DOT and PlantUML. Edge labels read like the table,
// "event [guard] / action"; guards and actions show the names given with guard<"...">() and
// action<"...">(), or a bare [guard] / "/ action" when unnamed. In-place rows are listed in the
// state's box, entry and exit actions too.
#pragma once
#include <string>
#include <string_view>

#include "machine.hpp"

namespace wirecraft::fsm {

namespace detail {
inline std::string row_label(const item_info& i) {
    std::string s(i.event_name);
    if (i.guarded) {
        s += " [";
        s += i.guard_name.empty() ? std::string_view("guard") : i.guard_name;
        s += ']';
    }
    if (i.has_action) {
        s += " / ";
        s += i.action_name.empty() ? std::string_view("action") : i.action_name;
    }
    return s;
}
inline std::string unhandled_label(const item_info& i) {
    std::string s = "unhandled / ";
    s += i.action_name.empty() ? std::string_view("action") : i.action_name;
    return s;
}
inline std::string escaped(std::string_view text) {  // for a DOT string
    std::string s;
    for (char c : text) {
        if (c == '"' || c == '\\') s += '\\';
        s += c;
    }
    return s;
}
inline std::string quoted(std::string_view text) { return '"' + escaped(text) + '"'; }
inline std::string plantuml_id(std::string_view name) {
    std::string s;
    for (char c : name) s += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_';
    return s;
}
inline std::string plantuml_text(std::string_view text) {  // PlantUML has no escape for '"'
    std::string s(text);
    for (char& c : s)
        if (c == '"') c = '\'';
    return s;
}
}  // namespace detail

template <class Definition>
std::string to_dot(std::string_view title = "machine") {
    using A = detail::analysis<decltype(Definition::table())>;
    std::string out = "digraph " + detail::quoted(title) + " {\n  rankdir=TB;\n  node [shape=box, style=rounded];\n";
    out += "  __start [shape=point];\n  __start -> " + detail::quoted(A::states.names[A::initial]) + ";\n";
    for (std::size_t s = 0; s < A::state_count; ++s) {
        std::string label = detail::escaped(A::states.names[s]);
        for (const auto& i : A::items)
            if (i.is_row && !i.moves && A::index_of(i.source) == s) label += "\\n" + detail::escaped(detail::row_label(i));
        out += "  " + detail::quoted(A::states.names[s]) + " [label=\"" + label + "\"" +
               (A::is_terminal_state(s) ? ", peripheries=2" : "") + "];\n";
    }
    for (const auto& i : A::items)
        if (i.is_row && i.moves)
            out += "  " + detail::quoted(i.source) + " -> " + detail::quoted(i.destination) + " [label=" + detail::quoted(detail::row_label(i)) + "];\n";
    if constexpr (A::unhandled_item != detail::none) {  // one dashed edge from "any state"
        const auto& u = A::items[A::unhandled_item];
        out += "  __unhandled [shape=plaintext, label=\"any other state\"];\n  __unhandled -> " + detail::quoted(u.destination) +
               " [style=dashed, label=" + detail::quoted(detail::unhandled_label(u)) + "];\n";
    }
    return out + "}\n";
}

template <class Definition>
std::string to_plantuml() {
    using A = detail::analysis<decltype(Definition::table())>;
    auto id = detail::plantuml_id;
    std::string out = "@startuml\n";
    for (std::size_t s = 0; s < A::state_count; ++s) {
        out += "state \"" + detail::plantuml_text(A::states.names[s]) + "\" as " + id(A::states.names[s]) + "\n";
        for (const auto& i : A::items)
            if (i.is_row && !i.moves && A::index_of(i.source) == s) out += id(A::states.names[s]) + " : " + detail::plantuml_text(detail::row_label(i)) + "\n";
    }
    out += "[*] --> " + id(A::states.names[A::initial]) + "\n";
    for (const auto& i : A::items)
        if (i.is_row && i.moves) out += id(i.source) + " --> " + id(i.destination) + " : " + detail::plantuml_text(detail::row_label(i)) + "\n";
    if constexpr (A::unhandled_item != detail::none) {
        const auto& u = A::items[A::unhandled_item];
        out += "note \"any other state: " + detail::plantuml_text(detail::unhandled_label(u)) + " --> " + detail::plantuml_text(u.destination) + "\" as unhandled\n";
    }
    for (std::size_t s = 0; s < A::state_count; ++s)
        if (A::is_terminal_state(s)) out += id(A::states.names[s]) + " --> [*]\n";
    return out + "@enduml\n";
}

}  // namespace wirecraft::fsm
