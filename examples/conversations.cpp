// Prints the TCP connections of a capture: for each, its endpoints, how many segments it had,
// each endpoint's final state, every state transition of the two observing TCP machines, and
// the segments the RFC's rules reject.
//
//   conversations FILE.pcap [--violations]    (--violations: only connections with violations)
#include <cstdio>
#include <string>
#include <string_view>
#include <wirecraft/flow/conversations.hpp>
#include <wirecraft/pcap/pcap.hpp>

namespace wc = wirecraft;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: conversations FILE.pcap [--violations]\n");
        return 2;
    }
    const bool only_violations = argc > 2 && std::string_view(argv[2]) == "--violations";
    auto file = wc::read_file(argv[1]);
    if (!file) {
        std::fprintf(stderr, "%s: cannot read the file\n", argv[1]);
        return 1;
    }
    auto reader = wc::capture_reader::open(*file);
    if (!reader) {
        std::fprintf(stderr, "%s: %s\n", argv[1], wc::to_string(reader.error()).c_str());
        return 1;
    }
    wc::conversation_tracker tracker;
    std::uint64_t first_ns = 0;
    bool first = true;
    for (;;) {
        auto p = reader->next();
        if (!p) {
            std::fprintf(stderr, "%s: %s\n", argv[1], wc::to_string(p.error()).c_str());
            break;
        }
        if (!*p) break;
        const auto& packet = **p;
        if (first) first_ns = packet.timestamp_ns, first = false;
        tracker.add_frame(packet.data, static_cast<std::uint32_t>(packet.link), wc::flow_time((packet.timestamp_ns - first_ns) / 1000000),
                          packet.original_length > packet.data.size());
    }
    for (const auto& c : tracker.conversations()) {
        std::size_t violations = 0;
        for (const auto& e : c.events) violations += e.violation;
        if (only_violations && violations == 0) continue;
        std::printf("tcp %s -> %s: %zu segments", c.client.to_string().c_str(), c.server.to_string().c_str(), c.segments);
        if (c.mid_stream) {
            std::printf(", mid-stream (open before the capture began): not tracked\n");
            continue;
        }
        std::printf(", client %.*s, server %.*s, %zu violations, %zu retransmissions\n",
                    static_cast<int>(c.client_machine.state_name().size()), c.client_machine.state_name().data(),
                    static_cast<int>(c.server_machine.state_name().size()), c.server_machine.state_name().data(), violations,
                    c.retransmissions);
        for (const auto& e : c.events) {
            std::string line = std::to_string(e.time.count() / 1000) + "." + std::string(3 - std::min<std::size_t>(3, std::to_string(e.time.count() % 1000).size()), '0') +
                               std::to_string(e.time.count() % 1000);
            std::printf("  %10s  #%-5zu %-6s %-12.*s -> %-12.*s %s%.*s", line.c_str(), e.packet, std::string(wc::to_string(e.side)).c_str(),
                        static_cast<int>(e.from.size()), e.from.data(), static_cast<int>(e.to.size()), e.to.data(),
                        e.violation ? "VIOLATION: " : "", static_cast<int>(e.note.size()), e.note.data());
            if (!e.error.empty()) std::printf(" (%.*s)", static_cast<int>(e.error.size()), e.error.data());
            std::printf("\n");
        }
        if (c.events_dropped) std::printf("  ... %zu more events not kept\n", c.events_dropped);
    }
    if (tracker.untracked()) std::printf("%zu connections over the tracking limit\n", tracker.untracked());
    return 0;
}
