// Prints a TLS handshake machine's table as a diagram: the client's (RFC 8446 A.1) or the
// server's (A.2), both with RFC 5246's TLS 1.2 flows. Graphviz DOT by default, PlantUML with
// --plantuml. docs/tls-client-states.dot and docs/tls-server-states.dot are its output:
//   tls_states client > docs/tls-client-states.dot && dot -Tsvg docs/tls-client-states.dot > docs/tls-client-states.svg
#include <cstdio>
#include <string>
#include <string_view>
#include <wirecraft/flow/tls_handshake.hpp>
#include <wirecraft/fsm/export.hpp>

int main(int argc, char** argv) {
    namespace fsm = wirecraft::fsm;
    const std::string_view side = argc > 1 ? argv[1] : "client";
    const bool plantuml = argc > 2 && std::string_view(argv[2]) == "--plantuml";
    if (side != "client" && side != "server") {
        std::fputs("usage: tls_states client|server [--plantuml]\n", stderr);
        return 2;
    }
    std::string text;
    if (side == "client")
        text = plantuml ? fsm::to_plantuml<wirecraft::tls_client_handshake>()
                        : fsm::to_dot<wirecraft::tls_client_handshake>("TLS client handshake (RFC 8446 A.1, RFC 5246 7.3)");
    else
        text = plantuml ? fsm::to_plantuml<wirecraft::tls_server_handshake>()
                        : fsm::to_dot<wirecraft::tls_server_handshake>("TLS server handshake (RFC 8446 A.2, RFC 5246 7.3)");
    std::fputs(text.c_str(), stdout);
}
