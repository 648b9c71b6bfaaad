// Prints the TCP connection machine's table as a diagram: Graphviz DOT by default, PlantUML
// with --plantuml. docs/tcp-states.dot is this program's output:
//   tcp_states > docs/tcp-states.dot && dot -Tsvg docs/tcp-states.dot > docs/tcp-states.svg
#include <cstdio>
#include <string_view>
#include <wirecraft/flow/tcp_connection.hpp>

int main(int argc, char** argv) {
    namespace fsm = wirecraft::fsm;
    const bool plantuml = argc > 1 && std::string_view(argv[1]) == "--plantuml";
    const std::string text = plantuml ? fsm::to_plantuml<wirecraft::tcp_connection_table>()
                                      : fsm::to_dot<wirecraft::tcp_connection_table>("TCP connection (RFC 9293, RFC 5961)");
    std::fputs(text.c_str(), stdout);
}
