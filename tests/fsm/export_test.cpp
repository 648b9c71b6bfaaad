// Diagrams of a table. The expected texts are written from the format export.hpp documents:
// one node per state (in-place rows and entry/exit actions listed in its box, terminal states
// doubled), one edge per moving row labelled "event [guard] / action".
#include <catch2/catch.hpp>

#include <wirecraft/fsm/export.hpp>

namespace fsm = wirecraft::fsm;
using namespace fsm::literals;

namespace {
struct open_cmd {};
struct close_cmd {};
struct tick {};
struct fault {
    static constexpr std::string_view name = "fault detected";
};
struct door {
    static constexpr auto table() {
        using namespace fsm;
        return make_table(*"closed"_s + event<open_cmd> = "open"_s,
                          "open"_s + event<close_cmd>[guard<"empty">([] { return true; })] / action<"lock">([] {}) = "closed"_s,
                          "open"_s + event<tick> / [] {},
                          "open"_s + on_enter / action<"light on">([] {}),
                          "open"_s + event<fault> = "failed \"hard\""_s,
                          terminal("failed \"hard\""_s));
    }
};
}  // namespace

TEST_CASE("Graphviz DOT", "[export_test]") {
    CHECK(fsm::to_dot<door>("door") ==
          "digraph \"door\" {\n"
          "  rankdir=TB;\n"
          "  node [shape=box, style=rounded];\n"
          "  __start [shape=point];\n"
          "  __start -> \"closed\";\n"
          "  \"closed\" [label=\"closed\"];\n"
          "  \"open\" [label=\"open\\ntick / action\\nentry / light on\"];\n"
          "  \"failed \\\"hard\\\"\" [label=\"failed \\\"hard\\\"\", peripheries=2];\n"
          "  \"closed\" -> \"open\" [label=\"open_cmd\"];\n"
          "  \"open\" -> \"closed\" [label=\"close_cmd [empty] / lock\"];\n"
          "  \"open\" -> \"failed \\\"hard\\\"\" [label=\"fault detected\"];\n"
          "}\n");
}

TEST_CASE("PlantUML", "[export_test]") {
    CHECK(fsm::to_plantuml<door>() ==
          "@startuml\n"
          "state \"closed\" as closed\n"
          "state \"open\" as open\n"
          "open : tick / action\n"
          "open : entry / light on\n"
          "state \"failed 'hard'\" as failed__hard_\n"
          "[*] --> closed\n"
          "closed --> open : open_cmd\n"
          "open --> closed : close_cmd [empty] / lock\n"
          "open --> failed__hard_ : fault detected\n"
          "failed__hard_ --> [*]\n"
          "@enduml\n");
}

namespace {
struct strict_door {
    static constexpr auto table() {
        using namespace fsm;
        return make_table(*"closed"_s + event<open_cmd> = "open"_s, "open"_s + event<close_cmd> = "closed"_s, terminal("broken"_s),
                          unhandled / action<"note it">([] {}) = "broken"_s);
    }
};
}  // namespace

TEST_CASE("the unhandled row is one dashed edge from any other state", "[export_test]") {
    CHECK(fsm::to_dot<strict_door>("strict") ==
          "digraph \"strict\" {\n"
          "  rankdir=TB;\n"
          "  node [shape=box, style=rounded];\n"
          "  __start [shape=point];\n"
          "  __start -> \"closed\";\n"
          "  \"closed\" [label=\"closed\"];\n"
          "  \"open\" [label=\"open\"];\n"
          "  \"broken\" [label=\"broken\", peripheries=2];\n"
          "  \"closed\" -> \"open\" [label=\"open_cmd\"];\n"
          "  \"open\" -> \"closed\" [label=\"close_cmd\"];\n"
          "  __unhandled [shape=plaintext, label=\"any other state\"];\n"
          "  __unhandled -> \"broken\" [style=dashed, label=\"unhandled / note it\"];\n"
          "}\n");
    CHECK(fsm::to_plantuml<strict_door>() ==
          "@startuml\n"
          "state \"closed\" as closed\n"
          "state \"open\" as open\n"
          "state \"broken\" as broken\n"
          "[*] --> closed\n"
          "closed --> open : open_cmd\n"
          "open --> closed : close_cmd\n"
          "note \"any other state: unhandled / note it --> broken\" as unhandled\n"
          "broken --> [*]\n"
          "@enduml\n");
}
